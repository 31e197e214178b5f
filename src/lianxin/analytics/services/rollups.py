"""Keeping the volume rollups up to date from the work-order event log (docs/adr/0016).

Every change to a work order appends a `WorkOrderEvent`. A refresh reads the events past its watermark, marks the
*received day* of each touched work order dirty, recomputes those days' cells from the work orders themselves (one
indexed range scan per day) and re-sums the months they fall in. Recomputing is idempotent, so re-reading an event
does no harm: each refresh also re-reads the last few minutes of events, which covers a transaction that took its
event id before a later one but committed after the watermark had moved past it.

Satisfaction arrives without a work-order event: a consumer's rating online (`portal.Rating`, written once: read
past its own id watermark) and an agent's callback result (`portal.Callback`, recorded in place: read by the time
it was recorded, from the last refresh less the same rescan window). Each marks its work order's received day dirty.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Max, Min, Sum

from lianxin.analytics.models import Dimension, Period, RollupState, VolumeRollup
from lianxin.calendars.selectors import working_calendar
from lianxin.common import clock
from lianxin.domain.errors import CalendarYearNotLoaded
from lianxin.domain.rules import ClockName
from lianxin.portal.models import Callback, Rating
from lianxin.workorders.models import WorkOrder, WorkOrderEvent
from lianxin.workorders.selectors import rule_set_by_id

RESCAN_WINDOW = timedelta(minutes=5)
MEASURES = (
    "items",
    "group_items",
    "decided",
    "decided_in_time",
    "mediated",
    "mediated_in_time",
    "agreed",
    "closed",
    "amount_recovered",
    "rating_satisfied",
    "rating_basically",
    "rating_dissatisfied",
    "callback_satisfied",
    "callback_basically",
    "callback_dissatisfied",
)
SATISFACTION_LEVELS = ("satisfied", "basically", "dissatisfied")  # portal.Satisfaction, in this order
# Only the consumer's own ratings count as ratings (until portal migration 0002 a callback also wrote one).
RATING_SOURCE = "online"
_ROW_FIELDS = (
    "received_at",
    "center_id",
    "handling_unit_id",
    "kind",
    "channel",
    "category_id",
    "issue_type_id",
    "is_group_complaint",
    "rule_set_id",
    "clocks",
    "amount_recovered",
    "closed_at",
    "rating__source",
    "rating__satisfaction",
    "callback__satisfaction",
)


@dataclass(frozen=True, slots=True)
class RefreshReport:
    events: int
    days: int
    months: int
    last_event_id: int


def local_day_bounds(first: date, last: date) -> tuple[datetime, datetime]:
    """[start of `first`, start of the day after `last`) in the center's time zone."""
    zone = ZoneInfo(settings.TIME_ZONE)
    return (
        datetime.combine(first, time.min, tzinfo=zone),
        datetime.combine(last + timedelta(days=1), time.min, tzinfo=zone),
    )


@functools.lru_cache(maxsize=65536)
def _due_on(
    rule_set_id: int, clock_name: str, started_on: str, paused_units: int, is_extended: bool
) -> date | None:
    limit = rule_set_by_id(rule_set_id).time_limits.get(ClockName(clock_name))
    if limit is None:
        return None
    try:
        return limit.due_on(
            started_on=date.fromisoformat(started_on),
            paused_units=paused_units,
            is_extended=is_extended,
            calendar=working_calendar(),
        )
    except CalendarYearNotLoaded:
        return None


def clock_outcome(clocks: dict[str, Any] | None, name: ClockName, rule_set_id: int) -> tuple[bool, bool]:
    """(stopped, stopped within its limit) for one statutory clock of a work order. A due date that cannot be
    computed (a calendar year not loaded) counts as not within the limit."""
    entry = (clocks or {}).get(name.value)
    if not entry or not entry.get("stopped_on"):
        return False, False
    due = _due_on(
        rule_set_id,
        name.value,
        entry["started_on"],
        int(entry.get("paused_units") or 0),
        bool(entry.get("is_extended")),
    )
    return True, due is not None and entry["stopped_on"] <= due.isoformat()


def _row_measures(row: dict[str, Any]) -> tuple[int | Decimal, ...]:
    decided, decided_in_time = clock_outcome(row["clocks"], ClockName.ACCEPT_DECISION, row["rule_set_id"])
    mediated, mediated_in_time = clock_outcome(row["clocks"], ClockName.MEDIATION, row["rule_set_id"])
    amount = row["amount_recovered"]
    rating = row["rating__satisfaction"] if row["rating__source"] == RATING_SOURCE else None
    callback = row["callback__satisfaction"]
    return (
        1,
        int(row["is_group_complaint"]),
        int(decided),
        int(decided_in_time),
        int(mediated),
        int(mediated_in_time),
        int(amount is not None),
        int(row["closed_at"] is not None),
        amount or Decimal(0),
        *(int(rating == level) for level in SATISFACTION_LEVELS),
        *(int(callback == level) for level in SATISFACTION_LEVELS),
    )


def _dimension_values(row: dict[str, Any]) -> tuple[tuple[str, str], ...]:
    return (
        (Dimension.ALL, ""),
        (Dimension.CHANNEL, row["channel"]),
        (Dimension.CATEGORY, str(row["category_id"] or "")),
        (Dimension.ISSUE_TYPE, str(row["issue_type_id"] or "")),
    )


