"""`lianxin workdays DATE N [--json]`: the date N working days after DATE on the loaded calendar."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from lianxin.calendars.management.commandline import dumps, parse_date, parse_int, refuse
from lianxin.calendars.selectors import working_calendar
from lianxin.domain.errors import DomainError


class Command(BaseCommand):
    help = (
        "计算 DATE 之后第 N 个工作日（DATE 当天不计入；N 为负数时向前倒数），按已加载的节假日与调休安排。"
        "日期或结果落在未加载的年份时拒绝计算（退出码 2）。"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("date", metavar="DATE", help="起算日期 YYYY-MM-DD（当天不计入）")
        parser.add_argument("workdays", metavar="N", help="工作日数，可为负数或 0")
        parser.add_argument("--json", action="store_true", help="输出 JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        as_json = bool(options["json"])
        try:
            start = parse_date(options["date"], label="日期")
            count = parse_int(options["workdays"], label="工作日数")
            result = working_calendar().add_workdays(start, count)
        except DomainError as error:
            refuse(self, error, as_json=as_json)
        if as_json:
            self.stdout.write(
                dumps({"date": start.isoformat(), "workdays": count, "result": result.isoformat()})
            )
        else:
            self.stdout.write(result.isoformat())
