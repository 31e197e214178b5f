"""`load_demo`: the demo organisation, one user per role, and work orders in many states — idempotent."""

from __future__ import annotations

import itertools
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command

from lianxin.accounts.models import OrgUnit, User
from lianxin.domain.workflow import Kind, Role
from lianxin.workorders.demo.generator import demo_plan
from lianxin.workorders.demo.organisation import DEMO_UNITS, demo_people
from lianxin.workorders.models import WorkOrder, WorkOrderEvent
from lianxin.workorders.tests.factories import at


def _load(count: int, seed: int = 7) -> str:
    out = StringIO()
    call_command("load_demo", count=count, seed=seed, stdout=out)
    return out.getvalue()


def test_load_demo_creates_people_and_work_orders(db, monkeypatch):
    monkeypatch.setenv("LIANXIN_DEMO_PASSWORD", "demo-pass-1234")
    output = _load(60)
    demo_users = User.objects.filter(username__startswith="demo_")
    assert {u.role for u in demo_users} == {r.value for r in Role}
    for username in (
        "demo_agent",
        "demo_supervisor",
        "demo_handler_yanta",
        "demo_leader_yanta",
        "demo_manager",
        "demo_analyst",
    ):
        assert User.objects.get(username=username).check_password("demo-pass-1234")
    assert User.objects.get(username="demo_handler_yanta").unit.code == "SN-610113"
    assert OrgUnit.objects.get(code="SN-610402").parent.code == "SN-6104"
    assert WorkOrder.objects.count() == 60
    assert WorkOrder.objects.values("state").distinct().count() >= 6
    assert {Kind.COMPLAINT, Kind.REPORT, Kind.CONSULTATION} <= set(
        WorkOrder.objects.values_list("kind", flat=True)
    )
    # Through the services: every work order has its registration event, and the history goes beyond it.
    assert WorkOrderEvent.objects.filter(action="register").count() == 60
    assert WorkOrderEvent.objects.exclude(action="register").count() > 60
    assert WorkOrder.objects.filter(amount_recovered__gt=0).exists()
    assert "工单 60 件" in output
    assert "LIANXIN_DEMO_PASSWORD" in output


def test_load_demo_is_idempotent(db, monkeypatch):
    monkeypatch.delenv("LIANXIN_DEMO_PASSWORD", raising=False)
    first = _load(25)
    counts = (OrgUnit.objects.count(), User.objects.count(), WorkOrder.objects.count())
    second = _load(25)
    assert counts == (len(DEMO_UNITS), len(demo_people()), 25)
    assert (OrgUnit.objects.count(), User.objects.count(), WorkOrder.objects.count()) == counts
    # A generated password is printed once, when the users are created — not on the next run.
    assert "初始密码" in first
    assert "初始密码" not in second
    assert "工单 0 件" in second


def test_load_demo_tops_up_to_the_count(db):
    _load(10)
    _load(15)
    assert WorkOrder.objects.count() == 15


def test_load_demo_reuses_existing_units(org, monkeypatch):
    monkeypatch.setenv("LIANXIN_DEMO_PASSWORD", "demo-pass-1234")
    before = OrgUnit.objects.count()
    _load(5)
    assert OrgUnit.objects.count() == len(DEMO_UNITS)
    assert before < len(DEMO_UNITS)
    assert User.objects.get(username="demo_handler_yanta").unit == org["yanta"]
    for unit in OrgUnit.objects.select_related("parent"):
        assert unit.path == f"{unit.parent.path if unit.parent else '/'}{unit.pk}/"


def test_demo_plan_is_deterministic_per_seed():
    now = at("2026-11-20 15:00")
    first = demo_plan(count=40, seed=3, now=now)
    assert first == demo_plan(count=40, seed=3, now=now)
    assert first != demo_plan(count=40, seed=4, now=now)
    assert all(item.data.received_at <= now for item in first)
    assert min(item.data.received_at for item in first) >= at("2026-09-20 00:00")


def test_only_recent_complaints_and_reports_wait_at_the_centre():
    """The centre works 7×24: no demo complaint or report sits undispatched, or returned and not yet redispatched,
    for weeks (the 待分送 queue and the wallboard's oldest waiting item would say the centre had stopped)."""
    from lianxin.domain.workflow import Action

    now = at("2026-11-20 15:00")
    plan = demo_plan(count=600, seed=5, now=now)
    waiting = [
        (item, "registered" if not item.steps else "returned")
        for item in plan
        if item.data.kind in (Kind.COMPLAINT, Kind.REPORT)
        and (not item.steps or item.steps[-1].action == Action.RETURN)
    ]
    assert {state for _, state in waiting} == {"registered", "returned"}  # both still shown
    for item, state in waiting:
        limit = timedelta(days=2) if state == "registered" else timedelta(days=5)
        assert now - item.data.received_at <= limit, (state, item.data.received_at)


@pytest.mark.parametrize("seed", [1, 2])
def test_demo_plan_uses_valid_identifiers(seed):
    from lianxin.domain.identifiers import is_valid_credit_code, is_valid_phone, is_valid_resident_id

    for item in demo_plan(count=60, seed=seed, now=at("2026-11-20 15:00")):
        data = item.data
        if data.contact_phone:
            assert is_valid_phone(data.contact_phone)
        if data.contact_id_number:
            assert is_valid_resident_id(data.contact_id_number)
        if data.respondent_credit_code:
            assert is_valid_credit_code(data.respondent_credit_code)


