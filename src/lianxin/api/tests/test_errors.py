"""Every error in one envelope {"code", "message", "fields"}, in Chinese, with the documented status."""

from __future__ import annotations

import re

import pytest
import time_machine
from rest_framework import exceptions
from rest_framework.test import APIClient

from lianxin.api.errors import ErrorCode, exception_handler, flatten_fields
from lianxin.workorders.tests.factories import at

CHINESE = re.compile(r"[\u4e00-\u9fff]")


def assert_envelope(response, status: int, code: str) -> dict:
    assert response.status_code == status, response.content
    body = response.json()
    assert set(body) == {"code", "message", "fields"}
    assert body["code"] == code
    assert body["code"] in {c.value for c in ErrorCode}
    assert CHINESE.search(body["message"]), body["message"]
    for messages in body["fields"].values():
        assert all(CHINESE.search(m) for m in messages), messages
    return body


def _transition(client, order, **data):
    return client.post(f"/api/v1/work-orders/{order.pk}/transitions/", data, format="json")


# --- domain and service errors --------------------------------------------------------------------------


def test_illegal_transition_is_409(client_for, orders):
    body = assert_envelope(
        _transition(client_for("agent"), orders["registered"], action="accept"), 409, "illegal_transition"
    )
    assert body["message"] == "投诉工单在「已登记」状态下不能执行「受理」。"


def test_register_through_the_transition_endpoint_is_illegal(client_for, orders):
    assert_envelope(
        _transition(client_for("agent"), orders["registered"], action="register"), 409, "illegal_transition"
    )


def test_stale_version_is_409_conflict(client_for, orders, org):
    order = orders["registered"]
    client = client_for("agent")
    assert order.version == 1
    response = _transition(client, order, action="dispatch", handling_unit=org["yanta"].pk, version=1)
    assert response.status_code == 200
    assert response.json()["version"] == 2
    # A second agent read version 1 too and submits after the first.
    body = assert_envelope(
        _transition(
            client, order, action="transfer_out", transfer_destination="河南省12315", note="x", version=1
        ),
        409,
        "conflict",
    )
    assert body["message"] == "工单已被他人更新，请刷新后重新操作。"


def test_action_forbidden_is_403(client_for, orders):
    assert_envelope(_transition(client_for("agent"), orders["yanta"], action="accept"), 403, "forbidden")


def test_outside_scope_is_403_not_404(client_for, orders):
    client = client_for("beilin_handler")
    order = orders["yanta"]
    assert_envelope(client.get(f"/api/v1/work-orders/{order.pk}/"), 403, "forbidden")
    assert_envelope(client.get(f"/api/v1/work-orders/{order.pk}/events/"), 403, "forbidden")
    assert_envelope(_transition(client, order, action="accept"), 403, "forbidden")


def test_missing_id_is_404_not_found(client_for, orders):
    client = client_for("agent")
    missing = max(o.pk for o in orders.values()) + 1000
    for response in (
        client.get(f"/api/v1/work-orders/{missing}/"),
        client.get(f"/api/v1/work-orders/{missing}/events/"),
        _transition(client, type("Missing", (), {"pk": missing}), action="accept"),
    ):
        body = assert_envelope(response, 404, "not_found")
        assert body["message"] == "工单不存在。"


@pytest.mark.parametrize(
    "url", ["/api/v1/work-orders/abc/", "/api/v1/nothing-here/", "/api/v1/work-orders/1/x/"]
)
def test_unknown_address_under_the_api_is_404_envelope(db, url):
    body = assert_envelope(APIClient().post(url, {}, format="json"), 404, "not_found")
    assert body["message"] == "请求的资源不存在。"


def test_requirement_missing_is_400_with_fields(client_for, orders):
    body = assert_envelope(
        _transition(client_for("agent"), orders["registered"], action="dispatch"), 400, "requirement_missing"
    )
    assert body["fields"] == {"handling_unit": ["请选择承办单位。"]}


def test_ground_not_in_the_rule_set_is_400(client_for, orders):
    body = assert_envelope(
        _transition(
            client_for("yanta_handler"), orders["yanta"], action="decline", ground_code="nope", note="x"
        ),
        400,
        "requirement_missing",
    )
    assert "ground_code" in body["fields"]


def test_invalid_handling_unit_is_400(client_for, orders, org):
    body = assert_envelope(
        _transition(
            client_for("agent"), orders["registered"], action="dispatch", handling_unit=org["center"].pk
        ),
        400,
        "invalid",
    )
    assert body["fields"] == {"handling_unit": ["承办单位无效。"]}


