"""Scheduled housekeeping of the live-push layer."""

from __future__ import annotations

from lianxin.common.jobs import Every, scheduled

from .store import prune_live_messages


@scheduled("清理过期实时消息", every=Every.HOURLY)
def prune_live_messages_task() -> int:
    return prune_live_messages()
