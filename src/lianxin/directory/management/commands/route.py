"""`lianxin route [ADDRESS] [--province CODE] [--json] [--received DATE]`: address → handling unit.

Without ADDRESS, reads one address per line from standard input and answers line by line (streamed: a batch of
100,000 lines never sits in memory). With --json, one object per line: input, province_code, city_code,
county_code, unit, ambiguous, candidates, reason (plus outcome, citation, confidence).
"""

from __future__ import annotations

import json
import sys
from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from lianxin.common import clock
from lianxin.directory.selectors import AddressRouting, address_route, home_province_code, province_code_for
from lianxin.directory.services import directory_ensure


def routing_payload(text: str, routing: AddressRouting) -> dict[str, Any]:
    match, decision = routing.match, routing.decision
    return {
        "input": text,
        "province_code": match.province_code,
        "city_code": match.city_code,
        "county_code": match.county_code,
        "unit": decision.unit.name if decision.unit else None,
        "unit_code": decision.unit.code if decision.unit else None,
        "outcome": decision.outcome.value,
        "ambiguous": match.ambiguous,
        "candidates": [
            {
                "name": c.name,
                "province_code": c.province_code,
                "city_code": c.city_code,
                "county_code": c.county_code,
            }
            for c in match.candidates
        ],
        "confidence": match.confidence,
        "reason": decision.reason,
        "citation": decision.citation,
    }


class Command(BaseCommand):
    help = "把经营者地址解析到区县并给出承办单位或移送去向；不给地址时逐行读取标准输入。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("address", nargs="?", help="经营者地址（省略则逐行读标准输入）")
        parser.add_argument(
            "--province",
            default=None,
            help="语境省份，用于区分重名（默认本中心所在省）：2 位或 6 位代码，或省名，如 61、610000、陕西",
        )
        parser.add_argument(
            "--received", default=None, help="收到日期 YYYY-MM-DD（决定适用的规则，默认今天）"
        )
        parser.add_argument("--json", action="store_true", help="每行输出一个 JSON 对象")

    def handle(self, *args: object, **options: Any) -> None:
        try:
            received = date.fromisoformat(options["received"]) if options["received"] else clock.today()
        except ValueError as error:
            raise CommandError(f"收到日期格式应为 YYYY-MM-DD：{options['received']}") from error
        home = home_province_code()
        directory_ensure(home_province=home)
        context = None
        if options["province"]:
            context = province_code_for(options["province"])
            if context is None:
                raise CommandError(
                    f"无法识别省份「{options['province']}」：请给出 2 位或 6 位省级代码（如 61、610000）或省名（如 陕西）。",
                    returncode=2,
                )
        lines = [options["address"]] if options["address"] else sys.stdin
        out = self.stdout
        for raw in lines:
            text = raw.rstrip("\r\n")
            if not text.strip():
                continue
            routing = address_route(text, received_on=received, home_province=home, context_province=context)
            if options["json"]:
                out.write(json.dumps(routing_payload(text, routing), ensure_ascii=False))
            else:
                out.write(self._human(text, routing))

    @staticmethod
    def _human(text: str, routing: AddressRouting) -> str:
        match, decision = routing.match, routing.decision
        codes = " / ".join(code or "—" for code in (match.province_code, match.city_code, match.county_code))
        lines = [f"{text}", f"  区划：{codes}（置信度 {match.confidence}）", f"  结论：{decision.reason}"]
        if match.ambiguous:
            lines.append(
                "  候选：" + "、".join(f"{c.name}({c.county_code or c.city_code})" for c in match.candidates)
            )
        lines.append(f"  依据：{decision.citation}")
        return "\n".join(lines)
