"""Create or update the schedules of the background jobs declared in the apps' ``tasks.py`` (run by start)."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from lianxin.common.jobs import ensure_schedules


class Command(BaseCommand):
    help = "登记各应用声明的定时后台任务（幂等）"

    def handle(self, *args, **options) -> None:
        names = ensure_schedules()
        self.stdout.write(f"定时任务 {len(names)} 项：{'、'.join(names) or '无'}")
