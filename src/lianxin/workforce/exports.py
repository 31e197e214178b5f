"""Publishing a stored roster: an Excel sheet (agents × days, shift codes in the cells, the way centers post
them on the wall) and one iCalendar file per agent (their shifts as events, for phones and mail clients).

Times are local (Asia/Shanghai); the iCalendar events carry TZID Asia/Shanghai so a phone shows them right.
"""

from __future__ import annotations

import re
from collections import defaultdict
from datetime import date, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from lianxin.common import clock

from .selectors import RosterSheet

CENTER_ZONE = ZoneInfo("Asia/Shanghai")
REST = "休"
_WEEKDAYS = "一二三四五六日"
_NIGHT_FILL = PatternFill("solid", fgColor="D9D2E9")
_REST_FILL = PatternFill("solid", fgColor="EEEEEE")
_WEEKEND_FONT = Font(bold=True, color="C00000")


def sheet_days(sheet: RosterSheet) -> list[date]:
    return [sheet.starts_on + timedelta(days=d) for d in range(sheet.days)]


def roster_grid(sheet: RosterSheet) -> dict[str, dict[date, str]]:
    """Agent code → day → shift code (a shift belongs to the day it starts on)."""
    grid: dict[str, dict[date, str]] = defaultdict(dict)
    for item in sheet.assignments:
        grid[item.agent][item.starts_at.date()] = item.template
    return grid


def roster_xlsx_write(sheet: RosterSheet, path: Path) -> None:
    """Row 1: title; row 2: dates; row 3: weekdays; then one row per agent (工号, 姓名, one cell per day with the
    shift code or 休, and the count of shifts and nights); a legend of shift codes below."""
    book = Workbook()
    ws = book.active
    ws.title = f"排班表 第{sheet.number}版"[:31]
    days = sheet_days(sheet)
    ws.cell(
        1, 1, f"排班表 {days[0]:%Y-%m-%d} 至 {days[-1]:%Y-%m-%d}（第 {sheet.number} 版，#{sheet.version_id}）"
    )
    ws.cell(1, 1).font = Font(bold=True, size=13)
    for column, text in ((1, "工号"), (2, "姓名")):
        ws.cell(2, column, text)
        ws.cell(3, column, "")
    for d, day in enumerate(days):
        column = 3 + d
        ws.cell(2, column, f"{day.month}/{day.day}")
        ws.cell(3, column, _WEEKDAYS[day.weekday()])
        if day.weekday() >= 5:
            ws.cell(2, column).font = _WEEKEND_FONT
            ws.cell(3, column).font = _WEEKEND_FONT
        ws.column_dimensions[get_column_letter(column)].width = 5
    totals = 3 + len(days)
    ws.cell(2, totals, "班数")
    ws.cell(2, totals + 1, "夜班")
    grid = roster_grid(sheet)
    nights = defaultdict(int)
    for item in sheet.assignments:
        nights[item.agent] += item.is_night
    night_codes = {item.template for item in sheet.assignments if item.is_night}
    for r, (code, name) in enumerate(sheet.agents):
        row = 4 + r
        ws.cell(row, 1, code)
        ws.cell(row, 2, name)
        shifts = grid.get(code, {})
        for d, day in enumerate(days):
            cell = ws.cell(row, 3 + d, shifts.get(day, REST))
            cell.alignment = Alignment(horizontal="center")
            if cell.value == REST:
                cell.fill = _REST_FILL
            elif cell.value in night_codes:
                cell.fill = _NIGHT_FILL
        ws.cell(row, totals, len(shifts))
        ws.cell(row, totals + 1, nights[code])
    ws.column_dimensions["B"].width = 12
    ws.freeze_panes = "C4"
    legend = 5 + len(sheet.agents)
    ws.cell(legend, 1, "班次说明")
    used = sorted({item.template for item in sheet.assignments} | {REST})
    for i, code in enumerate(used):
        ws.cell(legend + 1 + i, 1, code)
        ws.cell(legend + 1 + i, 2, "休息" if code == REST else _legend(sheet, code))
    book.save(path)


def _legend(sheet: RosterSheet, code: str) -> str:
    example = next(item for item in sheet.assignments if item.template == code)
    next_day = "次日" if example.ends_at.date() > example.starts_at.date() else ""
    return f"{sheet.shift_names.get(code, code)} {example.starts_at:%H:%M}–{next_day}{example.ends_at:%H:%M}"


def roster_ics_write(sheet: RosterSheet, directory: Path) -> list[Path]:
    """One `<工号>.ics` per rostered agent in `directory` (created if missing); returns the files written."""
    directory.mkdir(parents=True, exist_ok=True)
    by_agent = defaultdict(list)
    for item in sheet.assignments:
        by_agent[item.agent].append(item)
    names = dict(sheet.agents)
    written = []
    stamp = clock.now()
    for code, shifts in sorted(by_agent.items()):
        calendar = icalendar.Calendar()
        calendar.add("prodid", "-//Lianxin 12315//roster//ZH")
        calendar.add("version", "2.0")
        calendar.add("x-wr-calname", f"排班 {names.get(code, code)}")
        calendar.add("x-wr-timezone", "Asia/Shanghai")
        for item in shifts:
            event = icalendar.Event()
            event.add("uid", f"roster-{sheet.version_id}-{code}-{item.starts_at:%Y%m%dT%H%M}@lianxin")
            event.add("dtstamp", stamp)
            event.add("dtstart", item.starts_at.replace(tzinfo=CENTER_ZONE))
            event.add("dtend", item.ends_at.replace(tzinfo=CENTER_ZONE))
            event.add("summary", f"{sheet.shift_names.get(item.template, item.template)}（{item.template}）")
            event.add("description", f"排班表第 {sheet.number} 版（#{sheet.version_id}）")
            calendar.add_component(event)
        path = directory / f"{_safe(code)}.ics"
        path.write_bytes(calendar.to_ical())
        written.append(path)
    return written


def _safe(code: str) -> str:
    return re.sub(r"[^\w.-]", "_", code)
