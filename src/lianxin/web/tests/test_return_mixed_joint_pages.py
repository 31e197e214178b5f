"""The screens of issue 10's last items, through the Django test client: the handler's return with a coded reason,
the center's 待分送 queue with redispatch, the split of a mixed filing, joint complainants on both detail pages."""

from __future__ import annotations

from decimal import Decimal

import pytest
import time_machine

from lianxin.domain.workflow import Action, State
from lianxin.web.tests.conftest import dispatched_complaint, joint_complaint_in_mediation
from lianxin.workorders.models import WorkOrder, WorkOrderEvent
from lianxin.workorders.services import (
    TransitionInput,
    mixed_filing_register,
    mixed_report_input,
    work_order_register,
    work_order_transition,
)
from lianxin.workorders.tests.factories import at, complaint_input

pytestmark = pytest.mark.django_db


@pytest.fixture
def order(people, org):
    return dispatched_complaint(
        people=people, unit=org["yanta"], received="2026-05-12 10:00", summary="冰箱不制冷"
    )


def signed_in(client, user):
    client.force_login(user)
    return client


def _return(order, people, org, **fields):
    return work_order_transition(
        work_order_id=order.pk,
        actor=people["yanta_handler"],
        data=TransitionInput(Action.RETURN, **{"return_reason": "not_competent", **fields}),
    )


# --- the handler returns with a coded reason -------------------------------------------------------------------


def test_the_return_form_offers_the_reasons_and_needs_one(client, people, org, order):
    client = signed_in(client, people["yanta_handler"])
    page = client.get(f"/handling/{order.pk}/").content.decode()
    assert 'name="return-return_reason"' in page
    assert "不属于本单位管辖，应由其他市场监督管理部门处理（第四十一条）" in page
    assert "其他（须说明）" in page
    refused = client.post(f"/handling/{order.pk}/act/return/", {"version": order.version})
    assert refused.status_code == 400
    assert "请选择退回原因。" in refused.content.decode()
    no_note = client.post(
        f"/handling/{order.pk}/act/return/", {"version": order.version, "return-return_reason": "other"}
    )
    assert no_note.status_code == 400
    assert "选择「其他（须说明）」须在说明中写明具体情况。" in no_note.content.decode()
    done = client.post(
        f"/handling/{order.pk}/act/return/",
        {
            "version": order.version,
            "return-return_reason": "not_competent",
            "return-suggested_unit": str(org["beilin"].pk),
            "return-note": "实际经营地在碑林区",
        },
    )
    assert done.status_code == 302
    stored = WorkOrder.objects.get(pk=order.pk)
    assert (stored.state, stored.return_reason_code, stored.return_suggested_unit_id) == (
        State.RETURNED,
        "not_competent",
        org["beilin"].pk,
    )


# --- the center's queue ---------------------------------------------------------------------------------------


def test_the_queue_shows_the_reason_and_the_suggested_unit_and_redispatches(client, people, org, order):
    _return(order, people, org, suggested_unit_id=org["beilin"].pk, note="实际在碑林区")
    client = signed_in(client, people["supervisor"])
    page = client.get("/work-orders/dispatch-queue/").content.decode()
    assert order.number in page
    assert "不属于本单位管辖，应由其他市场监督管理部门处理" in page
    assert "西安市雁塔区市场监督管理局 于" in page
    assert f'<option value="{org["beilin"].pk}" selected>' in page  # the suggested unit is preselected
    assert 'data-code="not_competent"' in page  # the counts by reason
    response = client.post(
        f"/work-orders/{order.number}/dispatch/",
        {
            "version": WorkOrder.objects.get(pk=order.pk).version,
            f"w{order.pk}-handling_unit": str(org["beilin"].pk),
        },
    )
    assert response.status_code == 302
    stored = WorkOrder.objects.get(pk=order.pk)
    assert (stored.state, stored.handling_unit_id) == (State.DISPATCHED, org["beilin"].pk)
    assert f'data-number="{order.number}"' not in client.get("/work-orders/dispatch-queue/").content.decode()


def test_redispatch_to_the_returning_unit_shows_the_rule_inline(client, people, org, order):
    _return(order, people, org)
    client = signed_in(client, people["agent"])
    response = client.post(
        f"/work-orders/{order.number}/dispatch/",
        {
            "version": WorkOrder.objects.get(pk=order.pk).version,
            f"w{order.pk}-handling_unit": str(org["yanta"].pk),
        },
    )
    assert response.status_code == 400
    assert "重新分送到退回单位时须填写理由。" in response.content.decode()
    assert WorkOrder.objects.get(pk=order.pk).state == State.RETURNED


def test_the_queue_is_for_the_center(client, people, order):
    assert signed_in(client, people["yanta_handler"]).get("/work-orders/dispatch-queue/").status_code == 403
    assert signed_in(client, people["analyst"]).get("/work-orders/dispatch-queue/").status_code == 403


def test_the_center_detail_shows_the_return_reason(client, people, org, order):
    _return(order, people, org)
    page = signed_in(client, people["agent"]).get(f"/work-orders/{order.number}/").content.decode()
    assert 'id="return-reason"' in page
    assert "退回：<strong>不属于本单位管辖，应由其他市场监督管理部门处理</strong>" in page
    assert "退回原因：不属于本单位管辖" in page  # in the timeline


