"""Every list screen of the center's pages reads a fixed number of queries whatever the number of its rows: the page
is rendered with one row, then again after more rows were added, and the query counts must be equal (a query per
row — a deferred field read by the template, a relation not selected, a cache looked at per row — shows as a
difference). The landing, the 待分送 queue (both tabs), the callbacks, the workstation's screen pop and the
center's work-order page (its timeline)."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
import time_machine

from lianxin.common import clock
from lianxin.domain.workflow import Action
from lianxin.intake.models import AgentSeat
from lianxin.intake.services import CtiPayload, agent_sign_in, cti_event_receive
from lianxin.portal.models import Business, Callback, Rating
from lianxin.portal.services.odr import odr_offer
from lianxin.tests.page_queries import assert_fixed_queries
from lianxin.web.tests.conftest import TODAY_AT, dispatched_complaint
from lianxin.workorders.models import RuleSet, WorkOrder
from lianxin.workorders.services import (
    CoComplainantInput,
    TransitionInput,
    mixed_filing_register,
    mixed_report_input,
    work_order_register,
    work_order_transition,
)
from lianxin.workorders.tests.factories import at, complaint_input

pytestmark = pytest.mark.django_db


@pytest.fixture
def today():
    with time_machine.travel(at(TODAY_AT), tick=False):
        yield


def _dispatched(people, org, n: int, **fields) -> WorkOrder:
    return dispatched_complaint(
        people=people, unit=org["yanta" if n % 2 else "beilin"], received="2026-05-12 10:00", summary=f"冰箱{n}"
    )


def test_the_landing_page(client, people, org, today):
    client.force_login(people["supervisor"])
    _dispatched(people, org, 0)
    for params in ({}, {"q": "西安某某"}, {"open": "1"}):
        assert_fixed_queries(
            client, "/home/", params, lambda n: _dispatched(people, org, n + 1), marker='<tr class="'
        )


def test_the_landing_page_of_a_unit_reader(client, people, org, today):
    client.force_login(people["xian_leader"])
    _dispatched(people, org, 1)
    assert_fixed_queries(
        client, "/home/", {}, lambda n: _dispatched(people, org, 2 * n + 1), marker='<tr class="'
    )


def _returned(people, org, n: int) -> WorkOrder:
    order = _dispatched(people, org, 1)
    handler = people["yanta_handler"]
    return work_order_transition(
        work_order_id=order.pk,
        actor=handler,
        data=TransitionInput(
            Action.RETURN,
            return_reason="not_competent" if n % 2 else "other",
            note="地址在碑林区",
            suggested_unit_id=org["beilin"].pk if n % 3 else None,
        ),
    )


def test_the_dispatch_queue_of_returned_items(client, people, org, today):
    client.force_login(people["agent"])
    _returned(people, org, 0)
    assert_fixed_queries(
        client,
        "/work-orders/dispatch-queue/",
        {"tab": "returned"},
        lambda n: _returned(people, org, n + 1),
        marker="data-number=",
    )


def _registered(people, org, n: int) -> None:
    shop = Business.objects.get_or_create(
        credit_code="91610113MA6TXXXX1X", defaults={"name": "西安某某电器有限公司", "is_odr_enrolled": True}
    )[0]
    if n % 3 == 0:
        mixed_filing_register(
            actor=people["agent"],
            complaint=complaint_input(summary=f"混合{n}"),
            report=mixed_report_input(complaint_input(), facts="同时举报该店销售过期食品。"),
        )
        return
    order = work_order_register(
        actor=people["agent"],
        data=complaint_input(
            summary=f"登记{n}",
            co_complainants=(CoComplainantInput(name="李明", phone="13800002222"),) if n % 2 else (),
        ),
    )
    if n % 2 == 0:  # a joint complaint is never offered to the business (Order 121 Art. 12)
        odr_offer(work_order=order, business=shop)


def test_the_dispatch_queue_of_registered_items(client, people, org, today):
    client.force_login(people["agent"])
    _registered(people, org, 1)
    assert_fixed_queries(
        client,
        "/work-orders/dispatch-queue/",
        {"tab": "registered"},
        lambda n: _registered(people, org, n + 2),
        marker="data-number=",
    )


def _closed_with_callback(org, n: int, *, review_by=None) -> None:
    closed_at = clock.now() - timedelta(days=1)
    order = WorkOrder.objects.create(
        number=f"CB-{n:04d}-{'r' if review_by else 'p'}",
        center=org["center"],
        kind="complaint",
        channel="hotline",
        received_at=closed_at - timedelta(days=20),
        state="closed",
        closed_at=closed_at,
        rule_set=RuleSet.objects.order_by("-effective_from").first(),
        contact_name="张伟",
        contact_phone=f"139{n:08d}",
        respondent_name="西安某某电器有限公司",
        handling_unit=org["yanta"],
        amount_recovered=Decimal("100"),
    )
    Rating.objects.create(work_order=order, satisfaction="satisfied", source="online", rated_at=closed_at)
    Callback.objects.create(
        work_order=order,
        reason="sample" if n % 2 else "dissatisfied",
        created_at=closed_at,
        **(
            {"state": "done", "needs_review": True, "agent": review_by, "called_at": closed_at, "remarks": "不满意"}
            if review_by
            else {}
        ),
    )


def test_the_callback_list_and_its_review_list(client, people, org, today):
    client.force_login(people["supervisor"])
    _closed_with_callback(org, 0)
    _closed_with_callback(org, 0, review_by=people["agent"])

    def add(n):
        _closed_with_callback(org, n + 1)
        _closed_with_callback(org, n + 1, review_by=people["agent"] if n % 2 else people["manager"])

    assert_fixed_queries(client, "/callbacks/", {}, add, marker='action="/callbacks/')


@pytest.fixture
def ringing(client, people, org, today):
    """A call from 13912345678 ringing at the agent's seat, the caller with one work order; returns a function
    that adds one more item to the caller's history (every other one a joint complaint they are party to)."""
    AgentSeat.objects.create(extension="8001")
    agent_sign_in(user=people["agent"], extension="8001")
    work_order_register(actor=people["agent"], data=complaint_input())
    cti_event_receive(token=None, payload=CtiPayload(event="newCall", call_id="lq1", from_number="13912345678"))
    client.force_login(people["agent"])

    def add(n):
        work_order_register(
            actor=people["agent"],
            data=complaint_input(
                contact_phone="13800002222" if n % 2 else "13912345678",
                co_complainants=(CoComplainantInput(name="李明", phone="13912345678"),) if n % 2 else (),
            ),
        )

    return add


