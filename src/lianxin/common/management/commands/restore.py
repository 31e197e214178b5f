from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from lianxin.common.backup import BackupError, restore


class Command(BaseCommand):
    help = "用备份文件替换数据库的全部内容（先停止服务；PostgreSQL 可用 --database 恢复到另一个库）"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="./lianxin backup 生成的备份文件")
        parser.add_argument("--yes", action="store_true", help="确认覆盖当前数据库")
        parser.add_argument("--database", help="PostgreSQL：恢复到这个数据库（须已存在），而不是当前数据库")

    def handle(self, *args: Any, **options: Any) -> None:
        if not options["yes"] and not options["database"]:
            raise CommandError("恢复会覆盖当前数据库的全部内容；确认请加 --yes。")
        try:
            restore(Path(options["file"]), database=options["database"])
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"已从 {options['file']} 恢复。")
