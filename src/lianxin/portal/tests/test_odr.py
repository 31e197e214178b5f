"""Online dispute resolution: an enrolled business sees only complaints about itself, answers with a fixed outcome;
the consumer's acceptance settles and closes the item, a rejection or the deadline sends it to normal dispatch."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
import time_machine

from lianxin.domain.workflow import Kind, State
from lianxin.portal.errors import PortalError
from lianxin.portal.models import Business, OdrOutcome, OdrState
from lianxin.portal.services.odr import (
    OdrAnswer,
    business_account_authenticate,
    business_account_create,
    odr_answer,
    odr_cases_for,
    odr_consumer_decide,
    odr_expire_due,
    odr_offer,
)
from lianxin.workorders.models import WorkOrder
from lianxin.workorders.services import work_order_register
from lianxin.workorders.tests.factories import at, complaint_input, report_input

PASSWORD = "Odr-Secret-2026!"


@pytest.fixture
def shops(db):
    ours = Business.objects.create(
        credit_code="91610113MA6TXXXX1X", name="西安某某电器有限公司", is_odr_enrolled=True
    )
    other = Business.objects.create(
        credit_code="91610103MA6TYYYY2Y", name="碑林区某超市", is_odr_enrolled=True
    )
    return {
        "ours": ours,
        "other": other,
        "ours_account": business_account_create(business=ours, username="dianqi", password=PASSWORD),
        "other_account": business_account_create(business=other, username="chaoshi", password=PASSWORD),
    }


@pytest.fixture
def offered(people, shops):
    with time_machine.travel(at("2026-11-30 10:00"), tick=False):
        order = work_order_register(
            actor=people["agent"], data=complaint_input(received_at=at("2026-11-30 09:55"))
        )
        return odr_offer(work_order=order, business=shops["ours"])


def test_the_business_has_its_working_days_to_settle(offered):
    # Mon 2026-11-30 + 10 working days → Mon 2026-12-14.
    assert (offered.state, offered.due_on, offered.due_is_provisional) == (
        OdrState.AWAITING_BUSINESS,
        date(2026, 12, 14),
        False,
    )


def test_a_business_sees_only_complaints_about_itself(offered, shops):
    assert list(odr_cases_for(shops["ours_account"])) == [offered]
    assert list(odr_cases_for(shops["other_account"])) == []
    with pytest.raises(PortalError) as refused:
        odr_answer(
            account=shops["other_account"],
            case_id=offered.pk,
            data=OdrAnswer(OdrOutcome.REFUND, "同意退款", Decimal("100")),
        )
    assert refused.value.status == 404


def test_a_report_is_never_offered_to_the_business(people, shops):
    with time_machine.travel(at("2026-11-30 10:00"), tick=False):
        report = work_order_register(
            actor=people["agent"], data=report_input(received_at=at("2026-11-30 09:00"))
        )
        with pytest.raises(PortalError) as refused:
            odr_offer(work_order=report, business=shops["ours"])
    assert refused.value.code == "only_complaints"


def test_an_answer_needs_an_outcome_its_reason_and_for_money_an_amount(offered, shops):
    with pytest.raises(PortalError) as refused:
        odr_answer(account=shops["ours_account"], case_id=offered.pk, data=OdrAnswer(OdrOutcome.REFUND, "好"))
    assert set(refused.value.fields) == {"answer", "amount"}


def test_the_consumer_accepts_and_the_complaint_is_closed_with_the_money_recovered(offered, shops):
    with time_machine.travel(at("2026-12-01 10:00"), tick=False):
        odr_answer(
            account=shops["ours_account"],
            case_id=offered.pk,
            data=OdrAnswer(OdrOutcome.REFUND, "同意全额退款，三日内到账", Decimal("3999.00")),
        )
        case = odr_consumer_decide(case_id=offered.pk, accept=True)
    assert case.state == OdrState.SETTLED
    order = WorkOrder.objects.get(pk=offered.work_order_id)
    assert (order.state, order.amount_recovered, order.due_on) == (State.CLOSED, Decimal("3999.00"), None)
    last = order.events.order_by("-sequence").first()
    assert (last.action, last.actor.full_name) == ("settle_online", "网上受理")
    assert "同意全额退款" in order.outcome


def test_a_rejected_answer_returns_the_complaint_to_normal_dispatch(
    offered, shops, django_capture_on_commit_callbacks, live_events
):
    with time_machine.travel(at("2026-12-01 10:00"), tick=False):
        odr_answer(
            account=shops["ours_account"],
            case_id=offered.pk,
            data=OdrAnswer(OdrOutcome.REFUSE, "商品无质量问题，不同意退货"),
        )
        with django_capture_on_commit_callbacks(execute=True):
            case = odr_consumer_decide(
                case_id=offered.pk, accept=True, reason=""
            )  # a refusal cannot be "accepted"
    assert case.state == OdrState.REJECTED
    order = WorkOrder.objects.get(pk=offered.work_order_id)
    assert (order.kind, order.state) == (Kind.COMPLAINT, State.REGISTERED)
    assert (f"center:{order.center_id}", "odr.returned") in [(c, t) for c, t, _ in live_events]


@pytest.mark.parametrize("stage", ["awaiting", "answered", "rejected"])
def test_the_center_cannot_settle_online_before_the_consumer_accepts_the_businesss_answer(
    client, offered, shops, people, stage
):
    from lianxin.domain.errors import RequirementMissing
    from lianxin.domain.workflow import Action
    from lianxin.workorders.services import TransitionInput, work_order_transition

    with time_machine.travel(at("2026-12-01 10:00"), tick=False):
        if stage != "awaiting":
            odr_answer(
                account=shops["ours_account"],
                case_id=offered.pk,
                data=OdrAnswer(OdrOutcome.REPAIR, "同意上门维修"),
            )
        if stage == "rejected":
            odr_consumer_decide(case_id=offered.pk, accept=False, reason="维修不能解决问题")
        with pytest.raises(RequirementMissing) as refused:
            work_order_transition(
                work_order_id=offered.work_order_id,
                actor=people["supervisor"],
                data=TransitionInput(Action.SETTLE_ONLINE, note="双方已和解"),
            )
    assert set(refused.value.fields) == {"action"}
    order = WorkOrder.objects.get(pk=offered.work_order_id)
    assert order.state == State.REGISTERED
    # … and the work-order page of the center's staff does not offer it.
    client.force_login(people["supervisor"])
    page = client.get(f"/work-orders/{order.number}/").content.decode()
    assert 'data-action="dispatch"' in page
    assert 'data-action="settle_online"' not in page


# --- joint complaints (共同投诉, Order 121 Art. 12) ---------------------------------------------------------------


def test_a_joint_complaint_is_never_offered_to_the_business(people, shops):
    from lianxin.workorders.services import CoComplainantInput

    with time_machine.travel(at("2026-11-30 10:00"), tick=False):
        order = work_order_register(
            actor=people["agent"],
            data=complaint_input(
                received_at=at("2026-11-30 09:55"),
                co_complainants=(CoComplainantInput(name="李明", phone="13800002222"),),
            ),
        )
        with pytest.raises(PortalError) as refused:
            odr_offer(work_order=order, business=shops["ours"])
    assert refused.value.code == "joint_complaint"
    assert "被代表的投诉人书面同意（《市场监督管理投诉举报处理办法》第十二条）" in refused.value.message


@pytest.mark.parametrize("answered", [False, True])
def test_co_complainants_joining_send_an_open_case_back_to_dispatch(
    offered, shops, people, answered, django_capture_on_commit_callbacks, live_events
):
    from lianxin.portal.models import OdrEvent
    from lianxin.workorders.services import CoComplainantAddInput, CoComplainantInput, co_complainant_add

    with time_machine.travel(at("2026-12-01 10:00"), tick=False):
        if answered:
            odr_answer(
                account=shops["ours_account"],
                case_id=offered.pk,
                data=OdrAnswer(OdrOutcome.REPAIR, "同意上门维修"),
            )
        with django_capture_on_commit_callbacks(execute=True):
            co_complainant_add(
                actor=people["agent"],
                work_order_id=offered.work_order_id,
                data=CoComplainantAddInput(person=CoComplainantInput(name="李明", phone="13800002222")),
            )
        with pytest.raises(PortalError) as closed:
            odr_answer(
                account=shops["ours_account"],
                case_id=offered.pk,
                data=OdrAnswer(OdrOutcome.REFUND, "同意退款", Decimal("100")),
            )
    assert closed.value.code == "not_open"
    offered.refresh_from_db()
    assert offered.state == OdrState.JOINT_COMPLAINT
    event = OdrEvent.objects.filter(case=offered).order_by("-id").first()
    assert (event.kind, event.actor) == ("joint_complaint", "市场监管部门")
    assert "被代表的投诉人书面同意" in event.note
    assert "第十二条" in event.note
    order = WorkOrder.objects.get(pk=offered.work_order_id)
    assert (order.state, order.is_joint_complaint) == (State.REGISTERED, True)
    toasts = [d.get("toast", "") for _c, t, d in live_events if t == "odr.returned"]
    assert toasts == [f"工单 {order.number} 成为共同投诉，待分送"]


def test_a_joint_complaint_settles_online_only_with_the_represented_consent(offered, shops, people):
    """SETTLE_ONLINE requires JOINT_CONSENT (the table): a case settled on a complaint that is joint by then —
    however it came about — does not close it without the represented complainants' consent."""
    from lianxin.domain.errors import RequirementMissing
    from lianxin.domain.workflow import Action
    from lianxin.workorders.models import CoComplainant
    from lianxin.workorders.services import JointConsentInput, TransitionInput, work_order_transition

    order = offered.work_order
    CoComplainant.objects.create(
        work_order=order, position=1, name="李明", phone="13800002222", added_at=order.received_at
    )
    WorkOrder.objects.filter(pk=order.pk).update(is_joint_complaint=True)
    offered.state = OdrState.SETTLED
    offered.save(update_fields=["state"])
    settle = {"note": "双方已和解"}
    with pytest.raises(RequirementMissing) as refused:
        work_order_transition(
            work_order_id=order.pk,
            actor=people["supervisor"],
            data=TransitionInput(Action.SETTLE_ONLINE, **settle),
        )
    assert set(refused.value.fields) == {"joint_consent"}
    li = str(CoComplainant.objects.get(work_order=order).pk)
    closed = work_order_transition(
        work_order_id=order.pk,
        actor=people["supervisor"],
        data=TransitionInput(
            Action.SETTLE_ONLINE,
            joint_consent=JointConsentInput(complainant_keys=("contact", li), record="两人书面同意"),
            **settle,
        ),
    )
    assert closed.state == State.CLOSED


