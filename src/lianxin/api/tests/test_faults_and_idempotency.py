"""Issue 14 item 2: a database outage answers 503 (envelope / Chinese page), an Idempotency-Key makes a retried
creation return the first result, and PostgreSQL connections come from a bounded pool."""

from __future__ import annotations

from unittest import mock

import environ
import pytest
from django.db import OperationalError
from django.test import Client

from lianxin.common.models import IdempotencyRecord
from lianxin.config.database import database_settings
from lianxin.workorders.models import WorkOrder, WorkOrderEvent

from .test_work_orders import COMPLAINT, LIST

# --- idempotency ------------------------------------------------------------------------------------------


def test_a_retry_with_the_same_key_returns_the_first_result_and_creates_nothing(client_for, people):
    client = client_for("agent")
    first = client.post(LIST, COMPLAINT, format="json", headers={"Idempotency-Key": "k-001"})
    retry = client.post(LIST, COMPLAINT, format="json", headers={"Idempotency-Key": "k-001"})
    assert first.status_code == retry.status_code == 201
    assert retry.json() == first.json()
    assert (first["Idempotent-Replayed"], retry["Idempotent-Replayed"]) == ("false", "true")
    assert WorkOrder.objects.count() == 1
    assert IdempotencyRecord.objects.get().key == "k-001"


def test_without_a_key_each_request_creates(client_for, people):
    client = client_for("agent")
    client.post(LIST, COMPLAINT, format="json")
    client.post(LIST, COMPLAINT, format="json")
    assert WorkOrder.objects.count() == 2


def test_keys_belong_to_one_user(client_for, people):
    client_for("agent").post(LIST, COMPLAINT, format="json", headers={"Idempotency-Key": "same"})
    client_for("supervisor").post(LIST, COMPLAINT, format="json", headers={"Idempotency-Key": "same"})
    assert WorkOrder.objects.count() == 2


def test_a_key_reused_for_another_request_is_refused(client_for, people):
    client = client_for("agent")
    client.post(LIST, COMPLAINT, format="json", headers={"Idempotency-Key": "k-002"})
    other = client.post(
        LIST, {**COMPLAINT, "summary": "另一件事"}, format="json", headers={"Idempotency-Key": "k-002"}
    )
    assert other.status_code == 422
    assert other.json()["code"] == "idempotency_key_reused"
    assert WorkOrder.objects.count() == 1


def test_a_malformed_key_is_refused(client_for, people):
    response = client_for("agent").post(
        LIST, COMPLAINT, format="json", headers={"Idempotency-Key": "x" * 101}
    )
    assert response.status_code == 400
    assert "Idempotency-Key" in response.json()["fields"]


def test_a_failed_creation_stores_no_result(client_for, people):
    client = client_for("agent")
    bad = client.post(
        LIST, {**COMPLAINT, "contact_phone": "12"}, format="json", headers={"Idempotency-Key": "k3"}
    )
    assert bad.status_code == 400
    assert not IdempotencyRecord.objects.exists()


def test_a_retried_transition_is_not_applied_twice(client_for, orders):
    order = orders["yanta"]
    url = f"{LIST}{order.pk}/transitions/"
    client = client_for("yanta_handler")
    first = client.post(url, {"action": "accept"}, format="json", headers={"Idempotency-Key": "t-1"})
    retry = client.post(url, {"action": "accept"}, format="json", headers={"Idempotency-Key": "t-1"})
    assert first.status_code == retry.status_code == 200
    assert WorkOrderEvent.objects.filter(work_order=order, action="accept").count() == 1


def test_the_schema_documents_the_header(client_for, people):
    schema = client_for("agent").get("/api/v1/schema/?format=json").json()
    parameters = schema["paths"]["/api/v1/work-orders/"]["post"]["parameters"]
    assert any(p["name"] == "Idempotency-Key" and p["in"] == "header" for p in parameters)


# --- outage -----------------------------------------------------------------------------------------------

OUTAGE = OperationalError("connection to server at 127.0.0.1, port 5432 failed: Connection refused")


def test_an_outage_in_an_api_view_is_a_503_envelope(client_for, people):
    with mock.patch("lianxin.api.work_orders.views.work_order_list", side_effect=OUTAGE):
        response = client_for("agent").get(LIST)
    assert response.status_code == 503
    assert response.json()["code"] == "service_unavailable"
    assert response["Retry-After"]


@pytest.fixture
def logged_in(people) -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(people["agent"])
    return client


def test_an_outage_in_a_middleware_is_a_503_envelope_under_the_api(logged_in):
    # The session is read by a middleware, before any view runs.
    with mock.patch("django.contrib.sessions.backends.db.SessionStore.load", side_effect=OUTAGE):
        response = logged_in.get(LIST)
    assert response.status_code == 503
    assert response["Content-Type"] == "application/json"
    assert response.json()["code"] == "service_unavailable"


def test_an_outage_on_a_page_is_a_chinese_503_page(logged_in):
    with mock.patch("django.contrib.sessions.backends.db.SessionStore.load", side_effect=OUTAGE):
        response = logged_in.get("/home/")
    assert response.status_code == 503
    assert "系统暂时不可用" in response.content.decode()


def test_other_server_errors_stay_500(logged_in):
    with mock.patch("django.contrib.sessions.backends.db.SessionStore.load", side_effect=RuntimeError("bug")):
        response = logged_in.get("/home/")
    assert response.status_code == 500


# --- connection pool settings -----------------------------------------------------------------------------


def _settings(monkeypatch, tmp_path, **variables: str) -> dict:
    monkeypatch.setenv("DATABASE_URL", "postgres://lx@127.0.0.1:5432/lx")
    for name, value in variables.items():
        monkeypatch.setenv(name, value)
    return database_settings(environ.Env(), tmp_path)


def test_postgres_uses_a_pool_sized_from_the_settings(monkeypatch, tmp_path):
    database = _settings(monkeypatch, tmp_path, LIANXIN_DB_POOL_MIN="3", LIANXIN_DB_POOL_MAX="12")
    assert database["CONN_MAX_AGE"] == 0
    assert database["OPTIONS"]["pool"]["min_size"] == 3
    assert database["OPTIONS"]["pool"]["max_size"] == 12
    assert not database.get("DISABLE_SERVER_SIDE_CURSORS")


def test_pgbouncer_mode_has_no_pool_and_no_server_side_cursors(monkeypatch, tmp_path):
    database = _settings(monkeypatch, tmp_path, LIANXIN_DB_POOL="off")
    assert "pool" not in database["OPTIONS"]
    assert database["DISABLE_SERVER_SIDE_CURSORS"] is True
    assert database["CONN_MAX_AGE"] == 0


def test_the_pool_checks_connections_before_lending_them(monkeypatch, tmp_path):
    assert _settings(monkeypatch, tmp_path)["CONN_HEALTH_CHECKS"] is True