def day_cells(day: date) -> dict[tuple[Any, ...], list[Any]]:
    """The rollup cells of the work orders received on `day`: key (center, unit, kind, dimension, value)."""
    start, end = local_day_bounds(day, day)
    cells: dict[tuple[Any, ...], list[Any]] = defaultdict(lambda: [0] * len(MEASURES))
    rows = (
        WorkOrder.objects.filter(received_at__gte=start, received_at__lt=end)
        .order_by()
        .values(*_ROW_FIELDS)
        .iterator(chunk_size=5000)
    )
    for row in rows:
        measures = _row_measures(row)
        for dimension, value in _dimension_values(row):
            cell = cells[
                (row["center_id"], row["handling_unit_id"] or 0, row["kind"], dimension.value, value)
            ]
            for index, amount in enumerate(measures):
                cell[index] += amount
    return cells


def _write_cells(period: str, period_start: date, cells: dict[tuple[Any, ...], list[Any]]) -> None:
    VolumeRollup.objects.filter(period=period, period_start=period_start).delete()
    VolumeRollup.objects.bulk_create(
        [
            VolumeRollup(
                period=period,
                period_start=period_start,
                center_id=center_id,
                handling_unit_id=unit_id,
                kind=kind,
                dimension=dimension,
                value=value,
                **dict(zip(MEASURES, measures, strict=True)),
            )
            for (center_id, unit_id, kind, dimension, value), measures in cells.items()
        ],
        batch_size=2000,
    )


def rollup_days_recompute(days: Iterable[date]) -> int:
    """Recompute the given days and the months they fall in. Returns the number of months re-summed."""
    months: set[date] = set()
    for day in sorted(set(days)):
        with transaction.atomic():
            _write_cells(Period.DAY, day, day_cells(day))
        months.add(day.replace(day=1))
    for month in sorted(months):
        rollup_month_resum(month)
    return len(months)


def rollup_month_resum(month: date) -> None:
    """A month's cells are the sums of its days' cells."""
    next_month = (month + timedelta(days=32)).replace(day=1)
    keys = ("center_id", "handling_unit_id", "kind", "dimension", "value")
    rows = (
        VolumeRollup.objects.filter(period=Period.DAY, period_start__gte=month, period_start__lt=next_month)
        .order_by()
        .values(*keys)
        .annotate(**{f"sum_{name}": Sum(name) for name in MEASURES})
    )
    cells = {tuple(row[key] for key in keys): [row[f"sum_{name}"] for name in MEASURES] for row in rows}
    with transaction.atomic():
        _write_cells(Period.MONTH, month, cells)


def rollup_refresh() -> RefreshReport:
    """Bring the rollups up to date with the event log (the scheduled job and `lianxin analytics refresh`)."""
    state, _ = RollupState.objects.get_or_create(pk=1)
    now = clock.now()
    since = (state.refreshed_at or now) - RESCAN_WINDOW
    top = WorkOrderEvent.objects.aggregate(top=Max("id"))["top"] or 0
    received = WorkOrderEvent.objects.filter(id__gt=state.last_event_id, id__lte=top).values_list(
        "work_order__received_at", flat=True
    )
    recent = WorkOrderEvent.objects.filter(occurred_at__gte=since, id__lte=state.last_event_id).values_list(
        "work_order__received_at", flat=True
    )
    events = 0
    days: set[date] = set()
    for received_at in [*received.iterator(), *recent.iterator()]:
        events += 1
        days.add(clock.local_date(received_at))
    top_rating = Rating.objects.aggregate(top=Max("id"))["top"] or 0
    rated = Rating.objects.filter(id__gt=state.last_rating_id, id__lte=top_rating)
    called = Callback.objects.filter(called_at__isnull=False)
    if state.refreshed_at is not None:
        called = called.filter(called_at__gte=since)
    for queryset in (rated, called):
        for received_at in queryset.values_list("work_order__received_at", flat=True).iterator():
            events += 1
            days.add(clock.local_date(received_at))
    months = rollup_days_recompute(days)
    RollupState.objects.filter(pk=1).update(last_event_id=top, last_rating_id=top_rating, refreshed_at=now)
    return RefreshReport(events=events, days=len(days), months=months, last_event_id=top)


def rollup_rebuild(*, bulk: bool | None = None) -> RefreshReport:
    """Recompute every day that has work orders (after a bulk load, or to check the incremental path). On
    PostgreSQL this is one INSERT … SELECT (`bulk.py`) unless `bulk=False` asks for the day-by-day path."""
    if bulk is None:
        bulk = connection.vendor == "postgresql"
    if bulk:
        from lianxin.analytics.services.bulk import rollup_rebuild_postgresql  # imports this module

        return rollup_rebuild_postgresql()
    # Read at the start: what arrives while the rebuild runs is read by the next refresh.
    started = clock.now()
    top = WorkOrderEvent.objects.aggregate(top=Max("id"))["top"] or 0
    top_rating = Rating.objects.aggregate(top=Max("id"))["top"] or 0
    zone = ZoneInfo(settings.TIME_ZONE)
    bounds = WorkOrder.objects.order_by().aggregate(first=Min("received_at"), last=Max("received_at"))
    days: list[date] = []
    if bounds["first"] is not None:
        day, last = bounds["first"].astimezone(zone).date(), bounds["last"].astimezone(zone).date()
        while day <= last:
            days.append(day)
            day += timedelta(days=1)
    VolumeRollup.objects.all().delete()
    months = rollup_days_recompute(days)
    RollupState.objects.update_or_create(
        pk=1, defaults={"last_event_id": top, "last_rating_id": top_rating, "refreshed_at": started}
    )
    return RefreshReport(events=0, days=len(days), months=months, last_event_id=top)
