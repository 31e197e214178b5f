"""Call distribution (话务分配): Lianxin as the PBX's routing brain.

The next agent for a call is a ready agent who has not yet been offered it: first the agent who registered the
caller's open work order (when the policy prefers it), then — for a flagged caller, when the policy names a
skill — agents with that skill, then the one idle the longest. An offer that is not answered within the policy's
ring time moves on to the next agent; the agent who let it ring goes to 小休 (未应答) so no further call rings an
empty seat.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import QuerySet

from lianxin.common import clock
from lianxin.domain.agent_states import AgentState
from lianxin.intake.live import agent_channel, publish
from lianxin.intake.models import AgentSession, AgentSkill, Call, IntakePolicy
from lianxin.intake.selectors import CallerHistory, caller_history, intake_policy, open_work_order_agents

from .agents import NO_ANSWER_REASON, agent_move, wrap_ups_expire


def _ready_sessions(exclude_user_ids: list[int]) -> QuerySet[AgentSession]:
    return (
        AgentSession.objects.select_for_update(skip_locked=True, of=("self",))
        # The user and unit too: the pop's history is scoped to the agent (no two more round trips per call).
        .select_related("seat", "current_call", "user__unit")
        .filter(ended_at__isnull=True, state=AgentState.READY.value)
        .exclude(user_id__in=exclude_user_ids)
        .order_by("ready_since", "id")
    )


def _pick(
    call: Call, policy: IntakePolicy, *, named_user_ids: list[int] | None = None
) -> AgentSession | None:
    ready = _ready_sessions(list(call.offered_user_ids))
    if named_user_ids:  # the PBX named the agents (user[]): only they may get it
        return ready.filter(user_id__in=named_user_ids).first()
    if policy.prefer_work_order_agent:
        preferred = open_work_order_agents(call.caller_number)
        if preferred:
            session = ready.filter(user_id__in=preferred).first()
            if session is not None:
                return session
    if (
        policy.flagged_caller_skill
        and caller_history(call.caller_number, exclude_call_id=call.call_id).is_flagged
    ):
        skilled = AgentSkill.objects.filter(skill=policy.flagged_caller_skill).values("user_id")
        session = ready.filter(user_id__in=skilled).first()
        if session is not None:
            return session
    return ready.first()


def pop_payload(call: Call, history: CallerHistory) -> dict[str, object]:
    return {
        "call_id": call.call_id,
        "id": call.pk,
        "direction": call.direction,
        "from": call.from_number,
        "to": call.to_number,
        "queue": call.queue,
        "offered_at": call.offered_at.isoformat() if call.offered_at else None,
        "expires_at": call.offer_expires_at.isoformat() if call.offer_expires_at else None,
        "history": history.as_dict(),
    }


def call_offer_next(
    call: Call,
    *,
    now: datetime,
    named_user_ids: list[int] | None = None,
) -> AgentSession | None:
    """Offer a ringing call (locked by the caller) to the next agent and pop it on that agent's screen."""
    if call.ended_at is not None or call.answered_at is not None:
        return None
    wrap_ups_expire(offer_waiting=False)  # this call is being offered: no nested offering of the queue
    policy = intake_policy()
    session = _pick(call, policy, named_user_ids=named_user_ids)
    if session is None:
        call.offered_to = None
        call.offer_expires_at = None
        call.save(update_fields=["offered_to", "offer_expires_at"])
        return None
    call.offered_to_id = session.user_id
    call.offer_expires_at = now + timedelta(seconds=policy.ring_seconds)
    call.offered_user_ids = [*call.offered_user_ids, session.user_id]
    call.save(update_fields=["offered_to", "offer_expires_at", "offered_user_ids"])
    agent_move(session, AgentState.RINGING, now=now, call=call, keep_ready_since=True)
    # The agent's own view of the history: only what their role and unit may see.
    history_for_agent = caller_history(call.caller_number, user=session.user, exclude_call_id=call.call_id)
    publish([agent_channel(session.user_id)], "call.offered", pop_payload(call, history_for_agent))
    return session


def call_offer_withdraw(call: Call, *, now: datetime, no_answer: bool) -> None:
    """The ringing agent no longer has the call (timeout, hang-up, answered elsewhere): back to 就绪, or to 小休
    (未应答) when they let it ring out."""
    if call.offered_to_id is None:
        return
    session = (
        AgentSession.objects.select_for_update(of=("self",))
        .select_related("seat", "current_call")
        .filter(
            user_id=call.offered_to_id,
            ended_at__isnull=True,
            current_call=call,
            state=AgentState.RINGING.value,
        )
        .first()
    )
    if session is not None:
        if no_answer:
            agent_move(session, AgentState.BREAK, now=now, reason_code=NO_ANSWER_REASON)
        else:
            agent_move(session, AgentState.READY, now=now, keep_ready_since=True)
    publish([agent_channel(call.offered_to_id)], "call.withdrawn", {"call_id": call.call_id})


def call_offers_expire() -> int:
    """Re-offer every call whose ring time passed (the route endpoint and a scheduled job run it)."""
    now = clock.now()
    count = 0
    with transaction.atomic():
        expired = Call.objects.select_for_update(skip_locked=True).filter(
            ended_at__isnull=True, answered_at__isnull=True, offer_expires_at__lte=now
        )
        for call in expired:
            call_offer_withdraw(call, now=now, no_answer=True)
            call_offer_next(call, now=now)
            count += 1
    return count


def call_route(*, call_id: str) -> AgentSession | None:
    """The routing-brain question "which agent for this call?": the agent it rings now, offering it when needed."""
    call_offers_expire()
    now = clock.now()
    with transaction.atomic():
        call = Call.objects.select_for_update().filter(call_id=call_id).first()
        if call is None or call.ended_at is not None or call.answered_at is not None:
            return None
        if call.offered_to_id is not None:
            return (
                AgentSession.objects.select_related("seat", "user")
                .filter(user_id=call.offered_to_id, ended_at__isnull=True)
                .first()
            )
        return call_offer_next(call, now=now)


def calls_waiting_offer() -> int:
    """Offer the calls waiting in the queue (nobody was ready at their newCall), oldest first, while agents are
    ready. Run whenever an agent becomes ready."""
    now = clock.now()
    offered = 0
    with transaction.atomic():
        waiting = (
            Call.objects.select_for_update(skip_locked=True)
            .filter(
                direction="in",
                ended_at__isnull=True,
                answered_at__isnull=True,
                offered_to__isnull=True,
                offered_at__isnull=False,
                cause="",
            )
            .order_by("offered_at", "id")[:20]
        )
        for call in waiting:
            if call_offer_next(call, now=now) is None:
                break
            offered += 1
    return offered
