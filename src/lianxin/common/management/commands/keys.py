"""``./lianxin keys status`` / ``./lianxin keys rotate [--index] [--retire]``: the personal-data field keys."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from lianxin.common import fieldcrypto, keyrotation


class Command(BaseCommand):
    help = "字段加密密钥：status 查看各密钥加密的数据量；rotate 生成新主密钥并用它重新加密全部数据"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["status", "rotate"])
        parser.add_argument("--index", action="store_true", help="同时更换盲索引密钥并重算全部盲索引")
        parser.add_argument("--retire", action="store_true", help="重新加密后删除不再使用的旧密钥")
        parser.add_argument(
            "--reencrypt-only",
            action="store_true",
            help="不生成新密钥，只用当前主密钥重新加密（密钥来自环境变量时使用）",
        )
        parser.add_argument("--json", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        ring = fieldcrypto.key_ring()
        result: dict[str, Any] = {"source": ring.source}
        if options["action"] == "rotate":
            from_env = ring.source == "environment"
            if from_env and not options["reencrypt_only"]:
                raise CommandError(
                    "密钥来自 LIANXIN_FIELD_KEYS：请把新密钥放在列表第一位后运行 keys rotate --reencrypt-only。"
                )
            if from_env and (options["index"] or options["retire"]):
                raise CommandError("密钥来自环境变量时，--index 与 --retire 须在环境变量中手工完成。")
            if not options["reencrypt_only"]:
                result["new_primary"] = keyrotation.add_primary_key_to_file(new_index_key=options["index"])
            result["rows_reencrypted"] = keyrotation.reencrypt_all()
            if options["retire"]:
                result["retired"] = keyrotation.retire_unused_keys()
        result["primary"] = fieldcrypto.key_ring().primary
        result["usage"] = {label: dict(counter) for label, counter in keyrotation.key_usage().items()}
        if options["json"]:
            self.stdout.write(json.dumps(result, ensure_ascii=False))
            return
        if "new_primary" in result:
            self.stdout.write(f"已生成新主密钥 {result['new_primary']}。")
        if "rows_reencrypted" in result:
            self.stdout.write(f"已重新加密 {result['rows_reencrypted']} 行。")
        if result.get("retired"):
            self.stdout.write(f"已删除不再使用的密钥：{', '.join(result['retired'])}。")
        self.stdout.write(f"密钥来源：{result['source']}；主密钥：{result['primary']}")
        for label, counter in result["usage"].items():
            counts = "，".join(f"{kid}: {n}" for kid, n in sorted(counter.items())) or "无数据"
            self.stdout.write(f"  {label}：{counts}")
