"""The CTI events of a PBX (Zammad's generic CTI API: newCall, answer, hangup).

Each (callId, event) is handled once: a repeat gets the first answer and changes nothing. Events may arrive out
of order (a hangup before its newCall, an answer after the hangup): the call record is filled from whatever has
arrived, and its wait/talk seconds and cause are recomputed from what is known after every event.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Q

from lianxin.accounts.models import User
from lianxin.common import clock
from lianxin.domain.agent_states import AgentState, CallCause, call_cause
from lianxin.domain.personal_data import mask_identifiers
from lianxin.intake.errors import InvalidIntakeInput
from lianxin.intake.live import SUPERVISORS, publish
from lianxin.intake.models import AgentSession, Call, CtiEvent, Direction, PbxToken
from lianxin.intake.numbers import national_number
from lianxin.intake.selectors import blocked_entry

from .agents import agent_move
from .distribution import call_offer_next, call_offer_withdraw

EVENTS = ("newCall", "answer", "hangup")
REJECT = {"action": "reject", "reason": "busy"}


@dataclass(frozen=True, slots=True)
class CtiPayload:
    event: str
    call_id: str
    from_number: str = ""
    to_number: str = ""
    direction: str = "in"
    users: list[str] = field(default_factory=list)
    queue: str = ""
    cause: str = ""
    answering_number: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {
            "event": self.event,
            "callId": self.call_id,
            "from": self.from_number,
            "to": self.to_number,
            "direction": self.direction,
            "user": self.users,
            "queue": self.queue,
            "cause": self.cause,
            "answeringNumber": self.answering_number,
        }

    def as_record(self) -> dict[str, Any]:
        """The payload as the event log keeps it: the caller's numbers masked — the call row holds them
        encrypted (ADR 0019 §4); the log needs only to show what kind of event arrived."""
        return self.as_dict() | {
            "from": mask_identifiers(self.from_number),
            "to": mask_identifiers(self.to_number),
        }


def _validate(payload: CtiPayload) -> None:
    errors: dict[str, list[str]] = {}
    if payload.event not in EVENTS:
        errors["event"] = ["事件应为 newCall、answer 或 hangup。"]
    if not payload.call_id or len(payload.call_id) > 250:
        errors["callId"] = ["callId 必填，且不超过250个字符。"]
    if payload.direction not in (Direction.IN, Direction.OUT):
        errors["direction"] = ["direction 应为 in 或 out。"]
    if errors:
        raise InvalidIntakeInput("CTI 事件内容有误。", fields=errors)


def user_for_pbx_value(value: str) -> User | None:
    """Zammad's lookup order for `answeringNumber`: the phone (here: the seat extension), the login, the id."""
    value = value.strip()
    if not value:
        return None
    session = (
        AgentSession.objects.select_related("user")
        .filter(seat__extension=value, ended_at__isnull=True)
        .first()
    )
    if session is not None:
        return session.user
    user = User.objects.filter(username=value, is_active=True).first()
    if user is None and value.isdigit():
        user = User.objects.filter(pk=int(value), is_active=True).first()
    return user


def _named_users(names: list[str]) -> list[int]:
    """`user[]` carries real names (or logins): the signed-in agents they name."""
    wanted = [n.strip() for n in names if n.strip()]
    if not wanted:
        return []
    return list(
        AgentSession.objects.filter(ended_at__isnull=True)
        .filter(Q(user__full_name__in=wanted) | Q(user__username__in=wanted) | Q(seat__extension__in=wanted))
        .values_list("user_id", flat=True)
    )


def _seconds(start: datetime | None, end: datetime | None) -> int | None:
    if start is None or end is None:
        return None
    return max(0, round((end - start).total_seconds()))


def _recompute(call: Call) -> None:
    call.wait_seconds = _seconds(call.offered_at, call.answered_at or call.ended_at)
    call.talk_seconds = _seconds(call.answered_at, call.ended_at) if call.answered_at else None
    if call.ended_at is not None and call.cause != CallCause.REJECTED:
        call.cause = call_cause(was_answered=call.answered_at is not None, pbx_cause=call.pbx_cause).value


