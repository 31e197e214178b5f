"""Reads for intake: the caller's history (the one lookup by phone number), agent sessions, calls."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Any

from django.db import connection
from django.db.models import BooleanField, Case, Count, IntegerField, Q, QuerySet, Subquery, Value, When
from django.db.models.functions import Coalesce

from lianxin.accounts.models import User
from lianxin.common import clock
from lianxin.common.fields import blind_index_for
from lianxin.directory.phone import phone_place
from lianxin.directory.selectors import gazetteer
from lianxin.domain.workflow import KIND_LABELS, STATE_LABELS, TERMINAL_STATES, Kind, Role, State
from lianxin.workorders.models import CoComplainant, WorkOrder
from lianxin.workorders.permissions import work_orders_visible_to

from .models import AgentSession, BlockedNumber, BreakReason, Call, IntakePolicy
from .numbers import national_number

HISTORY_LIMIT = 20
REPEAT_WINDOW_DAYS = 7
REPEAT_CALLS_FLAG = 3  # the 3rd call within the window is flagged
_OPEN_STATES = [s.value for s in State if s not in TERMINAL_STATES]
CO_COMPLAINANT_LABEL = "共同投诉人"
_HISTORY_COLUMNS = (
    "id",
    "number",
    "kind",
    "state",
    "received_at",
    "due_on",
    "is_due_provisional",
    "respondent_name",
    "summary",
    "registered_by_id",
    "is_open_rank",
    "blocked_reason",
    "calls_in_window",
    "is_co_complainant",
)


@dataclass(frozen=True, slots=True)
class HistoryItem:
    id: int
    number: str
    kind: str
    kind_label: str
    state: str
    state_label: str
    is_open: bool
    received_at: datetime
    due_on: date | None
    respondent_name: str
    summary: str
    registered_by_id: int | None
    is_due_provisional: bool = False  # 暂定 (a year whose holiday arrangement is not loaded)
    # The caller is not the complainant of this item but one of its co-complainants (a joint complaint,
    # Order 121 Art. 12): the item is theirs too, so it is in their history, marked as such.
    is_co_complainant: bool = False

    @property
    def party_label(self) -> str:
        return CO_COMPLAINANT_LABEL if self.is_co_complainant else ""


@dataclass(slots=True)
class CallerHistory:
    number: str
    place: str
    province_code: str | None
    city_code: str | None
    is_blocked: bool = False
    blocked_reason: str = ""
    calls_in_window: int = 0
    work_orders: list[HistoryItem] = field(default_factory=list)
    flags: list[dict[str, str]] = field(default_factory=list)

    @property
    def is_flagged(self) -> bool:
        return bool(self.flags)

    def as_dict(self) -> dict[str, Any]:
        return {
            "number": self.number,
            "place": self.place,
            "province_code": self.province_code,
            "city_code": self.city_code,
            "is_blocked": self.is_blocked,
            "blocked_reason": self.blocked_reason,
            "calls_in_window": self.calls_in_window,
            "flags": self.flags,
            "work_orders": [
                {
                    "id": item.id,
                    "number": item.number,
                    "kind": item.kind,
                    "kind_label": item.kind_label,
                    "state": item.state,
                    "state_label": item.state_label,
                    "is_open": item.is_open,
                    "received_at": item.received_at.isoformat(),
                    "due_on": item.due_on.isoformat() if item.due_on else None,
                    "is_due_provisional": item.is_due_provisional,
                    "respondent_name": item.respondent_name,
                    "summary": item.summary,
                    "is_co_complainant": item.is_co_complainant,
                    "party_label": item.party_label,
                }
                for item in self.work_orders
            ],
        }


def _work_orders_by_phone(number: str, within: QuerySet[WorkOrder]) -> QuerySet[WorkOrder]:
    """The ONE place work orders are looked up by the caller's phone number: an exact match on the keyed blind
    index of the encrypted phone (`workorders.selectors.work_orders_by_phone`), so every spelling of the number
    finds the same rows through one index."""
    digest = blind_index_for(WorkOrder, "contact_phone_index", number)
    return within.filter(contact_phone_index=digest) if digest else within.none()


def _history_rows(number: str, within: QuerySet[WorkOrder]) -> QuerySet[WorkOrder]:
    """The caller's work orders in `within` as `_HISTORY_COLUMNS` rows: those whose complainant or reporter has the
    number, and — marked `is_co_complainant` — the joint complaints (Order 121 Art. 12) where a co-complainant has
    it. One statement, a UNION ALL of two indexed reads (ADR 0021): the work order's phone blind index, and the
    co-complainant's phone blind index joined to the work order by key. An OR of the two in one WHERE would not
    do: PostgreSQL cannot use an index for `… OR id IN (subquery)` and reads the whole scope. An item whose own
    contact has the number is left out of the second read, so no item appears twice."""
    digest = blind_index_for(WorkOrder, "contact_phone_index", number)
    if not digest:
        return within.none().values(*_HISTORY_COLUMNS)
    own = within.filter(contact_phone_index=digest).annotate(
        is_co_complainant=Value(False, output_field=BooleanField())
    )
    joint = (
        within.filter(
            pk__in=CoComplainant.objects.filter(
                phone_index=blind_index_for(CoComplainant, "phone_index", number)
            ).values("work_order_id")
        )
        .exclude(contact_phone_index=digest)
        .annotate(is_co_complainant=Value(True, output_field=BooleanField()))
    )
    # No ORDER BY inside the parts (the model's default ordering): SQLite refuses it in a compound statement.
    return (
        own.order_by()
        .values(*_HISTORY_COLUMNS)
        .union(joint.order_by().values(*_HISTORY_COLUMNS), all=True)
    )


def history_query(
    number: str, within: QuerySet[WorkOrder], *, now: datetime, since: datetime, exclude_call_id: str = ""
) -> QuerySet[WorkOrder]:
    """The statement of the pop: the caller's work orders in `within` (`_history_rows`), open first, newest first,
    `HISTORY_LIMIT` rows, each carrying the block's reason and the count of the calls since `since`."""
    blocked, calls = _marks_querysets(number, now=now, since=since, exclude=exclude_call_id)
    calls_count = calls.order_by().values("caller_number_index").annotate(n=Count("id")).values("n")
    annotated = within.annotate(
        is_open_rank=Case(
            When(state__in=_OPEN_STATES, then=Value(0)), default=Value(1), output_field=IntegerField()
        ),
        blocked_reason=Subquery(blocked),
        calls_in_window=Coalesce(Subquery(calls_count), 0),
    )
    return _history_rows(number, annotated).order_by("is_open_rank", "-received_at", "-id")[:HISTORY_LIMIT]


