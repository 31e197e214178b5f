"""Reads of work orders and of the rules they run on."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import Count, Prefetch, Q, QuerySet

from lianxin.accounts.models import User
from lianxin.accounts.selectors import unit_entry
from lianxin.calendars.selectors import deadline_calendar
from lianxin.common.fields import blind_index_for
from lianxin.common.reference_cache import cached
from lianxin.domain import rules as domain_rules

from .models import (
    ApprovalRequest,
    ApprovalState,
    Category,
    GroundRule,
    IssueType,
    RuleSet,
    TimeLimitRule,
    WorkOrder,
    WorkOrderEvent,
)
from .permissions import approvals_decidable_by, can_see_personal_data, work_orders_visible_to


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
                is_statutory=t.is_statutory,
            )
            for t in rule_set.time_limits.all()
        },
        grounds=tuple(
            domain_rules.Ground(
                kind=domain_rules.GroundKind(g.kind),
                code=g.code,
                label=g.label,
                citation=g.citation,
                requires_note=g.requires_note,
                requires_joint_consent=g.requires_joint_consent,
            )
            for g in rule_set.grounds.all()
        ),
        max_representatives=rule_set.max_representatives,
        joint_complaint_citation=rule_set.joint_complaint_citation,
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
        horizon = deadline_calendar().add_workdays(today, due_soon_workdays)
        queryset = queryset.filter(due_on__gte=today, due_on__lte=horizon)
    return queryset


def work_order_get(*, user: User, work_order_id: int) -> WorkOrder | None:
    """The work order if it exists; None when it does not. Scope is checked by the caller
    (so it can tell "not found" from "not yours")."""
    return (
        WorkOrder.objects.select_related(
            "handling_unit",
            "center",
            "category",
            "issue_type",
            "rule_set",
            "returned_from",
            "return_suggested_unit",
            "mixed_counterpart",
            "mixed_counterpart__handling_unit",
        )
        .filter(pk=work_order_id)
        .first()
    )


def work_order_events(*, work_order: WorkOrder) -> QuerySet[WorkOrderEvent]:
    return work_order.events.select_related("actor", "approver").order_by("sequence")


@dataclass(frozen=True, slots=True)
class AcceptanceReading:
    """The complaint's decision deadline counted from one start event (ADR 0014). The row's `starts_on` makes
    one of them binding (it drives `due_on`); the other is shown beside it, because Order 121 Art. 15 ("自收到
    投诉之日起") does not settle which receipt counts for an item the 12315 center dispatches."""

    start_event: str
    start_event_label: str
    started_on: date | None
    due_on: date | None
    is_provisional: bool
    is_binding: bool


def acceptance_clock_readings(work_order: WorkOrder) -> list[AcceptanceReading]:
    """Both readings of a complaint's 受理决定期限: from receipt by the center and from dispatch to the unit."""
    from lianxin.common import clock as clock_module
    from lianxin.domain.errors import CalendarYearNotLoaded

    from .clock_storage import clocks_load

    name = domain_rules.ClockName.ACCEPT_DECISION
    limit = rule_set_by_id(work_order.rule_set_id).time_limits.get(name)
    if limit is None or work_order.kind != "complaint":
        return []
    stored = clocks_load(work_order.clocks).get(name)
    paused_units = stored.state.paused_units if stored else 0
    calendar = deadline_calendar()
    starts = (
        (domain_rules.StartEvent.RECEIVED, clock_module.local_date(work_order.received_at)),
        (
            domain_rules.StartEvent.DISPATCHED,
            clock_module.local_date(work_order.dispatched_at) if work_order.dispatched_at else None,
        ),
    )
    readings = []
    for event, started_on in starts:
        due_on: date | None = None
        if started_on is not None:
            try:
                due_on = limit.due_on(
                    started_on=started_on, paused_units=paused_units, is_extended=False, calendar=calendar
                )
            except CalendarYearNotLoaded:
                due_on = None
        readings.append(
            AcceptanceReading(
                start_event=event.value,
                start_event_label=domain_rules.START_EVENT_LABELS[event],
                started_on=started_on,
                due_on=due_on,
                is_provisional=due_on is not None and calendar.spans_provisional(started_on, due_on),  # type: ignore[arg-type]
                is_binding=limit.starts_on == event.value,
            )
        )
    return readings


def repeat_report_candidates(*, user: User, work_order: WorkOrder, limit: int = 10) -> list[WorkOrder]:
    """Earlier reports by the same reporter (phone or ID number) about the same business (credit code or name):
    candidates for Order 121 Art. 35 — the same facts are not handled again (`dismiss_repeat`), new facts may be
    merged (`merge`). Whether the facts are the same is the handler's call; this only finds the candidates, and
    only among the work orders the user may see."""
    if work_order.kind != "report" or work_order.is_anonymous or not can_see_personal_data(user, work_order):
        return []  # matching on the reporter is only for those who may see the reporter in clear
    # Phone and ID numbers are encrypted at rest: the same reporter is found through their blind indexes.
    same_reporter = Q()
    if work_order.contact_phone_index:
        same_reporter |= Q(contact_phone_index=work_order.contact_phone_index)
    if work_order.contact_id_number_index:
        same_reporter |= Q(contact_id_number_index=work_order.contact_id_number_index)
    same_business = Q()
    if work_order.respondent_credit_code:
        same_business |= Q(respondent_credit_code=work_order.respondent_credit_code)
    if work_order.respondent_name:
        same_business |= Q(respondent_name=work_order.respondent_name)
    if not same_reporter or not same_business:
        return []
    return list(
        work_orders_visible_to(user)
        .filter(same_reporter, same_business, kind="report", received_at__lte=work_order.received_at)
        .exclude(pk=work_order.pk)
        .order_by("-received_at")[:limit]
    )


def clock_label(
    rule_set_id: int, clock: str, rule_sets: dict[int, domain_rules.RuleSet] | None = None
) -> str:
    """A clock's name as shown, marked when its row is the center's own target rather than a statutory period
    (the reporter notice under Order 121, Art. 36). A list passes `rule_sets_all()` once for all its rows."""
    if not clock:
        return ""
    name = domain_rules.ClockName(clock)
    label = domain_rules.CLOCK_LABELS[name]
    rule_set = (rule_sets or rule_sets_all())[rule_set_id]
    limit = rule_set.time_limits.get(name)
    return label if limit is None or limit.is_statutory else f"{label}（本中心内部目标，非法定期限）"


def approval_queue(*, user: User) -> QuerySet[ApprovalRequest]:
    """The pending approval requests this unit leader may decide, oldest first (the first asked is the first
    to run out of time)."""
    return (
        approvals_decidable_by(user)
        .filter(state=ApprovalState.PENDING)
        .select_related("work_order", "work_order__handling_unit", "requested_by")
        .order_by("requested_at", "id")
    )


def approvals_of_work_order(*, work_order: WorkOrder) -> QuerySet[ApprovalRequest]:
    """Every approval request of one work order, newest first (the caller checked the work order's scope)."""
    return work_order.approval_requests.select_related("requested_by", "decided_by").order_by(
        "-requested_at", "-id"
    )


def approval_get(*, approval_id: int) -> ApprovalRequest | None:
    return (
        ApprovalRequest.objects.select_related("work_order", "requested_by", "decided_by")
        .filter(pk=approval_id)
        .first()
    )


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


def returned_work_orders(*, user: User) -> QuerySet[WorkOrder]:
    """The items units returned to the intake body (Order 121 Art. 41) that wait to be dispatched again, in the
    user's scope (a center sees its own), the longest waiting first — the center's redispatch queue."""
    return (
        work_orders_visible_to(user)
        .filter(state="returned")
        # The counterpart's handling unit is shown with it (the API's `mixed_counterpart`): one join, not a
        # query per mixed filing.
        .select_related(
            "returned_from",
            "return_suggested_unit",
            "category",
            "rule_set",
            "mixed_counterpart",
            "mixed_counterpart__handling_unit",
        )
        .order_by("returned_at", "id")
    )


def registered_awaiting_dispatch(*, user: User) -> QuerySet[WorkOrder]:
    """Complaints and reports registered but not yet dispatched (e.g. online filings, the new half of a split
    mixed filing), in the user's scope, oldest first."""
    return (
        work_orders_visible_to(user)
        .filter(state="registered", kind__in=("complaint", "report"))
        .select_related("category", "rule_set", "mixed_counterpart")
        .order_by("received_at", "id")
    )


@dataclass(frozen=True, slots=True)
class ReturnReasonCount:
    code: str
    label: str
    count: int


def return_reason_counts(*, user: User, since: datetime) -> list[ReturnReasonCount]:
    """How often each coded reason was given for returns since `since`, in the user's scope, most frequent first
    (from the return events: an item returned twice counts twice)."""
    rows = (
        WorkOrderEvent.objects.filter(
            action="return", occurred_at__gte=since, work_order__in=work_orders_visible_to(user).values("pk")
        )
        .values("ground_code")
        .annotate(count=Count("id"))
        .order_by("-count", "ground_code")
    )
    labels: dict[str, str] = {}
    for rule_set in sorted(rule_sets_all().values(), key=lambda r: r.effective_from):
        for ground in rule_set.grounds_of(domain_rules.GroundKind.RETURN):
            labels[ground.code] = ground.label  # the newest rule set's wording wins
    return [
        ReturnReasonCount(
            code=row["ground_code"],
            label=labels.get(row["ground_code"], row["ground_code"] or "（未注明原因）"),
            count=row["count"],
        )
        for row in rows
    ]
