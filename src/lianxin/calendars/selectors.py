"""Reading the working calendar from the database into the domain's `WorkingCalendar`."""

from __future__ import annotations

from datetime import date

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