def test_demo_loads_on_top_of_the_real_directory(rules):
    """`./lianxin start --demo` runs after the directory load: dispatches that differ from the jurisdiction
    suggestion carry the reason the service asks for."""
    from lianxin.directory.services import directory_load
    from lianxin.workorders.demo import demo_load

    directory_load(home_province="610000")
    report = demo_load(count=40, password="demo-pass-1")
    assert sum(report.states.values()) == 40
    assert WorkOrder.objects.filter(routing__outcome="assign").exists()


def test_demo_work_orders_carry_the_documents_their_steps_produced(db, monkeypatch):
    from lianxin.documents.models import Document, DocumentKind

    monkeypatch.setenv("LIANXIN_DEMO_PASSWORD", "demo-pass-1234")
    _load(60)
    agreed = (
        WorkOrder.objects.filter(state="agreed").first()
        or WorkOrder.objects.filter(amount_recovered__gt=0).first()
    )
    assert agreed is not None
    assert Document.objects.filter(work_order=agreed, kind=DocumentKind.MEDIATION_AGREEMENT).exists()
    dispatched = WorkOrderEvent.objects.filter(action="dispatch").values_list("work_order_id", flat=True)
    with_notice = Document.objects.filter(kind=DocumentKind.DISPATCH_NOTICE).values_list(
        "work_order_id", flat=True
    )
    assert set(dispatched) <= set(with_notice)


def test_load_demo_lists_the_users_and_populates_the_workstation(db, monkeypatch):
    from lianxin.intake.models import AgentSeat, Call
    from lianxin.intake.selectors import blocked_entry

    monkeypatch.setenv("LIANXIN_DEMO_PASSWORD", "demo-pass-1234")
    output = _load(30)
    for person in demo_people():
        assert person.username in output
    assert "话务员" in output
    assert AgentSeat.objects.filter(extension="8001").exists()
    assert blocked_entry("13800138000") is not None
    assert Call.objects.filter(work_orders__isnull=False).exists()
    calls = Call.objects.count()
    _load(30)
    assert Call.objects.count() == calls


def test_the_demo_shows_a_returned_item_a_mixed_filing_and_a_joint_complaint(db):
    from lianxin.workorders.demo.showcase import JOINT_SUMMARY, MIXED_SUMMARY, RETURNED_SUMMARY

    _load(20)
    returned = WorkOrder.objects.get(summary=RETURNED_SUMMARY)
    assert (returned.state, returned.return_reason_code) == ("returned", "address_unclear")
    assert returned.returned_from.code == "SN-610103"
    complaint = WorkOrder.objects.get(summary=MIXED_SUMMARY)
    assert complaint.mixed_counterpart.kind == "report"
    assert complaint.mixed_counterpart.mixed_counterpart_id == complaint.pk
    joint = WorkOrder.objects.get(summary=JOINT_SUMMARY)
    assert joint.is_joint_complaint
    assert joint.state == "mediating"
    assert [p.is_representative for p in joint.co_complainants.all()] == [True, False]
    # The timeline shows one change of requests, consented to by the represented complainant (Art. 12).
    change = joint.events.get(action="change_claims")
    assert change.changes["claims_change"] == [None, "partly_dropped"]
    assert change.changes["joint_consent"][1]["complainants"] == [str(joint.co_complainants.get(name="吴桐").pk)]
    assert joint.claims == "按剩余月数退还预付款"
    assert WorkOrder.objects.count() == 20
    _load(20)
    assert WorkOrder.objects.count() == 20


def test_demo_steps_happen_when_the_center_would_have_taken_them(db, monkeypatch):
    """Each step at its own moment (clock.travel): after the receipt, in order, never in the future; a dispatch
    the same day or the next; documents dated with their step and numbered in the order they were issued."""
    from django.utils import timezone

    from lianxin.documents.models import Document
    from lianxin.workorders.demo.showcase import JOINT_SUMMARY, MIXED_SUMMARY, RETURNED_SUMMARY

    monkeypatch.setenv("LIANXIN_DEMO_PASSWORD", "demo-pass-1234")
    started = timezone.now()
    _load(60)
    showcase = {JOINT_SUMMARY, MIXED_SUMMARY, RETURNED_SUMMARY}
    planned = WorkOrder.objects.exclude(summary__in=showcase).exclude(
        mixed_counterpart__summary__in=showcase
    )
    old_dispatches = 0
    for order in planned.prefetch_related("events"):
        moments = [e.occurred_at for e in sorted(order.events.all(), key=lambda e: e.pk)]
        assert moments == sorted(moments), order.number
        assert order.received_at <= moments[0] <= started, order.number
        for event in order.events.all():
            if event.action == "dispatch" and (started - order.received_at).days >= 7:
                assert event.occurred_at - order.received_at <= timedelta(hours=21), order.number
                old_dispatches += 1
    assert old_dispatches >= 5
    documents = list(Document.objects.filter(work_order__in=planned).order_by("unit_id", "sequence"))
    assert documents
    for earlier, later in itertools.pairwise(documents):
        if earlier.unit_id == later.unit_id and earlier.year == later.year:
            assert earlier.issued_at <= later.issued_at
    assert min(d.issued_at for d in documents) < started - timedelta(days=14)


def test_the_demo_leaves_extension_requests_for_the_leaders_to_decide(db, monkeypatch):
    from lianxin.workorders.models import ApprovalRequest

    monkeypatch.setenv("LIANXIN_DEMO_PASSWORD", "demo-pass-1234")
    _load(120)
    pending = ApprovalRequest.objects.filter(decided_at__isnull=True).select_related("work_order")
    assert pending.count() >= 2
    assert len({a.work_order.handling_unit_id for a in pending}) == pending.count()  # one per county
    for approval in pending:
        assert approval.action == "extend_verification"
        assert approval.work_order.state == "verifying"
        assert approval.requested_by.username.startswith("demo_handler_")
