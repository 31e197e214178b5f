"""Issue 10 item 2 through the Django test client: asking a leader's approval from the work-order page, and the
leader's queue (refusal, scope)."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine

from lianxin.accounts.services import user_create
from lianxin.common import clock, events
from lianxin.domain.rules import ClockName
from lianxin.domain.workflow import Action, Role
from lianxin.workorders.clock_storage import clocks_load
from lianxin.workorders.models import ApprovalRequest, ApprovalState, WorkOrder
from lianxin.workorders.services import TransitionInput, work_order_register, work_order_transition
from lianxin.workorders.tests.factories import report_input

pytestmark = pytest.mark.django_db


def verifying_report(people, org, *, started=None) -> WorkOrder:
    """A report handled by 雁塔, in verification since `started` (now by default)."""
    started = started or clock.now()
    with time_machine.travel(started - timedelta(hours=2), tick=False):
        order = work_order_register(
            actor=people["agent"],
            data=report_input(
                received_at=clock.now().replace(microsecond=0), respondent_division_code="610113"
            ),
        )
        order = work_order_transition(
            work_order_id=order.pk,
            actor=people["agent"],
            data=TransitionInput(Action.DISPATCH, handling_unit_id=org["yanta"].pk),
        )
    with time_machine.travel(started, tick=False):
        return work_order_transition(
            work_order_id=order.pk,
            actor=people["yanta_handler"],
            data=TransitionInput(Action.START_VERIFICATION),
        )


def ask(client, people, order, note="需调取监控录像"):
    client.force_login(people["yanta_handler"])
    return client.post(
        f"/handling/{order.pk}/act/extend_verification/",
        {"extend_verification-note": note, "version": order.version},
    )


def test_the_extension_is_offered_as_an_approval_request_and_listed_on_the_page(client, people, org):
    order = verifying_report(people, org)
    client.force_login(people["yanta_handler"])
    page = client.get(f"/handling/{order.pk}/").content.decode()
    assert 'id="action-extend_verification"' in page
    assert "提交审批申请" in page
    assert ask(client, people, order, note="").status_code == 400  # the reason is required
    assert not ApprovalRequest.objects.exists()
    response = ask(client, people, order)
    assert response.status_code == 302
    approval = ApprovalRequest.objects.get()
    assert (approval.state, approval.requested_by, approval.note) == (
        ApprovalState.PENDING,
        people["yanta_handler"],
        "需调取监控录像",
    )
    assert WorkOrder.objects.get(pk=order.pk).due_on == order.due_on  # nothing changes before the decision
    page = client.get(f"/handling/{order.pk}/").content.decode()
    assert f'data-approval="{approval.pk}"' in page
    assert "待审批" in page


def test_an_extension_asked_after_the_deadline_is_refused_inline(client, people, org):
    order = verifying_report(people, org, started=clock.now() - timedelta(days=60))
    assert order.due_on < clock.today()
    response = ask(client, people, order)
    assert response.status_code == 400
    assert "期限届满后不能再申请延长" in response.content.decode()
    assert not ApprovalRequest.objects.exists()


def test_the_leader_refuses_with_a_note_and_the_work_order_is_unchanged(client, people, org):
    order = verifying_report(people, org)
    ask(client, people, order)
    approval = ApprovalRequest.objects.get()
    client.force_login(people["yanta_leader"])
    queue = client.get("/handling/approvals/").content.decode()
    assert 'href="/handling/approvals/"' in queue  # the navigation entry 待我审批 for unit leaders
    verification_due = clocks_load(order.clocks)[ClockName.VERIFICATION].due_on
    for shown in (order.number, "需调取监控录像", "yanta_handler", f"{verification_due:%Y-%m-%d}"):
        assert shown in queue
    prefix = f"a{approval.pk}"
    response = client.post(
        f"/handling/approvals/{approval.pk}/decide/", {"decision": "refuse", f"{prefix}-note": ""}
    )
    assert response.status_code == 400
    assert "不予批准" in response.content.decode()
    assert ApprovalRequest.objects.get().state == ApprovalState.PENDING
    response = client.post(
        f"/handling/approvals/{approval.pk}/decide/", {"decision": "refuse", f"{prefix}-note": "理由不充分"}
    )
    assert response.status_code == 302
    approval.refresh_from_db()
    assert (approval.state, approval.decided_by, approval.decision_note) == (
        ApprovalState.REFUSED,
        people["yanta_leader"],
        "理由不充分",
    )
    assert WorkOrder.objects.get(pk=order.pk).due_on == order.due_on
    assert f'id="approval-{approval.pk}"' not in client.get("/handling/approvals/").content.decode()
    client.force_login(people["yanta_handler"])
    assert "理由不充分" in client.get(f"/handling/{order.pk}/").content.decode()


def test_a_handler_cannot_open_the_queue_nor_decide(client, people, org):
    order = verifying_report(people, org)
    ask(client, people, order)
    approval = ApprovalRequest.objects.get()
    client.force_login(people["yanta_handler"])
    assert 'href="/handling/approvals/"' not in client.get("/handling/").content.decode()
    assert client.get("/handling/approvals/").status_code == 403
    response = client.post(f"/handling/approvals/{approval.pk}/decide/", {"decision": "approve"})
    assert response.status_code == 403
    assert ApprovalRequest.objects.get().state == ApprovalState.PENDING


def test_a_leader_of_another_county_does_not_see_nor_decide_the_request(client, people, org):
    order = verifying_report(people, org)
    ask(client, people, order)
    approval = ApprovalRequest.objects.get()
    beilin_leader = user_create(
        username="beilin_leader",
        password="pass-1234",
        role=Role.UNIT_LEADER,
        unit=org["beilin"],
        full_name="碑林负责人",
    )
    client.force_login(beilin_leader)
    queue = client.get("/handling/approvals/")
    assert queue.status_code == 200
    assert order.number not in queue.content.decode()
    client.post(f"/handling/approvals/{approval.pk}/decide/", {"decision": "approve"})
    assert ApprovalRequest.objects.get().state == ApprovalState.PENDING
    client.force_login(people["xian_leader"])  # the city bureau above 雁塔 does see it
    assert order.number in client.get("/handling/approvals/").content.decode()


def test_a_request_is_announced_to_the_leaders_unit_channels(
    client, people, org, monkeypatch, django_capture_on_commit_callbacks
):
    seen: list = []
    monkeypatch.setattr(events, "_subscribers", [seen.append])
    order = verifying_report(people, org)
    with django_capture_on_commit_callbacks(execute=True):
        ask(client, people, order)
    approval = ApprovalRequest.objects.get()
    requested = [e for e in seen if e.event_type == "approval_requested"]
    assert [e.data["approval_id"] for e in requested] == [approval.pk]
    assert {f"unit:{org['yanta'].pk}", f"unit:{org['xian'].pk}"} <= set(requested[-1].channels)
