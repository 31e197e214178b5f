"""The handler's inbox: open work orders of my unit (leaders: and the units below), the nearest deadline first.

Reads through the work-order scope (`workorders.permissions`); the filters touch only what every unit user sees
in clear (the business, the summary, the number) — never the complainant's or reporter's personal data, and the
keyword leaves the summary out for a reader who sees free text masked (`permissions.masked_fields`).

Query shapes (bench/inbox, ADR 0021): every filter is sargable on the inbox's partial indexes — received dates as
a range of `received_at` (not `received_at::date`), the category by its id (no join); the counts per state are an
index-only scan of `workorder_inbox_counts`; the text filters use GIN indexes on PostgreSQL (pg_trgm, and bigrams
for two-character words); deep numbered pages find their 50 ids in the index first (a deferred join); the
text-search pager walks by keyset.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.lookups import DataContains
from django.db import connection
from django.db.models import Count, F, Func, Q, QuerySet, TextField, Value
from django.db.models.functions import Cast, Lower, Upper
from django.db.models.lookups import Contains

from lianxin.accounts.models import User
from lianxin.accounts.selectors import unit_directory, unit_entry
from lianxin.domain.workflow import KIND_LABELS, STATE_LABELS, Kind, State
from lianxin.workorders.models import HANDLING_OPEN_STATES, Category, WorkOrder
from lianxin.workorders.permissions import masked_fields, work_orders_visible_to

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


class _Bigrams(Func):
    """`lx_bigrams(text)`: the set of two-character substrings of a text (PostgreSQL, migration workorders 0012)."""

    function = "lx_bigrams"
    output_field = ArrayField(TextField())


def _contains_text(field: str, text: str, *, indexed: bool = True) -> Q:
    """`field` contains `text`, case-insensitively (Django's `icontains`, which the pg_trgm indexes of the open
    items serve from three characters on). For a two-character text on PostgreSQL: "the field's bigrams contain
    the text", exact for two characters and served by the bigram indexes. `indexed=False`: the plain LIKE, for a
    few hundred rows already chosen (the planner would otherwise read a whole posting list first)."""
    if not indexed:
        # LOWER(col) LIKE LOWER(…): the same match, on an expression no text index is built on, so the planner
        # cannot prefer reading a whole posting list to checking the few rows at hand.
        return Q(Contains(Lower(field), Lower(Value(text, output_field=TextField()))))
    if len(text) == 2 and connection.vendor == "postgresql":
        return Q(
            DataContains(
                _Bigrams(Upper(Cast(field, output_field=TextField()))),
                _Bigrams(Upper(Value(text, output_field=TextField()))),
            )
        )
    return Q(**{f"{field}__icontains": text})


def _keyword_match(user: User, keyword: str, *, indexed: bool) -> Q:
    """The keyword in the number (from three characters: a shorter piece of a number matches thousands) or in
    the summary — unless the user sees free text masked (`permissions.masked_fields`): then not the summary."""
    matches = Q(pk__in=[])
    if len(keyword) >= 3:
        matches |= _contains_text("number", keyword, indexed=indexed)
    if "summary" not in masked_fields(user, WorkOrder):
        matches |= _contains_text("summary", keyword, indexed=indexed)
    return matches


def _text_match(user: User, filters: InboxFilters, *, indexed: bool = True) -> Q:
    text = Q()
    if filters.business:
        text &= _contains_text("respondent_name", filters.business, indexed=indexed)
    if filters.keyword:
        text &= _keyword_match(user, filters.keyword, indexed=indexed)
    return text


def _local_midnight(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=ZoneInfo(settings.TIME_ZONE))


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
        # By id (a read of a small table) so that the counts stay an index-only scan, without a join.
        category_id = Category.objects.filter(code=filters.category).values_list("pk", flat=True).first()
        if category_id is None:
            return queryset.none()
        queryset = queryset.filter(category_id=category_id)
    # Received dates are the center's calendar days: a half-open range of instants, which the indexes can use
    # (`received_at__date` would compute a date for every row of the scope).
    if filters.received_from:
        queryset = queryset.filter(received_at__gte=_local_midnight(filters.received_from))
    if filters.received_to:
        queryset = queryset.filter(received_at__lt=_local_midnight(filters.received_to + timedelta(days=1)))
    if filters.is_text_search:
        queryset = queryset.filter(_text_match(user, filters))
    if filters.due == "overdue":
        queryset = queryset.filter(due_on__lt=today)
    elif filters.due == "soon":
        if last_due_soon_day is None:
            return queryset.none()
        queryset = queryset.filter(due_on__gte=today, due_on__lte=last_due_soon_day)
    return queryset


INBOX_ORDER = (F("due_on").asc(nulls_last=True), "received_at", "id")
# Every column the row template reads: one left out is fetched by a query per row (`.only()` defers the rest) —
# test_inbox_queries checks that a page costs the same queries whatever its number of rows.
_LIST_FIELDS = (
    "id",
    "number",
    "kind",
    "state",
    "summary",
    "respondent_name",
    "received_at",
    "due_on",
    "due_clock",
    "is_due_provisional",
    "deadline_problem",
    "handling_unit__name",
    "category__name",
)


def inbox_list(base: QuerySet, filters: InboxFilters) -> QuerySet[WorkOrder]:
    queryset = base.filter(state=filters.state) if filters.state else base
    return queryset.select_related("handling_unit", "category").only(*_LIST_FIELDS).order_by(*INBOX_ORDER)


DEFERRED_FROM = 500


def inbox_slice(listing: QuerySet[WorkOrder], start: int, stop: int) -> list[WorkOrder]:
    """Rows [start, stop) of the list. Past the first pages the ids are found first, in the index alone (the
    order's columns are the inbox index's keys, so PostgreSQL steps over `start` index entries without reading
    the table), and only the page's rows are read: OFFSET 10,000 costs index entries, not 10,000 rows."""
    if start < DEFERRED_FROM:
        return list(listing[start:stop])
    ids = list(listing.values_list("id", flat=True)[start:stop])
    rows = {
        row.pk: row
        for row in WorkOrder.objects.select_related("handling_unit", "category")
        .only(*_LIST_FIELDS)
        .filter(pk__in=ids)
    }
    return [rows[pk] for pk in ids if pk in rows]