@pytest.mark.parametrize("path", ["/workstation/calls/lq1/panel/", "/workstation/"])
def test_the_screen_pop_with_the_callers_history(client, ringing, path):
    assert_fixed_queries(client, path, {}, ringing, marker='<tr class="ws-')


def test_the_duplicates_panel(client, ringing):
    """The caller's open items (their own and the joint complaints they are party to), offered for linking."""
    assert_fixed_queries(
        client, "/workstation/duplicates/", {"contact_phone": "13912345678"}, ringing, marker="ws-link-choice"
    )


def test_the_center_work_order_page_timeline(client, people, org, today):
    """The timeline's rows are the item's events: a fresh item, then the same after returns and redispatches."""
    client.force_login(people["supervisor"])
    order = _dispatched(people, org, 1)

    def add(n):
        current = WorkOrder.objects.get(pk=order.pk)
        if current.state == "returned":
            work_order_transition(
                work_order_id=order.pk,
                actor=people["agent"],
                data=TransitionInput(Action.REDISPATCH, handling_unit_id=org["yanta"].pk, note="核实后仍属雁塔"),
            )
        else:
            work_order_transition(
                work_order_id=order.pk,
                actor=people["yanta_handler"],
                data=TransitionInput(Action.RETURN, return_reason="not_competent"),
            )

    assert_fixed_queries(client, f"/work-orders/{order.number}/", {}, add, marker="timeline-item", more=4)
