"""连心 Lianxin inbox benchmark (issue 10): a county with 50,000 open work orders, its handler's `/handling/`
inbox (the whole page: scope, filters, counts per state, the first 50 rows by nearest deadline, rendered), p95
latency against a baseline measured in the same run — the bare indexed query for the same 50 rows.

    .venv/bin/python bench/inbox/run.py --database-url postgres://postgres@127.0.0.1:5432/x [--open 50000]

The bench creates its own database on that server (`--bench-database`, default lianxin_inbox_bench), fills it
with bulk inserts (the county's open items, as many in a neighbouring county, and closed items), runs each
request `--requests` times after a warm-up, prints p50/p95/max and the ratios, and drops the database
(--keep leaves it). Target: inbox p95 ≤ 100 ms on PostgreSQL.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import secrets
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit

REPOSITORY_DIR = Path(__file__).resolve().parents[2]
if str(REPOSITORY_DIR) not in sys.path:
    sys.path.insert(0, str(REPOSITORY_DIR))

from bench.run import _postgres_database  # noqa: E402 - after the path is set


def _parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="bench/inbox/run.py", description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", ""))
    parser.add_argument("--bench-database", default="lianxin_inbox_bench")
    parser.add_argument("--open", type=int, default=50_000, help="open items of the measured county")
    parser.add_argument("--requests", type=int, default=60, help="measured requests per case")
    parser.add_argument("--keep", action="store_true")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    if urlsplit(args.database_url).scheme not in ("postgres", "postgresql"):
        parser.error("a PostgreSQL --database-url is required (the target is stated for PostgreSQL)")
    if "bench" not in args.bench_database:
        parser.error("--bench-database must contain 'bench': it is dropped and recreated")
    return args


def _fill(open_count: int) -> dict:
    from django.core.management import call_command

    from lianxin.accounts.models import UnitKind
    from lianxin.accounts.services import org_unit_create, user_create
    from lianxin.domain.workflow import Role
    from lianxin.workorders.models import HANDLING_OPEN_STATES, Category, WorkOrder
    from lianxin.workorders.selectors import rule_set_for
    from lianxin.workorders.services import reference_data_load

    call_command("migrate", interactive=False, verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    reference_data_load()
    province = org_unit_create(
        name="基准省局", code="IBP", kind=UnitKind.PROVINCE_BUREAU, division_code="610000"
    )
    center = org_unit_create(name="基准12315中心", code="IBC", kind=UnitKind.CENTER, parent=province)
    city = org_unit_create(name="基准市局", code="IBCITY", kind=UnitKind.CITY_BUREAU, parent=province)
    county = org_unit_create(name="基准县局", code="IBK1", kind=UnitKind.COUNTY_BUREAU, parent=city)
    other = org_unit_create(name="邻县局", code="IBK2", kind=UnitKind.COUNTY_BUREAU, parent=city)
    handler = user_create(username="ib-handler", password=None, role=Role.UNIT_HANDLER, unit=county)
    leader = user_create(username="ib-leader", password=None, role=Role.UNIT_LEADER, unit=city)
    rule_set_id, _ = rule_set_for(datetime.now(UTC).date())
    categories = list(Category.objects.values_list("pk", flat=True))
    rng = random.Random(10)
    now = datetime.now(UTC)
    today = now.date()

    def rows(unit, count, closed=False):
        for n in range(count):
            received = now - timedelta(days=rng.randint(0, 60), minutes=rng.randint(0, 1440))
            due = None if rng.random() < 0.03 else today + timedelta(days=rng.randint(-15, 40))
            yield WorkOrder(
                number=f"IB-{unit.code}-{'C' if closed else 'O'}-{n:06d}",
                center=center,
                kind="complaint" if rng.random() < 0.85 else "report",
                channel="hotline",
                received_at=received,
                state="closed" if closed else rng.choice(HANDLING_OPEN_STATES[:6]),
                rule_set_id=rule_set_id,
                contact_name="某某",
                contact_phone="13900000000",
                respondent_name=f"经营者{rng.randint(1, 3000)}号商行",
                category_id=rng.choice(categories),
                summary=rng.choice(
                    ["冰箱不制冷", "预付卡退费", "网购退货", "快递丢件", "餐饮卫生", "培训退费"]
                ),
                handling_unit=unit,
                due_on=due,
                due_clock="accept_decision" if due else "",
                clocks={},
            )

    started = time.perf_counter()
    for unit, count, closed in (
        (county, open_count, False),
        (other, open_count, False),
        (county, open_count, True),
    ):
        batch = []
        for row in rows(unit, count, closed):
            batch.append(row)
            if len(batch) == 5000:
                WorkOrder.objects.bulk_create(batch)
                batch = []
        if batch:
            WorkOrder.objects.bulk_create(batch)
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")  # as autovacuum would have, so index-only scans can be used
    return {
        "county": county,
        "handler": handler,
        "leader": leader,
        "fill_seconds": time.perf_counter() - started,
    }


def _timed(func, requests: int) -> dict:
    for _ in range(5):
        func()
    samples = []
    for _ in range(requests):
        started = time.perf_counter()
        func()
        samples.append((time.perf_counter() - started) * 1000)
    samples.sort()
    return {
        "p50_ms": round(statistics.median(samples), 2),
        "p95_ms": round(samples[max(0, int(len(samples) * 0.95) - 1)], 2),
        "max_ms": round(samples[-1], 2),
    }


def main(argv: list[str] | None = None) -> int:
    args = _parse(sys.argv[1:] if argv is None else argv)
    home = tempfile.mkdtemp(prefix="lianxin-inbox-bench-")
    os.environ.update(
        LIANXIN_HOME=home,
        DJANGO_SETTINGS_MODULE="lianxin.config.settings.production",
        SECRET_KEY=secrets.token_urlsafe(50),
        LIANXIN_LOG_LEVEL="WARNING",
        LIANXIN_ALLOWED_HOSTS="testserver",
    )
    url, drop = _postgres_database(args.database_url, args.bench_database)
    os.environ["DATABASE_URL"] = url
    import django

    django.setup()
    from django.db import connections
    from django.db.models import F
    from django.test import Client

    from lianxin.workorders.models import HANDLING_OPEN_STATES, WorkOrder

    try:
        world = _fill(args.open)
        county = world["county"]
        handler, leader = Client(), Client()
        handler.force_login(world["handler"])
        leader.force_login(world["leader"])

        def baseline():
            # The floor: the same 50 rows by the same order through one indexed query, nothing else.
            list(
                WorkOrder.objects.filter(handling_unit_id=county.pk, state__in=HANDLING_OPEN_STATES)
                .order_by(F("due_on").asc(nulls_last=True), "received_at", "id")
                .values_list("id", "number", "due_on")[:50]
            )

        def page(client, query=""):
            def get():
                response = client.get(f"/handling/{query}")
                assert response.status_code == 200, response.status_code

            return get

        cases = {
            "baseline: bare query, 50 rows": baseline,
            "inbox, handler": page(handler),
            "inbox, handler, due soon": page(handler, "?due=soon"),
            "inbox, handler, keyword": page(handler, "?q=%E9%80%80%E8%B4%B9"),
            "inbox, handler, business": page(handler, "?business=%E7%BB%8F%E8%90%A5%E8%80%8512"),
            "inbox, leader (two counties)": page(leader),
            "inbox, handler, page 200": page(handler, "?page=200"),
        }
        results = {name: _timed(func, args.requests) for name, func in cases.items()}
        base = results["baseline: bare query, 50 rows"]["p95_ms"]
        for result in results.values():
            result["ratio_p95_to_baseline"] = round(result["p95_ms"] / base, 1) if base else None
        report = {
            "database": "PostgreSQL",
            "open_items_in_county": args.open,
            "rows_in_table": WorkOrder.objects.count(),
            "fill_seconds": round(world["fill_seconds"], 1),
            "requests_per_case": args.requests,
            "results": results,
            "target": "inbox p95 ≤ 100 ms",
        }
    finally:
        connections.close_all()
        if not args.keep:
            drop()
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=2))
    else:
        print(
            f"{report['rows_in_table']} work orders, {args.open} open in the county; {args.requests} requests each"
        )
        for name, result in report["results"].items():
            print(
                f"{name:34s} p50 {result['p50_ms']:7.1f} ms  p95 {result['p95_ms']:7.1f} ms  "
                f"max {result['max_ms']:7.1f} ms  ×{result['ratio_p95_to_baseline']} baseline"
            )
    results_dir = REPOSITORY_DIR / "bench" / "results"
    results_dir.mkdir(exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    (results_dir / f"inbox-{stamp}.json").write_text(json.dumps(report, ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
