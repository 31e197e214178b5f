"""Working-day arithmetic at its edges."""

from __future__ import annotations

from datetime import date

from lianxin.domain.calendar import WorkingCalendar

CALENDAR = WorkingCalendar.build(years=[2030], holidays=[], makeup_workdays=[])


def test_a_pause_that_ends_the_day_it_began_adds_nothing_even_in_a_year_not_loaded():
    assert CALENDAR.workdays_between(date(2099, 1, 5), date(2099, 1, 5)) == 0
    assert CALENDAR.workdays_between(date(2099, 1, 6), date(2099, 1, 5)) == 0


def test_zero_working_days_is_the_start_itself():
    assert CALENDAR.add_workdays(date(2030, 6, 1), 0) == date(2030, 6, 1)  # even a Saturday
