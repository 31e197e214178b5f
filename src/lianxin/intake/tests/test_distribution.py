"""Agent states and distribution: longest idle, the caller's own agent, skills, ring timeout, wrap-up maximum."""

from __future__ import annotations

from datetime import timedelta

import pytest

from lianxin.domain.agent_states import AgentState
from lianxin.intake.models import AgentSession, AgentSkill, AgentStateEvent, Call, IntakePolicy
from lianxin.intake.services import (
    agent_set_state,
    agent_sign_in,
    call_answer,
    call_offers_expire,
    call_route,
    wrap_ups_expire,
)
from lianxin.workorders.services import work_order_register
from lianxin.workorders.tests.factories import complaint_input

pytestmark = pytest.mark.django_db


def _state(user) -> str:
    return AgentSession.objects.get(user=user, ended_at__isnull=True).state


def test_longest_idle_ready_agent_gets_the_call(cti, clock_at, agents, seats):
    agent_sign_in(user=agents["agent2"], extension="8002")
    clock_at.shift(timedelta(seconds=10))
    agent_sign_in(user=agents["agent3"], extension="8003")
    cti("newCall", "c1", **{"from": "13700000001"})
    assert Call.objects.get(call_id="c1").offered_to == agents["agent2"]
    assert _state(agents["agent2"]) == AgentState.RINGING


def test_agent_of_the_callers_open_work_order_is_preferred(cti, clock_at, agents, seats, people):
    work_order_register(actor=agents["agent3"], data=complaint_input(contact_phone="13912345678"))
    agent_sign_in(user=agents["agent2"], extension="8002")
    clock_at.shift(timedelta(seconds=10))
    agent_sign_in(user=agents["agent3"], extension="8003")
    cti("newCall", "c2", **{"from": "8613912345678"})
    assert Call.objects.get(call_id="c2").offered_to == agents["agent3"]


def test_skill_for_flagged_callers_when_configured(cti, clock_at, agents, seats, people):
    IntakePolicy.objects.update(flagged_caller_skill="senior", prefer_work_order_agent=False)
    AgentSkill.objects.create(user=agents["agent3"], skill="senior")
    work_order_register(actor=people["agent"], data=complaint_input(contact_phone="13912345678"))
    agent_sign_in(user=agents["agent2"], extension="8002")
    clock_at.shift(timedelta(seconds=10))
    agent_sign_in(user=agents["agent3"], extension="8003")
    cti("newCall", "c3", **{"from": "13912345678"})  # flagged: open complaint about the same business
    assert Call.objects.get(call_id="c3").offered_to == agents["agent3"]
    cti("newCall", "c4", **{"from": "13700000009"})  # not flagged: longest idle
    assert Call.objects.get(call_id="c4").offered_to == agents["agent2"]


def test_unanswered_offer_moves_to_the_next_agent(cti, clock_at, agents, seats):
    agent_sign_in(user=agents["agent2"], extension="8002")
    clock_at.shift(timedelta(seconds=10))
    agent_sign_in(user=agents["agent3"], extension="8003")
    cti("newCall", "r1", **{"from": "13700000001"})
    clock_at.shift(timedelta(seconds=IntakePolicy.objects.get().ring_seconds + 1))
    assert call_offers_expire() == 1
    call = Call.objects.get(call_id="r1")
    assert call.offered_to == agents["agent3"]
    assert call.offered_user_ids == [agents["agent2"].pk, agents["agent3"].pk]
    session = AgentSession.objects.get(user=agents["agent2"], ended_at__isnull=True)
    assert (session.state, session.reason_code) == ("break", "no_answer")
    routed = call_route(call_id="r1")
    assert routed is not None
    assert routed.user == agents["agent3"]


def test_agent_answers_through_the_api_and_wrap_up_ends_at_its_maximum(
    cti, clock_at, agents, seats, client_as
):
    agent_sign_in(user=agents["agent"], extension="8001")
    cti("newCall", "x1", **{"from": "13700000001"})
    other = client_as(agents["agent2"]).post("/api/v1/calls/x1/answer/")
    assert other.status_code == 403
    answered = client_as(agents["agent"]).post("/api/v1/calls/x1/answer/")
    assert answered.status_code == 200
    assert answered.json()["agent"] == "agent"
    cti("answer", "x1", answeringNumber="8001")  # the PBX's own answer changes nothing
    cti("hangup", "x1", cause="normalClearing")
    assert _state(agents["agent"]) == AgentState.WRAP_UP
    assert wrap_ups_expire() == 0
    clock_at.shift(timedelta(seconds=IntakePolicy.objects.get().wrap_up_max_seconds + 1))
    assert wrap_ups_expire() == 1
    assert _state(agents["agent"]) == AgentState.READY


def test_break_needs_a_reason_code_and_sign_out_during_a_call_is_refused(cti, clock_at, agents, seats):
    from lianxin.domain.agent_states import IllegalAgentMove
    from lianxin.intake.errors import InvalidIntakeInput

    agent_sign_in(user=agents["agent"], extension="8001")
    with pytest.raises(InvalidIntakeInput):
        agent_set_state(user=agents["agent"], state=AgentState.BREAK, reason_code="")
    agent_set_state(user=agents["agent"], state=AgentState.BREAK, reason_code="meal")
    agent_set_state(user=agents["agent"], state=AgentState.READY)
    cti("newCall", "s1", **{"from": "13700000001"})
    call_answer(user=agents["agent"], call_id="s1")
    with pytest.raises(IllegalAgentMove):
        agent_set_state(user=agents["agent"], state=AgentState.SIGNED_OUT)
    events = AgentStateEvent.objects.filter(user=agents["agent"]).values_list("to_state", "reason_code")
    assert list(events)[:3] == [("ready", ""), ("break", "meal"), ("ready", "")]


def test_seat_taken_by_someone_else_is_refused(agents, seats, clock_at):
    from lianxin.intake.errors import InvalidIntakeInput

    agent_sign_in(user=agents["agent"], extension="8001")
    with pytest.raises(InvalidIntakeInput):
        agent_sign_in(user=agents["agent2"], extension="8001")


def test_a_call_waiting_for_an_agent_is_offered_when_one_becomes_ready(cti, clock_at, agents, seats):
    agent_sign_in(user=agents["agent"], extension="8001")
    agent_set_state(user=agents["agent"], state=AgentState.BREAK, reason_code="meal")
    cti("newCall", "q1", **{"from": "13700000001"})
    clock_at.shift(timedelta(seconds=5))
    cti("newCall", "q2", **{"from": "13700000002"})
    assert Call.objects.get(call_id="q1").offered_to is None
    agent_set_state(user=agents["agent"], state=AgentState.READY)
    assert Call.objects.get(call_id="q1").offered_to == agents["agent"]
    assert Call.objects.get(call_id="q2").offered_to is None
