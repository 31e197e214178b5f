"""Reading the working calendar from the database into the domain's `WorkingCalendar`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import Count
from django.db.models.functions import ExtractYear

from lianxin.domain.calendar import WorkingCalendar

from .models import CalendarDay, CalendarYear, DayKind


def working_calendar(*, around: date | None = None) -> WorkingCalendar:
    """The calendar of every loaded year, or only of the year of `around` and its neighbours.

    Deadlines reach at most a few months ahead, so the window keeps each transition to two small queries.
    """
    years = CalendarYear.objects.all()
    days = CalendarDay.objects.all()
    if around is not None:
        window = (around.year - 1, around.year + 1)
        years = years.filter(year__range=window)
        days = days.filter(day__year__range=window)
    loaded = list(years.values_list("year", flat=True))
    holidays: list[date] = []
    makeup: list[date] = []
    for day, kind in days.filter(day__year__in=loaded).values_list("day", "kind"):
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
