"""What the landing page shows: the user's work orders, filtered, with a due-date badge on each row.

The page reads through `workorders.selectors.work_order_list`, which scopes every query by the user; no
personal data of the complainant or reporter is read here (《消费者权益保护法》第二十九条).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from django.db.models import F, QuerySet

from lianxin.accounts.models import User
from lianxin.calendars.selectors import working_calendar
from lianxin.domain.errors import CalendarYearNotLoaded
from lianxin.domain.personal_data import mask_identifiers
from lianxin.domain.workflow import KIND_LABELS, STATE_LABELS, Kind, State
from lianxin.workorders.models import WorkOrder
from lianxin.workorders.permissions import ensure_no_masked_lookups
from lianxin.workorders.selectors import work_order_list


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
        )

    @property
    def is_active(self) -> bool:
        return bool(self.state or self.kind or self.overdue or self.due_soon)


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
        last = working_calendar().add_workdays(today, due_soon_workdays)
    except CalendarYearNotLoaded as error:
        return DueHorizon(today=today, last_due_soon_day=None, problem=error.message)
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
    return queryset.order_by(F("due_on").asc(nulls_last=True), "-received_at", "-id")


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
    badge: Badge
    badge_label: str
    deadline_problem: str


def landing_row(work_order: WorkOrder, horizon: DueHorizon, *, masked: bool) -> LandingRow:
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
        due_clock_label=work_order.get_due_clock_display() if work_order.due_clock else "",
        badge=badge,
        badge_label=BADGE_LABELS[badge],
        deadline_problem=work_order.deadline_problem,
    )
