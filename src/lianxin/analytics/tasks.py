"""Scheduled analytics jobs (ADR 0013): the rollup refresh, the daily hot-spot detection, the monthly report."""

from __future__ import annotations

from datetime import date, time, timedelta

from lianxin.accounts.models import User
from lianxin.analytics.models import MonthlyReport
from lianxin.analytics.services.hotspots import hotspots_detect
from lianxin.analytics.services.reports import report_monthly_archive
from lianxin.analytics.services.rollups import rollup_refresh
from lianxin.common import clock
from lianxin.common.jobs import Every, scheduled


@scheduled("统计汇总刷新", every=Every.MINUTES, minutes=1)
def refresh_rollups_task() -> None:
    rollup_refresh()


@scheduled("每日热点检测", every=Every.DAILY, at=time(0, 30))
def detect_hotspots_task() -> None:
    """Yesterday's hot spots, once the day is complete."""
    hotspots_detect(day=clock.today() - timedelta(days=1))


@scheduled("月度统计报告", every=Every.DAILY, at=time(2, 0))
def archive_monthly_report_task() -> None:
    """Last month's report, once: the job runs daily and does nothing when the month is already archived."""
    month = (clock.today().replace(day=1) - timedelta(days=1)).replace(day=1)
    if not MonthlyReport.objects.filter(month=month).exists():
        report_monthly_archive(month=month)


def archive_monthly_report_on_demand_task(month_iso: str, user_id: int | None = None) -> int:
    actor = User.objects.filter(pk=user_id).first() if user_id else None
    return report_monthly_archive(month=date.fromisoformat(month_iso), actor=actor).pk
