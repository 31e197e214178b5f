"""A complaint that went through online dispute resolution (ODR) before dispatch: the business's offer, the
consumer's answer and how it ended are on the work order for the centre, for the unit that handles it afterwards,
and in the API — identifiers typed into the consumer's words masked for readers who see contacts masked."""

from __future__ import annotations

from decimal import Decimal

import pytest
import time_machine

from lianxin.domain.workflow import Action
from lianxin.portal.models import OdrOutcome, OdrState
from lianxin.portal.services.odr import OdrAnswer, odr_answer, odr_consumer_decide
from lianxin.portal.tests.test_odr import offered, shops  # noqa: F401 - fixtures
from lianxin.workorders.models import WorkOrder
from lianxin.workorders.services import TransitionInput, work_order_register, work_order_transition
from lianxin.workorders.tests.factories import at, complaint_input

REASON = "只同意退一半，我不接受，请联系我13800001111"


@pytest.fixture
def rejected_then_dispatched(offered, shops, people, org):  # noqa: F811
    with time_machine.travel(at("2026-12-01 10:00"), tick=False):
        odr_answer(
            account=shops["ours_account"],
            case_id=offered.pk,
            data=OdrAnswer(OdrOutcome.REFUND, "同意退一半货款", Decimal("1999.50")),
        )
        case = odr_consumer_decide(case_id=offered.pk, accept=False, reason=REASON)
        assert case.state == OdrState.REJECTED
        return work_order_transition(
            work_order_id=offered.work_order_id,
            actor=people["agent"],
            data=TransitionInput(Action.DISPATCH, handling_unit_id=org["yanta"].pk),
        )


@pytest.mark.django_db
def test_the_handler_sees_what_the_business_offered_and_why_the_consumer_refused(
    client, rejected_then_dispatched, people
):
    order = rejected_then_dispatched
    client.force_login(people["yanta_handler"])
    html = client.get(f"/handling/{order.pk}/").content.decode()
    assert 'id="online-settlement"' in html
    assert "西安某某电器有限公司" in html
    assert "退货退款 1999.50 元：同意退一半货款" in html
    assert REASON in html  # the handler sees the complainant's number in clear on this page anyway
    assert "消费者不接受，转入正常分送" in html
    assert "交由经营者在线和解" in html
    assert "经营者答复" in html


@pytest.mark.django_db
def test_the_centre_page_and_the_api_show_it_masked_for_a_reader_who_sees_contacts_masked(
    client, rejected_then_dispatched, people
):
    order = rejected_then_dispatched
    client.force_login(people["agent"])
    html = client.get(f"/work-orders/{order.number}/").content.decode()
    assert 'id="online-settlement"' in html
    assert "同意退一半货款" in html
    client.force_login(people["analyst"])  # sees contacts masked
    body = client.get(f"/api/v1/work-orders/{order.pk}/").json()
    settlement = body["online_settlement"]
    assert (settlement["state"], settlement["amount"], settlement["is_open"]) == ("rejected", "1999.50", False)
    assert "13800001111" not in settlement["consumer_reason"]
    assert [e["kind"] for e in settlement["events"]] == ["offered", "answered", "rejected"]


@pytest.mark.django_db
def test_a_complaint_without_online_settlement_shows_none(client, people, org):
    order = work_order_register(actor=people["agent"], data=complaint_input())
    client.force_login(people["agent"])
    assert client.get(f"/api/v1/work-orders/{order.pk}/").json()["online_settlement"] is None
    assert 'id="online-settlement"' not in client.get(f"/work-orders/{order.number}/").content.decode()
    assert WorkOrder.objects.filter(odr_case__isnull=False).count() == 0
