"""`lianxin load_workforce_defaults`: store the built-in skills, shift templates and labour rules once (idempotent),
so the administrator can edit them in the admin. Called by `lianxin start`."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from lianxin.workforce.services import workforce_defaults_ensure


class Command(BaseCommand):
    help = "写入默认的技能、班次模板和劳动规则（已有则不变）。"

    def handle(self, *args: Any, **options: Any) -> None:
        if workforce_defaults_ensure() and options["verbosity"] > 1:
            self.stdout.write("已写入排班默认数据。")
