"""The wallboard's work-order figures for a center, computed from the work orders themselves (no rollup: every
figure is today's and must agree exactly with the records). Call and agent-state figures belong to the
workstation's call records (issue 9) and are computed in `wallboard_calls`; their alerts join the list here.

One query for the work-order figures: the indexed ranges of today's registrations (received_at), the intake
queue (center, state) and the overdue items (center, due_on), OR-ed, each figure a FILTER (bench/analytics
`--only wallboard`, ADR 0021)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.conf import settings
from django.db import connection
from django.db.models import Q, QuerySet

from lianxin.accounts.models import User
from lianxin.accounts.selectors import unit_directory, unit_entry
from lianxin.analytics.models import AlertKind, HotSpotAlert
from lianxin.analytics.services.rollups import local_day_bounds
from lianxin.analytics.wallboard_calls import CallFigures, call_figures, count_where, figures_over, instant
from lianxin.domain.workflow import KIND_LABELS, Kind, State
from lianxin.workorders.models import WorkOrder
from lianxin.workorders.permissions import READ_ALL_ROLES, work_orders_visible_to

AWAITING_DISPATCH = (State.REGISTERED, State.RETURNED)
DISPATCHED_KINDS = (Kind.COMPLAINT, Kind.REPORT)


@dataclass(frozen=True, slots=True)
class WallboardAlert:
    level: str  # "bad" or "warn"
    text: str


@dataclass(frozen=True, slots=True)
class Wallboard:
    at: datetime
    registered_today: int
    registered_by_kind: tuple[tuple[str, int], ...]
    awaiting_dispatch: int
    oldest_awaiting_since: datetime | None
    overdue_now: int
    overdue_since_today: int
    group_complaints_today: int
    calls: CallFigures
    alerts: tuple[WallboardAlert, ...]


def _scope(user: User) -> QuerySet[WorkOrder]:
    """`work_orders_visible_to`, with the user's unit read from the cached unit directory (the wallboard is
    recomputed every few seconds: no query for the unit, no join on the unit tree)."""
    if (
        user.is_authenticated
        and user.is_active
        and not user.is_superuser
        and user.role_enum not in READ_ALL_ROLES
    ):
        unit = unit_entry(user.unit_id)
        if unit is None:
            return WorkOrder.objects.none()
        if unit.is_center:
            return WorkOrder.objects.filter(center_id=unit.pk)
        subtree = [pk for pk, entry in unit_directory().items() if entry.path.startswith(unit.path)]
        return WorkOrder.objects.filter(handling_unit_id__in=subtree)
    return work_orders_visible_to(user)


def wallboard_figures(*, user: User, now: datetime, today: date) -> Wallboard:
    """Today's registrations by kind, the intake queue, overdue items and the alerts of the day."""
    visible = _scope(user)
    start, end = local_day_bounds(today, today)
    # One read for the work-order figures: a bitmap OR of today's registrations (received_at), the intake queue
    # (center, state) and the overdue items (due_on), each figure SQL over its rows (`figures_over`).
    todays = Q(received_at__gte=start, received_at__lt=end)
    queued = Q(state__in=AWAITING_DISPATCH, kind__in=DISPATCHED_KINDS)
    overdue_now = Q(due_on__lt=today)
    at, day = connection.ops.adapt_datetimefield_value, connection.ops.adapt_datefield_value
    today_sql, today_params = "r.received_at >= %s AND r.received_at < %s", [at(start), at(end)]
    queued_sql = "r.state IN (%s, %s) AND r.kind IN (%s, %s)"
    queued_params = [*(s.value for s in AWAITING_DISPATCH), *(k.value for k in DISPATCHED_KINDS)]
    row = figures_over(
        visible.filter(todays | queued | overdue_now),
        ("kind", "state", "received_at", "due_on", "is_group_complaint"),
        {
            f"kind_{kind.value}": count_where(f"{today_sql} AND r.kind = %s", *today_params, kind.value)
            for kind in Kind
        }
        | {
            "group_today": count_where(f"{today_sql} AND r.is_group_complaint", *today_params),
            "queue": count_where(queued_sql, *queued_params),
            "oldest": (f"MIN(CASE WHEN {queued_sql} THEN r.received_at END)", queued_params),
            "overdue": count_where("r.due_on < %s", day(today)),
            "fresh": count_where("r.due_on = %s", day(today - timedelta(days=1))),
        },
    )
    row["oldest"] = instant(row["oldest"])
    by_kind = {kind.value: row[f"kind_{kind.value}"] for kind in Kind}
    group_today = row["group_today"]
    queue_figures = {"count": row["queue"], "oldest": row["oldest"]}
    overdue = {"count": row["overdue"], "fresh": row["fresh"]}
    calls = call_figures(user=user, now=now, today=today)
    alerts: list[WallboardAlert] = [
        WallboardAlert(
            "bad",
            f"{label}服务水平低于目标（目标 {calls.target_percent}% 在 {calls.threshold_seconds} 秒内接听）",
        )
        for label in calls.below_target
    ]
    threshold = settings.LIANXIN_WALLBOARD_OVERDUE_SPIKE
    if overdue["fresh"] >= threshold:
        alerts.append(WallboardAlert("bad", f"今日新增超期 {overdue['fresh']} 件（阈值 {threshold} 件）"))
    if group_today:
        alerts.append(WallboardAlert("bad", f"今日登记群体投诉 {group_today} 件"))
    for alert in HotSpotAlert.objects.filter(detected_on__gte=today - timedelta(days=1)).exclude(
        kind=AlertKind.GROUP_COMPLAINT
    )[:5]:
        alerts.append(
            WallboardAlert(
                "warn", f"{alert.get_kind_display()}：{alert.subject_label}（{alert.observed} 件）"
            )
        )
    if queue_figures["oldest"] is not None and now - queue_figures["oldest"] > timedelta(hours=4):
        alerts.append(WallboardAlert("warn", "有工单登记超过 4 小时仍未分送"))
    return Wallboard(
        at=now,
        registered_today=sum(by_kind.values()),
        registered_by_kind=tuple((KIND_LABELS[kind], by_kind.get(kind.value, 0)) for kind in Kind),
        awaiting_dispatch=queue_figures["count"],
        oldest_awaiting_since=queue_figures["oldest"],
        overdue_now=overdue["count"],
        overdue_since_today=overdue["fresh"],
        group_complaints_today=group_today,
        calls=calls,
        alerts=tuple(alerts),
    )