def test_invalid_work_order_is_400_with_fields(client_for, people):
    body = assert_envelope(
        client_for("agent").post(
            "/api/v1/work-orders/",
            {"kind": "complaint", "channel": "hotline", "contact_phone": "12"},
            format="json",
        ),
        400,
        "invalid",
    )
    assert body["fields"]["contact_name"] == ["此项为必填项。"]
    assert body["fields"]["contact_phone"][0].startswith("联系电话格式不正确")
    assert {"respondent_name", "facts", "claims"} <= set(body["fields"])


def test_serializer_validation_is_400_with_chinese_field_messages(client_for, people):
    body = assert_envelope(
        client_for("agent").post(
            "/api/v1/work-orders/",
            {"kind": "lawsuit", "amount_involved": "-5", "received_at": "yesterday"},
            format="json",
        ),
        400,
        "invalid",
    )
    assert body["message"] == "输入有误，请检查标出的项目。"
    assert set(body["fields"]) == {"kind", "channel", "amount_involved", "received_at"}


def test_bad_list_filter_is_400(client_for, people):
    body = assert_envelope(client_for("agent").get("/api/v1/work-orders/?state=lost&unit=x"), 400, "invalid")
    assert set(body["fields"]) == {"state", "unit"}


def test_calendar_year_not_loaded_is_409_naming_the_year(client_for, orders):
    with time_machine.travel(at("2099-03-02 09:00"), tick=False):
        body = assert_envelope(
            client_for("agent").get("/api/v1/work-orders/?due_soon=true"), 409, "calendar_year_not_loaded"
        )
    assert "2099" in body["message"]


def test_no_rule_set_in_force_is_409(client_for, people):
    body = assert_envelope(
        client_for("agent").post(
            "/api/v1/work-orders/",
            {"kind": "consultation", "channel": "hotline", "received_at": "2019-06-03T10:00:00+08:00"},
            format="json",
        ),
        409,
        "no_rule_set_in_force",
    )
    assert "2019-06-03" in body["message"]


def test_only_center_staff_register(client_for, people):
    response = client_for("yanta_handler").post(
        "/api/v1/work-orders/", {"kind": "consultation", "channel": "hotline"}, format="json"
    )
    assert_envelope(response, 403, "forbidden")


# --- DRF's own errors, in Chinese -------------------------------------------------------------------------


def test_malformed_json_is_400_parse_error(client_for, people):
    response = client_for("agent").post("/api/v1/work-orders/", "{not json", content_type="application/json")
    body = assert_envelope(response, 400, "parse_error")
    assert body["message"] == "请求内容格式错误，无法解析。"


def test_unsupported_media_type_is_415(client_for, people):
    response = client_for("agent").post("/api/v1/work-orders/", "kind=x", content_type="text/plain")
    assert_envelope(response, 415, "unsupported_media_type")


def test_method_not_allowed_is_405(client_for, orders):
    response = client_for("agent").delete(f"/api/v1/work-orders/{orders['yanta'].pk}/")
    body = assert_envelope(response, 405, "method_not_allowed")
    assert body["message"] == "该地址不支持此请求方法。"


@pytest.mark.parametrize(
    ("exc", "status", "code"),
    [
        (exceptions.PermissionDenied(), 403, "permission_denied"),
        (exceptions.NotFound(), 404, "not_found"),
        (exceptions.NotAuthenticated(), 401, "not_authenticated"),
        (exceptions.AuthenticationFailed(), 401, "authentication_failed"),
        (exceptions.NotAcceptable(), 406, "not_acceptable"),
        (exceptions.Throttled(wait=30), 429, "throttled"),
        (exceptions.APIException(), 500, "error"),
    ],
)
def test_drf_exceptions_are_translated(exc, status, code):
    response = exception_handler(exc, {})
    assert response is not None
    assert response.status_code == status
    assert response.data["code"] == code
    assert CHINESE.search(response.data["message"])
    assert response.data["fields"] == {}


def test_throttled_message_says_how_long_to_wait():
    response = exception_handler(exceptions.Throttled(wait=29.2), {})
    assert response.data["message"] == "请求过于频繁，请 30 秒后再试。"


def test_unexpected_exceptions_are_not_swallowed():
    assert exception_handler(RuntimeError("boom"), {}) is None


def test_flatten_fields_names_nested_and_listed_errors():
    detail = {
        "kind": ["无效"],
        "party": {"name": ["必填"], "phones": [{"number": ["格式"]}, {}]},
        "non_field_errors": ["整体"],
    }
    assert flatten_fields(detail) == {
        "kind": ["无效"],
        "party.name": ["必填"],
        "party.phones.0.number": ["格式"],
        "non_field_errors": ["整体"],
    }
    assert flatten_fields(["只是一条"]) == {"non_field_errors": ["只是一条"]}
