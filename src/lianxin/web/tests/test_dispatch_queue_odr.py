"""The center's 待分送 queue marks a complaint that is with its enrolled business for online settlement (ODR,
Order 121 Art. 6) with the last day of that period, as long as the case is open (with the business, or answered and
waiting for the consumer). The dispatch is allowed (as on the detail page) and ends the case — the mark and the
hint say so, so that agents do not dispatch it without knowing."""

from __future__ import annotations

from decimal import Decimal

import pytest
import time_machine

from lianxin.portal.errors import PortalError
from lianxin.portal.models import Business, OdrOutcome
from lianxin.portal.services.odr import (
    OdrAnswer,
    business_account_create,
    odr_answer,
    odr_consumer_decide,
    odr_offer,
)
from lianxin.workorders.models import WorkOrder
from lianxin.workorders.services import work_order_register
from lianxin.workorders.tests.factories import at, complaint_input, report_input

pytestmark = pytest.mark.django_db


@pytest.fixture
def registered(people, org):
    """Two registered items of 2026-11-30: a complaint offered to its enrolled business (period to 2026-12-14)
    and a report (never offered)."""
    shop = Business.objects.create(
        credit_code="91610113MA6TXXXX1X", name="西安某某电器有限公司", is_odr_enrolled=True
    )
    account = business_account_create(business=shop, username="dianqi", password="Odr-Secret-2026!")
    with time_machine.travel(at("2026-11-30 10:00"), tick=False):
        complaint = work_order_register(
            actor=people["agent"], data=complaint_input(received_at=at("2026-11-30 09:55"))
        )
        case = odr_offer(work_order=complaint, business=shop)
        report = work_order_register(actor=people["agent"], data=report_input(received_at=at("2026-11-30 09:58")))
    return {"complaint": complaint, "report": report, "case": case, "account": account}


def _row(html: str, number: str) -> str:
    start = html.index(f'data-number="{number}"')
    return html[start : html.index("</tr>", start)]


def _queue(client, people) -> str:
    client.force_login(people["agent"])
    response = client.get("/work-orders/dispatch-queue/", {"tab": "registered"})
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("answered", [False, True])
def test_an_open_odr_case_is_marked_with_its_last_day(client, people, registered, answered):
    if answered:
        with time_machine.travel(at("2026-12-01 10:00"), tick=False):
            odr_answer(
                account=registered["account"],
                case_id=registered["case"].pk,
                data=OdrAnswer(OdrOutcome.REPAIR, "同意上门维修"),
            )
    html = _queue(client, people)
    row = _row(html, registered["complaint"].number)
    assert "在线和解中，至 2026-12-14" in row
    assert ("经营者已答复，待消费者确认" if answered else "待经营者处理") in row
    assert "现在分送将终止在线和解" in row
    assert "在线和解中" not in _row(html, registered["report"].number)


def test_a_case_no_longer_open_leaves_no_mark(client, people, registered):
    with time_machine.travel(at("2026-12-01 10:00"), tick=False):
        odr_answer(
            account=registered["account"],
            case_id=registered["case"].pk,
            data=OdrAnswer(OdrOutcome.REPAIR, "同意上门维修"),
        )
        odr_consumer_decide(case_id=registered["case"].pk, accept=False, reason="维修不能解决问题")
    row = _row(_queue(client, people), registered["complaint"].number)
    assert "在线和解中" not in row
    assert "分送" in row


def test_the_marked_item_can_be_dispatched_and_its_case_ends(client, people, org, registered):
    """The screen offers what the service does: the dispatch of a complaint with an open ODR case goes through,
    and the case ends with it — the business can no longer answer a complaint a unit now handles."""
    client.force_login(people["agent"])
    number = registered["complaint"].number
    form = f"w{registered['complaint'].pk}"
    response = client.post(
        f"/work-orders/{number}/dispatch/",
        {f"{form}-handling_unit": org["yanta"].pk, f"{form}-note": "", "do": "dispatch"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert WorkOrder.objects.get(number=number).state == "dispatched"
    case = registered["case"]
    case.refresh_from_db()
    assert case.state == "taken_over"
    assert case.events.filter(kind="taken_over", note__contains="分送").exists()
    with pytest.raises(PortalError) as refused:
        odr_answer(account=registered["account"], case_id=case.pk, data=OdrAnswer(OdrOutcome.REPAIR, "同意上门维修"))
    assert refused.value.code == "not_open"


def test_an_answered_case_ends_when_the_complaint_is_dispatched_and_the_consumer_can_no_longer_accept(
    people, org, registered
):
    from lianxin.domain.workflow import Action
    from lianxin.workorders.services import TransitionInput, work_order_transition

    with time_machine.travel(at("2026-12-01 10:00"), tick=False):
        odr_answer(
            account=registered["account"],
            case_id=registered["case"].pk,
            data=OdrAnswer(OdrOutcome.REFUND, "同意全额退款300元", amount=Decimal("300")),
        )
        work_order_transition(
            work_order_id=registered["complaint"].pk,
            actor=people["agent"],
            data=TransitionInput(Action.DISPATCH, handling_unit_id=org["yanta"].pk),
        )
        with pytest.raises(PortalError) as refused:
            odr_consumer_decide(case_id=registered["case"].pk, accept=True)
    assert refused.value.code == "not_answered"
    assert WorkOrder.objects.get(pk=registered["complaint"].pk).state == "dispatched"
