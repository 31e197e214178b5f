"""Analytics at scale: N work orders generated in bulk (COPY) on PostgreSQL, then the monthly statistics page, the
monthly report and the wallboard computation, each against the plain GROUP BY over the work-order table measured
in the same run. See bench/analytics/README.md.

    .venv/bin/python bench/analytics/run.py --database-url postgres://postgres@127.0.0.1:5432/postgres \
        [--count 10000000] [--bench-database lx_h11_bench] [--reuse] [--repeat 20] [--json]

The bench database is created (dropped first) unless --reuse finds it already filled; it is kept afterwards so
that a second run can measure again without generating.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import secrets
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit
from zoneinfo import ZoneInfo

import numpy as np

REPOSITORY = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPOSITORY / "src"))
SHANGHAI = ZoneInfo("Asia/Shanghai")
YEARS = 3
CITIES = 11
COUNTIES = 107  # Shaanxi has 107 county-level divisions
KIND_WEIGHTS = {"consultation": 0.55, "complaint": 0.35, "report": 0.08, "suggestion": 0.02}
CHANNEL_WEIGHTS = {
    "hotline": 0.6,
    "web": 0.25,
    "app": 0.08,
    "mini_program": 0.04,
    "letter": 0.01,
    "walk_in": 0.02,
}
# Month factors: the 3·15 campaign in March, 双11 in November, the Spring Festival dip.
MONTH_FACTOR = {
    1: 0.85,
    2: 0.75,
    3: 1.25,
    4: 1.0,
    5: 1.0,
    6: 1.05,
    7: 1.1,
    8: 1.05,
    9: 0.95,
    10: 0.9,
    11: 1.3,
    12: 1.1,
}


def _postgres(url: str, name: str, *, reuse: bool) -> str:
    import psycopg
    from psycopg import sql

    parts = urlsplit(url)
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as connection:
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone()
        if not (reuse and exists):
            connection.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    return urlunsplit(parts._replace(path=f"/{name}"))


def _setup(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ["LIANXIN_HOME"] = tempfile.mkdtemp(prefix="lianxin-analytics-bench-")
    os.environ["DJANGO_SETTINGS_MODULE"] = "lianxin.config.settings.production"
    os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))
    os.environ.setdefault("LIANXIN_LOG_LEVEL", "WARNING")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    call_command(
        "collectstatic", interactive=False, verbosity=0
    )  # the page renders with the manifest storage


def _world() -> dict[str, Any]:
    """A province bureau, its 12315 center, 11 city and 107 county bureaus, an analyst; the reference data."""
    from lianxin.accounts.models import OrgUnit, UnitKind, User
    from lianxin.accounts.services import org_unit_create, user_create
    from lianxin.domain.workflow import Role
    from lianxin.workorders.services import reference_data_load

    reference_data_load()
    if not OrgUnit.objects.filter(code="BENCH").exists():
        province = org_unit_create(
            name="省局", code="BENCH", kind=UnitKind.PROVINCE_BUREAU, division_code="610000"
        )
        center = org_unit_create(
            name="12315指挥中心", code="BENCH12315", kind=UnitKind.CENTER, parent=province
        )
        for city in range(CITIES):
            parent = org_unit_create(
                name=f"第{city + 1}市局",
                code=f"BENCH-C{city:02d}",
                kind=UnitKind.CITY_BUREAU,
                parent=province,
            )
            for county in range(city, COUNTIES, CITIES):
                org_unit_create(
                    name=f"第{county + 1}县局",
                    code=f"BENCH-K{county:03d}",
                    kind=UnitKind.COUNTY_BUREAU,
                    parent=parent,
                )
        user_create(
            username="bench_analyst",
            password=secrets.token_urlsafe(12),
            role=Role.ANALYST,
            unit=center,
            full_name="分析员",
        )
        user_create(
            username="bench_manager",
            password=secrets.token_urlsafe(12),
            role=Role.CENTER_MANAGER,
            unit=center,
            full_name="主任",
        )
    from lianxin.workorders.models import Category, IssueType, RuleSet

    return {
        "center": OrgUnit.objects.get(code="BENCH12315").pk,
        "counties": list(
            OrgUnit.objects.filter(kind=UnitKind.COUNTY_BUREAU).order_by("code").values_list("pk", flat=True)
        ),
        "categories": list(Category.objects.order_by("position").values_list("pk", flat=True)),
        "complaint_issues": list(
            IssueType.objects.filter(applies_to="complaint").values_list("pk", flat=True)
        ),
        "report_issues": list(IssueType.objects.filter(applies_to="report").values_list("pk", flat=True)),
        "rule_sets": list(RuleSet.objects.order_by("effective_from").values_list("pk", "effective_from")),
        "analyst": User.objects.get(username="bench_analyst"),
        "manager": User.objects.get(username="bench_manager"),
    }


def _zipf(count: int, exponent: float) -> np.ndarray:
    weights = 1.0 / np.arange(1, count + 1) ** exponent
    return weights / weights.sum()


def _days(end: date) -> tuple[list[date], np.ndarray]:
    days = [end - timedelta(days=offset) for offset in range(YEARS * 365 - 1, -1, -1)]
    weights = np.array(
        [
            MONTH_FACTOR[d.month] * (0.7 if d.weekday() >= 5 else 1.0) * (1 + 0.1 * (d.year - days[0].year))
            for d in days
        ]
    )
    return days, weights / weights.sum()


def _iso(day: date) -> str:
    return day.isoformat()


def _rows(count: int, world: dict[str, Any], today: date, seed: int) -> Iterator[tuple[Any, ...]]:
    """Work-order rows in column order (see _COLUMNS), in chunks drawn with numpy."""
    rng = np.random.default_rng(seed)
    days, day_weights = _days(today)
    counties = np.array(world["counties"])
    county_p = _zipf(len(counties), 0.9)  # the provincial capital's districts dominate
    categories = np.array(world["categories"])
    category_p = _zipf(len(categories), 1.1)
    kinds = np.array(list(KIND_WEIGHTS))
    channels = np.array(list(CHANNEL_WEIGHTS))
    new_rules = [pk for pk, start in world["rule_sets"] if start <= today][-1]
    old_rules, switch = world["rule_sets"][0][0], world["rule_sets"][-1][1]
    sequence: dict[int, int] = {}
    chunk = 100_000
    made = 0
    while made < count:
        n = min(chunk, count - made)
        day_index = np.sort(rng.choice(len(days), size=n, p=day_weights))
        seconds = rng.integers(8 * 3600, 21 * 3600, size=n)
        kind = rng.choice(kinds, size=n, p=list(KIND_WEIGHTS.values()))
        channel = rng.choice(channels, size=n, p=list(CHANNEL_WEIGHTS.values()))
        county = rng.choice(counties, size=n, p=county_p)
        category = rng.choice(categories, size=n, p=category_p)
        complaint_issue = rng.choice(world["complaint_issues"], size=n)
        report_issue = rng.choice(world["report_issues"], size=n)
        decide_days = rng.integers(1, 12, size=n)  # about one in five decided after the 7 working days
        mediate_days = rng.integers(3, 75, size=n)
        agreed = rng.random(n) < 0.55
        amount = np.round(rng.lognormal(6.5, 1.2, size=n), 2)
        group = rng.random(n) < 0.004
        for i in range(n):
            day = days[day_index[i]]
            received = datetime(day.year, day.month, day.day, tzinfo=SHANGHAI) + timedelta(
                seconds=int(seconds[i])
            )
            year = day.year
            sequence[year] = sequence.get(year, 0) + 1
            number = f"BENCH-{year}-{sequence[year]:08d}"
            age = (today - day).days
            k = str(kind[i])
            unit = None
            state, clocks, due_on, due_clock = "closed", "{}", None, ""
            accepted_at = closed_at = recovered = None
            issue = None
            if k in ("consultation", "suggestion"):
                closed_at = received + timedelta(minutes=6)
            elif k == "complaint":
                unit = int(county[i])
                issue = int(complaint_issue[i])
                decided = day + timedelta(days=int(decide_days[i]))
                if age <= int(decide_days[i]):
                    state, due_on, due_clock = "dispatched", day + timedelta(days=9), "accept_decision"
                    clocks = f'{{"accept_decision": {{"started_on": "{_iso(day)}", "stopped_on": null}}}}'
                else:
                    ended = decided + timedelta(days=int(mediate_days[i]))
                    accepted_at = datetime(decided.year, decided.month, decided.day, 10, tzinfo=SHANGHAI)
                    if ended >= today:
                        state, due_on, due_clock = "mediating", decided + timedelta(days=60), "mediation"
                        mediation = f'{{"started_on": "{_iso(decided)}", "stopped_on": null}}'
                    else:
                        closed_at = datetime(ended.year, ended.month, ended.day, 16, tzinfo=SHANGHAI)
                        mediation = f'{{"started_on": "{_iso(decided)}", "stopped_on": "{_iso(ended)}"}}'
                        recovered = float(amount[i]) if agreed[i] else None
                    clocks = (
                        f'{{"accept_decision": {{"started_on": "{_iso(day)}", "stopped_on": "{_iso(decided)}"}}, '
                        f'"mediation": {mediation}}}'
                    )
            else:  # report
                unit = int(county[i])
                issue = int(report_issue[i])
                if age < 20:
                    state, due_on, due_clock = "verifying", day + timedelta(days=21), "verification"
                else:
                    closed_at = received + timedelta(days=20)
            yield (
                number,
                world["center"],
                k,
                str(channel[i]),
                received,
                state,
                new_rules if day >= switch else old_rules,
                f"经营者{int(category[i])}-{int(county[i])}-{sequence[year] % 997}",
                int(category[i]) if k != "report" else None,
                issue,
                unit,
                clocks,
                due_on,
                due_clock,
                recovered,
                bool(group[i]) and k == "complaint",
                accepted_at,
                closed_at,
                received,
                closed_at or received,
            )
        made += n


_COLUMNS = (
    "number",
    "center_id",
    "kind",
    "channel",
    "received_at",
    "state",
    "rule_set_id",
    "respondent_name",
    "category_id",
    "issue_type_id",
    "handling_unit_id",
    "clocks",
    "due_on",
    "due_clock",
    "amount_recovered",
    "is_group_complaint",
    "accepted_at",
    "closed_at",
    "created_at",
    "updated_at",
)


def _generate(count: int, world: dict[str, Any], today: date) -> float:
    """COPY `count` rows into the work-order table (indexes dropped during the load and rebuilt after)."""
    from django.db import connection

    from lianxin.workorders.models import WorkOrder

    table = WorkOrder._meta.db_table
    fields = [f for f in WorkOrder._meta.concrete_fields if f.column != "id"]
    defaults: dict[str, Any] = {}
    for field in fields:
        if field.column in _COLUMNS:
            continue
        if field.null:
            defaults[field.column] = None
        elif field.get_internal_type() == "BooleanField":
            defaults[field.column] = False
        elif field.get_internal_type() == "JSONField":
            defaults[field.column] = "{}"
        elif field.get_internal_type() in ("PositiveIntegerField", "IntegerField"):
            defaults[field.column] = 0
        else:
            defaults[field.column] = ""
    columns = [*_COLUMNS, *defaults]
    tail = tuple(defaults.values())
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s AND indexname NOT LIKE %s",
            [table, "%pkey"],
        )
        indexes = cursor.fetchall()
        cursor.execute(
            "SELECT conname FROM pg_constraint WHERE conrelid = %s::regclass AND contype IN ('u', 'f')",
            [table],
        )
        constraints = [row[0] for row in cursor.fetchall()]
    indexes = [(name, definition) for name, definition in indexes if name not in constraints]
    raw = connection.connection
    with raw.cursor() as cursor:
        definitions = []
        for name in constraints:
            cursor.execute(
                "SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conname = %s AND conrelid = %s::regclass",
                [name, table],
            )
            definitions.append((name, cursor.fetchone()[0]))
            cursor.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
        for name, _ in indexes:
            cursor.execute(f'DROP INDEX IF EXISTS "{name}"')
        with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
            for row in _rows(count, world, today, seed=20261130):
                copy.write_row(row + tail)
        for _, definition in indexes:
            cursor.execute(definition)
        for name, definition in definitions:
            cursor.execute(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}')
        cursor.execute(f"ANALYZE {table}")
    raw.commit()
    return time.perf_counter() - started


def _satisfaction() -> float:
    """Consumers' ratings on 30 % of the closed complaints and recorded callbacks on 10 % of the closed complaints
    and reports (满意 : 基本满意 : 不满意 = 3 : 2 : 1), inserted by SQL after the work orders (seeded)."""
    from django.db import connection

    levels = "(ARRAY['satisfied','satisfied','satisfied','basically','basically','dissatisfied'])"
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("SELECT setseed(0.1130)")
        cursor.execute(
            "INSERT INTO portal_rating (work_order_id, satisfaction, remarks, source, rated_at) "
            f"SELECT id, {levels}[1 + floor(random() * 6)::int], '', 'online', closed_at "
            "FROM workorders_workorder WHERE kind = 'complaint' AND closed_at IS NOT NULL AND random() < 0.3"
        )
        cursor.execute(
            "INSERT INTO portal_callback (work_order_id, reason, state, satisfaction, remarks, created_at, "
            "called_at, needs_review, review_note) "
            f"SELECT id, 'sample', 'done', {levels}[1 + floor(random() * 6)::int], '', closed_at, "
            "closed_at + interval '3 days', false, '' FROM workorders_workorder "
            "WHERE kind IN ('complaint', 'report') AND closed_at IS NOT NULL AND random() < 0.1"
        )
        cursor.execute("ANALYZE portal_rating")
        cursor.execute("ANALYZE portal_callback")
    return time.perf_counter() - started


def _timed(function: Callable[[], Any], repeat: int) -> dict[str, float]:
    function()  # warm-up (caches, plans)
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        samples.append((time.perf_counter() - started) * 1000)
    samples.sort()
    return {
        "p50_ms": round(statistics.median(samples), 2),
        "p95_ms": round(samples[max(0, math.ceil(0.95 * len(samples)) - 1)], 2),
        "max_ms": round(samples[-1], 2),
    }


def _baseline_month(start: date, end: date) -> None:
    """The monthly page's figures as plain GROUP BY queries over the work-order table: this month and the month
    before, by kind, unit, channel, category and issue type; satisfaction by unit (ratings and callbacks joined);
    timeliness and outcomes by unit; overdue now."""
    from django.db import connection

    with connection.cursor() as cursor:
        for first, last in (
            (start, end),
            (start - (end - start) - timedelta(days=1), start - timedelta(days=1)),
        ):
            for column in ("kind", "handling_unit_id", "channel", "category_id", "issue_type_id"):
                cursor.execute(
                    f"SELECT {column}, count(*) FROM workorders_workorder "
                    "WHERE received_at >= %s AND received_at < %s GROUP BY 1",
                    [
                        datetime(first.year, first.month, first.day, tzinfo=SHANGHAI),
                        datetime(last.year, last.month, last.day, tzinfo=SHANGHAI) + timedelta(days=1),
                    ],
                )
                cursor.fetchall()
            satisfaction = ", ".join(
                f"count(*) FILTER (WHERE {alias}.satisfaction = '{level}')"
                for alias in ("r", "c")
                for level in ("satisfied", "basically", "dissatisfied")
            )
            cursor.execute(
                f"SELECT w.handling_unit_id, {satisfaction} FROM workorders_workorder w "
                "LEFT JOIN portal_rating r ON r.work_order_id = w.id AND r.source = 'online' "
                "LEFT JOIN portal_callback c ON c.work_order_id = w.id "
                "WHERE w.received_at >= %s AND w.received_at < %s GROUP BY 1",
                [
                    datetime(first.year, first.month, first.day, tzinfo=SHANGHAI),
                    datetime(last.year, last.month, last.day, tzinfo=SHANGHAI) + timedelta(days=1),
                ],
            )
            cursor.fetchall()
        cursor.execute(
            "SELECT handling_unit_id, count(*), "
            "count(*) FILTER (WHERE clocks->'accept_decision'->>'stopped_on' IS NOT NULL), "
            "count(*) FILTER (WHERE (clocks->'accept_decision'->>'stopped_on')::date "
            "  - (clocks->'accept_decision'->>'started_on')::date <= 9), "
            "count(*) FILTER (WHERE clocks->'mediation'->>'stopped_on' IS NOT NULL), "
            "count(*) FILTER (WHERE amount_recovered IS NOT NULL), sum(amount_recovered), "
            "count(*) FILTER (WHERE closed_at IS NOT NULL) "
            "FROM workorders_workorder WHERE received_at >= %s AND received_at < %s GROUP BY 1",
            [
                datetime(start.year, start.month, start.day, tzinfo=SHANGHAI),
                datetime(end.year, end.month, end.day, tzinfo=SHANGHAI) + timedelta(days=1),
            ],
        )
        cursor.fetchall()
        cursor.execute(
            "SELECT handling_unit_id, count(*) FROM workorders_workorder WHERE due_on < %s GROUP BY 1",
            [end + timedelta(days=1)],
        )
        cursor.fetchall()


def _satisfaction_recount(start: date, end: date) -> dict[tuple[int, str], tuple[int, int, int]]:
    """Satisfaction per unit and source by a plain GROUP BY (the check that the rollups agree at scale)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT coalesce(w.handling_unit_id, 0), "
            + ", ".join(
                f"count(*) FILTER (WHERE {alias}.satisfaction = '{level}')"
                for alias in ("r", "c")
                for level in ("satisfied", "basically", "dissatisfied")
            )
            + " FROM workorders_workorder w "
            "LEFT JOIN portal_rating r ON r.work_order_id = w.id AND r.source = 'online' "
            "LEFT JOIN portal_callback c ON c.work_order_id = w.id "
            "WHERE w.received_at >= %s AND w.received_at < %s GROUP BY 1",
            [
                datetime(start.year, start.month, start.day, tzinfo=SHANGHAI),
                datetime(end.year, end.month, end.day, tzinfo=SHANGHAI) + timedelta(days=1),
            ],
        )
        result = {}
        for unit, *counts in cursor.fetchall():
            for source, part in (("rating", counts[:3]), ("callback", counts[3:])):
                if any(part):
                    result[(unit, source)] = tuple(part)
    return result


