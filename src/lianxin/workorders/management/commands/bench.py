"""`lianxin bench …`: runs `bench/run.py` with this interpreter, passing every argument through.

The bench chooses and prepares its own database (a temporary SQLite, or a `lianxin_bench` database on the
PostgreSQL server of DATABASE_URL) before Django is set up, so it runs as its own process rather than inside
this command's already-configured Django.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "基准测试：登记 + 分送 + 受理的吞吐量与延迟（参数见 bench/run.py --help）"

    def run_from_argv(self, argv: list[str]) -> None:
        script = Path(settings.REPOSITORY_DIR) / "bench" / "run.py"
        if not script.exists():
            raise CommandError("基准测试只能在源码仓库中运行（未找到 bench/run.py）。")
        status = subprocess.run([sys.executable, str(script), *argv[2:]], check=False).returncode
        if status:
            raise SystemExit(status)

    def handle(self, *args: object, **options: object) -> None:
        raise CommandError("请通过 `lianxin bench` 运行。")
