"""Provisional years: the 放假办法's festival days and the calendar that counts through them."""

from __future__ import annotations

from datetime import date

import pytest

from lianxin.domain.calendar import WorkingCalendar
from lianxin.domain.errors import CalendarYearNotLoaded
from lianxin.domain.holidays import FestivalRules, statutory_holidays

ROW = {
    "effective_from": "2025-01-01",
    "effective_to": None,
    "citation": "《全国年节及纪念日放假办法》第二条",
    "festivals": [
        {"name": "元旦", "days": [{"rule": "solar", "month": 1, "day": 1}]},
        {"name": "春节", "days": [{"rule": "lunar_new_year_eve"}, {"rule": "lunar", "month": 1, "day": 1}]},
        {"name": "清明节", "days": [{"rule": "solar_term", "term": "清明"}]},
    ],
}


class FixedConverter:
    """Lunar new year on 2027-02-06, 清明 on 2027-04-05 (the published dates)."""

    def lunar_to_solar(self, year: int, month: int, day: int) -> date:
        assert (year, month) == (2027, 1)
        return date(2027, 2, 5 + day)

    def solar_term(self, year: int, name: str) -> date:
        assert name == "清明"
        return date(year, 4, 5)


def test_festival_days_of_a_year_from_the_rules_and_a_converter() -> None:
    days = statutory_holidays(2027, [FestivalRules.from_row(ROW)], FixedConverter())
    assert days == {
        date(2027, 1, 1): "元旦",
        date(2027, 2, 5): "春节",
        date(2027, 2, 6): "春节",
        date(2027, 4, 5): "清明节",
    }


def test_no_version_of_the_rule_covers_an_earlier_year() -> None:
    assert statutory_holidays(2024, [FestivalRules.from_row(ROW)], FixedConverter()) is None


def test_a_provisional_year_counts_but_says_so_and_never_replaces_a_loaded_one() -> None:
    official = WorkingCalendar.build(years=[2026], holidays=[date(2026, 10, 1)], makeup_workdays=[])
    with pytest.raises(CalendarYearNotLoaded):
        official.add_workdays(date(2026, 12, 30), 3)
    calendar = official.with_provisional({2026: [date(2026, 12, 31)], 2027: [date(2027, 1, 1)]})
    assert calendar.provisional_years == frozenset({2027})
    assert calendar.is_workday(date(2026, 12, 31))  # the loaded year is untouched
    # Thu 12-31, (Fri 01-01 holiday), Mon 01-04, Tue 01-05.
    assert calendar.add_workdays(date(2026, 12, 30), 3) == date(2027, 1, 5)
    assert calendar.spans_provisional(date(2026, 12, 30), date(2027, 1, 5))
    assert not calendar.spans_provisional(date(2026, 12, 1), date(2026, 12, 30))
    with pytest.raises(CalendarYearNotLoaded):
        calendar.add_workdays(date(2027, 12, 30), 3)