def _baseline_wallboard(today: date) -> None:
    """The wallboard's figures as one plain GROUP BY over the whole work-order table."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT kind, state, (received_at AT TIME ZONE 'Asia/Shanghai')::date = %s, due_on < %s, "
            "is_group_complaint, count(*) FROM workorders_workorder GROUP BY 1, 2, 3, 4, 5",
            [today, today],
        )
        cursor.fetchall()


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", ""))
    parser.add_argument("--bench-database", default="lx_h11_bench")
    parser.add_argument("--count", type=int, default=10_000_000)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--report-repeat", type=int, default=3)
    parser.add_argument(
        "--reuse", action="store_true", help="keep the generated data when the database is filled"
    )
    parser.add_argument("--rebuild", action="store_true", help="rebuild the rollups even when they exist")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    if not args.database_url.startswith(("postgres://", "postgresql://")):
        raise SystemExit("bench/analytics/run.py needs a PostgreSQL --database-url")
    if "bench" not in args.bench_database:
        raise SystemExit("--bench-database must contain 'bench' (it is dropped and recreated)")
    _setup(_postgres(args.database_url, args.bench_database, reuse=args.reuse))

    from django.test import Client

    from lianxin.analytics.models import RollupState
    from lianxin.analytics.selectors import (
        StatisticsFilter,
        statistics_satisfaction,
        statistics_series,
        statistics_timeliness,
        statistics_total,
        statistics_volumes,
    )
    from lianxin.analytics.services.reports import report_monthly_build, report_tables
    from lianxin.analytics.services.rollups import rollup_rebuild
    from lianxin.analytics.wallboard import wallboard_figures
    from lianxin.common import clock
    from lianxin.workorders.models import WorkOrder

    world = _world()
    today = clock.today()
    result: dict[str, Any] = {"requested": args.count}
    from lianxin.analytics.models import VolumeRollup
    from lianxin.portal.models import Callback, Rating

    existing = WorkOrder.objects.count()
    if existing < args.count:
        Rating.objects.all().delete()
        Callback.objects.all().delete()
        WorkOrder.objects.all().delete()
        print(f"generating {args.count:,} work orders …", file=sys.stderr, flush=True)
        result["generate_seconds"] = round(_generate(args.count, world, today), 1)
        result["satisfaction_seconds"] = round(_satisfaction(), 1)
        VolumeRollup.objects.all().delete()
    if args.rebuild or not VolumeRollup.objects.exists():
        print("rebuilding the rollups …", file=sys.stderr, flush=True)
        started = time.perf_counter()
        rebuild = rollup_rebuild()
        result["rollup_rebuild_seconds"] = round(time.perf_counter() - started, 1)
        result["rollup_days"] = rebuild.days
    result["work_orders"] = WorkOrder.objects.count()
    result["ratings"], result["callbacks"] = Rating.objects.count(), Callback.objects.count()
    result["rollup_rows"] = VolumeRollup.objects.count()
    RollupState.objects.update_or_create(pk=1, defaults={"refreshed_at": clock.now() + timedelta(days=1)})

    month = (today.replace(day=1) - timedelta(days=1)).replace(day=1)
    month_end = (month + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    client = Client()
    client.force_login(world["analyst"])
    url = f"/analytics/?start={month}&end={month_end}&by=unit"

    def page() -> None:
        response = client.get(url, HTTP_HOST="127.0.0.1")
        assert response.status_code == 200, response.status_code

    print("measuring …", file=sys.stderr, flush=True)
    flt = StatisticsFilter(start=month, end=month_end)
    analyst = world["analyst"]

    def computation() -> None:
        statistics_total(user=analyst, flt=flt)
        statistics_volumes(user=analyst, flt=flt, by="unit")
        statistics_timeliness(user=analyst, flt=flt, today=today)
        statistics_satisfaction(user=analyst, flt=flt)
        statistics_series(user=analyst, flt=flt)

    rows = statistics_satisfaction(user=analyst, flt=flt)
    ours = {
        (row.unit_id, row.source): (row.current.satisfied, row.current.basically, row.current.dissatisfied)
        for row in rows
        if row.unit_id is not None and row.current.total
    }
    result["satisfaction_rollup_equals_group_by"] = ours == _satisfaction_recount(month, month_end)
    result["satisfaction_rows_compared"] = len(ours)
    result["statistics_page"] = _timed(page, args.repeat)
    result["statistics_computation"] = _timed(computation, args.repeat)
    result["statistics_baseline_group_by"] = _timed(lambda: _baseline_month(month, month_end), args.repeat)
    result["report"] = _timed(lambda: report_monthly_build(month), args.report_repeat)
    result["report_tables_only"] = _timed(lambda: report_tables(month), args.report_repeat)

    def report_baseline() -> None:
        # the report's tables from the work-order table: the page's queries (this and last month) …
        _baseline_month(month, month_end)

    result["report_baseline_group_by"] = _timed(report_baseline, args.report_repeat)
    manager = world["manager"]
    result["wallboard"] = _timed(
        lambda: wallboard_figures(user=manager, now=clock.now(), today=today), args.repeat
    )
    result["wallboard_baseline_group_by"] = _timed(
        lambda: _baseline_wallboard(today), max(3, args.repeat // 4)
    )
    result["ratios_p95"] = {
        "statistics_computation_vs_group_by": round(
            result["statistics_baseline_group_by"]["p95_ms"] / result["statistics_computation"]["p95_ms"], 1
        ),
        "statistics_page_vs_group_by": round(
            result["statistics_baseline_group_by"]["p95_ms"] / result["statistics_page"]["p95_ms"], 1
        ),
        "report_tables_vs_group_by": round(
            result["report_baseline_group_by"]["p95_ms"] / result["report_tables_only"]["p95_ms"], 1
        ),
        "wallboard_vs_group_by": round(
            result["wallboard_baseline_group_by"]["p95_ms"] / result["wallboard"]["p95_ms"], 1
        ),
    }
    result["targets_met"] = {
        "statistics_page_p95_le_500ms": result["statistics_page"]["p95_ms"] <= 500,
        "report_le_30s": result["report"]["max_ms"] <= 30_000,
        "wallboard_p95_le_50ms": result["wallboard"]["p95_ms"] <= 50,
    }
    result["load_average"] = os.getloadavg()
    out = REPOSITORY / "bench" / "results"
    out.mkdir(exist_ok=True)
    (out / f"analytics-{datetime.now(tz=SHANGHAI):%Y%m%dT%H%M%S}.json").write_text(
        json.dumps(result, indent=2)
    )
    print(json.dumps(result, indent=2, ensure_ascii=False) if args.json else _table(result))


def _table(result: dict[str, Any]) -> str:
    lines = [f"work orders: {result['work_orders']:,}   rollup rows: {result['rollup_rows']:,}"]
    if "generate_seconds" in result:
        lines.append(
            f"generated in {result['generate_seconds']} s, rollups rebuilt in {result['rollup_rebuild_seconds']} s"
        )
    for name in (
        "statistics_page",
        "statistics_computation",
        "statistics_baseline_group_by",
        "report",
        "report_tables_only",
        "report_baseline_group_by",
        "wallboard",
        "wallboard_baseline_group_by",
    ):
        figures = result[name]
        lines.append(f"{name:32} p50 {figures['p50_ms']:>10} ms   p95 {figures['p95_ms']:>10} ms")
    lines.append(f"ratios (baseline ÷ ours, p95): {result['ratios_p95']}")
    lines.append(f"targets: {result['targets_met']}   load average: {result['load_average']}")
    lines.append(
        f"satisfaction: rollup equals the GROUP BY: {result['satisfaction_rollup_equals_group_by']}"
        f" ({result['satisfaction_rows_compared']} unit × source rows)"
    )
    return "\n".join(lines)


if __name__ == "__main__":
    main()
