"""The official Chinese working-day calendar (工作日), with holidays (法定节假日) and make-up workdays (调休上班).

A working day is a Monday-to-Friday that is not a holiday, or a weekend day that the State Council's notice turns
into a workday. The calendar only answers for the years it was given; any other year raises
`CalendarYearNotLoaded` naming that year — a deadline is never silently guessed.

A year whose arrangement is not published yet may be added as *provisional* (`with_provisional`): its holidays come
from the 放假办法's fixed festival days (see `holidays.py`) and it has no make-up workdays. `spans_provisional` tells
whether a date counted on the calendar went through such a year, so that the date is shown as 暂定.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta

from .errors import CalendarYearNotLoaded

_SATURDAY = 5


@dataclass(frozen=True, slots=True)
class WorkingCalendar:
    """Holidays and make-up workdays for a set of loaded years."""

    loaded_years: frozenset[int]
    holidays: frozenset[date]
    makeup_workdays: frozenset[date]
    provisional_years: frozenset[int] = field(default=frozenset())

    @classmethod
    def build(
        cls, *, years: Iterable[int], holidays: Iterable[date], makeup_workdays: Iterable[date]
    ) -> WorkingCalendar:
        return cls(frozenset(years), frozenset(holidays), frozenset(makeup_workdays))

    def with_provisional(self, holidays_by_year: Mapping[int, Iterable[date]]) -> WorkingCalendar:
        """This calendar plus provisional years (never replacing a loaded one): festival days, no make-up days."""
        added = {
            year: frozenset(days) for year, days in holidays_by_year.items() if year not in self.loaded_years
        }
        extra = frozenset(day for days in added.values() for day in days)
        return WorkingCalendar(
            self.loaded_years | frozenset(added),
            self.holidays | extra,
            self.makeup_workdays,
            self.provisional_years | frozenset(added),
        )

    def spans_provisional(self, start: date, end: date) -> bool:
        """Whether counting from `start` to `end` (either order) went through a provisional year."""
        low, high = sorted((start.year, end.year))
        return any(year in self.provisional_years for year in range(low, high + 1))

    def ensure_loaded(self, day: date) -> None:
        if day.year not in self.loaded_years:
            raise CalendarYearNotLoaded(day.year)

    def is_workday(self, day: date) -> bool:
        self.ensure_loaded(day)
        if day in self.makeup_workdays:
            return True
        if day in self.holidays:
            return False
        return day.weekday() < _SATURDAY

    def add_workdays(self, start: date, count: int) -> date:
        """The date `count` working days after `start`; `start` itself is not counted (期间开始之日不计算在内).

        A negative count goes back. Zero returns `start` unchanged.
        """
        self.ensure_loaded(start)
        step = 1 if count >= 0 else -1
        remaining = abs(count)
        day = start
        while remaining:
            day += timedelta(days=step)
            if self.is_workday(day):
                remaining -= 1
        return day

    def add_calendar_days(self, start: date, count: int) -> date:
        """`count` calendar days after `start`, the end moved to the next working day if it is a rest day.

        A period counted in days that ends on a holiday ends on the first working day after it (《民法典》第二百零三条).
        """
        self.ensure_loaded(start)
        end = start + timedelta(days=count)
        while not self.is_workday(end):
            end += timedelta(days=1)
        return end

    def workdays_between(self, start: date, end: date) -> int:
        """Working days in (start, end]: what a pause from `start` to `end` keeps off the clock."""
        if end <= start:
            return 0
        self.ensure_loaded(start)
        count = 0
        day = start
        while day < end:
            day += timedelta(days=1)
            if self.is_workday(day):
                count += 1
        return count
