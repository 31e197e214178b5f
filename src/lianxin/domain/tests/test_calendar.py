"""Golden table for the working-day calendar, on the real arrangement shipped in `chinesecalendar`.

Every expected date below was counted by hand on the State Council arrangement (the package's
`constants.holidays` / `constants.workdays`); the comment beside each case shows the count. The start day is
never counted (期间开始之日不计算在内); 工作日 includes make-up workdays (调休上班日) on a Saturday or Sunday.
"""

from __future__ import annotations

from datetime import date, timedelta

import chinese_calendar
import pytest

from lianxin.domain.calendar import WorkingCalendar
from lianxin.domain.errors import CalendarYearNotLoaded

D = date


def package_calendar(last_year: int = 2026) -> WorkingCalendar:
    """The calendar as the database holds it after `lianxin start`: every package year up to `last_year`."""
    holidays = {d for d in chinese_calendar.constants.holidays if d.year <= last_year}
    workdays = {d for d in chinese_calendar.constants.workdays if d.year <= last_year}
    return WorkingCalendar.build(
        years={d.year for d in holidays}, holidays=holidays, makeup_workdays=workdays
    )


@pytest.fixture(scope="module")
def calendar() -> WorkingCalendar:
    return package_calendar()


def test_package_covers_2004_to_2026(calendar: WorkingCalendar) -> None:
    # The golden table assumes this range; a newer package release must not silently change it.
    assert min(calendar.loaded_years) == 2004
    assert max(calendar.loaded_years) >= 2026


ADD_WORKDAYS = [
    # --- Spring Festival 2024: holiday Sat 02-10 … Sat 02-17; make-up Sundays 02-04 and 02-18 ---
    # Thu 02-08 + 7: Fri 02-09 (1), [02-10…02-17 holiday], Sun 02-18 make-up (2), Mon 19 (3), Tue 20 (4),
    # Wed 21 (5), Thu 22 (6), Fri 23 (7).
    pytest.param(D(2024, 2, 8), 7, D(2024, 2, 23), id="spring-2024-plus-7"),
    # Fri 02-02 + 1: Sat 02-03 rest, Sun 02-04 is a make-up workday (1).
    pytest.param(D(2024, 2, 2), 1, D(2024, 2, 4), id="spring-2024-makeup-sunday-before"),
    # Fri 02-09 + 1: the whole holiday is skipped, Sun 02-18 is a make-up workday (1).
    pytest.param(D(2024, 2, 9), 1, D(2024, 2, 18), id="spring-2024-makeup-sunday-after"),
    # Start on a holiday (Mon 02-12) + 1: the next working day is the make-up Sunday 02-18.
    pytest.param(D(2024, 2, 12), 1, D(2024, 2, 18), id="spring-2024-start-on-holiday"),
    # --- National Day 2025: holiday Wed 10-01 … Wed 10-08 (incl. Mid-autumn Mon 10-06);
    #     make-up Sun 09-28 and Sat 10-11 ---
    # Fri 09-26 + 7: Sat 27 rest, Sun 28 make-up (1), Mon 29 (2), Tue 30 (3), [10-01…10-08 holiday],
    # Thu 10-09 (4), Fri 10-10 (5), Sat 10-11 make-up (6), Sun 12 rest, Mon 10-13 (7).
    pytest.param(D(2025, 9, 26), 7, D(2025, 10, 13), id="national-2025-plus-7"),
    # Fri 10-10 + 1: Sat 10-11 is a make-up Saturday (1).
    pytest.param(D(2025, 10, 10), 1, D(2025, 10, 11), id="national-2025-makeup-saturday"),
    # --- National Day 2023: holiday Fri 09-29 (Mid-autumn) … Fri 10-06; make-up Sat 10-07 and Sun 10-08 ---
    # Thu 09-28 + 1: the holiday is skipped, Sat 10-07 is a make-up Saturday (1).
    pytest.param(D(2023, 9, 28), 1, D(2023, 10, 7), id="national-2023-makeup-saturday"),
    # Thu 09-28 + 3: Sat 10-07 (1), Sun 10-08 (2), Mon 10-09 (3).
    pytest.param(D(2023, 9, 28), 3, D(2023, 10, 9), id="national-2023-plus-3"),
    # --- Across a year boundary ---
    # Fri 2024-12-27 + 7: Mon 12-30 (1), Tue 12-31 (2), [Wed 2025-01-01 New Year], Thu 01-02 (3), Fri 01-03 (4),
    # [weekend], Mon 01-06 (5), Tue 01-07 (6), Wed 01-08 (7).
    pytest.param(D(2024, 12, 27), 7, D(2025, 1, 8), id="new-year-2025-plus-7"),
    # Tue 2025-12-30 + 3: Wed 12-31 (1), [2026-01-01…01-03 New Year], Sun 2026-01-04 make-up (2), Mon 01-05 (3).
    pytest.param(D(2025, 12, 30), 3, D(2026, 1, 5), id="new-year-2026-makeup-sunday"),
    # --- Negative counts go back; the start day is still not counted ---
    # Fri 2024-02-23 − 7: Thu 22 (1), Wed 21 (2), Tue 20 (3), Mon 19 (4), Sun 18 make-up (5),
    # [02-17…02-10 holiday], Fri 02-09 (6), Thu 02-08 (7).
    pytest.param(D(2024, 2, 23), -7, D(2024, 2, 8), id="spring-2024-minus-7"),
    # Mon 2024-02-19 − 1: Sun 02-18 is a make-up workday.
    pytest.param(D(2024, 2, 19), -1, D(2024, 2, 18), id="minus-1-onto-makeup-sunday"),
    # Thu 2025-01-02 − 1: Wed 01-01 is New Year's Day, so Tue 2024-12-31.
    pytest.param(D(2025, 1, 2), -1, D(2024, 12, 31), id="minus-1-across-new-year"),
    # --- Zero returns the start unchanged, even on a holiday ---
    pytest.param(D(2024, 2, 10), 0, D(2024, 2, 10), id="zero-on-holiday"),
    pytest.param(D(2024, 2, 8), 0, D(2024, 2, 8), id="zero-on-workday"),
]


