"""Reads of work orders and of the rules they run on."""

from __future__ import annotations

from datetime import date

from django.db.models import Prefetch, QuerySet

from lianxin.accounts.models import User
from lianxin.accounts.selectors import unit_entry
from lianxin.calendars.selectors import working_calendar
from lianxin.common.fields import blind_index_for
from lianxin.common.reference_cache import cached
from lianxin.domain import rules as domain_rules

from .models import Category, GroundRule, IssueType, RuleSet, TimeLimitRule, WorkOrder, WorkOrderEvent
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


def rule_sets_all() -> dict[int, domain_rules.RuleSet]:
    """Every stored rule set by primary key, from this process's reference cache."""
    return cached("rule_sets", _load_rule_sets)


def _load_rule_sets() -> dict[int, domain_rules.RuleSet]:
    stored = RuleSet.objects.prefetch_related(
        Prefetch("time_limits", queryset=TimeLimitRule.objects.all()),
        Prefetch("grounds", queryset=GroundRule.objects.all()),
    )
    return {r.pk: rule_set_to_domain(r) for r in stored}


def rule_set_for(received_on: date) -> tuple[int, domain_rules.RuleSet]:
    """The primary key and domain view of the rule set in force on `received_on`."""
    by_id = rule_sets_all()
    chosen = domain_rules.select_rule_set(by_id.values(), received_on)
    return next((pk, rule_set) for pk, rule_set in by_id.items() if rule_set is chosen)


def rule_set_by_id(rule_set_id: int) -> domain_rules.RuleSet:
    return rule_sets_all()[rule_set_id]


def taxonomy_ids() -> dict[str, dict[str, int]]:
    """Active category and issue-type codes → primary keys, from the reference cache."""
    return cached("taxonomy_ids", _load_taxonomy_ids)


def _load_taxonomy_ids() -> dict[str, dict[str, int]]:
    return {
        "categories": dict(Category.objects.filter(is_active=True).values_list("code", "pk")),
        "issue_types": dict(IssueType.objects.filter(is_active=True).values_list("code", "pk")),
    }


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
        unit = unit_entry(unit_id)
        path = unit.path if unit else "/none/"
        queryset = queryset.filter(handling_unit__path__startswith=path)
    if overdue:
        queryset = queryset.filter(due_on__lt=today)
    if due_soon:
        horizon = working_calendar().add_workdays(today, due_soon_workdays)
        queryset = queryset.filter(due_on__gte=today, due_on__lte=horizon)
    return queryset


def work_order_get(*, user: User, work_order_id: int) -> WorkOrder | None:
    """The work order if it exists; None when it does not. Scope is checked by the caller
    (so it can tell "not found" from "not yours")."""
    return (
        WorkOrder.objects.select_related("handling_unit", "center", "category", "issue_type", "rule_set")
        .filter(pk=work_order_id)
        .first()
    )


def work_order_events(*, work_order: WorkOrder) -> QuerySet[WorkOrderEvent]:
    return work_order.events.select_related("actor", "approver").order_by("sequence")


def work_orders_by_phone(phone: str, *, user: User | None = None) -> QuerySet[WorkOrder]:
    """The work orders whose contact phone is `phone` (any spelling: "+86 139-1234-5678", full-width digits),
    newest first — an indexed lookup on the blind index, never a scan. With `user`, only those in their scope.

    Callers that show the result must still mask it for users who may not see personal data
    (`permissions.can_see_personal_data`); the lookup itself reveals no more than the user typed.
    """
    digest = blind_index_for(WorkOrder, "contact_phone_index", phone)
    if not digest:
        return WorkOrder.objects.none()
    queryset = work_orders_visible_to(user) if user is not None else WorkOrder.objects.all()
    return queryset.filter(contact_phone_index=digest).order_by("-received_at", "-id")


def work_orders_by_id_number(id_number: str, *, user: User | None = None) -> QuerySet[WorkOrder]:
    """The work orders whose contact ID number is `id_number` (exact, case and width folded), newest first."""
    digest = blind_index_for(WorkOrder, "contact_id_number_index", id_number)
    if not digest:
        return WorkOrder.objects.none()
    queryset = work_orders_visible_to(user) if user is not None else WorkOrder.objects.all()
    return queryset.filter(contact_id_number_index=digest).order_by("-received_at", "-id")
