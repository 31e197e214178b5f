"""Scheduled safety nets of intake: the routing endpoint and agent actions already run these on demand."""

from __future__ import annotations

from lianxin.common.jobs import Every, scheduled

from .services import call_offers_expire, wrap_ups_expire


@scheduled("来电振铃超时转接与话后整理到时", every=Every.MINUTES, minutes=1)
def intake_timeouts_task() -> dict[str, int]:
    return {"wrap_ups": wrap_ups_expire(), "offers": call_offers_expire()}
