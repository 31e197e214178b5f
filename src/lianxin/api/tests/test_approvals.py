"""The approval endpoints (issue 14 item 4): asked by the handler, decided by the leader in their own session."""

from __future__ import annotations

import pytest

from lianxin.domain.workflow import Action
from lianxin.workorders.models import WorkOrder
from lianxin.workorders.services import TransitionInput, work_order_register, work_order_transition
from lianxin.workorders.tests.factories import report_input


@pytest.fixture
def verifying(people, org) -> WorkOrder:
    report = work_order_register(actor=people["agent"], data=report_input())
    for who, data in (
        ("agent", TransitionInput(Action.DISPATCH, handling_unit_id=org["yanta"].pk)),
        ("yanta_handler", TransitionInput(Action.START_VERIFICATION)),
    ):
        work_order_transition(work_order_id=report.pk, actor=people[who], data=data)
    return WorkOrder.objects.get(pk=report.pk)


def test_naming_an_approver_in_a_transition_no_longer_approves(client_for, people, verifying):
    response = client_for("yanta_handler").post(
        f"/api/v1/work-orders/{verifying.pk}/transitions/",
        {"action": "extend_verification", "note": "案情复杂", "approver": people["yanta_leader"].pk},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["code"] == "requirement_missing"
    verification = WorkOrder.objects.get(pk=verifying.pk).clocks["verification"]
    assert verification["is_extended"] is False


def test_request_queue_and_decision(client_for, people, verifying):
    handler, leader = client_for("yanta_handler"), client_for("yanta_leader")
    asked = handler.post(
        f"/api/v1/work-orders/{verifying.pk}/approvals/",
        {"action": "extend_verification", "note": "案情复杂，需调取监控"},
        format="json",
    )
    assert asked.status_code == 201, asked.json()
    approval = asked.json()
    assert (approval["state"], approval["decided_by_name"]) == ("pending", None)

    # The handler cannot decide it, not even by calling the decision endpoint.
    refused = handler.post(
        f"/api/v1/approvals/{approval['id']}/decision/", {"decision": "approve"}, format="json"
    )
    assert refused.status_code == 403
    assert handler.get("/api/v1/approvals/").json() == []

    queue = leader.get("/api/v1/approvals/").json()
    assert [item["id"] for item in queue] == [approval["id"]]
    assert queue[0]["due_on"] == "2026-05-26"

    decided = leader.post(
        f"/api/v1/approvals/{approval['id']}/decision/",
        {"decision": "approve", "note": "同意延长"},
        format="json",
    )
    assert decided.status_code == 200, decided.json()
    assert decided.json()["state"] == "approved"
    assert leader.get("/api/v1/approvals/").json() == []
    again = leader.post(
        f"/api/v1/approvals/{approval['id']}/decision/", {"decision": "approve"}, format="json"
    )
    assert again.status_code == 409

    events = handler.get(f"/api/v1/work-orders/{verifying.pk}/events/").json()
    assert (events[-1]["action"], events[-1]["approver_name"]) == ("extend_verification", "yanta_leader")
    history = handler.get(f"/api/v1/work-orders/{verifying.pk}/approvals/").json()
    assert [item["state"] for item in history] == ["approved"]


def test_a_refusal_needs_a_note(client_for, verifying):
    asked = (
        client_for("yanta_handler")
        .post(
            f"/api/v1/work-orders/{verifying.pk}/approvals/",
            {"action": "extend_verification", "note": "案情复杂"},
            format="json",
        )
        .json()
    )
    url = f"/api/v1/approvals/{asked['id']}/decision/"
    leader = client_for("yanta_leader")
    assert leader.post(url, {"decision": "refuse"}, format="json").json()["code"] == "requirement_missing"
    assert (
        leader.post(url, {"decision": "refuse", "note": "无需延长"}, format="json").json()["state"]
        == "refused"
    )


def test_an_unknown_approval_is_404(client_for, verifying):
    response = client_for("yanta_leader").post(
        "/api/v1/approvals/999999/decision/", {"decision": "approve"}, format="json"
    )
    assert response.status_code == 404
