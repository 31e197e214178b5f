"""The CTI endpoint: Zammad's payloads, tokens, idempotency, out-of-order events, blocked numbers, the record."""

from __future__ import annotations

from datetime import timedelta

import pytest
from rest_framework.test import APIClient

from lianxin.common import clock
from lianxin.intake.models import AgentStateEvent, BlockedNumber, Call, CtiEvent
from lianxin.intake.services import agent_sign_in, pbx_token_create, pbx_token_revoke

pytestmark = pytest.mark.django_db


def test_wrong_or_revoked_token_is_refused_like_an_unknown_address(cti, pbx_token):
    client = APIClient()
    response = client.post("/api/v1/cti/not-a-token", {"event": "newCall", "callId": "1"}, format="json")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
    assert not Call.objects.exists()
    pbx_token_revoke(name="测试交换机")
    assert cti("newCall", "c1", **{"from": "13912345678"}).status_code == 404


def test_zammad_inbound_json_and_form_payloads(cti):
    json_answer = cti(
        "newCall", "307fa962", **{"from": "8613912345678", "user": ["张丽", "王强"], "queue": "12315"}
    )
    assert json_answer.status_code == 200
    assert json_answer.json() == {}
    form_answer = cti(
        "newCall", "25641e3f", as_form=True, **{"from": "02988886666", "user[]": ["李娜", "王强"]}
    )
    assert form_answer.status_code == 200
    assert form_answer.json() == {}
    first = Call.objects.get(call_id="307fa962")
    assert first.caller_number == "13912345678"
    assert first.queue == "12315"
    assert first.pbx_users == ["张丽", "王强"]
    assert Call.objects.get(call_id="25641e3f").pbx_users == ["李娜", "王强"]


def test_bad_event_is_an_input_error(cti):
    response = cti("ringing", "x1")
    assert response.status_code == 400
    assert "event" in response.json()["fields"]


def test_repeated_event_is_handled_once(cti, clock_at):
    cti("newCall", "dup", **{"from": "13912345678"})
    clock_at.shift(timedelta(seconds=5))
    cti("hangup", "dup", cause="cancel")
    clock_at.shift(timedelta(seconds=30))
    again = cti("hangup", "dup", cause="normalClearing")
    assert again.json() == {}
    call = Call.objects.get(call_id="dup")
    assert call.pbx_cause == "cancel"
    assert call.wait_seconds == 5
    assert CtiEvent.objects.filter(call_id="dup").count() == 2


def test_out_of_order_events_build_the_same_record(cti, clock_at):
    cti("hangup", "ooo", cause="normalClearing", answeringNumber="nobody")
    clock_at.shift(timedelta(seconds=1))
    cti("answer", "ooo")
    cti("newCall", "ooo", **{"from": "13912345678"})
    call = Call.objects.get(call_id="ooo")
    assert call.ended_at is not None
    assert call.answered_at is not None
    assert call.offered_at is not None
    assert call.cause == "answered"
    assert call.offered_to_id is None  # an ended call is never offered


def test_abandoned_and_answered_causes_and_seconds(cti, clock_at, agents, seats):
    agent_sign_in(user=agents["agent"], extension="8001")
    cti("newCall", "a1", **{"from": "13912345678"})
    clock_at.shift(timedelta(seconds=8))
    cti("answer", "a1", answeringNumber="8001")
    clock_at.shift(timedelta(seconds=120))
    cti("hangup", "a1", cause="normalClearing", answeringNumber="8001")
    answered = Call.objects.get(call_id="a1")
    assert (answered.cause, answered.wait_seconds, answered.talk_seconds) == ("answered", 8, 120)
    assert answered.agent == agents["agent"]

    cti("newCall", "a2", **{"from": "13912345679"})
    clock_at.shift(timedelta(seconds=40))
    cti("hangup", "a2", cause="cancel")
    abandoned = Call.objects.get(call_id="a2")
    assert (abandoned.cause, abandoned.wait_seconds, abandoned.talk_seconds) == ("abandoned", 40, None)


def test_blocked_number_is_rejected_as_zammad_does(cti, people, clock_at):
    BlockedNumber.objects.create(number="13800000000", reason="骚扰", created_by=people["supervisor"])
    answer = cti("newCall", "b1", **{"from": "+86 138 0000 0000"})
    assert answer.json() == {"action": "reject", "reason": "busy"}
    assert Call.objects.get(call_id="b1").cause == "rejected"
    expired = BlockedNumber.objects.create(
        number="13800000001",
        reason="过期",
        expires_at=clock.now() - timedelta(days=1),
        created_by=people["supervisor"],
    )
    assert cti("newCall", "b2", **{"from": expired.number}).json() == {}


def test_token_command_output_is_usable(db):
    token, raw = pbx_token_create(name="另一台")
    assert token.token_hash != raw
    assert len(raw) >= 40
    assert token.token_prefix == raw[:6]


def test_answer_moves_the_agent_and_hangup_starts_wrap_up(cti, clock_at, agents, seats):
    agent_sign_in(user=agents["agent"], extension="8001")
    cti("newCall", "w1", **{"from": "13912345678"})
    cti("answer", "w1", answeringNumber="8001")
    cti("hangup", "w1", cause="normalClearing")
    moves = list(AgentStateEvent.objects.filter(user=agents["agent"]).values_list("to_state", flat=True))
    assert moves == ["ready", "ringing", "talking", "wrap_up"]
