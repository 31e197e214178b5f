"""Reading the working calendar from the database into the domain's `WorkingCalendar`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import Count
from django.db.models.functions import ExtractYear

from lianxin.common.reference_cache import cached
from lianxin.domain.calendar import WorkingCalendar

from .models import CalendarDay, CalendarYear, DayKind


def working_calendar() -> WorkingCalendar:
    """The calendar of every loaded year, from this process's reference cache (about 40 rows a year)."""
    return cached("working_calendar", _load_working_calendar)


def _load_working_calendar() -> WorkingCalendar:
    loaded = list(CalendarYear.objects.values_list("year", flat=True))
    holidays: list[date] = []
    makeup: list[date] = []
    for day, kind in CalendarDay.objects.filter(day__year__in=loaded).values_list("day", "kind"):
        (holidays if kind == DayKind.HOLIDAY else makeup).append(day)
    return WorkingCalendar.build(years=loaded, holidays=holidays, makeup_workdays=makeup)


@dataclass(frozen=True, slots=True)
class CalendarYearSummary:
    year: int
    holidays: int
    makeup_workdays: int
    source: str
    loaded_at: datetime


def calendar_years_summary() -> list[CalendarYearSummary]:
    """Every loaded year with its counts of holidays and make-up workdays, oldest first (two queries)."""
    counts: dict[tuple[int, str], int] = {
        (row["year"], row["kind"]): row["count"]
        for row in CalendarDay.objects.annotate(year=ExtractYear("day"))
        .values("year", "kind")
        .annotate(count=Count("id"))
        .order_by()
    }
    return [
        CalendarYearSummary(
            year=loaded.year,
            holidays=counts.get((loaded.year, DayKind.HOLIDAY.value), 0),
            makeup_workdays=counts.get((loaded.year, DayKind.MAKEUP_WORKDAY.value), 0),
            source=loaded.source,
            loaded_at=loaded.loaded_at,
        )
        for loaded in CalendarYear.objects.order_by("year")
    ]


# How many years past the last loaded one provisional dates are offered for: enough to bridge the wait for next
# year's State Council notice (published each November) and a limit of a year or two; a calendar left unloaded
# longer than that is refused again, by name, rather than run on provisional dates for ever.
PROVISIONAL_YEARS_AHEAD = 2


def deadline_calendar() -> WorkingCalendar:
    """The calendar deadlines are counted on: every loaded year, plus the PROVISIONAL_YEARS_AHEAD years after the
    last loaded one as provisional years built from the 放假办法's festival days. Dates that go through a
    provisional year are 暂定 (`WorkingCalendar.spans_provisional`)."""
    return cached("deadline_calendar", _build_deadline_calendar)


def _build_deadline_calendar() -> WorkingCalendar:
    from .provisional import provisional_holidays

    official = working_calendar()
    if not official.loaded_years:
        return official
    last_loaded = max(official.loaded_years)
    wanted = range(last_loaded + 1, last_loaded + PROVISIONAL_YEARS_AHEAD + 1)
    years = {year: days for year in wanted if (days := provisional_holidays(year)) is not None}
    return official.with_provisional(years)


def years_not_loaded(today: date) -> list[int]:
    """This year and next, where not loaded: what an administrator must load (next year's arrangement is
    published each November)."""
    loaded = set(CalendarYear.objects.values_list("year", flat=True))
    return [year for year in (today.year, today.year + 1) if year not in loaded]
