"""The API's registration answers with the jurisdiction suggestion, which the dispatch can take as it is."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from lianxin.directory.services import directory_load

COMPLAINT = {
    "kind": "complaint",
    "channel": "hotline",
    "contact_name": "张伟",
    "contact_phone": "13912345678",
    "respondent_name": "西安某某电器有限公司",
    "respondent_address": "西安雁塔区小寨东路1号",
    "facts": "冰箱不制冷，商家拒绝退换。",
    "claims": "退货退款",
}


@pytest.fixture
def agent_client(people, org):
    directory_load(home_province="610000")
    client = APIClient()
    client.force_authenticate(people["agent"])
    return client


def test_registration_prefills_the_handling_unit_and_dispatch_follows_it(agent_client, org):
    created = agent_client.post("/api/v1/work-orders/", COMPLAINT, format="json")
    assert created.status_code == 201, created.content
    routing = created.json()["routing"]
    assert routing["outcome"] == "assign"
    assert routing["unit_id"] == org["yanta"].pk
    assert routing["citation"]
    order_id = created.json()["id"]
    dispatched = agent_client.post(
        f"/api/v1/work-orders/{order_id}/transitions/",
        {"action": "dispatch", "handling_unit": routing["unit_id"]},
        format="json",
    )
    assert dispatched.status_code == 200, dispatched.content
    assert dispatched.json()["is_routing_overridden"] is False


def test_an_override_without_a_reason_is_a_400_naming_the_note(agent_client, org):
    order_id = agent_client.post("/api/v1/work-orders/", COMPLAINT, format="json").json()["id"]
    refused = agent_client.post(
        f"/api/v1/work-orders/{order_id}/transitions/",
        {"action": "dispatch", "handling_unit": org["beilin"].pk},
        format="json",
    )
    assert refused.status_code == 400
    assert "note" in refused.json()["fields"]
