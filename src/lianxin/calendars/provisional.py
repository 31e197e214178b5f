"""Provisional years: the festival days of 《全国年节及纪念日放假办法》 for years the State Council has not arranged yet.

The lunar dates (除夕, 春节, 端午, 中秋) and the 清明 solar term are converted by `lunar-python` (PyPI); the festival
rules come from `reference/statutory_holidays.json`. Nothing here is ever stored as a loaded year: a provisional year
lives only in the deadline calendar (`selectors.deadline_calendar`) and disappears when the year is loaded.
"""

from __future__ import annotations

import json
from datetime import date
from functools import lru_cache
from importlib.resources import files

from lianxin.domain.holidays import FestivalRules, statutory_holidays


class LunarPythonConverter:
    """`LunarConverter` backed by the `lunar-python` package (pure Python, tables for 1900–2100)."""

    def lunar_to_solar(self, year: int, month: int, day: int) -> date:
        from lunar_python import Lunar

        solar = Lunar.fromYmd(year, month, day).getSolar()
        return date(solar.getYear(), solar.getMonth(), solar.getDay())

    def solar_term(self, year: int, name: str) -> date:
        from lunar_python import Solar

        table = Solar.fromYmd(year, 6, 1).getLunar().getJieQiTable()
        solar = table[name]
        if (
            solar.getYear() != year
        ):  # pragma: no cover - the table of a mid-year lunar date holds that year's terms
            raise ValueError(f"{year} 年的{name}不在农历年表中")
        return date(solar.getYear(), solar.getMonth(), solar.getDay())


@lru_cache(maxsize=1)
def festival_rules() -> tuple[FestivalRules, ...]:
    text = (
        files("lianxin.calendars")
        .joinpath("reference", "statutory_holidays.json")
        .read_text(encoding="utf-8")
    )
    return tuple(FestivalRules.from_row(row) for row in json.loads(text)["versions"])


@lru_cache(maxsize=32)
def provisional_holidays(year: int) -> dict[date, str] | None:
    """The festival days of `year` by the 放假办法, or None when no version of it covers that year."""
    return statutory_holidays(year, festival_rules(), LunarPythonConverter())