# Keyset pagination (the text-search pager): the cursor is the last row's sort key, so the next page is an index
# range from there whatever the depth, and rows added meanwhile neither repeat nor push others out.
def inbox_cursor(row: WorkOrder) -> str:
    key = f"{row.due_on.isoformat() if row.due_on else '-'}|{row.received_at.isoformat()}|{row.pk}"
    return base64.urlsafe_b64encode(key.encode()).decode().rstrip("=")


def _parse_cursor(cursor: str) -> tuple[date | None, datetime, int] | None:
    try:
        text = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        due_text, received_text, pk_text = text.split("|")
        due = None if due_text == "-" else date.fromisoformat(due_text)
        received = datetime.fromisoformat(received_text)
        if received.tzinfo is None:
            return None
        return due, received, int(pk_text)
    except (ValueError, UnicodeDecodeError, binascii.Error):
        return None


def inbox_after(listing: QuerySet[WorkOrder], cursor: str) -> QuerySet[WorkOrder]:
    """The rows after the cursor in the inbox order (due date ascending, no due date last; then received, id).
    An unreadable cursor starts from the beginning."""
    parsed = _parse_cursor(cursor)
    if parsed is None:
        return listing
    due, received, pk = parsed
    same_due_later = Q(received_at__gt=received) | Q(received_at=received, id__gt=pk)
    if due is None:
        return listing.filter(Q(due_on__isnull=True) & same_due_later)
    return listing.filter(Q(due_on__gt=due) | Q(due_on=due) & same_due_later | Q(due_on__isnull=True))


SEARCH_WINDOW = 500


def inbox_search(
    user: User,
    filters: InboxFilters,
    *,
    today: date,
    last_due_soon_day: date | None,
    after: str = "",
    limit: int,
) -> list[WorkOrder]:
    """The first `limit` rows of a text search (business, keyword) in the inbox order, after the cursor.

    A common word matches thousands of the unit's items and a rare one a handful; no single plan serves both
    (the planner cannot estimate a LIKE '%…%'). So the next `SEARCH_WINDOW` items in the inbox order are
    matched first, through the inbox index; when they hold `limit` matches these are the answer (nothing later
    can come before them). Otherwise the match runs over the whole scope, by the text indexes on PostgreSQL."""
    plain = replace(filters, keyword="", business="")
    listing = inbox_list(inbox_base(user, plain, today=today, last_due_soon_day=last_due_soon_day), filters)
    if after:
        listing = inbox_after(listing, after)
    window = listing.values("id")[:SEARCH_WINDOW]
    found = list(listing.filter(_text_match(user, filters, indexed=False), pk__in=window)[:limit])
    if len(found) == limit:
        return found
    return list(listing.filter(_text_match(user, filters))[:limit])


def state_counts(base: QuerySet) -> dict[str, int]:
    """Open items per state under the filters (one GROUP BY, index-only on PostgreSQL; their sum is the
    list's total)."""
    return dict(base.order_by().values_list("state").annotate(n=Count("*")))


def state_count_rows(counts: dict[str, int]) -> list[dict]:
    return [
        {"state": s, "label": STATE_LABELS[State(s)], "count": counts[s]}
        for s in OPEN_STATES
        if counts.get(s)
    ]


KIND_CHOICES = [(k.value, KIND_LABELS[k]) for k in Kind if k in (Kind.COMPLAINT, Kind.REPORT)]
STATE_CHOICES = [(s, STATE_LABELS[State(s)]) for s in OPEN_STATES]