@pytest.mark.parametrize(("start", "count", "expected"), ADD_WORKDAYS)
def test_add_workdays_golden(calendar: WorkingCalendar, start: date, count: int, expected: date) -> None:
    assert calendar.add_workdays(start, count) == expected


ADD_CALENDAR_DAYS = [
    # 2025-09-01 + 30 = Wed 2025-10-01, National Day; the holiday runs to Wed 10-08, so the period ends on
    # Thu 10-09 (《民法典》第二百零三条: a period ending on a 法定休假日 ends on the day after it).
    pytest.param(D(2025, 9, 1), 30, D(2025, 10, 9), id="ends-on-national-day"),
    # 2024-01-19 + 16 = Sun 2024-02-04, a make-up workday: it is a working day, so it stays.
    pytest.param(D(2024, 1, 19), 16, D(2024, 2, 4), id="ends-on-makeup-sunday"),
    # 2026-04-15 + 60 = Sun 2026-06-14 (15 days to 04-30, 31 to 05-31, 14 more); an ordinary Sunday → Mon 06-15.
    pytest.param(D(2026, 4, 15), 60, D(2026, 6, 15), id="order-121-60-days-ends-on-sunday"),
    # 2026-05-08 + 60 = Tue 2026-07-07, a working day: unchanged.
    pytest.param(D(2026, 5, 8), 60, D(2026, 7, 7), id="order-121-60-days-ends-on-workday"),
    # 2025-01-01 + 27 = Tue 2025-01-28, first day of Spring Festival (01-28…02-04) → Wed 2025-02-05.
    pytest.param(D(2025, 1, 1), 27, D(2025, 2, 5), id="ends-on-spring-festival"),
]


@pytest.mark.parametrize(("start", "count", "expected"), ADD_CALENDAR_DAYS)
def test_add_calendar_days_golden(calendar: WorkingCalendar, start: date, count: int, expected: date) -> None:
    assert calendar.add_calendar_days(start, count) == expected


WORKDAYS_BETWEEN = [
    # (start, end]: the span of the Spring Festival example above holds exactly its 7 working days.
    pytest.param(D(2024, 2, 8), D(2024, 2, 23), 7, id="spring-2024"),
    # (Fri 02-09, Sun 02-18]: the holiday counts nothing, the make-up Sunday counts 1.
    pytest.param(D(2024, 2, 9), D(2024, 2, 18), 1, id="only-the-makeup-sunday"),
    # (Tue 2025-09-30, Mon 10-13]: Thu 10-09, Fri 10-10, Sat 10-11 make-up, Mon 10-13 = 4.
    pytest.param(D(2025, 9, 30), D(2025, 10, 13), 4, id="national-2025"),
    # (Tue 2024-12-31, Fri 2025-01-03]: New Year's Day excluded → Thu 01-02, Fri 01-03 = 2.
    pytest.param(D(2024, 12, 31), D(2025, 1, 3), 2, id="across-new-year"),
    pytest.param(D(2024, 2, 8), D(2024, 2, 8), 0, id="same-day"),
    pytest.param(D(2024, 2, 23), D(2024, 2, 8), 0, id="end-before-start"),
]


