"""`lianxin report monthly --month YYYY-MM [--xlsx FILE] [--pdf FILE] [--no-archive] [--json]`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from lianxin.analytics.models import MonthlyReport
from lianxin.analytics.services.reports import month_parse, report_monthly_build
from lianxin.calendars.management.commandline import dumps, refuse
from lianxin.domain.errors import DomainError


class Command(BaseCommand):
    help = "统计报告：生成月度统计报告（Excel 与 PDF，含图表），并存档。"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        monthly = sub.add_parser("monthly", help="月度统计报告")
        monthly.add_argument("--month", required=True, help="月份 YYYY-MM")
        monthly.add_argument("--xlsx", help="写出 Excel 文件")
        monthly.add_argument("--pdf", help="写出 PDF 文件")
        monthly.add_argument("--no-archive", action="store_true", help="只写文件，不存档")
        monthly.add_argument("--json", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            month = month_parse(options["month"])
            files = report_monthly_build(month)
        except DomainError as error:
            refuse(self, error, as_json=options["json"])
        if options["xlsx"]:
            Path(options["xlsx"]).write_bytes(files.xlsx)
        if options["pdf"]:
            Path(options["pdf"]).write_bytes(files.pdf)
        archived = None
        if not options["no_archive"]:
            archived = MonthlyReport.objects.create(
                month=month, xlsx=files.xlsx, pdf=files.pdf, seconds=files.seconds
            ).pk
        result = {
            "month": f"{month:%Y-%m}",
            "seconds": round(files.seconds, 3),
            "xlsx_bytes": len(files.xlsx),
            "pdf_bytes": len(files.pdf),
            "archived_id": archived,
            "tables": [table.title for table in files.tables],
        }
        if options["json"]:
            self.stdout.write(dumps(result))
        else:
            self.stdout.write(
                f"{result['month']} 月报：{len(files.tables)} 张表，用时 {result['seconds']} 秒"
                + (f"，已存档（#{archived}）" if archived else "")
            )
