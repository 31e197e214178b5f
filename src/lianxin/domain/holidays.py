"""The statutory holidays fixed by 《全国年节及纪念日放假办法》, for years whose State Council arrangement is not out yet.

The 放假办法 fixes which days are holidays (元旦 1月1日, 春节 除夕至正月初三, 清明 清明当日, 劳动节 5月1日至2日,
端午 端午当日, 中秋 中秋当日, 国庆 10月1日至3日). What it does not fix is the yearly notice's bridging days and make-up
working days (调休上班). A calendar built from these rules is therefore only *provisional*: every date counted on it is
shown with the 暂定 mark and replaced when the year's arrangement is loaded.

The rules themselves are data (`calendars/reference/statutory_holidays.json`, with effective dates and a citation);
this module only turns them into dates. Lunar dates and solar terms need a converter, passed in (the calendars app
supplies one backed by a package), so the domain stays free of it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from typing import Any, Protocol


class DayRule(StrEnum):
    SOLAR = "solar"  # a Gregorian month and day: 10月1日
    LUNAR = "lunar"  # a lunar month and day: 正月初一, 五月初五
    LUNAR_NEW_YEAR_EVE = "lunar_new_year_eve"  # 除夕: the day before 正月初一
    SOLAR_TERM = "solar_term"  # a solar term's day: 清明


class LunarConverter(Protocol):
    def lunar_to_solar(self, year: int, month: int, day: int) -> date:
        """The Gregorian date of lunar `month`/`day` of the lunar year that begins in Gregorian `year`."""
        ...

    def solar_term(self, year: int, name: str) -> date:
        """The Gregorian date of the named solar term (e.g. 清明) in Gregorian `year`."""
        ...


@dataclass(frozen=True, slots=True)
class FestivalDay:
    rule: DayRule
    month: int = 0
    day: int = 0
    term: str = ""

    def on(self, year: int, converter: LunarConverter) -> date:
        if self.rule is DayRule.SOLAR:
            return date(year, self.month, self.day)
        if self.rule is DayRule.LUNAR:
            return converter.lunar_to_solar(year, self.month, self.day)
        if self.rule is DayRule.LUNAR_NEW_YEAR_EVE:
            return converter.lunar_to_solar(year, 1, 1) - timedelta(days=1)
        return converter.solar_term(year, self.term)


@dataclass(frozen=True, slots=True)
class Festival:
    name: str
    days: tuple[FestivalDay, ...]


@dataclass(frozen=True, slots=True)
class FestivalRules:
    """One version of the 放假办法: the festivals on which all citizens have a day off."""

    effective_from: date
    effective_to: date | None
    citation: str
    festivals: tuple[Festival, ...]

    def covers(self, year: int) -> bool:
        return self.effective_from <= date(year, 1, 1) and (
            self.effective_to is None or date(year, 12, 31) <= self.effective_to
        )

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> FestivalRules:
        until = row.get("effective_to")
        return cls(
            effective_from=date.fromisoformat(row["effective_from"]),
            effective_to=date.fromisoformat(until) if until else None,
            citation=row["citation"],
            festivals=tuple(
                Festival(
                    name=f["name"],
                    days=tuple(
                        FestivalDay(
                            rule=DayRule(d["rule"]),
                            month=d.get("month", 0),
                            day=d.get("day", 0),
                            term=d.get("term", ""),
                        )
                        for d in f["days"]
                    ),
                )
                for f in row["festivals"]
            ),
        )


def statutory_holidays(
    year: int, versions: Iterable[FestivalRules], converter: LunarConverter
) -> dict[date, str] | None:
    """The festival days of `year` under the version of the 放假办法 covering the whole year, or None when none does.

    A festival day of the lunar year that falls in another Gregorian year (除夕 of a late-January 春节 never does,
    but the rule does not promise it) is left out: it belongs to that other year's arrangement.
    """
    version = next((v for v in versions if v.covers(year)), None)
    if version is None:
        return None
    days: dict[date, str] = {}
    for festival in version.festivals:
        for rule in festival.days:
            day = rule.on(year, converter)
            if day.year == year:
                days[day] = festival.name
    return days
