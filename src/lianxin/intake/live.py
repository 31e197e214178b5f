"""Live events of intake (screen pops, agent states, alerts) through the project's one publishing interface."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from lianxin.common.events import publish_live
from lianxin.domain.workflow import Role

SUPERVISORS = f"role:{Role.SHIFT_SUPERVISOR.value}"


def agent_channel(user_id: int) -> str:
    return f"user:{user_id}"


def publish(channels: Iterable[str], event_type: str, data: dict[str, Any]) -> None:
    """Sent after the surrounding transaction commits (`lianxin.common.events.publish_live`)."""
    publish_live(list(channels), event_type, data)
