"""The wallboard's call and agent figures, computed from the call records (`intake.Call`) and the open agent
sessions at the moment of the request: no rollup, every figure agrees exactly with the records.

Definitions (ADR 0016, call figures):
- a call counts when it is inbound, was offered (has `offered_at`) and was not rejected as a blocked number;
- waiting now: such a call neither answered nor ended; the longest wait is measured from its `offered_at`;
- offered / answered / abandoned today: calls offered since local midnight; answered = has `answered_at`,
  abandoned = cause 放弃 (the caller hung up before an answer);
- service level over a period: calls answered with `wait_seconds` ≤ the policy's threshold, divided by the calls
  of the period whose outcome is decided — every call except those still waiting no longer than the threshold
  (a call still waiting past the threshold already failed it);
- share answered within the quick-answer threshold (3 s by default) and the average speed of answer: over the
  calls answered today (mean `wait_seconds`).
Target, threshold and quick-answer seconds are data (`intake.IntakePolicy`), not literals."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from django.db import connection
from django.db.models import Q, QuerySet
from django.utils.dateparse import parse_datetime

from lianxin.accounts.models import User
from lianxin.analytics.services.rollups import local_day_bounds
from lianxin.domain.agent_states import AGENT_STATE_LABELS, AgentState, CallCause
from lianxin.intake.models import Call, Direction
from lianxin.intake.selectors import agent_sessions_open, calls_visible_to, intake_policy

RECENT = timedelta(minutes=30)


@dataclass(frozen=True, slots=True)
class ServiceLevel:
    met: int
    decided: int

    @property
    def percent(self) -> float | None:
        return None if not self.decided else round(100 * self.met / self.decided, 1)


@dataclass(frozen=True, slots=True)
class AgentRow:
    name: str
    extension: str
    state: str
    state_label: str
    since: datetime
    seconds_in_state: int


@dataclass(frozen=True, slots=True)
class CallFigures:
    waiting: int
    longest_wait_seconds: int | None
    offered_today: int
    answered_today: int
    abandoned_today: int
    service_level_today: ServiceLevel
    service_level_recent: ServiceLevel
    quick_answered_today: int
    average_speed_of_answer: float | None
    target_percent: int
    threshold_seconds: int
    quick_seconds: int
    agents: tuple[AgentRow, ...]
    agents_by_state: tuple[tuple[str, int], ...]

    @property
    def quick_answer_percent(self) -> float | None:
        if not self.answered_today:
            return None
        return round(100 * self.quick_answered_today / self.answered_today, 1)

    @property
    def below_target(self) -> tuple[str, ...]:
        """The periods whose service level is known and below the target."""
        periods = (("今日", self.service_level_today), ("近 30 分钟", self.service_level_recent))
        return tuple(
            label
            for label, level in periods
            if level.percent is not None and level.percent < self.target_percent
        )


def counted_calls(user: User) -> QuerySet[Call]:
    return (
        calls_visible_to(user)
        .filter(direction=Direction.IN, offered_at__isnull=False)
        .exclude(cause=CallCause.REJECTED.value)
        .order_by()
    )


def figures_over(
    queryset: QuerySet, columns: tuple[str, ...], figures: dict[str, tuple[str, list[Any]]]
) -> dict:
    """`SELECT <figures> FROM (<queryset's columns>) r`: one statement, each figure SQL over the rows' columns with
    its parameters (already adapted). The rows' query (scope and indexed ranges) is built by the ORM; the figures
    are written once, as SQL, because compiling a dozen filtered aggregates through the ORM cost more CPU than
    the database spent answering them (ADR 0021). CASE sums and MIN/AVG over CASE: PostgreSQL and SQLite alike."""
    inner_sql, inner_params = (
        queryset.order_by().values(*columns).query.get_compiler(connection=connection).as_sql()
    )
    names = list(figures)
    select = ", ".join(f"{figures[name][0]} AS {name}" for name in names)
    params = [param for name in names for param in figures[name][1]]
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {select} FROM ({inner_sql}) r", [*params, *inner_params])  # noqa: S608 - compiled
        values = cursor.fetchone()
    return dict(zip(names, values, strict=True))


def count_where(condition: str, *params: Any) -> tuple[str, list[Any]]:
    return f"COALESCE(SUM(CASE WHEN {condition} THEN 1 ELSE 0 END), 0)", list(params)


def instant(value: Any) -> datetime | None:
    """A timestamp read by raw SQL: aware from PostgreSQL, naive UTC text from SQLite."""
    if value is None:
        return None
    moment = value if isinstance(value, datetime) else parse_datetime(str(value))
    if moment is None:
        return None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def _agents(now: datetime) -> tuple[tuple[AgentRow, ...], tuple[tuple[str, int], ...]]:
    """The open sessions as plain values: 54 agents as three model instances each (session, user with its
    password hash, current call) cost more than every query of the wallboard together (ADR 0021)."""
    rows = [
        AgentRow(
            name=full_name or username,  # User.__str__
            extension=extension,
            state=state,
            state_label=AGENT_STATE_LABELS[AgentState(state)],
            since=since,
            seconds_in_state=max(0, int((now - since).total_seconds())),
        )
        for full_name, username, extension, state, since in agent_sessions_open()
        .order_by("seat__extension")
        .values_list("user__full_name", "user__username", "seat__extension", "state", "state_since")
    ]
    by_state = tuple(
        (AGENT_STATE_LABELS[state], sum(1 for row in rows if row.state == state.value))
        for state in AgentState
        if state is not AgentState.SIGNED_OUT
    )
    return tuple(rows), by_state


def call_figures(*, user: User, now: datetime, today: date) -> CallFigures:
    """One aggregate over the calls offered since the earlier of local midnight and 30 minutes ago, and the calls
    waiting (however old): a bitmap OR of the `call_offered` range and the `call_waiting` partial index, read
    once, every figure a FILTER of it — the same conditions the definitions above state, so exactly the numbers
    that one query per figure gives (analytics/tests/test_wallboard_calls.py compares them with the records)."""
    policy = intake_policy()
    threshold = policy.service_level_seconds
    quick = policy.quick_answer_seconds
    start, end = local_day_bounds(today, today)
    recent_start = now - RECENT
    at = connection.ops.adapt_datetimefield_value
    waiting = "r.answered_at IS NULL AND r.ended_at IS NULL"
    todays, todays_params = "r.offered_at >= %s AND r.offered_at < %s", [at(start), at(end)]
    recent, recent_params = "r.offered_at >= %s AND r.offered_at <= %s", [at(recent_start), at(now)]
    answered = "r.answered_at IS NOT NULL"
    met, met_params = f"{answered} AND r.wait_seconds <= %s", [threshold]
    # Decided: every call but those still waiting no longer than the threshold (ADR 0016).
    decided, decided_params = (
        f"NOT ({waiting} AND r.offered_at >= %s)",
        [at(now - timedelta(seconds=threshold))],
    )
    row = figures_over(
        counted_calls(user).filter(
            Q(offered_at__gte=min(start, recent_start)) | Q(answered_at__isnull=True, ended_at__isnull=True)
        ),
        ("offered_at", "answered_at", "ended_at", "wait_seconds", "cause"),
        {
            "waiting": count_where(waiting),
            "oldest": (f"MIN(CASE WHEN {waiting} THEN r.offered_at END)", []),
            "offered": count_where(todays, *todays_params),
            "answered": count_where(f"{todays} AND {answered}", *todays_params),
            "abandoned": count_where(f"{todays} AND r.cause = %s", *todays_params, CallCause.ABANDONED.value),
            "quick": count_where(f"{todays} AND {answered} AND r.wait_seconds <= %s", *todays_params, quick),
            "asa": (f"AVG(CASE WHEN {todays} AND {answered} THEN r.wait_seconds END)", todays_params),
            "met_today": count_where(f"{todays} AND {met}", *todays_params, *met_params),
            "decided_today": count_where(f"{todays} AND {decided}", *todays_params, *decided_params),
            "met_recent": count_where(f"{recent} AND {met}", *recent_params, *met_params),
            "decided_recent": count_where(f"{recent} AND {decided}", *recent_params, *decided_params),
        },
    )
    row["oldest"] = instant(row["oldest"])
    agents, by_state = _agents(now)
    oldest = row["oldest"]
    return CallFigures(
        waiting=row["waiting"],
        longest_wait_seconds=None if oldest is None else max(0, int((now - oldest).total_seconds())),
        offered_today=row["offered"],
        answered_today=row["answered"],
        abandoned_today=row["abandoned"],
        service_level_today=ServiceLevel(met=row["met_today"], decided=row["decided_today"]),
        service_level_recent=ServiceLevel(met=row["met_recent"], decided=row["decided_recent"]),
        quick_answered_today=row["quick"],
        average_speed_of_answer=None if row["asa"] is None else round(float(row["asa"]), 1),
        target_percent=policy.service_level_percent,
        threshold_seconds=threshold,
        quick_seconds=quick,
        agents=agents,
        agents_by_state=by_state,
    )