# --- mixed filings ----------------------------------------------------------------------------------------------


def test_split_from_the_center_page_and_the_link_on_both_pages(client, people, org):
    with time_machine.travel(at("2026-05-20 10:00"), tick=False):
        registered = work_order_register(actor=people["agent"], data=complaint_input())
    client = signed_in(client, people["agent"])
    page = client.get(f"/work-orders/{registered.number}/").content.decode()
    assert 'id="wo-split"' in page
    assert "拆分并登记举报" in page
    response = client.post(
        f"/work-orders/{registered.number}/split/",
        {
            "version": registered.version,
            "facts": "该店还在销售过期食品。",
            "issue_type_code": "report_food_safety",
            "dispatch_unit": str(org["yanta"].pk),
            "note": "来电同时举报",
        },
    )
    assert response.status_code == 302, response.content.decode()
    report = WorkOrder.objects.get(kind="report")
    assert report.mixed_counterpart_id == registered.pk
    page = client.get(f"/work-orders/{registered.number}/").content.decode()
    assert 'id="wo-mixed"' in page
    assert report.number in page
    assert 'id="wo-split"' not in page  # once only
    handler_page = signed_in(client, people["yanta_handler"]).get(f"/handling/{report.pk}/").content.decode()
    assert 'id="mixed-counterpart"' in handler_page
    assert registered.number in handler_page
    assert f'href="/handling/{registered.pk}/"' not in handler_page  # not in this unit's scope: no link


def test_a_split_without_facts_shows_the_error_inline(client, people):
    with time_machine.travel(at("2026-05-20 10:00"), tick=False):
        registered = work_order_register(actor=people["agent"], data=complaint_input())
    response = signed_in(client, people["agent"]).post(
        f"/work-orders/{registered.number}/split/", {"version": registered.version, "facts": ""}
    )
    assert response.status_code == 400
    assert WorkOrder.objects.count() == 1


def test_a_mixed_filing_is_linked_on_the_handlers_pages(client, people, org):
    complaint = complaint_input()
    filing = mixed_filing_register(
        actor=people["agent"],
        complaint=complaint,
        report=mixed_report_input(complaint, facts="超市销售过期牛奶。"),
    )
    for order in (filing.complaint, filing.report):
        work_order_transition(
            work_order_id=order.pk,
            actor=people["agent"],
            data=TransitionInput(Action.DISPATCH, handling_unit_id=org["yanta"].pk),
        )
    page = (
        signed_in(client, people["yanta_handler"]).get(f"/handling/{filing.complaint.pk}/").content.decode()
    )
    assert f'href="/handling/{filing.report.pk}/"' in page
    assert "为同一诉求，分别处理" in page


# --- joint complaints -----------------------------------------------------------------------------------------


@pytest.fixture
def joint(people, org):
    return joint_complaint_in_mediation(people=people, org=org)


def test_joint_complainants_on_the_handlers_page_and_the_consent_on_the_agreement(client, people, joint):
    client = signed_in(client, people["yanta_handler"])
    page = client.get(f"/handling/{joint.pk}/").content.decode()
    assert 'id="co-complainants"' in page
    assert '李明 <span class="mono">13800002222</span>' in page
    assert "三人签名的推选书" in page
    assert 'name="reach_agreement-consented"' in page
    zhao = joint.co_complainants.get(name="赵强")
    refused = client.post(
        f"/handling/{joint.pk}/act/reach_agreement/",
        {"version": joint.version, "reach_agreement-money": "100", "reach_agreement-note": "退款"},
    )
    assert refused.status_code == 400
    assert "被代表的投诉人同意" in refused.content.decode()
    done = client.post(
        f"/handling/{joint.pk}/act/reach_agreement/",
        {
            "version": joint.version,
            "reach_agreement-money": "100",
            "reach_agreement-note": "退款",
            "reach_agreement-consented": [str(zhao.pk)],
            "reach_agreement-consent_record": "赵强签字同意",
        },
    )
    assert done.status_code == 302
    stored = WorkOrder.objects.get(pk=joint.pk)
    assert (stored.state, stored.amount_recovered) == (State.AGREED, Decimal("100.00"))
    timeline = client.get(f"/handling/{joint.pk}/").content.decode()
    assert "被代表的投诉人已同意：赵强（赵强签字同意）" in timeline
    assert WorkOrderEvent.objects.filter(work_order=joint, action="reach_agreement").exists()


def test_joint_complainants_are_masked_for_an_analyst_on_the_center_page(client, people, joint):
    page = signed_in(client, people["analyst"]).get(f"/work-orders/{joint.number}/").content.decode()
    assert 'id="co-complainants"' in page
    assert "李*" in page
    assert "138****2222" in page
    assert "13800002222" not in page
    agent_page = signed_in(client, people["agent"]).get(f"/work-orders/{joint.number}/").content.decode()
    assert "13800002222" in agent_page


def test_the_center_hears_of_a_return_live(people, org, order, django_capture_on_commit_callbacks):
    from lianxin.realtime.models import LiveMessage

    with django_capture_on_commit_callbacks(execute=True):
        _return(order, people, org, return_reason="address_unclear")
    message = LiveMessage.objects.get(event_type="work_order.returned")
    assert message.channel == f"center:{org['center'].pk}"
    assert message.data == {"id": order.pk, "number": order.number, "reason": "address_unclear"}
