"""A year's holiday arrangement (节假日安排) read from its sources, validated, before anything is stored.

Two sources: the `chinesecalendar` package (which follows the State Council notices, 国务院办公厅关于部分节假日安排的
通知, up to the last year it ships) and a CSV file an administrator writes from the notice for a later year.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date
from importlib.metadata import version

from .errors import CalendarFileInvalid, CalendarYearMissingFromPackage
from .models import DayKind

CSV_HEADER = ("date", "kind", "name")
_SATURDAY = 5
_NAME_MAX_LENGTH = 50  # CalendarDay.name
_WEEKDAY_NAMES = ("星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日")


@dataclass(frozen=True, slots=True)
class YearArrangement:
    year: int
    holidays: dict[date, str]
    makeup_workdays: dict[date, str]
    source: str


def package_version() -> str:
    return version("chinesecalendar")


def package_years() -> list[int]:
    """Every year the installed `chinesecalendar` has an arrangement for."""
    import chinese_calendar

    return sorted({d.year for d in chinese_calendar.constants.holidays})


def arrangement_from_package(year: int) -> YearArrangement:
    """The year's holidays and make-up workdays as the `chinesecalendar` package publishes them.

    Raises CalendarYearMissingFromPackage for a year the package does not have (never an empty year).
    """
    import chinese_calendar

    holidays = getattr(chinese_calendar.constants, "holidays", {})
    workdays = getattr(chinese_calendar.constants, "workdays", {})
    in_year_holidays = {d: _holiday_name(n) for d, n in holidays.items() if d.year == year}
    in_year_workdays = {d: _holiday_name(n) for d, n in workdays.items() if d.year == year}
    if not in_year_holidays:
        raise CalendarYearMissingFromPackage(year, package_version())
    return YearArrangement(
        year=year,
        holidays=in_year_holidays,
        makeup_workdays=in_year_workdays,
        source=f"chinesecalendar {package_version()}",
    )


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


def arrangement_from_csv(*, year: int, text: str, source: str) -> YearArrangement:
    """Parse a `date,kind,name` CSV (kind: holiday | makeup_workday) for `year`, all or nothing.

    Every row is checked and every problem reported at once, with its line number: the header, the date format,
    the date lies in `year`, the kind, no date twice, no date both a holiday and a make-up workday, and a make-up
    workday falls on a weekend (a weekday is a workday anyway, so it is almost certainly a typo). A file without
    a single holiday is refused: an empty year would silently count every weekday as a workday.
    """
    problems: list[str] = []
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    numbered = [
        (n, [c.strip() for c in row]) for n, row in enumerate(rows, start=1) if any(c.strip() for c in row)
    ]
    if not numbered or tuple(c.lower() for c in numbered[0][1]) != CSV_HEADER:
        found = ",".join(numbered[0][1]) if numbered else "（空文件）"
        raise CalendarFileInvalid([f"第 1 行应为表头 date,kind,name，实际为「{found}」。"])
    holidays: dict[date, str] = {}
    makeup: dict[date, str] = {}
    first_line: dict[date, int] = {}
    for line, cells in numbered[1:]:
        parsed = _parse_row(line, cells, year, problems)
        if parsed is None:
            continue
        day, kind, name = parsed
        if day in first_line:
            other = "调休上班日" if day in makeup else "节假日"
            if (kind is DayKind.HOLIDAY) == (day in holidays):
                problems.append(
                    f"第 {line} 行：日期 {day.isoformat()} 重复（第 {first_line[day]} 行已登记）。"
                )
            else:
                problems.append(
                    f"第 {line} 行：日期 {day.isoformat()} 不能既是节假日又是调休上班日"
                    f"（第 {first_line[day]} 行已登记为{other}）。"
                )
            continue
        first_line[day] = line
        (holidays if kind is DayKind.HOLIDAY else makeup)[day] = name
    if not holidays and not problems:
        problems.append(f"文件中没有任何 {year} 年的节假日（kind=holiday）。")
    if problems:
        raise CalendarFileInvalid(problems)
    return YearArrangement(year=year, holidays=holidays, makeup_workdays=makeup, source=source)


def _parse_row(
    line: int, cells: list[str], year: int, problems: list[str]
) -> tuple[date, DayKind, str] | None:
    """One data row, or None after appending its problems."""
    if len(cells) not in (2, 3):
        problems.append(f"第 {line} 行：应有 3 列（date,kind,name），实际 {len(cells)} 列。")
        return None
    raw_day, raw_kind = cells[0], cells[1]
    name = cells[2] if len(cells) == len(CSV_HEADER) else ""
    row_problems: list[str] = []
    try:
        day = date.fromisoformat(raw_day)
    except ValueError:
        row_problems.append(f"第 {line} 行：日期「{raw_day}」无效，应为 YYYY-MM-DD 格式。")
        day = None
    if day is not None and day.year != year:
        row_problems.append(f"第 {line} 行：日期 {day.isoformat()} 不在 {year} 年内。")
    try:
        kind = DayKind(raw_kind.lower())
    except ValueError:
        row_problems.append(
            f"第 {line} 行：类型「{raw_kind}」无效，应为 holiday（节假日）或 makeup_workday（调休上班日）。"
        )
        kind = None
    if day is not None and kind is DayKind.MAKEUP_WORKDAY and day.weekday() < _SATURDAY:
        row_problems.append(
            f"第 {line} 行：{day.isoformat()} 是{_WEEKDAY_NAMES[day.weekday()]}，本来就是工作日，"
            "不能登记为调休上班日（调休上班日只能是周六或周日）。"
        )
    if len(name) > _NAME_MAX_LENGTH:
        row_problems.append(f"第 {line} 行：节日名称超过 {_NAME_MAX_LENGTH} 个字符。")
    problems.extend(row_problems)
    if row_problems or day is None or kind is None:
        return None
    return day, kind, name
