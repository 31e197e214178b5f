"""Two people acting on one work order at the same moment: at most one of them succeeds.

Row locks (SELECT … FOR UPDATE) are what PostgreSQL, the production database, gives; SQLite serialises writers
as a whole. CI runs this module on PostgreSQL.
"""

from __future__ import annotations

import threading
import time

import pytest
from django.db import connection

from lianxin.domain.errors import DomainError, IllegalTransition
from lianxin.domain.workflow import Action, State
from lianxin.workorders.models import WorkOrder, WorkOrderEvent
from lianxin.workorders.services import TransitionInput, work_order_register, work_order_transition
from lianxin.workorders.tests.factories import complaint_input

pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("row-lock behaviour is proven on PostgreSQL (CI runs it there)")


@pytest.fixture
def dispatched(people, org):
    order = work_order_register(actor=people["agent"], data=complaint_input())
    return work_order_transition(
        work_order_id=order.pk,
        actor=people["agent"],
        data=TransitionInput(Action.DISPATCH, handling_unit_id=org["yanta"].pk),
    )


def _run(target, results, index):
    try:
        results[index] = target()
    except DomainError as error:
        results[index] = error
    finally:
        connection.close()


def test_the_second_of_two_overlapping_transitions_waits_and_then_is_refused(dispatched, people):
    from django.db import transaction

    holding = threading.Barrier(2)
    results: list[object] = [None, None]
    waited: list[float] = [0.0]

    def accept_and_hold():
        with transaction.atomic():
            order = work_order_transition(
                work_order_id=dispatched.pk,
                actor=people["yanta_handler"],
                data=TransitionInput(Action.ACCEPT),
            )
            holding.wait()
            time.sleep(0.5)  # keep the row lock while the other one tries
        return order

    def decline():
        holding.wait()
        started = time.monotonic()
        try:
            return work_order_transition(
                work_order_id=dispatched.pk,
                actor=people["yanta_leader"],
                data=TransitionInput(Action.DECLINE, note="不属于本局", ground_code="outside_duties"),
            )
        finally:
            waited[0] = time.monotonic() - started

    threads = [
        threading.Thread(target=_run, args=(accept_and_hold, results, 0)),
        threading.Thread(target=_run, args=(decline, results, 1)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert isinstance(results[0], WorkOrder)
    assert results[0].state == State.ACCEPTED
    assert isinstance(results[1], IllegalTransition)
    assert waited[0] >= 0.3  # it blocked on the row lock until the first committed
    assert list(
        WorkOrderEvent.objects.filter(work_order_id=dispatched.pk).values_list("action", flat=True)
    ) == [
        "register",
        "dispatch",
        "accept",
    ]


def test_many_simultaneous_accepts_only_one_wins(dispatched, people):
    start = threading.Barrier(6)
    results: list[object] = [None] * 6
    actors = ["yanta_handler", "yanta_leader", "xian_leader"] * 2

    def accept(who):
        def go():
            start.wait()
            return work_order_transition(
                work_order_id=dispatched.pk, actor=people[who], data=TransitionInput(Action.ACCEPT)
            )

        return go

    threads = [threading.Thread(target=_run, args=(accept(who), results, i)) for i, who in enumerate(actors)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    winners = [r for r in results if isinstance(r, WorkOrder)]
    assert len(winners) == 1
    assert all(isinstance(r, IllegalTransition) for r in results if not isinstance(r, WorkOrder))
    assert WorkOrderEvent.objects.filter(work_order_id=dispatched.pk, action="accept").count() == 1


def test_simultaneous_registrations_get_distinct_numbers(people):
    start = threading.Barrier(6)
    results: list[object] = [None] * 6

    def register():
        start.wait()
        return work_order_register(actor=people["agent"], data=complaint_input())

    threads = [threading.Thread(target=_run, args=(register, results, i)) for i in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    numbers = sorted(r.number for r in results if isinstance(r, WorkOrder))
    assert numbers == [f"SN12315-2026-{n:06d}" for n in range(1, 7)]
