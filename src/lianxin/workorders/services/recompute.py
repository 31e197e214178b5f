"""Recomputing stored due dates after the rules or the calendar changed (a year loaded, a holiday corrected,
a time limit edited). Idempotent: running it twice changes nothing the second time."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from lianxin.calendars.selectors import working_calendar
from lianxin.domain.workflow import TERMINAL_STATES
from lianxin.workorders.clock_storage import clocks_dump, clocks_load
from lianxin.workorders.models import WorkOrder
from lianxin.workorders.selectors import rule_sets_all

from .clocks import due_dates, next_due


@dataclass(frozen=True, slots=True)
class RecomputeReport:
    examined: int
    changed: int
    still_unknown: int


def work_order_deadlines_recompute(*, batch_size: int = 500) -> RecomputeReport:
    """Recompute the clocks' due dates of every open work order. A due date is derived data, so this writes no
    event; the transitions that moved the clocks are already in the history."""
    rule_sets = rule_sets_all()
    calendar = working_calendar()
    examined = changed = unknown = 0
    open_orders = (
        WorkOrder.objects.exclude(state__in=[s.value for s in TERMINAL_STATES])
        .only("pk", "rule_set_id", "clocks", "due_on", "due_clock", "deadline_problem")
        .order_by("pk")
    )
    last_pk = 0
    while batch := list(open_orders.filter(pk__gt=last_pk)[:batch_size]):
        with transaction.atomic():
            for work_order in batch:
                examined += 1
                states = {clock: entry.state for clock, entry in clocks_load(work_order.clocks).items()}
                dues, problem = due_dates(states, rule_sets[work_order.rule_set_id], calendar)
                due_on, due_clock = next_due(dues)
                clocks = clocks_dump(states, dues)
                unknown += bool(problem)
                current = (
                    work_order.clocks,
                    work_order.due_on,
                    work_order.due_clock,
                    work_order.deadline_problem,
                )
                if current != (clocks, due_on, due_clock, problem):
                    changed += 1
                    WorkOrder.objects.filter(pk=work_order.pk).update(
                        clocks=clocks, due_on=due_on, due_clock=due_clock, deadline_problem=problem
                    )
        last_pk = batch[-1].pk
    return RecomputeReport(examined=examined, changed=changed, still_unknown=unknown)
