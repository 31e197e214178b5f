"""`lianxin documents export --work-order NUMBER --dir DIR`: every stored document of one work order, as PDF and
DOCX, each file checked against its SHA-256 (a manifest.json lists number, title and digests)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from lianxin.documents.models import Document
from lianxin.documents.services import document_file
from lianxin.workorders.models import WorkOrder


class Command(BaseCommand):
    help = "法律文书：导出某一工单的全部文书（PDF 与 DOCX）"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True)
        export = sub.add_parser("export", help="导出某一工单的全部文书")
        export.add_argument("--work-order", required=True, help="工单编号")
        export.add_argument("--dir", required=True, help="导出目录（不存在则创建）")
        export.add_argument("--json", action="store_true", help="以 JSON 输出导出清单")

    def handle(self, *args: Any, **options: Any) -> None:
        number = options["work_order"]
        orders = list(WorkOrder.objects.filter(number=number)[:2])
        if not orders:
            raise CommandError(f"工单「{number}」不存在。")
        if len(orders) > 1:
            raise CommandError(f"编号「{number}」对应多个中心的工单，请联系管理员。")
        target = Path(options["dir"])
        target.mkdir(parents=True, exist_ok=True)
        manifest = []
        for document in Document.objects.filter(work_order=orders[0]).order_by("issued_at", "id"):
            entry: dict[str, Any] = {"number": document.number, "title": document.title, "files": {}}
            for fmt in ("pdf", "docx"):
                data = document_file(document, fmt)
                name = (
                    f"{document.issued_at:%Y%m%d}-{document.kind}-{document.year}-{document.sequence}.{fmt}"
                )
                (target / name).write_bytes(data)
                document.refresh_from_db()
                entry["files"][fmt] = {
                    "file": name,
                    "sha256": document.pdf_sha256 if fmt == "pdf" else document.docx_sha256,
                }
            manifest.append(entry)
        (target / "manifest.json").write_text(
            json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8"
        )
        if options["json"]:
            self.stdout.write(json.dumps(manifest, ensure_ascii=False))
        else:
            self.stdout.write(f"已导出 {len(manifest)} 份文书到 {target}")
