"""Background jobs of the outbox (django-q2 through lianxin.common.jobs)."""

from __future__ import annotations

from lianxin.common.jobs import Every, scheduled  # django-q2 wrapper (ADR 0013)

from .services import outbox_deliver, outbox_deliver_due


def deliver_message(message_id: int) -> None:
    outbox_deliver(message_id)


@scheduled("通知发件箱重试", every=Every.MINUTES, minutes=1)
def deliver_due() -> int:
    return outbox_deliver_due()