def work_orders_by_phone(phone: str, within: QuerySet[WorkOrder]) -> QuerySet[WorkOrder]:
    """Work orders in `within` whose caller has this number (any form), for search screens."""
    number = national_number(phone)
    return _work_orders_by_phone(number, within) if number else within.none()


def blocked_entry(number: str, *, now: datetime | None = None) -> BlockedNumber | None:
    national = national_number(number)
    if not national:
        return None
    digest = blind_index_for(BlockedNumber, "number_index", national)
    entry = BlockedNumber.objects.filter(number_index=digest).order_by().first()
    if entry is None or (entry.expires_at is not None and entry.expires_at <= (now or clock.now())):
        return None
    return entry


@lru_cache(maxsize=50_000)
def _place(prefix: str) -> tuple[str, str | None, str | None]:
    """Attribution depends on the number block only (7 digits of a mobile, the area code of a landline)."""
    place = phone_place(prefix if not prefix.startswith("1") else prefix + "0000", gazetteer())
    return place.description, place.province_code, place.city_code


def _place_of(number: str) -> tuple[str, str | None, str | None]:
    if number.startswith("1") and len(number) == 11:
        return _place(number[:7])
    return _place(number)


def _marks_querysets(
    number: str, *, now: datetime, since: datetime, exclude: str
) -> tuple[QuerySet, QuerySet]:
    """The block's reason (a row only while the block is in force) and the calls from `number` offered since
    `since` but the call `exclude`: indexed equalities (blocked number; caller and time)."""
    # Numbers are encrypted: both are matched on their blind index (ADR 0019 §4), the same digest for one number.
    blocked = (
        BlockedNumber.objects.filter(number_index=blind_index_for(BlockedNumber, "number_index", number))
        .filter(Q(expires_at__isnull=True) | Q(expires_at__gt=now))
        .order_by()
        .values("reason")[:1]
    )
    calls = Call.objects.filter(
        caller_number_index=blind_index_for(Call, "caller_number_index", number), offered_at__gte=since
    )
    if exclude:
        calls = calls.exclude(call_id=exclude)
    return blocked, calls


def _caller_marks(number: str, *, now: datetime, since: datetime, exclude: str) -> tuple[str | None, int]:
    """The block's reason (None: not blocked now) and the count of the calls in the window, in ONE round trip."""
    blocked, calls = _marks_querysets(number, now=now, since=since, exclude=exclude)
    blocked_sql, blocked_params = blocked.query.get_compiler(connection=connection).as_sql()
    calls_sql, calls_params = calls.order_by().values("id").query.get_compiler(connection=connection).as_sql()
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT ({blocked_sql}), (SELECT COUNT(*) FROM ({calls_sql}) window_calls)",  # noqa: S608 - compiled
            [*blocked_params, *calls_params],
        )
        reason, count = cursor.fetchone()
    return reason, int(count or 0)


