"""The work-order endpoints: register, list (filters, paging, query count), detail, transitions, events."""

from __future__ import annotations

from decimal import Decimal

import pytest
import time_machine

from lianxin.domain.workflow import Action
from lianxin.workorders.models import WorkOrder
from lianxin.workorders.services import TransitionInput, work_order_register, work_order_transition
from lianxin.workorders.tests.factories import at, complaint_input, consultation_input, report_input

LIST = "/api/v1/work-orders/"

COMPLAINT = {
    "kind": "complaint",
    "channel": "hotline",
    "contact_name": "赵敏",
    "contact_phone": "13800138000",
    "respondent_name": "西安某某手机店",
    "respondent_address": "西安市雁塔区电子正街3号",
    "category_code": "household_appliances",
    "issue_type_code": "quality",
    "summary": "手机屏幕有坏点",
    "facts": "5月1日购买手机，开机发现屏幕坏点，商家拒绝更换。",
    "claims": "更换新机",
    "amount_involved": "2999.00",
    "is_group_complaint": False,
}


def _ids(response) -> list[int]:
    assert response.status_code == 200, response.content
    return [item["id"] for item in response.json()["results"]]


# --- register ---------------------------------------------------------------------------------------------


def test_register_returns_201_with_the_detail_body(client_for, people):
    response = client_for("agent").post(LIST, COMPLAINT, format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    stored = WorkOrder.objects.get(pk=body["id"])
    assert body["number"] == stored.number == "SN12315-2026-000001"
    assert body["state"] == "registered"
    assert body["state_label"] == "已登记"
    assert body["kind_label"] == "投诉"
    assert body["channel_label"] == "12315热线"
    assert body["version"] == 1
    assert body["amount_involved"] == "2999.00"
    assert body["category"] == {"code": "household_appliances", "name": stored.category.name}
    assert body["rule_set"] == {"code": "samr-order-121", "title": stored.rule_set.title}
    # received_at defaults to now (Thu 2026-05-07); Sat 2026-05-09 is a make-up workday after Labour Day,
    # so the 7 working days to decide on acceptance end on Fri 2026-05-15.
    assert body["received_at"] == "2026-05-07T09:30:00+08:00"
    assert body["due_on"] == "2026-05-15"
    assert body["due_clock"] == "accept_decision"
    assert body["due_clock_label"] == "受理决定期限"
    assert body["clocks"] == [
        {
            "clock": "accept_decision",
            "label": "受理决定期限",
            "is_statutory": True,
            "starts_on": "received",
            "citation": "《市场监督管理投诉举报处理办法》第十五条；《消费者权益保护法》第四十六条",
            "started_on": "2026-05-07",
            "due_on": "2026-05-15",
            "is_provisional": False,
            "paused": False,
            "paused_on": None,
            "stopped": False,
            "stopped_on": None,
            "extended": False,
        }
    ]
    assert body["is_due_provisional"] is False
    # Both readings of the decision deadline (ADR 0014): from the center's receipt (binding) and, once dispatched,
    # from the unit's receipt.
    assert [(r["start_event"], r["due_on"], r["is_binding"]) for r in body["acceptance_clock"]] == [
        ("received", "2026-05-15", True),
        ("dispatched", None, False),
    ]
    # Settling online (ODR) is not offered: this complaint did not go through the ODR portal.
    # A single complaint: co-complainants may join and the requests change (Art. 12); nobody to remove or elect.
    assert {a["action"] for a in body["available_actions"]} == {
        "dispatch",
        "transfer_out",
        "split_mixed",
        "add_co_complainant",
        "change_claims",
    }


def test_register_with_an_earlier_received_time_uses_that_days_rule_set(client_for, people):
    # Received under Order 20 (before 2026-04-15): still judged by Order 20.
    response = client_for("agent").post(
        LIST, {**COMPLAINT, "received_at": "2026-04-14T16:00:00+08:00"}, format="json"
    )
    assert response.status_code == 201, response.content
    assert response.json()["rule_set"]["code"] == "samr-order-20"


# --- list ------------------------------------------------------------------------------------------------


def test_list_item_shape(client_for, orders):
    item = next(i for i in client_for("agent").get(LIST).json()["results"] if i["id"] == orders["yanta"].pk)
    assert item["state"] == "dispatched"
    assert item["state_label"] == "已分送"
    assert item["handling_unit"] == {
        "id": orders["yanta"].handling_unit_id,
        "name": "西安市雁塔区市场监督管理局",
    }
    assert item["due_on"] == "2026-05-14"
    assert item["is_overdue"] is False
    assert "contact_name" not in item


def test_list_filters_by_state_and_kind(client_for, orders, people):
    consultation = work_order_register(actor=people["agent"], data=consultation_input())
    client = client_for("agent")
    assert set(_ids(client.get(LIST, {"state": "dispatched"}))) == {orders["yanta"].pk, orders["weibin"].pk}
    assert _ids(client.get(LIST, {"state": "registered", "kind": "complaint"})) == [orders["registered"].pk]
    assert _ids(client.get(LIST, {"kind": "consultation"})) == [consultation.pk]


def test_list_filter_by_unit_includes_its_descendants(client_for, orders, org, people):
    beilin_order = work_order_register(actor=people["agent"], data=complaint_input(summary="碑林"))
    work_order_transition(
        work_order_id=beilin_order.pk,
        actor=people["agent"],
        data=TransitionInput(Action.DISPATCH, handling_unit_id=org["beilin"].pk),
    )
    client = client_for("agent")
    assert set(_ids(client.get(LIST, {"unit": org["xian"].pk}))) == {orders["yanta"].pk, beilin_order.pk}
    assert _ids(client.get(LIST, {"unit": org["yanta"].pk})) == [orders["yanta"].pk]
    assert _ids(client.get(LIST, {"unit": org["baoji"].pk})) == [orders["weibin"].pk]
    assert _ids(client.get(LIST, {"unit": 999999})) == []


def test_list_filter_by_unit_never_widens_the_scope(client_for, orders, org):
    # 渭滨's handler asking for 雁塔's items gets none: the filter narrows the scope, never replaces it.
    assert _ids(client_for("weibin_handler").get(LIST, {"unit": org["yanta"].pk})) == []


def test_due_soon_and_overdue(client_for, orders, people):
    report = work_order_register(actor=people["agent"], data=report_input())  # verification: 15 workdays
    complaints = {orders["yanta"].pk, orders["weibin"].pk, orders["registered"].pk}
    client = client_for("agent")
    # Today Thu 05-07: all complaints are due Thu 05-14; two working days reach Sat 05-09 (make-up day).
    assert _ids(client.get(LIST, {"due_soon": "true"})) == []
    assert _ids(client.get(LIST, {"overdue": "true"})) == []
    with time_machine.travel(at("2026-05-12 09:00"), tick=False):  # two working days reach Thu 05-14
        assert set(_ids(client.get(LIST, {"due_soon": "true"}))) == complaints
        assert _ids(client.get(LIST, {"overdue": "true"})) == []
    with time_machine.travel(at("2026-05-15 09:00"), tick=False):
        assert _ids(client.get(LIST, {"due_soon": "true"})) == []
        assert set(_ids(client.get(LIST, {"overdue": "true"}))) == complaints
        item = next(i for i in client.get(LIST).json()["results"] if i["id"] == orders["yanta"].pk)
        assert item["is_overdue"] is True
    assert report.pk not in complaints


def test_list_is_cursor_paginated_newest_first(client_for, people):
    created = []
    for day in range(1, 6):
        order = work_order_register(
            actor=people["agent"], data=consultation_input(received_at=at(f"2026-05-0{day} 10:00"))
        )
        created.append(order.pk)
    client = client_for("agent")
    first = client.get(LIST, {"page_size": 2}).json()
    assert [i["id"] for i in first["results"]] == created[::-1][:2]
    assert first["previous"] is None
    second = client.get(first["next"]).json()
    third = client.get(second["next"]).json()
    assert [i["id"] for i in second["results"] + third["results"]] == created[::-1][2:]
    assert third["next"] is None


@pytest.mark.parametrize("count", [3, 30])
def test_list_makes_a_constant_number_of_queries(
    client_for, people, org, django_assert_max_num_queries, count
):
    units = [org["yanta"], org["beilin"], org["weibin"]]
    for index in range(count):
        order = work_order_register(actor=people["agent"], data=complaint_input(summary=f"第{index}件"))
        work_order_transition(
            work_order_id=order.pk,
            actor=people["agent"],
            data=TransitionInput(Action.DISPATCH, handling_unit_id=units[index % 3].pk),
        )
    client = client_for("xian_leader")
    # The user's unit, the unit filter's unit, and the page itself — whatever the page holds.
    with django_assert_max_num_queries(3):
        response = client.get(LIST, {"unit": org["xian"].pk, "page_size": 50})
    assert len(response.json()["results"]) == count - count // 3


# --- detail, transitions, events ---------------------------------------------------------------------------


def test_detail_shows_clocks_rule_set_actions_and_version(client_for, orders):
    body = client_for("yanta_handler").get(f"/api/v1/work-orders/{orders['yanta'].pk}/").json()
    assert body["state"] == "dispatched"
    assert body["version"] == 2
    assert body["center"]["name"] == "陕西省12315指挥中心"
    assert body["rule_set"]["code"] == "samr-order-121"
    assert body["deadline_problem"] == ""
    assert [c["clock"] for c in body["clocks"]] == ["accept_decision"]
    actions = {a["action"]: a for a in body["available_actions"]}
    assert set(actions) == {
        "accept",
        "decline",
        "return",
        "request_identity",
        "add_co_complainant",
        "change_claims",
    }
    assert actions["accept"]["label"] == "受理"
    assert actions["decline"]["requires"] == ["ground", "note"]
    decline_grounds = actions["decline"]["grounds"]
    assert decline_grounds
    assert all(g["code"] and g["label"] and g["citation"] for g in decline_grounds)
    assert actions["accept"]["grounds"] == []


def test_complaint_through_the_api_from_dispatch_to_agreement(client_for, orders):
    order = orders["yanta"]
    url = f"/api/v1/work-orders/{order.pk}/transitions/"
    handler = client_for("yanta_handler")
    accepted = handler.post(url, {"action": "accept", "version": 2}, format="json")
    assert accepted.status_code == 200, accepted.content
    body = accepted.json()
    assert body["state"] == "accepted"
    assert body["state_label"] == "已受理"
    assert body["version"] == 3
    clocks = {c["clock"]: c for c in body["clocks"]}
    assert clocks["accept_decision"]["stopped"] is True
    assert clocks["mediation"]["stopped"] is False
    # Order 121: 60 calendar days from acceptance on Thu 2026-05-07.
    assert body["due_on"] == "2026-07-06"
    handler.post(url, {"action": "start_mediation"}, format="json")
    agreed = handler.post(
        url,
        {"action": "reach_agreement", "note": "商家同意退货", "amount_recovered": "3999.00"},
        format="json",
    )
    assert agreed.status_code == 200, agreed.content
    assert agreed.json()["amount_recovered"] == "3999.00"
    assert agreed.json()["outcome"] == "商家同意退货"

    events = client_for("agent").get(f"/api/v1/work-orders/{order.pk}/events/").json()
    assert [(e["sequence"], e["action"], e["action_label"]) for e in events] == [
        (1, "register", "登记"),
        (2, "dispatch", "分送"),
        (3, "accept", "受理"),
        (4, "start_mediation", "开始调解"),
        (5, "reach_agreement", "达成调解协议"),
    ]
    assert [e["actor_name"] for e in events] == [
        "agent",
        "agent",
        "yanta_handler",
        "yanta_handler",
        "yanta_handler",
    ]
    assert events[0]["from_state"] == ""
    assert events[0]["from_state_label"] == ""
    assert (events[2]["from_state_label"], events[2]["to_state_label"]) == ("已分送", "已受理")
    assert events[4]["note"] == "商家同意退货"
    assert events[4]["changes"]["amount_recovered"] == [None, "3999.00"]
    assert events[1]["approver_name"] is None


def test_staff_cannot_settle_a_complaint_online_that_no_business_settled_in_the_odr_portal(client_for, orders):
    order = orders["registered"]
    response = client_for("supervisor").post(
        f"/api/v1/work-orders/{order.pk}/transitions/",
        {"action": "settle_online", "note": "电话联系双方，已自行和解"},
        format="json",
    )
    assert response.status_code == 400, response.content
    body = response.json()
    assert body["code"] == "requirement_missing"
    assert body["fields"] == {
        "action": ["只有经在线纠纷解决（ODR）由经营者答复、且消费者已接受处理方案的投诉，才能在线和解办结。"]
    }
    order.refresh_from_db()
    assert (order.state, order.version) == ("registered", 1)


def test_decline_with_a_ground_offered_in_the_detail(client_for, orders):
    client = client_for("yanta_handler")
    order = orders["yanta"]
    detail = client.get(f"/api/v1/work-orders/{order.pk}/").json()
    decline = next(a for a in detail["available_actions"] if a["action"] == "decline")
    ground = decline["grounds"][0]["code"]
    response = client.post(
        f"/api/v1/work-orders/{order.pk}/transitions/",
        {"action": "decline", "ground_code": ground, "note": "不属于市场监管部门职责"},
        format="json",
    )
    assert response.status_code == 200, response.content
    assert response.json()["state_label"] == "不予受理"
    assert response.json()["ground_code"] == ground
    events = client.get(f"/api/v1/work-orders/{order.pk}/events/").json()
    assert events[-1]["ground_code"] == ground


def test_amount_recovered_must_not_be_negative(client_for, orders):
    response = client_for("yanta_handler").post(
        f"/api/v1/work-orders/{orders['yanta'].pk}/transitions/",
        {"action": "reach_agreement", "amount_recovered": "-1", "note": "x"},
        format="json",
    )
    assert response.status_code == 400
    assert set(response.json()["fields"]) == {"amount_recovered"}


def test_transition_body_decimal_round_trip(client_for, orders):
    order = orders["yanta"]
    handler = client_for("yanta_handler")
    url = f"/api/v1/work-orders/{order.pk}/transitions/"
    for action in ("accept", "start_mediation"):
        handler.post(url, {"action": action}, format="json")
    handler.post(url, {"action": "reach_agreement", "amount_recovered": 0, "note": "调解成功"}, format="json")
    order.refresh_from_db()
    assert order.amount_recovered == Decimal("0")


def test_a_recusal_application_through_the_api_suspends_mediation(client_for, orders):
    order = orders["yanta"]
    url = f"/api/v1/work-orders/{order.pk}/transitions/"
    handler = client_for("yanta_handler")
    accepted = handler.post(url, {"action": "accept"}, format="json").json()
    assert "request_recusal" in {a["action"] for a in accepted["available_actions"]}
    refused = handler.post(url, {"action": "request_recusal"}, format="json")
    assert refused.status_code == 400
    assert refused.json()["code"] == "requirement_missing"
    suspended = handler.post(
        url, {"action": "request_recusal", "note": "被投诉人申请调解人员回避"}, format="json"
    )
    assert suspended.status_code == 200, suspended.content
    body = suspended.json()
    assert (body["state"], body["due_on"]) == ("mediation_suspended", None)
    assert {c["clock"]: c for c in body["clocks"]}["mediation"]["paused"] is True
    assert "resume_mediation" in {a["action"] for a in body["available_actions"]}


def test_the_reporter_notice_is_labelled_as_the_centers_own_target(client_for, people, org):
    order = work_order_register(actor=people["agent"], data=report_input())
    for who, action, extra in (
        ("agent", Action.DISPATCH, {"handling_unit_id": org["beilin"].pk}),
        ("beilin_handler", Action.START_VERIFICATION, {}),
        ("xian_leader", Action.DECLINE_CASE, {"note": "证据不足"}),
    ):
        order = work_order_transition(
            work_order_id=order.pk, actor=people[who], data=TransitionInput(action=action, **extra)
        )
    body = client_for("beilin_handler").get(f"/api/v1/work-orders/{order.pk}/").json()
    notice = {c["clock"]: c for c in body["clocks"]}["reporter_notice"]
    assert notice["is_statutory"] is False
    assert "非法定" in notice["label"]
