"""Recomputing stored due dates after the rules or the calendar changed (a year loaded, a holiday corrected,
a time limit edited). Idempotent: running it twice changes nothing the second time."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q, QuerySet

from lianxin.calendars.selectors import deadline_calendar
from lianxin.domain.workflow import TERMINAL_STATES
from lianxin.workorders.clock_storage import clocks_dump, clocks_load
from lianxin.workorders.models import WorkOrder
from lianxin.workorders.selectors import rule_sets_all

from .clocks import due_dates


@dataclass(frozen=True, slots=True)
class RecomputeReport:
    examined: int
    changed: int
    still_unknown: int
    still_provisional: int = 0


_FIELDS = (
    "clocks",
    "due_on",
    "due_clock",
    "is_due_provisional",
    "has_provisional_deadline",
    "deadline_problem",
)


def work_order_deadlines_recompute(*, batch_size: int = 500) -> RecomputeReport:
    """Recompute the clocks' due dates of every open work order. A due date is derived data, so this writes no
    event; the transitions that moved the clocks are already in the history."""
    return _recompute(_open_orders(), batch_size=batch_size)


def recompute_provisional_deadlines(*, batch_size: int = 500) -> RecomputeReport:
    """Replace provisional (暂定) and missing due dates of open work orders by the dates on the calendar as now
    loaded. Called when a calendar year is loaded (`calendars` sends `calendar_year_loaded`) and meant for the
    job engine's periodic sweep; cheap when nothing is provisional (one indexed query)."""
    pending = _open_orders().filter(Q(has_provisional_deadline=True) | ~Q(deadline_problem=""))
    return _recompute(pending, batch_size=batch_size)


def _open_orders() -> QuerySet[WorkOrder]:
    return WorkOrder.objects.exclude(state__in=[s.value for s in TERMINAL_STATES])


def _recompute(queryset: QuerySet[WorkOrder], *, batch_size: int) -> RecomputeReport:
    rule_sets = rule_sets_all()
    calendar = deadline_calendar()
    examined = changed = unknown = provisional = 0
    orders = queryset.only("pk", "rule_set_id", *_FIELDS).order_by("pk")
    last_pk = 0
    while batch := list(orders.filter(pk__gt=last_pk)[:batch_size]):
        with transaction.atomic():
            for work_order in batch:
                examined += 1
                states = {clock: entry.state for clock, entry in clocks_load(work_order.clocks).items()}
                computed = due_dates(states, rule_sets[work_order.rule_set_id], calendar)
                due_on, due_clock, due_is_provisional = computed.next_due()
                values = (
                    clocks_dump(states, computed.dues, computed.provisional),
                    due_on,
                    due_clock,
                    due_is_provisional,
                    bool(computed.provisional),
                    computed.problem,
                )
                unknown += bool(computed.problem)
                provisional += bool(computed.provisional)
                if tuple(getattr(work_order, name) for name in _FIELDS) != values:
                    changed += 1
                    WorkOrder.objects.filter(pk=work_order.pk).update(
                        **dict(zip(_FIELDS, values, strict=True))
                    )
        last_pk = batch[-1].pk
    return RecomputeReport(
        examined=examined, changed=changed, still_unknown=unknown, still_provisional=provisional
    )
