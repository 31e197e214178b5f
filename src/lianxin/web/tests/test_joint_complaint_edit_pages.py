"""Joint complaints after registration on the work-order pages (共同投诉, Order 121 Art. 12), through the Django test
client: the handler's 共同投诉人 panel (add, remove, re-elect), the change of requests with the represented
complainants' consent, and the center's page while the item waits at the intake."""

from __future__ import annotations

import pytest

from lianxin.domain.workflow import Action
from lianxin.web.tests.conftest import dispatched_complaint, joint_complaint_in_mediation
from lianxin.workorders.models import CoComplainant, WorkOrder
from lianxin.workorders.services import (
    TransitionInput,
    work_order_register,
    work_order_transition,
)
from lianxin.workorders.tests.factories import complaint_input

pytestmark = pytest.mark.django_db


def signed_in(client, user):
    client.force_login(user)
    return client


@pytest.fixture
def single(people, org):
    return dispatched_complaint(people=people, unit=org["yanta"], received="2026-05-12 10:00", summary="冰箱")


@pytest.fixture
def joint(people, org):
    return joint_complaint_in_mediation(people=people, org=org)


def _id(order, name):
    return str(CoComplainant.objects.get(work_order=order, name=name).pk)


def test_a_handler_adds_a_co_complainant_and_the_timeline_names_them(client, people, single):
    client = signed_in(client, people["yanta_handler"])
    page = client.get(f"/handling/{single.pk}/").content.decode()
    assert 'id="joint-add_co_complainant"' in page
    assert 'id="joint-remove_co_complainant"' not in page  # nobody to remove from a single complaint
    response = client.post(
        f"/handling/{single.pk}/complainants/add_co_complainant/",
        {
            "version": single.version,
            "add_co_complainant-name": "王五",
            "add_co_complainant-phone": "13800004444",
            "add_co_complainant-note": "来访申请加入",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    page = client.get(f"/handling/{single.pk}/").content.decode()
    assert 'id="co-complainants"' in page
    assert '王五 <span class="mono">13800004444</span>' in page
    assert "增加共同投诉人：王五" in page
    assert 'id="joint-elect_representatives"' in page


def test_a_third_representative_is_refused_inline(client, people, joint):
    client = signed_in(client, people["yanta_handler"])
    response = client.post(
        f"/handling/{joint.pk}/complainants/elect_representatives/",
        {
            "version": joint.version,
            "elect_representatives-representatives": ["contact", _id(joint, "李明"), _id(joint, "赵强")],
            "elect_representatives-representative_election": "三人签名的推选书",
        },
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "代表人不能超过2名。" in page
    assert 'id="joint-elect_representatives" open' in page
    assert WorkOrder.objects.get(pk=joint.pk).version == joint.version


def test_removing_without_a_reason_is_refused_and_with_one_recorded(client, people, joint):
    client = signed_in(client, people["yanta_handler"])
    url = f"/handling/{joint.pk}/complainants/remove_co_complainant/"
    zhao = _id(joint, "赵强")
    refused = client.post(url, {"version": joint.version, "remove_co_complainant-co_complainant": zhao})
    assert refused.status_code == 400
    assert 'id="id_remove_co_complainant-reason_error"' in refused.content.decode()
    done = client.post(
        url,
        {
            "version": joint.version,
            "remove_co_complainant-co_complainant": zhao,
            "remove_co_complainant-reason": "本人书面撤回",
        },
    )
    assert done.status_code == 302
    page = client.get(f"/handling/{joint.pk}/").content.decode()
    assert "减少共同投诉人：赵强" in page
    assert "本人书面撤回" in page
    assert '赵强 <span class="mono">' not in page  # no longer among the complainants


def test_changing_the_requests_of_a_joint_complaint_asks_the_represented_consent(client, people, joint):
    client = signed_in(client, people["yanta_handler"])
    page = client.get(f"/handling/{joint.pk}/").content.decode()
    assert 'id="action-change_claims"' in page
    change = {
        "version": joint.version,
        "change_claims-claims_change": "partly_dropped",
        "change_claims-claims": "退货，不再要求退款",
        "change_claims-note": "代表人书面提出",
    }
    refused = client.post(f"/handling/{joint.pk}/act/change_claims/", change)
    assert refused.status_code == 400
    assert "被代表的投诉人同意" in refused.content.decode()
    done = client.post(
        f"/handling/{joint.pk}/act/change_claims/",
        {
            **change,
            "change_claims-consented": [_id(joint, "赵强")],
            "change_claims-consent_record": "赵强签字同意",
        },
    )
    assert done.status_code == 302
    assert WorkOrder.objects.get(pk=joint.pk).claims == "退货，不再要求退款"
    page = client.get(f"/handling/{joint.pk}/").content.decode()
    assert "放弃部分投诉请求：原请求「退货退款」，现请求「退货，不再要求退款」" in page
    assert "被代表的投诉人已同意：赵强（赵强签字同意）" in page


def test_dropping_every_request_points_the_handler_to_the_withdrawal(client, people, joint):
    client = signed_in(client, people["yanta_handler"])
    response = client.post(
        f"/handling/{joint.pk}/act/change_claims/",
        {"version": joint.version, "change_claims-claims_change": "all_dropped", "change_claims-note": "放弃"},
    )
    assert response.status_code == 400
    assert "全部放弃请以「终止调解（撤回投诉）」办理。" in response.content.decode()


def test_the_center_edits_while_the_item_waits_and_an_analyst_reads_it_masked(client, people, org):
    order = work_order_register(actor=people["agent"], data=complaint_input())
    agent = signed_in(client, people["agent"])
    page = agent.get(f"/work-orders/{order.number}/").content.decode()
    assert 'id="joint-add_co_complainant"' in page
    assert 'id="wo-claims"' in page
    added = agent.post(
        f"/work-orders/{order.number}/complainants/add_co_complainant/",
        {"version": order.version, "add_co_complainant-name": "王五", "add_co_complainant-phone": "13800004444"},
    )
    assert added.status_code == 302
    changed = agent.post(
        f"/work-orders/{order.number}/claims/",
        {
            "version": order.version + 1,
            "change_claims-claims_change": "changed",
            "change_claims-claims": "换货",
            "change_claims-note": "来电变更",
            "change_claims-consented": ["contact", _id(order, "王五")],
            "change_claims-consent_record": "电话确认并录音",
        },
    )
    assert changed.status_code == 302, changed.content.decode()[:3000]
    page = agent.get(f"/work-orders/{order.number}/").content.decode()
    assert "增加共同投诉人：王五" in page
    assert "变更投诉请求：原请求「退货退款」，现请求「换货」" in page
    client.logout()
    analyst_page = signed_in(client, people["analyst"]).get(f"/work-orders/{order.number}/").content.decode()
    assert "138****4444" in analyst_page
    assert "王五" not in analyst_page
    assert 'id="joint-steps"' not in analyst_page
    # Once dispatched the item is the unit's: the center's page offers neither step any more.
    work_order_transition(
        work_order_id=order.pk,
        actor=people["agent"],
        data=TransitionInput(Action.DISPATCH, handling_unit_id=org["yanta"].pk),
    )
    client.logout()
    page = signed_in(client, people["agent"]).get(f"/work-orders/{order.number}/").content.decode()
    assert 'id="joint-steps"' not in page
    assert 'id="wo-claims"' not in page


def test_another_unit_cannot_post_a_change(client, people, joint):
    response = signed_in(client, people["beilin_handler"]).post(
        f"/handling/{joint.pk}/complainants/add_co_complainant/",
        {"add_co_complainant-name": "王五", "add_co_complainant-phone": "13800004444"},
    )
    assert response.status_code == 403
    assert CoComplainant.objects.filter(work_order=joint).count() == 2
