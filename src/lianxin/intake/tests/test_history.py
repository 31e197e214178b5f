"""The caller history (screen pop): open first, repeat-call flags, blocked mark, scope, registration from a call."""

from __future__ import annotations

from datetime import timedelta

import pytest

from lianxin.domain.workflow import Action
from lianxin.intake.models import BlockedNumber, Call
from lianxin.intake.numbers import national_number, stored_forms
from lianxin.intake.selectors import caller_history
from lianxin.workorders.services import TransitionInput, work_order_register, work_order_transition
from lianxin.workorders.tests.factories import complaint_input, consultation_input

pytestmark = pytest.mark.django_db


def test_number_forms():
    assert national_number("8613912345678") == "13912345678"
    assert national_number("+86 29 8888 6666") == "02988886666"
    assert national_number("anonymous") == ""
    assert stored_forms("02988886666") == ["02988886666", "029-88886666"]
    assert stored_forms("09171234567") == ["09171234567", "0917-1234567"]


def test_open_first_with_flags_and_blocked_mark(people, org, clock_at):
    agent = people["agent"]
    closed = work_order_register(actor=agent, data=consultation_input(contact_phone="13912345678"))
    work_order_transition(
        work_order_id=closed.pk, actor=agent, data=TransitionInput(action=Action.ANSWER, note="已解答")
    )
    open_item = work_order_register(actor=agent, data=complaint_input(contact_phone="13912345678"))
    for n in range(2):  # two earlier calls this week: the current one is the 3rd
        Call.objects.create(
            call_id=f"h{n}",
            caller_number="13912345678",
            offered_at=open_item.received_at + timedelta(hours=n),
        )
    BlockedNumber.objects.create(number="13912345678", reason="辱骂", created_by=people["supervisor"])

    history = caller_history("8613912345678", user=agent, exclude_call_id="now")
    assert [w.id for w in history.work_orders] == [open_item.pk, closed.pk]
    assert history.work_orders[0].is_open
    assert not history.work_orders[1].is_open
    codes = [f["code"] for f in history.flags]
    assert codes == ["blocked", "repeat_calls", "open_complaint"]
    assert "第3次来电" in history.flags[1]["label"]
    assert "西安某某电器有限公司" in history.flags[2]["label"]


def test_history_follows_the_data_scope(people, org, clock_at):
    work_order_register(actor=people["agent"], data=complaint_input(contact_phone="13912345678"))
    assert len(caller_history("13912345678", user=people["agent"]).work_orders) == 1
    assert caller_history("13912345678", user=people["weibin_handler"]).work_orders == []


def test_register_and_dispatch_in_one_action(people, org, clock_at, client_as, cti, seats):
    from lianxin.intake.services import agent_sign_in

    agent = people["agent"]
    agent_sign_in(user=agent, extension="8001")
    cti("newCall", "reg1", **{"from": "13912345678"})
    client = client_as(agent)
    body = {
        "call_id": "reg1",
        "kind": "complaint",
        "channel": "hotline",
        "contact_name": "王芳",
        "contact_phone": "13912345678",
        "respondent_name": "西安某某电器有限公司",
        "respondent_address": "西安市雁塔区长安南路88号",
        "facts": "冰箱不制冷。",
        "claims": "退货",
        "dispatch_unit_id": org["yanta"].pk,
    }
    response = client.post("/api/v1/calls/register/", body, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["state"] == "dispatched"
    assert response.json()["due_on"] is not None
    assert Call.objects.get(call_id="reg1").work_orders.count() == 1

    bad = client.post("/api/v1/calls/register/", {**body, "facts": ""}, format="json")
    assert bad.status_code == 400
    assert bad.json()["fields"]["facts"] == ["此项为必填项。"]
