"""`lianxin load_workforce_demo`: the demo center's 54 agents with skills, six weeks of call history and a
published roster for the current two weeks (run by `lianxin start --demo`; idempotent)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from lianxin.accounts.models import User
from lianxin.workforce.demo import workforce_demo_load
from lianxin.workforce.models import Agent


class Command(BaseCommand):
    help = "加载排班演示数据：54 名坐席（含值班长、资深坐席）、六周历史来电量、本期已发布的排班"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--time-limit", type=float, default=30.0, help="排班求解时限（秒）")

    def handle(self, *args: Any, **options: Any) -> None:
        report = workforce_demo_load(time_limit_seconds=options["time_limit"])
        # The demo agent is 坐席 D001, so the duty list shows a signed-in agent once they log in.
        demo_agent = User.objects.filter(username="demo_agent").first()
        if demo_agent is not None and not Agent.objects.filter(user=demo_agent).exists():
            Agent.objects.filter(code="D001", user__isnull=True).update(user=demo_agent)
        roster = f"，已发布排班版本 #{report.roster_version_id}" if report.roster_version_id else ""
        self.stdout.write(
            f"排班演示数据：新建坐席 {report.agents_created} 名，历史来电量 {report.history_slots} 个时段{roster}。"
        )
