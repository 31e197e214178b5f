"""Input limits (issue 14 item 7): every refusal in the envelope, bounds stated in the schema."""

from __future__ import annotations

import json

import pytest
from django.conf import settings
from django.core.management import call_command
from rest_framework.test import APIClient

from lianxin.domain.text_limits import CLAIMS_MAX, FACTS_MAX, NOTE_MAX

DEEP = "[" * 1000 + "]" * 1000
# Just over the configured body limit (DATA_UPLOAD_MAX_MEMORY_SIZE), whatever it is set to.
BIG = json.dumps({"username": "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1024), "password": "y"})


def _envelope(response, status: int, code: str) -> None:
    assert response.status_code == status
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["code"] == code
    assert response.json()["message"]


@pytest.mark.parametrize("body", [DEEP, '{"a":' * 1000 + "1" + "}" * 1000])
def test_deeply_nested_json_is_a_parse_error_even_unauthenticated(db, body):
    _envelope(
        APIClient().post("/api/v1/auth/token/", body, content_type="application/json"), 400, "parse_error"
    )


def test_deeply_nested_json_is_a_parse_error_when_signed_in(client_for, orders):
    response = client_for("agent").post("/api/v1/work-orders/", DEEP, content_type="application/json")
    _envelope(response, 400, "parse_error")


def test_a_body_over_the_limit_is_413_in_the_envelope(db, client_for):
    _envelope(
        APIClient().post("/api/v1/auth/token/", BIG, content_type="application/json"),
        413,
        "payload_too_large",
    )
    response = client_for("agent").post("/api/v1/work-orders/", BIG, content_type="application/json")
    _envelope(response, 413, "payload_too_large")


def _complaint(**overrides):
    body = {
        "kind": "complaint",
        "channel": "hotline",
        "contact_name": "张三",
        "contact_phone": "13912345678",
        "respondent_name": "西安某某商贸有限公司",
        "facts": "买到过期食品",
        "claims": "退货退款",
    }
    return {**body, **overrides}


@pytest.mark.parametrize(
    ("field", "value"),
    [("facts", "事" * (FACTS_MAX + 1)), ("claims", "诉" * (CLAIMS_MAX + 1))],
)
def test_long_free_text_is_refused(client_for, orders, field, value):
    response = client_for("agent").post("/api/v1/work-orders/", _complaint(**{field: value}), format="json")
    _envelope(response, 400, "invalid")
    assert field in response.json()["fields"]


def test_long_free_text_is_refused_by_the_service(people, orders):
    from lianxin.workorders.errors import InvalidWorkOrder
    from lianxin.workorders.services import work_order_register
    from lianxin.workorders.tests.factories import complaint_input

    with pytest.raises(InvalidWorkOrder) as refused:
        work_order_register(actor=people["agent"], data=complaint_input(facts="事" * (FACTS_MAX + 1)))
    assert "最多5000字" in refused.value.fields["facts"][0]


def test_long_note_is_refused(client_for, orders, org):
    order = orders["registered"]
    response = client_for("agent").post(
        f"/api/v1/work-orders/{order.pk}/transitions/",
        {"action": "dispatch", "handling_unit": org["yanta"].pk, "note": "说" * (NOTE_MAX + 1)},
        format="json",
    )
    _envelope(response, 400, "invalid")
    assert "note" in response.json()["fields"]


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("contact_phone", "12345"),
        ("contact_phone", "123"),
        ("respondent_division_code", "６１０１１３"),
        ("respondent_division_code", "61011"),
    ],
)
def test_bad_phone_and_division_code_are_refused(client_for, orders, field, value):
    response = client_for("agent").post("/api/v1/work-orders/", _complaint(**{field: value}), format="json")
    _envelope(response, 400, "invalid")
    assert field in response.json()["fields"]


def test_full_width_phone_is_stored_as_ascii(client_for, orders):
    response = client_for("agent").post(
        "/api/v1/work-orders/", _complaint(contact_phone="１３９１２３４５６７８"), format="json"
    )
    assert response.status_code == 201, response.json()
    assert response.json()["contact_phone"] == "13912345678"


def test_a_bad_cursor_is_400_not_404(client_for, orders):
    response = client_for("agent").get("/api/v1/work-orders/", {"cursor": "not-a-cursor"})
    _envelope(response, 400, "invalid")
    assert "cursor" in response.json()["fields"]


def test_schema_states_the_bounds(db, tmp_path):
    target = tmp_path / "schema.json"
    call_command("spectacular", "--format", "openapi-json", "--file", str(target))
    schema = json.loads(target.read_text())

    def parameters(path: str) -> dict[str, dict]:
        return {p["name"]: p["schema"] for p in schema["paths"][path]["get"]["parameters"]}

    search = parameters("/api/v1/knowledge/search/")
    assert search["q"]["maxLength"] == 2000
    assert (search["top"]["minimum"], search["top"]["maximum"]) == (1, 50)
    listing = parameters("/api/v1/work-orders/")
    assert "enum" in listing["state"]
    assert "enum" in listing["kind"]
    assert listing["page_size"]["maximum"] == 200
    list_responses = schema["paths"]["/api/v1/work-orders/"]["get"]["responses"]
    assert "400" in list_responses
    assert "404" not in list_responses
    create = schema["components"]["schemas"]["WorkOrderCreateRequest"]["properties"]
    assert create["facts"]["maxLength"] == FACTS_MAX
    assert "413" in schema["paths"]["/api/v1/auth/token/"]["post"]["responses"]