def _call_locked(payload: CtiPayload) -> Call:
    call = Call.objects.select_for_update().filter(call_id=payload.call_id).first()
    if call is not None:
        return call
    caller = payload.from_number if payload.direction == Direction.IN else payload.to_number
    try:
        with transaction.atomic():
            return Call.objects.create(
                call_id=payload.call_id,
                direction=payload.direction,
                from_number=payload.from_number[:40],
                to_number=payload.to_number[:40],
                caller_number=national_number(caller)[:40],
                queue=payload.queue[:100],
            )
    except IntegrityError:  # another event of the same call created it first
        return Call.objects.select_for_update().get(call_id=payload.call_id)


def _agent_session_locked(user_id: int) -> AgentSession | None:
    return (
        AgentSession.objects.select_for_update(of=("self",))
        .select_related("seat", "current_call")
        .filter(user_id=user_id, ended_at__isnull=True)
        .first()
    )


def _on_new_call(call: Call, payload: CtiPayload, now: datetime) -> dict[str, Any]:
    if call.offered_at is None:
        call.offered_at = now
    call.from_number = call.from_number or payload.from_number[:40]
    call.to_number = call.to_number or payload.to_number[:40]
    call.queue = call.queue or payload.queue[:100]
    call.pbx_users = payload.users
    if payload.direction == Direction.IN and blocked_entry(call.caller_number, now=now) is not None:
        call.cause = CallCause.REJECTED.value
        _recompute(call)
        call.save()
        return dict(REJECT)
    _recompute(call)
    call.save()
    if payload.direction == Direction.IN and call.ended_at is None and call.answered_at is None:
        call_offer_next(call, now=now, named_user_ids=_named_users(payload.users) or None)
    return {}


def call_answered(call: Call, user: User | None, now: datetime) -> None:
    """Mark a locked call answered by `user` (or by the agent it rings) and put that agent in 通话."""
    if call.answered_at is None:
        call.answered_at = now
    agent = user
    if agent is None and call.offered_to_id is not None:
        agent = User.objects.filter(pk=call.offered_to_id).first()
    if call.offered_to_id is not None and (agent is None or call.offered_to_id != agent.pk):
        call_offer_withdraw(call, now=now, no_answer=False)
    if agent is not None and call.agent_id is None:
        call.agent = agent
    call.offered_to = None
    call.offer_expires_at = None
    _recompute(call)
    call.save()
    if agent is not None and call.ended_at is None:
        session = _agent_session_locked(agent.pk)
        if session is not None and AgentState(session.state) is not AgentState.TALKING:
            agent_move(session, AgentState.TALKING, now=now, call=call)


def _on_answer(call: Call, payload: CtiPayload, now: datetime) -> dict[str, Any]:
    call_answered(call, user_for_pbx_value(payload.answering_number), now)
    return {}


def _on_hangup(call: Call, payload: CtiPayload, now: datetime) -> dict[str, Any]:
    if call.ended_at is None:
        call.ended_at = now
    call.pbx_cause = payload.cause[:30]
    if call.answered_at is None and call.agent_id is None and payload.answering_number:
        call.agent = user_for_pbx_value(payload.answering_number)
    if call.offered_to_id is not None:
        call_offer_withdraw(call, now=now, no_answer=False)
        call.offered_to = None
        call.offer_expires_at = None
    _recompute(call)
    call.save()
    if call.agent_id is not None:
        session = _agent_session_locked(call.agent_id)
        if session is not None and session.current_call_id == call.pk and session.state == AgentState.TALKING:
            agent_move(session, AgentState.WRAP_UP, now=now, call=call)
    return {}


_HANDLERS = {"newCall": _on_new_call, "answer": _on_answer, "hangup": _on_hangup}


def cti_event_receive(*, token: PbxToken | None, payload: CtiPayload) -> dict[str, Any]:
    """Handle one CTI event and return Zammad's answer (`{}`, or `{"action": "reject", "reason": "busy"}`)."""
    _validate(payload)
    now = clock.now()
    with transaction.atomic():
        try:
            with transaction.atomic():
                record = CtiEvent.objects.create(
                    call_id=payload.call_id,
                    event=payload.event,
                    token=token,
                    payload=payload.as_record(),
                    received_at=now,
                )
        except IntegrityError:
            first = CtiEvent.objects.filter(call_id=payload.call_id, event=payload.event).first()
            return dict(first.response) if first is not None else {}
        call = _call_locked(payload)
        response = _HANDLERS[payload.event](call, payload, now)
        record.response = response
        record.save(update_fields=["response"])
        # The wallboard re-counts its call figures on this (no number: supervisors' channel, no personal data).
        publish([SUPERVISORS], f"call.{payload.event}", {"call_id": call.call_id, "cause": call.cause})
    return response
