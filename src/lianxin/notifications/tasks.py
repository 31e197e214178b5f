"""Background jobs of the outbox (django-q2 through lianxin.common.jobs)."""

from __future__ import annotations

from dataclasses import asdict
from datetime import time

from lianxin.common.jobs import Every, scheduled  # django-q2 wrapper (ADR 0013)

from .services import outbox_deliver, outbox_deliver_due
from .sweep import deadline_sweep


def deliver_message(message_id: int) -> None:
    outbox_deliver(message_id)


@scheduled("通知发件箱重试", every=Every.MINUTES, minutes=1)
def deliver_due() -> int:
    return outbox_deliver_due()


@scheduled("每日期限巡检", every=Every.DAILY, at=time(7, 0))
def daily_deadline_sweep() -> dict[str, int]:
    return asdict(deadline_sweep())
