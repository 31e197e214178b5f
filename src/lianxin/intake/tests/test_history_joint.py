"""The caller history finds the joint complaints (Order 121 Art. 12) where the caller is a co-complainant, marked
「共同投诉人」, in the same one statement as before (ADR 0021), with the same data scope; on PostgreSQL every table
it reads is read through an index (ADR 0019 §4: the phone is found by its blind index only)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.db.models import Q

from lianxin.common import clock
from lianxin.common.fields import blind_index_for
from lianxin.domain.workflow import Action
from lianxin.intake.selectors import CO_COMPLAINANT_LABEL, caller_history, history_query
from lianxin.workorders.models import CoComplainant, RuleSet, WorkOrder
from lianxin.workorders.permissions import work_orders_visible_to
from lianxin.workorders.services import (
    CoComplainantInput,
    TransitionInput,
    work_order_register,
    work_order_transition,
)
from lianxin.workorders.tests.factories import complaint_input

pytestmark = pytest.mark.django_db

MAIN = "13912345678"
CO = "13800002222"
ELECTION = "2026年5月5日全体投诉人书面推选张伟为代表人。"


def _joint(people, *, co_phone: str = CO, contact_phone: str = MAIN, summary: str = "多人购买同批次冰箱不制冷"):
    return work_order_register(
        actor=people["agent"],
        data=complaint_input(
            contact_phone=contact_phone,
            summary=summary,
            co_complainants=(
                CoComplainantInput(name="李明", phone=co_phone),
                CoComplainantInput(name="赵强", phone="029-88881234"),
            ),
            contact_is_representative=True,
            representative_election=ELECTION,
        ),
    )


def test_a_co_complainant_calling_sees_the_joint_complaint_marked(people, org, clock_at):
    joint = _joint(people)
    own = work_order_register(actor=people["agent"], data=complaint_input(contact_phone=CO, summary="自己的投诉"))
    history = caller_history("+86 138-0000-2222", user=people["agent"])
    assert {w.id: w.is_co_complainant for w in history.work_orders} == {joint.pk: True, own.pk: False}
    marked = next(w for w in history.work_orders if w.id == joint.pk)
    assert marked.party_label == CO_COMPLAINANT_LABEL
    body = history.as_dict()["work_orders"]
    assert [(w["id"], w["is_co_complainant"], w["party_label"]) for w in body] == [
        (own.pk, False, ""),
        (joint.pk, True, "共同投诉人"),
    ]  # open first, then the newest first: both open, `own` registered last
    # The main complainant's history shows the joint complaint as their own.
    main = caller_history(MAIN, user=people["agent"])
    assert [(w.id, w.is_co_complainant) for w in main.work_orders] == [(joint.pk, False)]
    # The open joint complaint flags the business for the co-complainant too.
    assert "open_complaint" in [f["code"] for f in history.flags]


def test_an_item_where_the_caller_is_both_complainant_and_co_complainant_is_listed_once_as_theirs(
    people, org, clock_at
):
    joint = _joint(people, co_phone=MAIN)
    history = caller_history(MAIN, user=people["agent"])
    assert [(w.id, w.is_co_complainant) for w in history.work_orders] == [(joint.pk, False)]


def test_open_items_come_first_whichever_part_they_come_from(people, org, clock_at):
    closed_own = work_order_register(
        actor=people["agent"], data=complaint_input(contact_phone=CO, summary="已撤回的投诉")
    )
    work_order_transition(
        work_order_id=closed_own.pk,
        actor=people["agent"],
        data=TransitionInput(Action.DISPATCH, handling_unit_id=org["yanta"].pk),
    )
    joint = _joint(people)
    later_own = work_order_register(actor=people["agent"], data=complaint_input(contact_phone=CO))
    WorkOrder.objects.filter(pk=closed_own.pk).update(state="closed")
    history = caller_history(CO, user=people["agent"])
    assert [w.id for w in history.work_orders] == [later_own.pk, joint.pk, closed_own.pk]
    assert [w.is_open for w in history.work_orders] == [True, True, False]


def test_the_co_complainant_part_follows_the_data_scope(people, org, clock_at):
    joint = _joint(people)
    work_order_transition(
        work_order_id=joint.pk,
        actor=people["agent"],
        data=TransitionInput(Action.DISPATCH, handling_unit_id=org["yanta"].pk),
    )
    assert [w.id for w in caller_history(CO, user=people["yanta_handler"]).work_orders] == [joint.pk]
    assert caller_history(CO, user=people["weibin_handler"]).work_orders == []
    assert caller_history(CO, user=people["beilin_handler"]).work_orders == []


def test_the_history_with_co_complainant_items_is_one_statement(
    people, org, clock_at, django_assert_num_queries
):
    _joint(people)
    work_order_register(actor=people["agent"], data=complaint_input(contact_phone=CO))
    agent = people["agent"]
    agent.unit  # noqa: B018 - the scope reads the user's unit once per request, not per lookup
    with django_assert_num_queries(1):
        history = caller_history(CO, user=agent, exclude_call_id="now")
    assert len(history.work_orders) == 2


def test_the_api_and_the_workstation_panel_show_the_mark(people, org, clock_at, client_as, client):
    joint = _joint(people)
    body = client_as(people["agent"]).get("/api/v1/caller-history/", {"phone": CO})
    assert body.status_code == 200, body.content
    assert [(w["number"], w["party_label"]) for w in body.json()["work_orders"]] == [
        (joint.number, "共同投诉人")
    ]
    client.force_login(people["agent"])
    panel = client.get("/workstation/duplicates/", {"contact_phone": CO}).content.decode()
    assert joint.number in panel
    assert "共同投诉人" in panel


def _fill(org, count: int) -> None:
    """`count` work orders of the center, each with its own caller; every tenth a joint complaint with one
    co-complainant of its own number — enough rows for the planner to choose by the statistics."""
    rule_set = RuleSet.objects.order_by("-effective_from").first()
    received = clock.now() - timedelta(days=30)
    orders = WorkOrder.objects.bulk_create(
        WorkOrder(
            number=f"HJ-{n:05d}",
            center=org["center"],
            kind="complaint",
            channel="hotline",
            received_at=received + timedelta(minutes=n),
            state="registered" if n % 3 else "closed",
            rule_set=rule_set,
            contact_phone=f"1390{n:07d}",
            is_joint_complaint=n % 10 == 0,
            respondent_name="某商家",
        )
        for n in range(count)
    )
    CoComplainant.objects.bulk_create(
        CoComplainant(work_order=order, position=1, name="李明", phone=f"1370{n:07d}", added_at=received)
        for n, order in enumerate(orders)
        if n % 10 == 0
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE workorders_workorder")
        cursor.execute("ANALYZE workorders_cocomplainant")


def _work_order_reads(queryset) -> list[str]:
    """The plan's reads of the work-order table (EXPLAIN on PostgreSQL)."""
    sql, params = queryset.query.get_compiler(connection=connection).as_sql()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = [line for (line,) in cursor.fetchall()]
    return [line.strip().removeprefix("->").strip() for line in plan if " on workorders_workorder" in line]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the plan of PostgreSQL")