def test_an_unanswered_case_expires_into_normal_dispatch(offered, shops):
    with time_machine.travel(at("2026-12-14 23:00"), tick=False):
        assert odr_expire_due() == 0  # still the last day
    with time_machine.travel(at("2026-12-15 01:00"), tick=False):
        assert odr_expire_due() == 1
        with pytest.raises(PortalError) as late:
            odr_answer(
                account=shops["ours_account"],
                case_id=offered.pk,
                data=OdrAnswer(OdrOutcome.REPAIR, "同意上门维修"),
            )
    assert late.value.status == 409
    offered.refresh_from_db()
    assert offered.state == OdrState.EXPIRED


def test_business_sign_in_checks_the_password_and_the_enrolment(shops):
    assert business_account_authenticate(username="dianqi", password=PASSWORD) == shops["ours_account"]
    assert business_account_authenticate(username="dianqi", password="wrong") is None
    shops["ours"].is_odr_enrolled = False
    shops["ours"].save()
    assert business_account_authenticate(username="dianqi", password=PASSWORD) is None


def test_the_odr_portal_signs_in_lists_and_refuses_other_businesses_cases(client, offered, shops):
    assert client.get("/odr/").status_code == 302  # not signed in
    response = client.post("/odr/login/", {"username": "chaoshi", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get(f"/odr/cases/{offered.pk}/").status_code == 404
    client.post("/odr/logout/")
    client.post("/odr/login/", {"username": "dianqi", "password": PASSWORD})
    page = client.get(f"/odr/cases/{offered.pk}/").content.decode()
    assert "张某" in page
    assert "139****5678" in page
    assert "13912345678" not in page
    assert "11010519491231002X" not in page


def test_repeated_wrong_passwords_lock_the_odr_sign_in(client, shops):
    for _ in range(5):
        client.post("/odr/login/", {"username": "dianqi", "password": "wrong"})
    response = client.post("/odr/login/", {"username": "dianqi", "password": PASSWORD})
    assert response.status_code == 200
    assert "登录失败次数过多" in response.content.decode()
