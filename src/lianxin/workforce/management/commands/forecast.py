"""`lianxin forecast --history FILE.csv --weeks N [--start DATE] [--special FIRST:LAST:FACTOR[:NAME]]…
[--output demand.csv] [--json]`: forecast calls per half hour from the history and write a demand CSV that
`roster plan --demand` accepts. Every forecast reports its back-test error (WAPE and MAPE per held-out week).

Holidays and make-up workdays come from the working calendar (`calendar load-package`); a year not loaded is
refused, never guessed.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from lianxin.calendars.management.commandline import CommandInputInvalid, dumps, parse_date, refuse
from lianxin.calendars.selectors import working_calendar
from lianxin.domain.errors import DomainError
from lianxin.workforce.planning.demand import demand_read, demand_write
from lianxin.workforce.planning.forecast import SpecialPeriod, forecast_calls


class Command(BaseCommand):
    help = "按历史来电量预测每半小时来电量（周内与日内规律、趋势、节假日与调休、特殊时期），并给出回测误差。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--history", required=True, help="历史来电量 CSV（start, calls；每半小时一行）")
        parser.add_argument("--weeks", type=int, default=1, help="预测周数，默认 1")
        parser.add_argument("--start", help="预测开始日期（默认为历史数据之后的第一个星期一）")
        parser.add_argument(
            "--special",
            action="append",
            default=[],
            help="特殊时期 开始:结束:倍数[:名称]，例如 2026-03-15:2026-03-15:1.8:3·15；可重复",
        )
        parser.add_argument(
            "--output", default="demand-forecast.csv", help="输出的来电量 CSV，默认 demand-forecast.csv"
        )
        parser.add_argument("--json", action="store_true", help="输出 JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        as_json = bool(options["json"])
        try:
            history = demand_read(Path(options["history"]))
            start = parse_date(options["start"], label="预测开始日期") if options["start"] else None
            result = forecast_calls(
                history,
                calendar=working_calendar(),
                weeks=options["weeks"],
                starts_on=start,
                special_periods=tuple(_special(text) for text in options["special"]),
            )
            output = Path(options["output"])
            try:
                demand_write(output, result.demand)
            except OSError as error:
                raise CommandInputInvalid(f"无法写入 {output}：{error.strerror}") from None
        except DomainError as error:
            refuse(self, error, as_json=as_json)
        per_day = 1440 // result.demand.interval_minutes
        calls = result.demand.calls
        payload = {
            "output": str(output),
            "starts_at": result.demand.starts_at.isoformat(),
            "weeks": options["weeks"],
            "intervals": len(calls),
            "calls_per_day": [round(sum(calls[i : i + per_day]), 1) for i in range(0, len(calls), per_day)],
            "trend_per_week": round(result.trend_per_week, 4),
            "backtest": [week.as_dict() for week in result.backtest],
            "notes": list(result.notes),
        }
        if as_json:
            self.stdout.write(dumps(payload))
            return
        self.stdout.write(
            f"已写入 {output}：{payload['starts_at'][:10]} 起 {options['weeks']} 周，{len(calls)} 个半小时"
        )
        self.stdout.write(f"日来电量　{'、'.join(f'{v:g}' for v in payload['calls_per_day'])}")
        self.stdout.write(f"趋势　　　每周 {result.trend_per_week:+.1%}")
        for week in result.backtest:
            self.stdout.write(
                f"回测　　　{week.starts_on} 起一周：WAPE {week.wape:.1%}，MAPE {week.mape:.1%}"
                f"（实际 {week.actual_calls:.0f}，预测 {week.forecast_calls:.0f}）"
            )
        for note in result.notes:
            self.stdout.write(f"说明　　　{note}")


def _special(text: str) -> SpecialPeriod:
    parts = text.split(":", 3)
    if len(parts) < 3:
        raise CommandInputInvalid(f"特殊时期「{text}」应为 开始:结束:倍数[:名称]。")
    first = parse_date(parts[0], label="特殊时期开始日期")
    last = parse_date(parts[1], label="特殊时期结束日期")
    try:
        factor = float(parts[2])
    except ValueError:
        raise CommandInputInvalid(f"特殊时期倍数「{parts[2]}」不是数字。") from None
    if last < first or factor <= 0:
        raise CommandInputInvalid(f"特殊时期「{text}」的日期或倍数不对。")
    return SpecialPeriod(first, last, factor, parts[3] if len(parts) > 3 else "")
