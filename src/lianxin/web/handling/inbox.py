"""The handler's inbox: open work orders of my unit (leaders: and the units below), the nearest deadline first.

Reads through the work-order scope (`workorders.permissions`); the filters touch only what every unit user sees
in clear (the business, the summary, the number) — never the complainant's or reporter's personal data.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from django.db.models import Count, F, Q, QuerySet

from lianxin.accounts.models import User
from lianxin.accounts.selectors import unit_directory, unit_entry
from lianxin.domain.workflow import KIND_LABELS, STATE_LABELS, Kind, State
from lianxin.workorders.models import HANDLING_OPEN_STATES, WorkOrder
from lianxin.workorders.permissions import work_orders_visible_to

OPEN_STATES = HANDLING_OPEN_STATES


def _date(text: str) -> date | None:
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


@dataclass(frozen=True, slots=True)
class InboxFilters:
    kind: str = ""
    state: str = ""
    category: str = ""
    business: str = ""
    received_from: date | None = None
    received_to: date | None = None
    keyword: str = ""
    due: str = ""  # "soon" | "overdue" | ""

    @property
    def is_text_search(self) -> bool:
        return bool(self.keyword or self.business)

    @classmethod
    def from_query(cls, query: Mapping[str, str]) -> InboxFilters:
        kind, state = query.get("kind", ""), query.get("state", "")
        due = query.get("due", "")
        return cls(
            kind=kind if kind in {k.value for k in Kind} else "",
            state=state if state in OPEN_STATES else "",
            category=query.get("category", "").strip()[:40],
            business=query.get("business", "").strip()[:100],
            received_from=_date(query.get("received_from", "")),
            received_to=_date(query.get("received_to", "")),
            keyword=query.get("q", "").strip()[:100],
            due=due if due in ("soon", "overdue") else "",
        )


def units_in_scope(user: User) -> list[int] | None:
    """The handling units whose items the user sees: the own unit and every unit below it (the same rule as
    `workorders.permissions`, from the cached unit directory, so the query filters on an indexed column instead
    of joining the unit table). None: the user's scope is not a unit's (read-all roles)."""
    own = unit_entry(user.unit_id)
    if own is None or own.is_center:
        return None
    return sorted(u.pk for u in unit_directory().values() if own.contains(u.path))


def inbox_base(user: User, filters: InboxFilters, *, today: date, last_due_soon_day: date | None) -> QuerySet:
    """Every filter except the state (the counts per state are taken over this)."""
    units = units_in_scope(user)
    if units is None:
        queryset = work_orders_visible_to(user).filter(state__in=OPEN_STATES)
    elif len(units) == 1:
        queryset = WorkOrder.objects.filter(handling_unit_id=units[0], state__in=OPEN_STATES)
    else:
        queryset = WorkOrder.objects.filter(handling_unit_id__in=units, state__in=OPEN_STATES)
    if filters.kind:
        queryset = queryset.filter(kind=filters.kind)
    if filters.category:
        queryset = queryset.filter(category__code=filters.category)
    if filters.business:
        queryset = queryset.filter(respondent_name__icontains=filters.business)
    if filters.received_from:
        queryset = queryset.filter(received_at__date__gte=filters.received_from)
    if filters.received_to:
        queryset = queryset.filter(received_at__date__lte=filters.received_to)
    if filters.keyword:
        queryset = queryset.filter(
            Q(number__icontains=filters.keyword) | Q(summary__icontains=filters.keyword)
        )
    if filters.due == "overdue":
        queryset = queryset.filter(due_on__lt=today)
    elif filters.due == "soon":
        if last_due_soon_day is None:
            return queryset.none()
        queryset = queryset.filter(due_on__gte=today, due_on__lte=last_due_soon_day)
    return queryset


def inbox_list(base: QuerySet, filters: InboxFilters) -> QuerySet[WorkOrder]:
    queryset = base.filter(state=filters.state) if filters.state else base
    return (
        queryset.select_related("handling_unit", "category")
        .only(
            "id",
            "number",
            "kind",
            "state",
            "summary",
            "respondent_name",
            "received_at",
            "due_on",
            "due_clock",
            "deadline_problem",
            "handling_unit__name",
            "category__name",
        )
        .order_by(F("due_on").asc(nulls_last=True), "received_at", "id")
    )


def state_counts(base: QuerySet) -> dict[str, int]:
    """Open items per state under the filters (one GROUP BY; their sum is the list's total)."""
    return dict(base.order_by().values_list("state").annotate(n=Count("*")))


def state_count_rows(counts: dict[str, int]) -> list[dict]:
    return [
        {"state": s, "label": STATE_LABELS[State(s)], "count": counts[s]}
        for s in OPEN_STATES
        if counts.get(s)
    ]


KIND_CHOICES = [(k.value, KIND_LABELS[k]) for k in Kind if k in (Kind.COMPLAINT, Kind.REPORT)]
STATE_CHOICES = [(s, STATE_LABELS[State(s)]) for s in OPEN_STATES]
