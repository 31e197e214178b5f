"""Every list endpoint of /api/v1/ reads a fixed number of queries whatever the number of its rows: the list is
requested with a few rows, again after more rows were added, and the query counts must be equal (a query per row —
a relation not selected, a rule set looked up per row — shows as a difference, listed in the failure message).
The same check as the center's screens (`web/tests/test_list_queries.py`), over the JSON answers."""

from __future__ import annotations

import pytest

from lianxin.accounts.services import user_create
from lianxin.domain.workflow import Action, Role
from lianxin.intake.models import AgentSeat, Call
from lianxin.intake.services import agent_sign_in
from lianxin.tests.page_queries import assert_fixed_queries
from lianxin.workorders.models import ApprovalRequest, WorkOrder
from lianxin.workorders.services import (
    CoComplainantAddInput,
    CoComplainantInput,
    TransitionInput,
    approval_decide,
    approval_request,
    co_complainant_add,
    mixed_filing_register,
    mixed_report_input,
    work_order_register,
    work_order_transition,
)
from lianxin.workorders.tests.factories import complaint_input, report_input

pytestmark = pytest.mark.django_db


def _same_queries_for(readers, client_for, path, add_rows, *, marker, params=None, more=5) -> None:
    """`assert_fixed_queries` for each reader in turn; rows added for one stay for the next (each adds `more`)."""
    added = iter(range(len(readers) * more))
    for who in readers:
        assert_fixed_queries(
            client_for(who), path, params, lambda _n: add_rows(next(added)), marker=marker, more=more
        )


def _dispatched(people, org, n: int) -> WorkOrder:
    """A complaint dispatched to 雁塔 or 碑林 (alternately); every third one the complaint half of a mixed filing,
    whose report half is dispatched to 雁塔 too (so that the counterpart has a handling unit to show)."""
    data = complaint_input(summary=f"冰箱{n}", category_code="" if n % 2 else "household_appliances")
    if n % 3 == 0:
        filing = mixed_filing_register(
            actor=people["agent"],
            complaint=data,
            report=mixed_report_input(complaint_input(), facts="同时举报该店销售过期食品。"),
        )
        work_order_transition(
            work_order_id=filing.report.pk,
            actor=people["agent"],
            data=TransitionInput(Action.DISPATCH, handling_unit_id=org["yanta"].pk),
        )
        order = filing.complaint
    else:
        order = work_order_register(actor=people["agent"], data=data)
    return work_order_transition(
        work_order_id=order.pk,
        actor=people["agent"],
        data=TransitionInput(Action.DISPATCH, handling_unit_id=org["yanta" if n % 2 else "beilin"].pk),
    )


@pytest.mark.parametrize(
    ("who", "params"),
    [
        ("supervisor", {}),
        ("supervisor", {"state": "dispatched"}),
        ("supervisor", {"kind": "complaint", "due_soon": "false"}),
        ("supervisor", {"overdue": "false", "unit": "ORG_XIAN"}),
        ("analyst", {}),
        ("xian_leader", {}),
    ],
)
def test_the_work_order_list(client_for, people, org, who, params):
    params = {k: (org["xian"].pk if v == "ORG_XIAN" else v) for k, v in params.items()}
    _dispatched(people, org, 1)
    assert_fixed_queries(
        client_for(who),
        "/api/v1/work-orders/",
        params,
        lambda n: _dispatched(people, org, n + 2),
        marker='"number":',
    )


def _returned(people, org, n: int) -> WorkOrder:
    """A dispatched complaint (every third one half of a mixed filing) returned by its unit, with or without a
    suggested unit."""
    order = _dispatched(people, org, n)
    return work_order_transition(
        work_order_id=order.pk,
        actor=people["yanta_handler" if n % 2 else "beilin_handler"],
        data=TransitionInput(
            Action.RETURN,
            return_reason="not_competent" if n % 2 else "other",
            note="地址在其他区",
            suggested_unit_id=org["beilin" if n % 2 else "yanta"].pk if n % 4 else None,
        ),
    )


@pytest.mark.parametrize("who", ["agent", "supervisor"])
def test_the_returned_items(client_for, people, org, who):
    _returned(people, org, 1)
    assert_fixed_queries(
        client_for(who),
        "/api/v1/work-orders/returned/",
        {},
        lambda n: _returned(people, org, n + 2),
        marker='"return_reason":{',
    )


def test_the_events_of_a_work_order(client_for, people, org):
    """The rows are the item's events: returns and redispatches, each by another person."""
    order = _dispatched(people, org, 1)

    def add(n):
        current = WorkOrder.objects.get(pk=order.pk)
        if current.state == "returned":
            work_order_transition(
                work_order_id=order.pk,
                actor=people["supervisor" if n % 3 else "agent"],
                data=TransitionInput(
                    Action.REDISPATCH, handling_unit_id=org["yanta"].pk, note="核实后仍属雁塔"
                ),
            )
        else:
            work_order_transition(
                work_order_id=order.pk,
                actor=people["yanta_handler"],
                data=TransitionInput(Action.RETURN, return_reason="not_competent"),
            )

    _same_queries_for(
        ("supervisor", "analyst"),
        client_for,
        f"/api/v1/work-orders/{order.pk}/events/",
        add,
        marker='"sequence":',
    )


