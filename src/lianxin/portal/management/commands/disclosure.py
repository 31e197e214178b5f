"""`lianxin disclosure scrub [TEXT] [--keep NAME …] [--json]` — remove personal data from one text, or from each line
of standard input; `lianxin disclosure publish [--json]` — publish what is due (the daily job does the same)."""

from __future__ import annotations

import json
import sys

from django.core.management.base import BaseCommand, CommandParser

from lianxin.domain.disclosure_scrub import scrub
from lianxin.portal.services.disclosure import disclosure_publish


class Command(BaseCommand):
    help = "投诉信息公示：去除个人信息（scrub）或立即公示到期信息（publish）"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        scrub_parser = sub.add_parser(
            "scrub", help="去除文本中的姓名、电话、证件号、银行卡号、车牌、邮箱和详细地址"
        )
        scrub_parser.add_argument("text", nargs="?", help="要处理的文本；省略时逐行读取标准输入")
        scrub_parser.add_argument(
            "--keep", action="append", default=[], help="须保留的经营者名称（可多次给出）"
        )
        scrub_parser.add_argument("--json", action="store_true")
        publish_parser = sub.add_parser("publish", help="公示办结满公示延迟期限的投诉")
        publish_parser.add_argument("--json", action="store_true")

    def handle(self, *args, **options) -> None:
        if options["action"] == "publish":
            report = disclosure_publish()
            if options["json"]:
                payload = {
                    "complaints_published": report.complaints_published,
                    "businesses": report.businesses,
                }
                self.stdout.write(json.dumps(payload, ensure_ascii=False))
            else:
                self.stdout.write(
                    f"新公示投诉 {report.complaints_published} 件，更新经营者统计 {report.businesses} 家。"
                )
            return
        texts = (
            [options["text"]] if options["text"] is not None else (line.rstrip("\n") for line in sys.stdin)
        )
        for text in texts:
            result = scrub(text, keep=options["keep"])
            if options["json"]:
                findings = [{"kind": f.kind.value, "start": f.start, "end": f.end} for f in result.findings]
                self.stdout.write(json.dumps({"text": result.text, "found": findings}, ensure_ascii=False))
            else:
                self.stdout.write(result.text)
