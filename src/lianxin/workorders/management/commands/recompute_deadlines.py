import json
from dataclasses import asdict

from django.core.management.base import BaseCommand, CommandParser

from lianxin.workorders.services.recompute import work_order_deadlines_recompute


class Command(BaseCommand):
    help = "重新计算所有未办结工单的期限（加载新年度日历或修改时限规则后执行）"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--json", action="store_true")

    def handle(self, *args: object, **options: object) -> None:
        report = work_order_deadlines_recompute()
        if options["json"]:
            self.stdout.write(json.dumps(asdict(report)))
        else:
            self.stdout.write(
                f"检查 {report.examined} 件未办结工单，更新 {report.changed} 件；"
                f"期限为暂定 {report.still_provisional} 件；仍无法计算 {report.still_unknown} 件。"
            )
