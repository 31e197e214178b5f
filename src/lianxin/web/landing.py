"""What the landing page shows: the user's work orders, filtered, with a due-date badge on each row.

The page reads through `workorders.selectors.work_order_list`, which scopes every query by the user; no
personal data of the complainant or reporter is read here (《消费者权益保护法》第二十九条).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from django.db.models import Case, F, IntegerField, Q, QuerySet, Value, When

from lianxin.accounts.models import User
from lianxin.calendars.selectors import deadline_calendar
from lianxin.domain.errors import CalendarYearNotLoaded
from lianxin.domain.personal_data import mask_identifiers
from lianxin.domain.rules import RuleSet
from lianxin.domain.workflow import KIND_LABELS, STATE_LABELS, TERMINAL_STATES, Kind, State
from lianxin.intake.selectors import work_orders_by_phone
from lianxin.workorders.models import WorkOrder
from lianxin.workorders.permissions import PERSONAL_DATA_ROLES, ensure_no_masked_lookups
from lianxin.workorders.selectors import clock_label, work_order_list


class Badge(StrEnum):
    NONE = ""
    DUE_SOON = "due_soon"
    OVERDUE = "overdue"


BADGE_LABELS: Mapping[Badge, str] = {Badge.NONE: "", Badge.DUE_SOON: "即将到期", Badge.OVERDUE: "已超期"}


@dataclass(frozen=True, slots=True)
class LandingFilters:
    """The filters of the query string; unknown values are ignored rather than refused."""

    state: str = ""
    kind: str = ""
    overdue: bool = False
    due_soon: bool = False
    open_only: bool = False
    query: str = ""  # a work-order number, a phone number or a business name

    @classmethod
    def from_query(cls, query: Mapping[str, str], *, user: User) -> LandingFilters:
        """The filters; a parameter naming a field the user sees masked is refused (InvalidWorkOrder) by the
        rule every interface shares (`workorders.permissions.ensure_no_masked_lookups`)."""
        ensure_no_masked_lookups(user, WorkOrder, list(query.keys()))
        state = query.get("state", "")
        kind = query.get("kind", "")
        return cls(
            state=state if state in {s.value for s in State} else "",
            kind=kind if kind in {k.value for k in Kind} else "",
            overdue=query.get("overdue") == "1",
            due_soon=query.get("due_soon") == "1",
            open_only=query.get("open") == "1",
            query=query.get("q", "").strip()[:100],
        )

    @property
    def is_active(self) -> bool:
        return bool(self.state or self.kind or self.overdue or self.due_soon or self.open_only or self.query)


@dataclass(frozen=True, slots=True)
class DueHorizon:
    """Today and the last day that still counts as "due soon"; `problem` says why the horizon is unknown
    (the calendar year it reaches is not loaded — we refuse to guess, as for every deadline)."""

    today: date
    last_due_soon_day: date | None
    problem: str = ""

    def badge(self, due_on: date | None) -> Badge:
        if due_on is None:
            return Badge.NONE
        if due_on < self.today:
            return Badge.OVERDUE
        if self.last_due_soon_day is not None and due_on <= self.last_due_soon_day:
            return Badge.DUE_SOON
        return Badge.NONE


def due_horizon(*, today: date, due_soon_workdays: int) -> DueHorizon:
    try:
        last = deadline_calendar().add_workdays(today, due_soon_workdays)
    except CalendarYearNotLoaded as error:
        return DueHorizon(today=today, last_due_soon_day=None, problem=error.handler_message)
    return DueHorizon(today=today, last_due_soon_day=last)


def landing_work_orders(
    *, user: User, filters: LandingFilters, horizon: DueHorizon, due_soon_workdays: int
) -> QuerySet[WorkOrder]:
    """The user's work orders, the nearest deadline first, then the newest."""
    if filters.due_soon and horizon.last_due_soon_day is None:
        return WorkOrder.objects.none()
    queryset = work_order_list(
        user=user,
        state=filters.state or None,
        kind=filters.kind or None,
        overdue=filters.overdue,
        due_soon=filters.due_soon,
        today=horizon.today,
        due_soon_workdays=due_soon_workdays,
    )
    if filters.open_only:
        queryset = queryset.exclude(state__in=[s.value for s in TERMINAL_STATES])
    if filters.query:
        queryset = _search(queryset, user, filters.query)
    # Open items first, and among them those whose deadline is unknown (a calendar year not loaded, or no clock
    # yet) before the dated ones: they need a look, so they must not sink to the last page.
    is_open = Case(
        When(state__in=[s.value for s in TERMINAL_STATES], then=Value(0)),
        default=Value(1),
        output_field=IntegerField(),
    )
    return queryset.annotate(is_open=is_open).order_by(
        "-is_open", F("due_on").asc(nulls_first=True), "-received_at", "-id"
    )


def _search(queryset: QuerySet[WorkOrder], user: User, text: str) -> QuerySet[WorkOrder]:
    """By number (exact or its tail), by the caller's phone (only for people who may see it in clear: masked
    means masked everywhere), or by the business name."""
    condition = Q(number=text) | Q(number__endswith=text) | Q(respondent_name__icontains=text)
    digits = re.sub(r"[\s-]", "", text)
    if digits.isdigit() and len(digits) >= 7 and user.role_enum in PERSONAL_DATA_ROLES:
        condition |= Q(pk__in=work_orders_by_phone(digits, queryset).values("pk"))
    return queryset.filter(condition)


@dataclass(frozen=True, slots=True)
class LandingRow:
    id: int
    number: str
    kind_label: str
    summary: str
    respondent_name: str
    state_label: str
    handling_unit_name: str
    due_on: date | None
    due_clock_label: str
    is_due_provisional: bool
    badge: Badge
    badge_label: str
    deadline_problem: str


def landing_row(
    work_order: WorkOrder, horizon: DueHorizon, rule_sets: dict[int, RuleSet] | None = None, *, masked: bool
) -> LandingRow:
    """One row; `masked` (the reader sees personal data masked) masks identifiers typed into the summary."""
    badge = horizon.badge(work_order.due_on)
    summary = work_order.summary or work_order.facts[:40]
    return LandingRow(
        id=work_order.pk,
        number=work_order.number,
        kind_label=KIND_LABELS[Kind(work_order.kind)],
        summary=mask_identifiers(summary) if masked else summary,
        respondent_name=work_order.respondent_name,
        state_label=STATE_LABELS[State(work_order.state)],
        handling_unit_name=work_order.handling_unit.name if work_order.handling_unit else "",
        due_on=work_order.due_on,
        due_clock_label=clock_label(work_order.rule_set_id, work_order.due_clock, rule_sets),
        is_due_provisional=work_order.is_due_provisional,
        badge=badge,
        badge_label=BADGE_LABELS[badge],
        deadline_problem=work_order.deadline_problem,
    )
