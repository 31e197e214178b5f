"""Loading and editing the holiday calendar."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from importlib.metadata import version

from django.db import transaction

from lianxin.domain.errors import DomainError

from .models import CalendarDay, CalendarYear, DayKind


@dataclass(frozen=True, slots=True)
class YearArrangement:
    year: int
    holidays: dict[date, str]
    makeup_workdays: dict[date, str]
    source: str


def arrangement_from_package(year: int) -> YearArrangement:
    """The year's holidays and make-up workdays as the `chinesecalendar` package publishes them."""
    import chinese_calendar

    holidays = getattr(chinese_calendar.constants, "holidays", {})
    workdays = getattr(chinese_calendar.constants, "workdays", {})
    in_year_holidays = {d: _holiday_name(n) for d, n in holidays.items() if d.year == year}
    in_year_workdays = {d: _holiday_name(n) for d, n in workdays.items() if d.year == year}
    if not in_year_holidays:
        raise DomainError(
            f"chinesecalendar {version('chinesecalendar')} 没有 {year} 年的节假日安排；"
            f"请按国务院办公厅通知用文件导入（./lianxin calendar add-year {year} --file …）。"
        )
    return YearArrangement(
        year=year,
        holidays=in_year_holidays,
        makeup_workdays=in_year_workdays,
        source=f"chinesecalendar {version('chinesecalendar')}",
    )


def package_years() -> list[int]:
    import chinese_calendar

    return sorted({d.year for d in chinese_calendar.constants.holidays})


_HOLIDAY_NAMES = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "National Day": "国庆节",
    "Mid-autumn Festival": "中秋节",
    "Anti-Fascist 70th Day": "抗战胜利70周年纪念日",
}


def _holiday_name(value: object) -> str:
    english = str(value)
    return _HOLIDAY_NAMES.get(english, english)


@transaction.atomic
def calendar_year_save(arrangement: YearArrangement, *, replace: bool = False) -> bool:
    """Store a year's arrangement. Returns False (and changes nothing) when the year is loaded and
    `replace` is not asked for, so `lianxin start` can call it every time."""
    exists = CalendarYear.objects.filter(year=arrangement.year).exists()
    if exists and not replace:
        return False
    overlap = set(arrangement.holidays) & set(arrangement.makeup_workdays)
    if overlap:
        days = "、".join(sorted(d.isoformat() for d in overlap))
        raise DomainError(f"{days} 不能既是节假日又是调休上班日。")
    outside = [d for d in (*arrangement.holidays, *arrangement.makeup_workdays) if d.year != arrangement.year]
    if outside:
        raise DomainError(f"{outside[0].isoformat()} 不在 {arrangement.year} 年内。")
    CalendarDay.objects.filter(day__year=arrangement.year).delete()
    CalendarDay.objects.bulk_create(
        [CalendarDay(day=d, kind=DayKind.HOLIDAY, name=n) for d, n in arrangement.holidays.items()]
        + [
            CalendarDay(day=d, kind=DayKind.MAKEUP_WORKDAY, name=n)
            for d, n in arrangement.makeup_workdays.items()
        ]
    )
    CalendarYear.objects.update_or_create(year=arrangement.year, defaults={"source": arrangement.source})
    return True


def calendar_load_package_years(years: Iterable[int] | None = None) -> list[int]:
    """Load every year the package has (or the given ones) that is not loaded yet; return those loaded."""
    loaded = []
    for year in years or package_years():
        if calendar_year_save(arrangement_from_package(year)):
            loaded.append(year)
    return loaded
