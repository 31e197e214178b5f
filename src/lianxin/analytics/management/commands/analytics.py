"""`lianxin analytics refresh|rebuild|hotspots [--day YYYY-MM-DD] [--json]`."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date, timedelta
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from lianxin.analytics.services.hotspots import hotspots_detect
from lianxin.analytics.services.rollups import rollup_rebuild, rollup_refresh
from lianxin.calendars.management.commandline import dumps
from lianxin.common import clock


class Command(BaseCommand):
    help = "统计分析：刷新统计汇总（增量）、全部重建，或运行某日的热点检测。"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("refresh", help="按工单记录增量刷新汇总").add_argument("--json", action="store_true")
        sub.add_parser("rebuild", help="从工单全部重建汇总").add_argument("--json", action="store_true")
        hot = sub.add_parser("hotspots", help="热点检测")
        hot.add_argument("--day", help="日期（默认昨天）")
        hot.add_argument("--days", type=int, default=1, help="从该日往前连续检测的天数（默认 1）")
        hot.add_argument("--json", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action in {"refresh", "rebuild"}:
            report = rollup_refresh() if action == "refresh" else rollup_rebuild()
            payload: dict[str, Any] = asdict(report)
            text = f"已处理记录 {report.events} 条，重算 {report.days} 天、{report.months} 个月"
        else:
            day = (
                date.fromisoformat(options["day"])
                if options.get("day")
                else clock.today() - timedelta(days=1)
            )
            alerts = []
            for offset in range(max(1, options["days"]) - 1, -1, -1):
                alerts.extend(hotspots_detect(day=day - timedelta(days=offset)))
            payload = {
                "day": day.isoformat(),
                "alerts": [
                    {"kind": a.kind, "subject": a.subject_label, "observed": a.observed} for a in alerts
                ],
            }
            text = f"{day} 热点检测：{len(alerts)} 条预警"
        self.stdout.write(dumps(payload) if options["json"] else text)