def test_the_history_reads_work_orders_by_their_phone_index_and_key_only_on_postgresql(people, org, clock_at):
    """Each half of the UNION reaches the work orders through an index on what the caller gave: the phone's blind
    index, or the key of the co-complainant's item (found by the co-complainant's phone index) — never by reading
    the agent's whole scope, which is what an OR of the two in one WHERE does (a filter, `hashed SubPlan`)."""
    _fill(org, 3000)
    caller = "13700000120"  # the co-complainant of HJ-00120
    now = clock.now()
    within = work_orders_visible_to(people["agent"])
    reads = _work_order_reads(history_query(caller, within, now=now, since=now))
    assert len(reads) == 2, reads
    assert any("contact_phone_index" in read for read in reads), reads
    assert any("workorders_workorder_pkey" in read for read in reads), reads
    assert all(read.startswith(("Index Scan", "Bitmap Index Scan")) for read in reads), reads
    assert [w.number for w in caller_history(caller, user=people["agent"]).work_orders] == ["HJ-00120"]
    # The shape this replaces would not pass the same check: it filters the whole scope.
    digest = blind_index_for(WorkOrder, "contact_phone_index", caller)
    either = within.filter(
        Q(contact_phone_index=digest)
        | Q(pk__in=CoComplainant.objects.filter(phone_index=digest).values("work_order_id"))
    ).order_by("-received_at")[:20]
    assert not any("contact_phone_index" in read for read in _work_order_reads(either))


def test_a_reader_who_sees_phones_masked_cannot_look_a_number_up(people, org, clock_at, client_as):
    """Masked means masked everywhere: the analyst sees callers' numbers masked, so the API does not answer
    "which complaints has this number" for them (a search on a hidden field)."""
    _joint(people)
    refused = client_as(people["analyst"]).get("/api/v1/caller-history/", {"phone": CO})
    assert refused.status_code == 403
    assert refused.json()["code"] == "permission_denied"
    assert client_as(people["agent"]).get("/api/v1/caller-history/", {"phone": CO}).status_code == 200
