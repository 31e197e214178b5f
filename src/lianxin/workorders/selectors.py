"""Reads of work orders and of the rules they run on."""

from __future__ import annotations

from datetime import date

from django.db.models import Prefetch, QuerySet

from lianxin.accounts.models import User
from lianxin.calendars.selectors import working_calendar
from lianxin.domain import rules as domain_rules

from .models import GroundRule, RuleSet, TimeLimitRule, WorkOrder, WorkOrderEvent
from .permissions import work_orders_visible_to


def rule_set_to_domain(rule_set: RuleSet) -> domain_rules.RuleSet:
    """The domain's view of a stored rule set (its time limits and grounds must be prefetched or are queried)."""
    return domain_rules.RuleSet(
        code=rule_set.code,
        title=rule_set.title,
        effective_from=rule_set.effective_from,
        effective_to=rule_set.effective_to,
        citation=rule_set.citation,
        time_limits={
            domain_rules.ClockName(t.clock): domain_rules.TimeLimit(
                clock=domain_rules.ClockName(t.clock),
                amount=t.amount,
                unit=domain_rules.DayUnit(t.unit),
                starts_on=t.starts_on,
                paused_by=tuple(t.paused_by),
                citation=t.citation,
                extension_amount=t.extension_amount,
            )
            for t in rule_set.time_limits.all()
        },
        grounds=tuple(
            domain_rules.Ground(
                kind=domain_rules.GroundKind(g.kind), code=g.code, label=g.label, citation=g.citation
            )
            for g in rule_set.grounds.all()
        ),
    )


def rule_sets_all() -> list[tuple[RuleSet, domain_rules.RuleSet]]:
    stored = RuleSet.objects.prefetch_related(
        Prefetch("time_limits", queryset=TimeLimitRule.objects.all()),
        Prefetch("grounds", queryset=GroundRule.objects.all()),
    )
    return [(r, rule_set_to_domain(r)) for r in stored]


def rule_set_for(received_on: date) -> tuple[RuleSet, domain_rules.RuleSet]:
    """The stored and domain rule set in force on `received_on`."""
    pairs = rule_sets_all()
    chosen = domain_rules.select_rule_set([d for _, d in pairs], received_on)
    return next(pair for pair in pairs if pair[1].code == chosen.code)


def rule_set_by_id(rule_set_id: int) -> domain_rules.RuleSet:
    stored = RuleSet.objects.prefetch_related("time_limits", "grounds").get(pk=rule_set_id)
    return rule_set_to_domain(stored)


def work_order_list(
    *,
    user: User,
    state: str | None = None,
    kind: str | None = None,
    unit_id: int | None = None,
    due_soon: bool = False,
    overdue: bool = False,
    today: date,
    due_soon_workdays: int,
) -> QuerySet[WorkOrder]:
    """The work orders `user` may see, filtered. Due soon: the next deadline is today or within
    `due_soon_workdays` working days; overdue: it has passed."""
    queryset = work_orders_visible_to(user).select_related(
        "handling_unit", "center", "category", "issue_type", "rule_set"
    )
    if state:
        queryset = queryset.filter(state=state)
    if kind:
        queryset = queryset.filter(kind=kind)
    if unit_id:
        from lianxin.accounts.models import OrgUnit

        unit = OrgUnit.objects.filter(pk=unit_id).first()
        path = unit.path if unit else "/none/"
        queryset = queryset.filter(handling_unit__path__startswith=path)
    if overdue:
        queryset = queryset.filter(due_on__lt=today)
    if due_soon:
        horizon = working_calendar(around=today).add_workdays(today, due_soon_workdays)
        queryset = queryset.filter(due_on__gte=today, due_on__lte=horizon)
    return queryset


def work_order_get(*, user: User, work_order_id: int) -> WorkOrder | None:
    """The work order if it exists; None when it does not. Scope is checked by the caller
    (so it can tell "not found" from "not yours")."""
    return (
        WorkOrder.objects.select_related("handling_unit", "center", "category", "issue_type", "rule_set")
        .prefetch_related("clocks")
        .filter(pk=work_order_id)
        .first()
    )


def work_order_events(*, work_order: WorkOrder) -> QuerySet[WorkOrderEvent]:
    return work_order.events.select_related("actor", "approver").order_by("sequence")
