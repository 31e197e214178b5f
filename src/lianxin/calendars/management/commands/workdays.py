"""`lianxin workdays DATE N [--provisional] [--json]`: the date N working days after DATE.

Counted on the loaded calendar; through a year not loaded yet, on the provisional one (the 放假办法's festival days
and weekends, no make-up workdays). A provisional result is printed with the 暂定 mark and the command exits 3
unless --provisional is given.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from lianxin.calendars.management.commandline import (
    PROVISIONAL_MARK,
    dumps,
    parse_date,
    parse_int,
    provisional_explanation,
    refuse,
    refuse_provisional,
)
from lianxin.calendars.selectors import deadline_calendar
from lianxin.domain.errors import DomainError


class Command(BaseCommand):
    help = (
        "计算 DATE 之后第 N 个工作日（DATE 当天不计入；N 为负数时向前倒数），按已加载的节假日与调休安排。"
        "经过尚未加载的年份时按放假办法的法定节日给出暂定日期并标明，未加 --provisional 时退出码 3；"
        "超出暂定范围时拒绝计算（退出码 2）。"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("date", metavar="DATE", help="起算日期 YYYY-MM-DD（当天不计入）")
        parser.add_argument("workdays", metavar="N", help="工作日数，可为负数或 0")
        parser.add_argument("--provisional", action="store_true", help="接受暂定日期（退出码 0）")
        parser.add_argument("--json", action="store_true", help="输出 JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        as_json = bool(options["json"])
        try:
            start = parse_date(options["date"], label="日期")
            count = parse_int(options["workdays"], label="工作日数")
            calendar = deadline_calendar()
            result = calendar.add_workdays(start, count)
        except DomainError as error:
            refuse(self, error, as_json=as_json)
        provisional = calendar.spans_provisional(start, result)
        low, high = sorted((start.year, result.year))
        years = sorted(y for y in calendar.provisional_years if low <= y <= high)
        if as_json:
            payload: dict[str, Any] = {
                "date": start.isoformat(),
                "workdays": count,
                "result": result.isoformat(),
                "provisional": provisional,
            }
            if provisional:
                payload["provisional_years"] = years
            self.stdout.write(dumps(payload))
        elif provisional:
            self.stdout.write(f"{result.isoformat()}{PROVISIONAL_MARK}")
            self.stdout.write(provisional_explanation(years))
        else:
            self.stdout.write(result.isoformat())
        if provisional and not options["provisional"]:
            refuse_provisional(self, years)
