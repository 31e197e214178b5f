"""`lianxin phone NUMBER [--json]`: the number in E.164 and the province/city it belongs to."""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from lianxin.directory.phone import phone_place
from lianxin.directory.selectors import gazetteer, home_province_code
from lianxin.directory.services import directory_ensure


class Command(BaseCommand):
    help = "规范化来电号码（E.164）并给出归属省、市代码。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("number")
        parser.add_argument("--json", action="store_true")

    def handle(self, *args: object, **options: Any) -> None:
        directory_ensure(home_province=home_province_code())
        place = phone_place(options["number"], gazetteer())
        if options["json"]:
            self.stdout.write(json.dumps(asdict(place), ensure_ascii=False))
        elif place.is_valid:
            where = place.description or "归属地未知"
            self.stdout.write(
                f"{place.e164}  {where}  省 {place.province_code or '—'} 市 {place.city_code or '—'}"
            )
        if not place.is_valid:
            # Exit 2, like the other ops commands' refusals: a script must not take an invalid number as answered.
            raise CommandError(
                f"「{place.input}」不是有效的电话号码（短号、服务号码如 12345 不能归属到地区）。",
                returncode=2,
            )