def _verifying(people, org, n: int) -> WorkOrder:
    report = work_order_register(actor=people["agent"], data=report_input(summary=f"过期食品{n}"))
    for who, data in (
        ("agent", TransitionInput(Action.DISPATCH, handling_unit_id=org["yanta"].pk)),
        ("yanta_handler", TransitionInput(Action.START_VERIFICATION)),
    ):
        work_order_transition(work_order_id=report.pk, actor=people[who], data=data)
    return report


def _ask(people, work_order_id: int, n: int) -> None:
    """The handler asks the leader to extend the verification period (an extension needs the leader's approval,
    《市场监督管理行政处罚程序规定》第十八条)."""
    approval_request(
        actor=people["yanta_handler"],
        work_order_id=work_order_id,
        action=Action.EXTEND_VERIFICATION,
        note=f"案情复杂{n}",
    )


def test_the_approval_queue(client_for, people, org):
    _ask(people, _verifying(people, org, 0).pk, 0)
    assert_fixed_queries(
        client_for("yanta_leader"),
        "/api/v1/approvals/",
        {},
        lambda n: _ask(people, _verifying(people, org, n + 1).pk, n + 1),
        marker='"work_order_number":',
    )


def test_the_approvals_of_a_work_order(client_for, people, org):
    """Asked, refused by the leader, asked again: each row names who asked and who decided."""
    order = _verifying(people, org, 0)

    def add(n):
        pending = ApprovalRequest.objects.filter(work_order=order, state="pending").first()
        if pending is not None:
            approval_decide(
                actor=people["yanta_leader"], approval_id=pending.pk, approve=False, note=f"理由不足{n}"
            )
        _ask(people, order.pk, n)

    _ask(people, order.pk, 0)
    _same_queries_for(
        ("yanta_handler", "analyst"),
        client_for,
        f"/api/v1/work-orders/{order.pk}/approvals/",
        add,
        marker='"work_order_number":',
    )


def _call(people, n: int) -> None:
    call = Call.objects.create(
        call_id=f"lq-{n}",
        from_number=f"139{n:08d}",
        to_number="12315",
        agent=people["agent"] if n % 2 else None,
        cause="" if n % 2 else "answer",
    )
    if n % 3 == 0:
        call.work_orders.add(work_order_register(actor=people["agent"], data=complaint_input()))


@pytest.mark.parametrize("who", ["agent", "supervisor"])
def test_the_calls(client_for, people, who):
    _call(people, 1)
    assert_fixed_queries(
        client_for(who), "/api/v1/calls/", {}, lambda n: _call(people, 2 * n + 3), marker='"call_id":'
    )


def test_the_analytics_drill_down(client_for, people, org):
    _dispatched(people, org, 1)
    _same_queries_for(
        ("analyst", "xian_leader"),
        client_for,
        "/api/v1/analytics/work-orders/",
        lambda n: _dispatched(people, org, n + 2),
        params={"start": "2026-01-01", "end": "2026-12-31", "by": "kind", "key": "complaint"},
        marker='"number":',
    )


def test_the_co_complainants_in_a_work_orders_detail(client_for, people, org):
    """The detail's list of co-complainants (共同投诉, Order 121 Art. 12) grows as people join the complaint; the
    access-log record written for a reader who sees them in clear is one row per request, not per person."""
    order = _dispatched(people, org, 1)

    def join(n):
        co_complainant_add(
            actor=people["yanta_handler"],
            work_order_id=order.pk,
            data=CoComplainantAddInput(person=CoComplainantInput(name=f"李明{n}", phone=f"1380000{n:04d}")),
        )

    join(0)
    _same_queries_for(
        ("yanta_handler", "analyst"),
        client_for,
        f"/api/v1/work-orders/{order.pk}/",
        lambda n: join(n + 1),
        marker='"is_representative":',
        more=3,
    )


def test_the_callers_history(client_for, people):
    """The caller's work orders, their own and the joint complaints they are party to."""

    def add(n):
        work_order_register(
            actor=people["agent"],
            data=complaint_input(
                contact_phone="13800002222" if n % 2 else "13912345678",
                co_complainants=(CoComplainantInput(name="李明", phone="13912345678"),) if n % 2 else (),
            ),
        )

    add(0)
    assert_fixed_queries(
        client_for("agent"),
        "/api/v1/caller-history/",
        {"phone": "13912345678"},
        lambda n: add(n + 1),
        marker='"party_label":',
    )


def test_the_signed_in_agents(client_for, people):
    """Each signed-in agent with their seat (and their call, when on one)."""

    def sign_in(n):
        user = user_create(
            username=f"agent{n}", password="pass-1234", role=Role.AGENT, unit=people["agent"].unit
        )
        AgentSeat.objects.create(extension=f"80{n:02d}")
        agent_sign_in(user=user, extension=f"80{n:02d}")

    sign_in(0)
    assert_fixed_queries(
        client_for("supervisor"), "/api/v1/agents/", {}, lambda n: sign_in(n + 1), marker='"extension":'
    )