@pytest.mark.parametrize(("start", "end", "expected"), WORKDAYS_BETWEEN)
def test_workdays_between_golden(calendar: WorkingCalendar, start: date, end: date, expected: int) -> None:
    assert calendar.workdays_between(start, end) == expected


def test_add_and_count_agree_on_every_workday_of_2024(calendar: WorkingCalendar) -> None:
    """Going 7 working days forward and back returns to a working day; the span holds exactly 7."""
    day = D(2024, 1, 2)
    while day.year == 2024:
        if calendar.is_workday(day):
            ahead = calendar.add_workdays(day, 7)
            assert calendar.add_workdays(ahead, -7) == day
            assert calendar.workdays_between(day, ahead) == 7
        day += timedelta(days=1)


def test_makeup_weekend_is_a_workday_and_weekday_holiday_is_not(calendar: WorkingCalendar) -> None:
    assert calendar.is_workday(D(2025, 10, 11))  # Sat, make-up for National Day
    assert not calendar.is_workday(D(2025, 10, 6))  # Mon, Mid-autumn within National Day
    assert not calendar.is_workday(D(2025, 10, 12))  # an ordinary Sunday
    assert calendar.is_workday(D(2025, 10, 13))  # an ordinary Monday


# --- Refusal: a year that is not loaded is never guessed ---


def test_counting_past_the_last_loaded_year_names_that_year(calendar: WorkingCalendar) -> None:
    # Mon 2026-12-28 + 7: 12-29 (1), 12-30 (2), 12-31 (3), then 2027-01-01 — whose arrangement is unknown.
    with pytest.raises(CalendarYearNotLoaded) as caught:
        calendar.add_workdays(D(2026, 12, 28), 7)
    assert caught.value.year == 2027
    assert caught.value.code == "calendar_year_not_loaded"
    assert "2027" in caught.value.message


def test_a_count_that_stays_inside_the_last_year_is_answered(calendar: WorkingCalendar) -> None:
    # Mon 2026-12-28 + 3: Tue 29, Wed 30, Thu 31 — all in 2026, so no refusal.
    assert calendar.add_workdays(D(2026, 12, 28), 3) == D(2026, 12, 31)


def test_a_date_before_the_first_loaded_year_is_refused(calendar: WorkingCalendar) -> None:
    with pytest.raises(CalendarYearNotLoaded) as caught:
        calendar.add_workdays(D(2003, 6, 2), 1)
    assert caught.value.year == 2003
    assert "2003" in caught.value.message


def test_counting_back_into_an_unloaded_year_is_refused(calendar: WorkingCalendar) -> None:
    # Fri 2004-01-02 − 1: Thu 2004-01-01 is New Year's Day, the next step back is 2003-12-31.
    with pytest.raises(CalendarYearNotLoaded) as caught:
        calendar.add_workdays(D(2004, 1, 2), -1)
    assert caught.value.year == 2003


def test_calendar_days_ending_in_an_unloaded_year_are_refused(calendar: WorkingCalendar) -> None:
    with pytest.raises(CalendarYearNotLoaded) as caught:
        calendar.add_calendar_days(D(2026, 12, 20), 20)
    assert caught.value.year == 2027


def test_a_calendar_with_a_gap_refuses_the_missing_year() -> None:
    # Only 2024 and 2026 loaded: 2025 in between is refused, not treated as plain Monday–Friday.
    full = package_calendar()
    gapped = WorkingCalendar.build(
        years={2024, 2026},
        holidays={d for d in full.holidays if d.year in {2024, 2026}},
        makeup_workdays={d for d in full.makeup_workdays if d.year in {2024, 2026}},
    )
    with pytest.raises(CalendarYearNotLoaded) as caught:
        gapped.add_workdays(D(2024, 12, 30), 3)
    assert caught.value.year == 2025
