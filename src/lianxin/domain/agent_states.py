"""Agent states at a seat (坐席状态) and the moves between them, as one table.

签出 → 就绪 ⇄ 小休; 就绪 → 振铃 → 通话 → 话后整理 → 就绪. A ringing call the agent does not take goes back to
就绪 (the PBX or the ring timeout withdraws it). The after-call work (话后整理) has a maximum after which the agent
is ready again; the maximum is data (`DistributionPolicy`), not a literal here.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Final

from .errors import DomainError


class AgentState(StrEnum):
    SIGNED_OUT = "signed_out"  # 签出
    READY = "ready"  # 就绪
    RINGING = "ringing"  # 振铃
    TALKING = "talking"  # 通话
    WRAP_UP = "wrap_up"  # 话后整理
    BREAK = "break"  # 小休


AGENT_STATE_LABELS: Final = {
    AgentState.SIGNED_OUT: "签出",
    AgentState.READY: "就绪",
    AgentState.RINGING: "振铃",
    AgentState.TALKING: "通话",
    AgentState.WRAP_UP: "话后整理",
    AgentState.BREAK: "小休",
}

# Which states an agent may ask for (the others follow from calls).
AGENT_CHOSEN_STATES: Final = frozenset({AgentState.READY, AgentState.BREAK, AgentState.SIGNED_OUT})

_MOVES: Final[dict[AgentState, frozenset[AgentState]]] = {
    AgentState.SIGNED_OUT: frozenset({AgentState.READY, AgentState.BREAK}),
    AgentState.READY: frozenset(
        {AgentState.RINGING, AgentState.TALKING, AgentState.BREAK, AgentState.SIGNED_OUT}
    ),
    AgentState.RINGING: frozenset(
        {AgentState.TALKING, AgentState.READY, AgentState.BREAK, AgentState.SIGNED_OUT}
    ),
    AgentState.TALKING: frozenset({AgentState.WRAP_UP, AgentState.READY}),
    AgentState.WRAP_UP: frozenset(
        {AgentState.READY, AgentState.BREAK, AgentState.SIGNED_OUT, AgentState.RINGING, AgentState.TALKING}
    ),
    AgentState.BREAK: frozenset({AgentState.READY, AgentState.SIGNED_OUT, AgentState.TALKING}),
}


class IllegalAgentMove(DomainError):
    """The agent cannot go from one state to the other (e.g. sign out during a call)."""


def check_agent_move(current: AgentState, target: AgentState) -> None:
    """Raise `IllegalAgentMove` unless `current → target` is in the table (staying put is always allowed)."""
    if current == target or target in _MOVES[current]:
        return
    raise IllegalAgentMove(
        f"当前状态为「{AGENT_STATE_LABELS[current]}」，不能切换为「{AGENT_STATE_LABELS[target]}」。",
        fields={"state": ["状态切换不允许。"]},
    )


class CallCause(StrEnum):
    """How a call ended, for the call record (the PBX's raw hang-up cause is kept beside it)."""

    ANSWERED = "answered"  # 已接听
    ABANDONED = "abandoned"  # 放弃（来电人在接听前挂断）
    MISSED = "missed"  # 未接（无人应答、忙、不可达）
    REJECTED = "rejected"  # 拒接（黑名单号码）


CALL_CAUSE_LABELS: Final = {
    CallCause.ANSWERED: "已接听",
    CallCause.ABANDONED: "放弃",
    CallCause.MISSED: "未接",
    CallCause.REJECTED: "拒接",
}

# Zammad's generic CTI hang-up causes (normalClearing, busy, cancel, noAnswer, congestion, notFound, forwarded).
_PBX_UNANSWERED: Final = {
    "cancel": CallCause.ABANDONED,
    "busy": CallCause.MISSED,
    "noAnswer": CallCause.MISSED,
    "congestion": CallCause.MISSED,
    "notFound": CallCause.MISSED,
    "forwarded": CallCause.MISSED,
    "normalClearing": CallCause.ABANDONED,
}


def call_cause(*, was_answered: bool, pbx_cause: str, was_rejected: bool = False) -> CallCause:
    """The record's cause from what is known: answered calls are answered whatever the PBX says; an unanswered
    call the caller gave up on (`cancel`, or a clearing before anyone picked up) is abandoned; the rest missed."""
    if was_rejected:
        return CallCause.REJECTED
    if was_answered:
        return CallCause.ANSWERED
    return _PBX_UNANSWERED.get(pbx_cause, CallCause.MISSED)
