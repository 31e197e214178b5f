"""The rollups rebuilt in bulk on PostgreSQL: one INSERT … SELECT … GROUP BY over the work orders instead of a
Python pass per day (after a bulk load or for a large province). It gives exactly the cells of the incremental
path (`rollups.day_cells`; `tests/test_bulk_rebuild.py` compares them): the due dates of stopped clocks, which need
the working calendar, are computed in Python once per distinct (rule set, clock, start, pauses, extension) and
joined from a temporary table; satisfaction is joined from the consumers' ratings and the callbacks."""

from __future__ import annotations

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Max

from lianxin.analytics.models import RollupState, VolumeRollup
from lianxin.analytics.services.rollups import (
    MEASURES,
    RATING_SOURCE,
    SATISFACTION_LEVELS,
    RefreshReport,
    _due_on,
)
from lianxin.common import clock
from lianxin.domain.rules import ClockName
from lianxin.portal.models import Callback, Rating
from lianxin.workorders.models import WorkOrder, WorkOrderEvent

_CLOCKS = (ClockName.ACCEPT_DECISION, ClockName.MEDIATION)


def _clock_sql(name: str) -> dict[str, str]:
    entry = f"w.clocks->'{name}'"
    return {
        "started": f"({entry}->>'started_on')",
        "stopped": f"({entry}->>'stopped_on')",
        "paused": f"coalesce(({entry}->>'paused_units')::int, 0)",
        "extended": f"coalesce(({entry}->>'is_extended')::boolean, false)",
    }


def rollup_rebuild_postgresql() -> RefreshReport:
    if connection.vendor != "postgresql":
        raise RuntimeError("the bulk rebuild runs on PostgreSQL only; use rollup_rebuild()")
    table = WorkOrder._meta.db_table
    rollup = VolumeRollup._meta.db_table
    ratings, callbacks = Rating._meta.db_table, Callback._meta.db_table
    started = clock.now()
    top = WorkOrderEvent.objects.aggregate(top=Max("id"))["top"] or 0
    top_rating = Rating.objects.aggregate(top=Max("id"))["top"] or 0
    satisfaction = "".join(
        f", coalesce(r.satisfaction = '{level}', false)::int AS rating_{level}"
        f", coalesce(cb.satisfaction = '{level}', false)::int AS callback_{level}"
        for level in SATISFACTION_LEVELS
    )
    satisfaction_sums = "".join(
        f", sum(f.{source}_{level})" for source in ("rating", "callback") for level in SATISFACTION_LEVELS
    )
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "CREATE TEMPORARY TABLE analytics_due (rule_set_id int, clock text, started text, paused int, "
            "extended boolean, due text) ON COMMIT DROP"
        )
        for name in _CLOCKS:
            parts = _clock_sql(name.value)
            cursor.execute(
                f"SELECT DISTINCT w.rule_set_id, {parts['started']}, {parts['paused']}, {parts['extended']} "  # noqa: S608
                f"FROM {table} w WHERE {parts['stopped']} IS NOT NULL"
            )
            rows = [
                (rule_set_id, name.value, started, paused, extended)
                for rule_set_id, started, paused, extended in cursor.fetchall()
            ]
            values = [
                (*row, due.isoformat() if (due := _due_on(row[0], row[1], row[2], row[3], row[4])) else None)
                for row in rows
            ]
            cursor.executemany("INSERT INTO analytics_due VALUES (%s, %s, %s, %s, %s, %s)", values)
        cursor.execute("CREATE INDEX ON analytics_due (rule_set_id, clock, started, paused, extended)")
        cursor.execute("ANALYZE analytics_due")
        cursor.execute(f"DELETE FROM {rollup}")  # noqa: S608
        accept, mediation = _clock_sql("accept_decision"), _clock_sql("mediation")
        measures = ", ".join(MEASURES)
        cursor.execute(
            f"""
            INSERT INTO {rollup} (period, period_start, center_id, handling_unit_id, kind, dimension, value, {measures})
            SELECT 'day', f.day, f.center_id, f.unit_id, f.kind, d.dimension, d.value,
                   count(*), sum(f.group_item), sum(f.decided), sum(f.decided_in_time), sum(f.mediated),
                   sum(f.mediated_in_time), sum(f.agreed), sum(f.closed), coalesce(sum(f.amount), 0)
                   {satisfaction_sums}
            FROM (
                SELECT (w.received_at AT TIME ZONE %s)::date AS day, w.center_id,
                       coalesce(w.handling_unit_id, 0) AS unit_id, w.kind, w.channel,
                       coalesce(w.category_id::text, '') AS category, coalesce(w.issue_type_id::text, '') AS issue,
                       w.is_group_complaint::int AS group_item,
                       ({accept["stopped"]} IS NOT NULL)::int AS decided,
                       coalesce({accept["stopped"]} <= da.due, false)::int AS decided_in_time,
                       ({mediation["stopped"]} IS NOT NULL)::int AS mediated,
                       coalesce({mediation["stopped"]} <= dm.due, false)::int AS mediated_in_time,
                       (w.amount_recovered IS NOT NULL)::int AS agreed,
                       (w.closed_at IS NOT NULL)::int AS closed,
                       w.amount_recovered AS amount
                       {satisfaction}
                FROM {table} w
                LEFT JOIN {ratings} r ON r.work_order_id = w.id AND r.source = %s
                LEFT JOIN {callbacks} cb ON cb.work_order_id = w.id
                LEFT JOIN analytics_due da ON da.rule_set_id = w.rule_set_id AND da.clock = 'accept_decision'
                     AND da.started = {accept["started"]} AND da.paused = {accept["paused"]}
                     AND da.extended = {accept["extended"]}
                LEFT JOIN analytics_due dm ON dm.rule_set_id = w.rule_set_id AND dm.clock = 'mediation'
                     AND dm.started = {mediation["started"]} AND dm.paused = {mediation["paused"]}
                     AND dm.extended = {mediation["extended"]}
            ) f
            CROSS JOIN LATERAL (VALUES ('all', ''), ('channel', f.channel), ('category', f.category),
                                       ('issue_type', f.issue)) AS d(dimension, value)
            GROUP BY f.day, f.center_id, f.unit_id, f.kind, d.dimension, d.value
            """,  # noqa: S608 - table names and fixed fragments only
            [settings.TIME_ZONE, RATING_SOURCE],
        )
        sums = ", ".join(f"sum({name})" for name in MEASURES)
        cursor.execute(
            f"""
            INSERT INTO {rollup} (period, period_start, center_id, handling_unit_id, kind, dimension, value, {measures})
            SELECT 'month', date_trunc('month', period_start)::date, center_id, handling_unit_id, kind, dimension,
                   value, {sums}
            FROM {rollup} WHERE period = 'day'
            GROUP BY 2, 3, 4, 5, 6, 7
            """  # noqa: S608
        )
        cursor.execute(
            f"SELECT count(DISTINCT period_start) FILTER (WHERE period = 'day'), "  # noqa: S608
            f"count(DISTINCT period_start) FILTER (WHERE period = 'month') FROM {rollup}"
        )
        days, months = cursor.fetchone()
    RollupState.objects.update_or_create(
        pk=1, defaults={"last_event_id": top, "last_rating_id": top_rating, "refreshed_at": started}
    )
    return RefreshReport(events=0, days=days, months=months, last_event_id=top)
