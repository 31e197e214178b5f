"""GET /api/v1/reference/: the choices a client fills its forms with."""

from __future__ import annotations

import time_machine

from lianxin.workorders.models import Category, GroundRule
from lianxin.workorders.services import work_order_register
from lianxin.workorders.tests.factories import at, complaint_input


def test_reference_lists_labelled_choices(client_for, people):
    body = client_for("agent").get("/api/v1/reference/").json()
    assert {"value": "complaint", "label": "投诉"} in body["kinds"]
    assert {"value": "hotline", "label": "12315热线"} in body["channels"]
    assert {"value": "mediating", "label": "调解中"} in body["states"]
    assert {"value": "decline", "label": "不予受理"} in body["actions"]
    assert {"value": "resident_id", "label": "居民身份证"} in body["id_types"]
    assert len(body["categories"]) == Category.objects.filter(is_active=True).count()
    assert {i["applies_to"] for i in body["issue_types"]} == {"complaint", "report"}


def test_grounds_are_those_of_the_rule_set_in_force_today(client_for, people):
    client = client_for("agent")
    today = client.get("/api/v1/reference/").json()
    assert today["rule_set"]["code"] == "samr-order-121"
    expected = list(
        GroundRule.objects.filter(rule_set__code="samr-order-121", kind="decline")
        .order_by("position")
        .values_list("code", flat=True)
    )
    assert [g["code"] for g in today["grounds"]["decline"]] == expected
    assert today["grounds"]["terminate"]
    with time_machine.travel(at("2026-03-02 09:00"), tick=False):
        before = client.get("/api/v1/reference/").json()
    assert before["rule_set"]["code"] == "samr-order-20"
    assert before["grounds"]["decline"] != today["grounds"]["decline"]


def test_dispatch_units_for_center_staff_only(client_for, org):
    units = client_for("agent").get("/api/v1/reference/").json()["dispatch_units"]
    names = {u["name"] for u in units}
    assert {"西安市雁塔区市场监督管理局", "宝鸡市渭滨区市场监督管理局"} <= names
    assert org["center"].name not in names
    for person in ("yanta_handler", "xian_leader", "analyst", "administrator"):
        assert client_for(person).get("/api/v1/reference/").json()["dispatch_units"] == [], person


def test_every_offered_unit_is_accepted_by_dispatch(client_for, people):
    client = client_for("agent")
    units = client.get("/api/v1/reference/").json()["dispatch_units"]
    assert len(units) == 6  # the province, two city and three county bureaus of the fixture tree
    for unit in units:
        order = work_order_register(actor=people["agent"], data=complaint_input())
        response = client.post(
            f"/api/v1/work-orders/{order.pk}/transitions/",
            {"action": "dispatch", "handling_unit": unit["id"]},
            format="json",
        )
        assert response.status_code == 200, (unit, response.content)
        assert response.json()["handling_unit"]["id"] == unit["id"]