def caller_history(phone: str, *, user: User | None = None, exclude_call_id: str = "") -> CallerHistory:
    """Who is calling: place (from the number's attribution), blocked mark, work orders by this number (open first,
    newest first; only those the user may see when a user is given) — as complainant or reporter, or as a
    co-complainant of a joint complaint (marked) — and repeat-call flags."""
    number = national_number(phone)
    description, province_code, city_code = _place_of(number) if number else ("", None, None)
    history = CallerHistory(
        number=number, place=description, province_code=province_code, city_code=city_code
    )
    if not number:
        return history
    now = clock.now()
    window_start = now - timedelta(days=REPEAT_WINDOW_DAYS)
    # The pop runs while the caller waits, and on a busy server every round trip waits for a CPU (bench/intake,
    # ADR 0021): the block and the repeat-call count ride along with the work orders (uncorrelated subqueries,
    # evaluated once in each half of the UNION), and only a caller without work orders costs a second statement.
    within = work_orders_visible_to(user) if user is not None else WorkOrder.objects.all()
    rows = list(history_query(number, within, now=now, since=window_start, exclude_call_id=exclude_call_id))
    if rows:
        blocked_reason, calls_in_window = rows[0]["blocked_reason"], rows[0]["calls_in_window"]
    else:
        blocked_reason, calls_in_window = _caller_marks(
            number, now=now, since=window_start, exclude=exclude_call_id
        )
    if blocked_reason is not None:
        history.is_blocked = True
        history.blocked_reason = blocked_reason
        history.flags.append({"code": "blocked", "label": f"黑名单号码：{blocked_reason}"})
    for row in rows:
        state = State(row["state"])
        history.work_orders.append(
            HistoryItem(
                id=row["id"],
                number=row["number"],
                kind=row["kind"],
                kind_label=KIND_LABELS[Kind(row["kind"])],
                state=row["state"],
                state_label=STATE_LABELS[state],
                is_open=state not in TERMINAL_STATES,
                received_at=row["received_at"],
                due_on=row["due_on"],
                respondent_name=row["respondent_name"],
                summary=row["summary"],
                registered_by_id=row["registered_by_id"],
                is_due_provisional=row["is_due_provisional"],
                is_co_complainant=bool(row["is_co_complainant"]),
            )
        )

    history.calls_in_window = calls_in_window + (1 if exclude_call_id else 0)
    if history.calls_in_window >= REPEAT_CALLS_FLAG:
        history.flags.append(
            {
                "code": "repeat_calls",
                "label": f"{REPEAT_WINDOW_DAYS}天内第{history.calls_in_window}次来电",
            }
        )
    open_complaints = [w for w in history.work_orders if w.is_open and w.kind == Kind.COMPLAINT]
    businesses = sorted({w.respondent_name for w in open_complaints if w.respondent_name})
    for business in businesses:
        history.flags.append({"code": "open_complaint", "label": f"已有关于「{business}」的未办结投诉"})
    return history


def open_work_order_agents(phone: str) -> list[int]:
    """The agents who registered the caller's open work orders, newest first (preferred for the next call)."""
    number = national_number(phone)
    if not number:
        return []
    rows = (
        _work_orders_by_phone(number, WorkOrder.objects.all())
        .filter(state__in=_OPEN_STATES, registered_by__isnull=False)
        .order_by("-received_at")
        .values_list("registered_by_id", flat=True)[:5]
    )
    return list(dict.fromkeys(rows))


def intake_policy() -> IntakePolicy:
    return IntakePolicy.objects.first() or IntakePolicy()


def agent_session_open(user: User) -> AgentSession | None:
    return (
        AgentSession.objects.select_related("seat", "current_call")
        .filter(user=user, ended_at__isnull=True)
        .first()
    )


def agent_sessions_open() -> QuerySet[AgentSession]:
    return AgentSession.objects.select_related("seat", "user", "current_call").filter(ended_at__isnull=True)


def break_reasons() -> list[BreakReason]:
    return list(BreakReason.objects.filter(is_active=True))


def calls_visible_to(user: User) -> QuerySet[Call]:
    """Supervisors and managers see every call; an agent sees the calls offered to or answered by them."""
    if (
        user.role_enum in (Role.SHIFT_SUPERVISOR, Role.CENTER_MANAGER, Role.ADMINISTRATOR)
        or user.is_superuser
    ):
        return Call.objects.all()
    return Call.objects.filter(Q(agent=user) | Q(offered_to=user))


def same_business_open_complaints(*, respondent_name: str, since: datetime) -> int:
    """Open complaints against one business registered since `since` (group-complaint alert)."""
    if not respondent_name.strip():
        return 0
    return WorkOrder.objects.filter(
        kind=Kind.COMPLAINT,
        respondent_name=respondent_name.strip(),
        received_at__gte=since,
        state__in=_OPEN_STATES,
    ).count()
