"""Agent sign-in, states and sign-out. Every change writes an `AgentStateEvent` in the same transaction and is
published live to the agent and to the shift supervisors."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import IntegrityError, transaction

from lianxin.accounts.models import User
from lianxin.common import clock
from lianxin.domain.agent_states import (
    AGENT_CHOSEN_STATES,
    AGENT_STATE_LABELS,
    AgentState,
    check_agent_move,
)
from lianxin.domain.workflow import CENTER_ROLES
from lianxin.intake.errors import IntakeForbidden, InvalidIntakeInput
from lianxin.intake.live import SUPERVISORS, agent_channel, publish
from lianxin.intake.models import AgentSeat, AgentSession, AgentStateEvent, BreakReason, Call
from lianxin.intake.selectors import intake_policy

NO_ANSWER_REASON = (
    "no_answer"  # 振铃未接：seeded break reason, the agent is not offered calls until ready again
)


def agent_state_payload(session: AgentSession) -> dict[str, object]:
    return {
        "user_id": session.user_id,
        "extension": session.seat.extension,
        "state": session.state,
        "state_label": AGENT_STATE_LABELS[AgentState(session.state)],
        "since": session.state_since.isoformat(),
        "reason_code": session.reason_code,
        "call_id": session.current_call.call_id if session.current_call_id and session.current_call else None,
        "wrap_up_until": session.wrap_up_until.isoformat() if session.wrap_up_until else None,
    }


def agent_move(
    session: AgentSession,
    target: AgentState,
    *,
    now: datetime,
    reason_code: str = "",
    call: Call | None = None,
    keep_ready_since: bool = False,
) -> AgentSession:
    """Move a locked session to `target`, record the event, publish it. The caller holds the transaction."""
    current = AgentState(session.state)
    check_agent_move(current, target)
    AgentStateEvent.objects.create(
        session=session,
        user_id=session.user_id,
        from_state=current.value,
        to_state=target.value,
        reason_code=reason_code,
        call=call if call is not None else session.current_call,
        occurred_at=now,
    )
    session.state = target.value
    session.state_since = now
    session.reason_code = reason_code if target is AgentState.BREAK else ""
    if target is AgentState.READY and not keep_ready_since:
        session.ready_since = now
    if target in (AgentState.RINGING, AgentState.TALKING):
        session.current_call = call
    elif target in (AgentState.READY, AgentState.BREAK, AgentState.SIGNED_OUT):
        session.current_call = None
    session.wrap_up_until = (
        now + timedelta(seconds=intake_policy().wrap_up_max_seconds) if target is AgentState.WRAP_UP else None
    )
    if target is AgentState.SIGNED_OUT:
        session.ended_at = now
    session.save()
    publish([agent_channel(session.user_id), SUPERVISORS], "agent.state", agent_state_payload(session))
    return session


def _locked_session(user: User) -> AgentSession | None:
    return (
        AgentSession.objects.select_for_update(of=("self",))
        .select_related("seat", "current_call")
        .filter(user=user, ended_at__isnull=True)
        .first()
    )


def agent_sign_in(*, user: User, extension: str) -> AgentSession:
    """Sign in at the seat with this extension, ready at once. Signing in again at the same seat is a no-op."""
    if not user.is_authenticated or user.role_enum not in CENTER_ROLES:
        raise IntakeForbidden("只有12315中心人员可以签入坐席。")
    extension = extension.strip()
    seat = AgentSeat.objects.filter(extension=extension, is_active=True).first()
    if seat is None:
        raise InvalidIntakeInput(
            f"分机号「{extension}」不存在或已停用。", fields={"extension": ["分机号无效。"]}
        )
    now = clock.now()
    with transaction.atomic():
        existing = _locked_session(user)
        if existing is not None:
            if existing.seat_id == seat.pk:
                return existing
            raise InvalidIntakeInput(
                f"您已在分机 {existing.seat.extension} 签入，请先签出。",
                fields={"extension": ["已在其他坐席签入。"]},
            )
        try:
            with transaction.atomic():
                session = AgentSession.objects.create(
                    user=user,
                    seat=seat,
                    started_at=now,
                    state=AgentState.SIGNED_OUT.value,
                    state_since=now,
                )
        except IntegrityError:
            raise InvalidIntakeInput(
                f"分机 {extension} 已有人签入。", fields={"extension": ["该坐席已被占用。"]}
            ) from None
        session.seat = seat
        session = agent_move(session, AgentState.READY, now=now)
    _offer_waiting()
    return session


def agent_set_state(*, user: User, state: AgentState, reason_code: str = "") -> AgentSession:
    """What the agent chooses: 就绪, 小休 (with a reason code) or 签出."""
    if state not in AGENT_CHOSEN_STATES:
        raise InvalidIntakeInput("只能选择就绪、小休或签出。", fields={"state": ["状态无效。"]})
    if (
        state is AgentState.BREAK
        and not BreakReason.objects.filter(code=reason_code, is_active=True).exists()
    ):
        raise InvalidIntakeInput("请选择小休原因。", fields={"reason_code": ["小休原因无效。"]})
    now = clock.now()
    with transaction.atomic():
        session = _locked_session(user)
        if session is None:
            raise InvalidIntakeInput("您尚未签入坐席。", fields={"state": ["请先签入。"]})
        if AgentState(session.state) is state and session.reason_code == (
            reason_code if state is AgentState.BREAK else ""
        ):
            return session
        session = agent_move(
            session, state, now=now, reason_code=reason_code if state is AgentState.BREAK else ""
        )
    if state is AgentState.READY:
        _offer_waiting()
    return session


def _offer_waiting() -> None:
    from .distribution import calls_waiting_offer  # distribution builds on this module

    calls_waiting_offer()


def agent_sign_out(*, user: User) -> AgentSession | None:
    return agent_set_state(user=user, state=AgentState.SIGNED_OUT) if _has_session(user) else None


def _has_session(user: User) -> bool:
    return AgentSession.objects.filter(user=user, ended_at__isnull=True).exists()


def wrap_ups_expire(*, offer_waiting: bool = True) -> int:
    """Agents whose after-call work passed its maximum are ready again (a scheduled job and every distribution)."""
    now = clock.now()
    count = 0
    # No savepoint when nested (every distribution calls this inside its transaction): two round trips less.
    with transaction.atomic(savepoint=False):
        expired = (
            AgentSession.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("seat", "current_call")
            .filter(ended_at__isnull=True, state=AgentState.WRAP_UP.value, wrap_up_until__lte=now)
        )
        for session in expired:
            agent_move(session, AgentState.READY, now=now, reason_code="wrap_up_max")
            count += 1
    if count and offer_waiting:
        _offer_waiting()
    return count
