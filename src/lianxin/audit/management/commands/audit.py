"""`lianxin audit verify [--json]`: verify the hash chain of every work order's event log."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from lianxin.audit.chain import event_chains_verify


class Command(BaseCommand):
    help = "审计：校验工单办理记录的链式校验值（verify）"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        verify = sub.add_parser("verify", help="校验全部工单办理记录链；被破坏时退出码为 1")
        verify.add_argument("--json", action="store_true", help="以 JSON 输出")
        verify.add_argument("--work-order", type=int, action="append", help="只校验指定工单ID（可重复）")

    def handle(self, *args: Any, **options: Any) -> None:
        report = event_chains_verify(work_order_ids=options.get("work_order"))
        if options["json"]:
            self.stdout.write(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
        else:
            self.stdout.write(f"已校验 {report.work_orders} 件工单、{report.events} 条办理记录。")
            for link in report.broken:
                self.stdout.write(
                    f"  工单 {link.number}（ID {link.work_order_id}）第 {link.sequence} 条：{link.reason}"
                )
            if report.is_intact:
                self.stdout.write("记录链完整。")
        if not report.is_intact:
            raise CommandError(f"{len(report.broken)} 件工单的办理记录链被破坏。", returncode=1)
