"""The performance benches of issues 9, 10 and 11 (bench/inbox, bench/intake, bench/analytics/wallboard.py) still
run their code paths on tiny data, so they cannot rot unnoticed — and where a bench compares the design with a
peer, the two give the same answer. Outcomes only, never timings (those are the benches' business)."""

from __future__ import annotations

import importlib
import random
import sys
from datetime import timedelta
from pathlib import Path
from types import ModuleType

import pytest
import time_machine

from lianxin.common import clock
from lianxin.workorders.models import WorkOrder

REPOSITORY_DIR = Path(__file__).resolve().parents[3]
pytestmark = pytest.mark.django_db
# ruff: noqa: S311 - seeded generators make test data, not secrets


def bench_module(name: str) -> ModuleType:
    if str(REPOSITORY_DIR) not in sys.path:
        sys.path.insert(0, str(REPOSITORY_DIR))
    return importlib.import_module(name)


def test_inbox_bench_views_give_the_same_rows_as_the_peer(rules):
    inbox = bench_module("bench.inbox.run")
    inbox.fill(40)
    from lianxin.accounts.models import User

    handler = User.objects.get(username="ib-handler")
    assert WorkOrder.objects.filter(handling_unit__code="IBK1").count() == 80  # 40 open, 40 closed
    for name, query in inbox.views(random.Random(7)).items():
        # The peer pages by OFFSET and peeks one row ahead; the design returns the page (or one ahead when
        # searching): both see the same number of rows on a page of this tiny inbox.
        ours, peer = inbox.design_queries(handler, query), inbox.peer_queries(handler, query)
        assert min(ours, inbox.PAGE_SIZE) == min(peer, inbox.PAGE_SIZE) or name == "page 200", name


def test_intake_bench_generates_findable_callers(rules):
    """The generated phones are encrypted and blind-indexed as the model does: every lookup finds the caller's
    work orders (the bench once wrote clear phones that no lookup could find)."""
    intake = bench_module("bench.intake.run")
    data = intake._generate(0.00005, random.Random(1))  # 50 work orders, 100 calls
    assert data["work_orders"] == 50
    assert data["calls"] == 100
    order = WorkOrder.objects.exclude(contact_phone="").first()
    assert order.contact_phone.isdigit()  # decrypts
    lookups = intake._history_lookups(data["sample_callers"], 20, random.Random(2))
    assert lookups["count"] == 20
    assert lookups["work_orders_found_per_lookup"] > 0
    # The joint complaints' co-complainants are sealed as the model does: each finds the item, marked as theirs.
    from lianxin.intake.selectors import caller_history
    from lianxin.workorders.models import CoComplainant

    co_complainants = list(CoComplainant.objects.select_related("work_order"))
    assert len(co_complainants) == data["co_complainants"] > 0
    for person in co_complainants:
        found = {w.number: w.is_co_complainant for w in caller_history(person.phone).work_orders}
        assert found[person.work_order.number] is (person.phone != person.work_order.contact_phone)


def test_wallboard_figures_agree_with_the_per_figure_queries(rules, people, org):
    """The wallboard's two aggregates give exactly what one query per figure gave (bench/analytics/wallboard.py
    keeps those queries as its peer), on calls of today, of the last 30 minutes, waiting now, and older."""
    from lianxin.accounts.services import user_create
    from lianxin.domain.workflow import Role
    from lianxin.intake.models import AgentSeat, AgentSession, Call
    from lianxin.workorders.services import work_order_register
    from lianxin.workorders.tests.factories import at, complaint_input

    wallboard = bench_module("bench.analytics.wallboard")
    with time_machine.travel(at("2026-05-20 15:00"), tick=False):
        now = clock.now()
        for received in ("2026-05-20 09:00", "2026-05-20 14:50", "2026-05-19 10:00", "2026-04-01 10:00"):
            work_order_register(actor=people["agent"], data=complaint_input(received_at=at(received)))
        rng = random.Random(5)
        for n in range(60):
            offered = now - timedelta(minutes=rng.randrange(0, 60 * 30))
            waiting = n < 3
            answered = not waiting and rng.random() < 0.8
            wait = rng.randrange(1, 40)
            Call.objects.create(
                call_id=f"wb-{n}",
                caller_number="13900000000",
                offered_at=now - timedelta(seconds=10 * n) if waiting else offered,
                answered_at=offered + timedelta(seconds=wait) if answered else None,
                ended_at=None if waiting else offered + timedelta(seconds=wait + 60),
                wait_seconds=None if waiting else wait,
                cause="" if waiting else ("answered" if answered else "abandoned"),
            )
        agent = user_create(username="wb-a", password=None, role=Role.AGENT, unit=org["center"])
        AgentSession.objects.create(
            user=agent, seat=AgentSeat.objects.create(extension="8999"), started_at=now, state_since=now
        )
        today = clock.local_date(now)
        for user in (people["manager"], people["supervisor"]):
            ours = wallboard.current_figures(user, now, today)
            before = wallboard.previous_figures(user, now, today)
            assert ours == before
        assert ours["offered"] > 0
        assert ours["waiting"] == 3
        assert ours["registered"]["complaint"] == 2
