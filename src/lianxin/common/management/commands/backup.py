from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection

from lianxin.common.backup import BackupError, backup


class Command(BaseCommand):
    help = "在线备份整个数据库（SQLite：在线备份接口；PostgreSQL：pg_dump）。字段加密密钥不在备份中，须另行妥善保管"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--output", "-o", help="备份文件路径（缺省为 LIANXIN_HOME/backups/ 下按时间命名）")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["output"]:
            output = Path(options["output"])
        else:
            suffix = "sqlite3" if connection.vendor == "sqlite" else "pgdump"
            stamp = datetime.now().strftime("%Y%m%d-%H%M%S")  # noqa: DTZ005 - a file name in local time
            output = Path(settings.LIANXIN_HOME) / "backups" / f"lianxin-{stamp}.{suffix}"
        try:
            path = backup(output)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"已备份到 {path}（{path.stat().st_size:,} 字节）。")
        self.stdout.write("提醒：字段加密密钥（LIANXIN_HOME/field_keys.json 或环境变量）不在备份中，请另行安全保存。")
