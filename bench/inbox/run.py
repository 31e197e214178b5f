"""连心 Lianxin inbox benchmark (issue 10): a county with 50,000 open work orders, its handler's `/handling/`
inbox — the plain list and every filtered view (kind, state, category, business, received dates, keyword, a
saved view, a leader's two counties, deep pages) — p50/p95 of the whole page, and of the view's queries against a
peer measured in the same run: the same view through the plain ORM query shapes the inbox had before
(`received_at__date`, a join for the category, `icontains` scans, OFFSET pages) with the inbox indexes of
migration workorders 0012 dropped inside a transaction that is rolled back.

    .venv/bin/python bench/inbox/run.py --database-url postgres://postgres@127.0.0.1:5432/x [--open 50000]
        [--bench-database lianxin_inbox_bench] [--requests 60] [--reuse] [--keep] [--json]

The bench creates its own database on that server (dropped and recreated unless `--reuse` finds it filled),
fills it with bulk inserts (the county's open items, as many in a neighbouring county, as many closed), runs each
case `--requests` times after a warm-up and drops the database unless `--keep`/`--reuse`. Target: every view's
page p95 ≤ 100 ms on PostgreSQL. README.md beside this file has the figures.
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
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urlencode, urlsplit, urlunsplit

REPOSITORY_DIR = Path(__file__).resolve().parents[2]
if str(REPOSITORY_DIR) not in sys.path:
    sys.path.insert(0, str(REPOSITORY_DIR))

PAGE_SIZE = 50
# Indexes of the design (migration workorders 0012), dropped for the peer inside a rolled-back transaction.
DESIGN_INDEXES = (
    "workorder_inbox_counts",
    "workorder_inbox_trgm_number",
    "workorder_inbox_trgm_summary",
    "workorder_inbox_trgm_respondent",
    "workorder_inbox_bigram_summary",
    "workorder_inbox_bigram_respondent",
)
SUMMARIES = (
    "冰箱不制冷要求维修",
    "预付卡退费纠纷",
    "网购衣服退货不退款",
    "快递丢件赔偿",
    "餐饮卫生问题",
    "培训机构拒绝退费",
    "手机屏幕质量问题",
    "健身房倒闭无法退费",
    "二手车里程数造假",
    "装修工程延期",
    "美容项目效果不符宣传",
    "家具甲醛超标",
    "旅游团强制购物",
    "充电宝自燃",
    "燃气热水器漏气",
    "直播间购买假货",
)
CITIES = ("长安", "雁塔", "碑林", "新城", "莲湖", "灞桥", "未央", "阎良", "临潼", "鄠邑")
NAME_CHARS = "华美佳鑫盛达源泰丰瑞祥隆兴宏福康宁安顺和润嘉利通恒信诚泽博远航天宇聚优品优选汇众星辰"
TRADES = (
    "商贸有限公司",
    "电器商行",
    "餐饮店",
    "教育培训中心",
    "健身俱乐部",
    "汽车销售服务有限公司",
    "装饰工程部",
    "超市",
)


def _parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="bench/inbox/run.py", description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", ""))
    parser.add_argument("--bench-database", default="lianxin_inbox_bench")
    parser.add_argument("--open", type=int, default=50_000, help="open items of the measured county")
    parser.add_argument("--requests", type=int, default=60, help="measured requests per case")
    parser.add_argument("--reuse", action="store_true", help="keep the database, and reuse it when filled")
    parser.add_argument("--keep", action="store_true")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    if urlsplit(args.database_url).scheme not in ("postgres", "postgresql"):
        parser.error("a PostgreSQL --database-url is required (the target is stated for PostgreSQL)")
    if "bench" not in args.bench_database:
        parser.error("--bench-database must contain 'bench': it is dropped and recreated")
    return args


def _database(url: str, name: str, *, reuse: bool) -> tuple[str, bool, Callable[[], None]]:
    """The bench database's URL, whether it is already filled (only with --reuse), and a function dropping it."""
    import psycopg
    from psycopg import sql

    parts = urlsplit(url)
    maintenance = urlunsplit(parts._replace(scheme="postgresql", path="/postgres"))
    bench_url = urlunsplit(parts._replace(path=f"/{name}"))

    def run(statement: sql.Composable) -> None:
        with psycopg.connect(maintenance, autocommit=True) as connection:
            connection.execute(statement)

    drop = sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
    if reuse:
        try:
            with psycopg.connect(urlunsplit(parts._replace(scheme="postgresql", path=f"/{name}"))) as c:
                filled = c.execute(
                    "SELECT count(*) FROM accounts_user WHERE username = 'ib-handler'"
                ).fetchone()
                if filled and filled[0]:
                    return bench_url, True, lambda: run(drop)
        except psycopg.Error:
            pass
    run(drop)
    run(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    return bench_url, False, lambda: run(drop)


def business_name(rng: random.Random) -> str:
    return f"西安市{rng.choice(CITIES)}区{''.join(rng.sample(NAME_CHARS, 2))}{rng.choice(TRADES)}"


def fill(open_count: int, *, seed: int = 10) -> dict:
    """The county's `open_count` open items, as many open in a neighbouring county and as many closed in the
    county; a province, a center, a city above both counties, a handler and a leader (who sees both counties)."""
    from django.db import connection

    from lianxin.accounts.models import UnitKind
    from lianxin.accounts.services import org_unit_create, user_create
    from lianxin.common import fieldcrypto
    from lianxin.domain.workflow import Role
    from lianxin.workorders.models import HANDLING_OPEN_STATES, Category, WorkOrder
    from lianxin.workorders.selectors import rule_set_for
    from lianxin.workorders.services import reference_data_load

    reference_data_load()
    province = org_unit_create(
        name="基准省局", code="IBP", kind=UnitKind.PROVINCE_BUREAU, division_code="610000"
    )
    center = org_unit_create(name="基准12315中心", code="IBC", kind=UnitKind.CENTER, parent=province)
    city = org_unit_create(name="基准市局", code="IBCITY", kind=UnitKind.CITY_BUREAU, parent=province)
    county = org_unit_create(name="基准县局", code="IBK1", kind=UnitKind.COUNTY_BUREAU, parent=city)
    other = org_unit_create(name="邻县局", code="IBK2", kind=UnitKind.COUNTY_BUREAU, parent=city)
    user_create(username="ib-handler", password=None, role=Role.UNIT_HANDLER, unit=county)
    user_create(username="ib-leader", password=None, role=Role.UNIT_LEADER, unit=city)
    rule_set_id, _ = rule_set_for(datetime.now(UTC).date())
    categories = list(Category.objects.values_list("pk", flat=True))
    rng = random.Random(seed)
    now = datetime.now(UTC)
    today = now.date()
    # One phone ciphertext for every row: the inbox never reads it, and encrypting 150,000 would dominate the fill.
    phone = fieldcrypto.encrypt("13900000000", "workorders.WorkOrder.contact_phone")
    businesses = [business_name(rng) for _ in range(max(10, open_count // 10))]

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
                contact_phone=phone,
                respondent_name=rng.choice(businesses),
                category_id=rng.choice(categories),
                summary=rng.choice(SUMMARIES),
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
    if connection.vendor == "postgresql" and not connection.in_atomic_block:  # (not in the smoke test)
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")  # as autovacuum would have, so index-only scans can be used
    return {"fill_seconds": round(time.perf_counter() - started, 1)}


def views(rng: random.Random) -> dict[str, dict[str, str]]:
    """The views measured: name → query string of /handling/ (as the filter form and a saved view build it)."""
    from lianxin.workorders.models import Category, WorkOrder

    category = Category.objects.order_by("pk").values_list("code", flat=True).first()
    from lianxin.common import clock

    today = clock.today()
    sample = (
        WorkOrder.objects.filter(number__startswith="IB-IBK1-O-")
        .order_by("pk")
        .values_list("respondent_name", flat=True)[:200]
    )
    business = rng.choice(list(sample))
    brand = business[len("西安市") + 3 : len("西安市") + 5]  # the two characters of the trade name
    return {
        "plain": {},
        "kind=report": {"kind": "report"},
        "state=accepted": {"state": "accepted"},
        "category": {"category": category},
        "received, last 7 days": {"received_from": (today - timedelta(days=6)).isoformat()},
        "due soon": {"due": "soon"},
        "business, 2 chars": {"business": brand},
        "business, full name": {"business": business},
        "keyword, common (退费)": {"q": "退费"},
        "keyword, absent (电梯)": {"q": "电梯"},
        "keyword, number": {"q": "IB-IBK1-O-0123"},
        "saved view": {"kind": "complaint", "state": "mediating", "due": "overdue", "category": category},
        "page 200": {"page": "200"},
    }


# ---------------------------------------------------------------------------------------------------------
# The peer: the inbox's query shapes before migration 0012 and this bench's changes, on the same data.
# ---------------------------------------------------------------------------------------------------------


def peer_queries(user, query: dict[str, str]) -> int:
    """What the inbox view ran before (scope, counts per state, the page's rows), without rendering."""
    from django.conf import settings
    from django.db.models import Count, F, Q

    from lianxin.common import clock
    from lianxin.web.handling.inbox import InboxFilters, units_in_scope
    from lianxin.web.landing import due_horizon
    from lianxin.workorders.models import HANDLING_OPEN_STATES, WorkOrder

    filters = InboxFilters.from_query(query)
    units = units_in_scope(user)
    queryset = WorkOrder.objects.filter(handling_unit_id__in=units, state__in=HANDLING_OPEN_STATES)
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
    horizon = due_horizon(today=clock.today(), due_soon_workdays=settings.LIANXIN_DUE_SOON_WORKDAYS)
    if filters.due == "overdue":
        queryset = queryset.filter(due_on__lt=horizon.today)
    elif filters.due == "soon":
        queryset = queryset.filter(due_on__gte=horizon.today, due_on__lte=horizon.last_due_soon_day)
    page = int(query.get("page", 1))
    if not filters.is_text_search:
        dict(queryset.order_by().values_list("state").annotate(n=Count("*")))
    listing = (queryset.filter(state=filters.state) if filters.state else queryset).select_related(
        "handling_unit", "category"
    )
    rows = list(
        listing.order_by(F("due_on").asc(nulls_last=True), "received_at", "id")[
            (page - 1) * PAGE_SIZE : page * PAGE_SIZE + 1
        ]
    )
    return len(rows)


def design_queries(user, query: dict[str, str]) -> int:
    """The inbox view's queries now (web/handling/inbox.py), without rendering."""
    from django.conf import settings

    from lianxin.common import clock
    from lianxin.web.handling.inbox import (
        InboxFilters,
        inbox_base,
        inbox_list,
        inbox_search,
        inbox_slice,
        state_counts,
    )
    from lianxin.web.landing import due_horizon

    horizon = due_horizon(today=clock.today(), due_soon_workdays=settings.LIANXIN_DUE_SOON_WORKDAYS)
    filters = InboxFilters.from_query(query)
    if filters.is_text_search:
        rows = inbox_search(
            user,
            filters,
            today=horizon.today,
            last_due_soon_day=horizon.last_due_soon_day,
            after=query.get("after", ""),
            limit=PAGE_SIZE + 1,
        )
        return len(rows)
    base = inbox_base(user, filters, today=horizon.today, last_due_soon_day=horizon.last_due_soon_day)
    counts = state_counts(base)
    page = int(query.get("page", 1))
    total = counts.get(filters.state, 0) if filters.state else sum(counts.values())
    start = min((page - 1) * PAGE_SIZE, max(0, total - 1))
    return len(inbox_slice(inbox_list(base, filters), start, start + PAGE_SIZE)) if total else 0


def _timed(func: Callable[[], object], requests: int) -> dict:
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


def _without_design_indexes(func: Callable[[], dict]) -> dict:
    """Run `func` with the design's indexes dropped, in a transaction that is rolled back (nobody else uses the
    bench database, so the exclusive lock harms no one)."""
    from django.db import connection, transaction

    class Rollback(Exception):
        pass

    result: dict = {}
    try:
        with transaction.atomic():
            with connection.cursor() as cursor:
                for name in DESIGN_INDEXES:
                    cursor.execute(f'DROP INDEX IF EXISTS "{name}"')
            result = func()
            raise Rollback
    except Rollback:
        pass
    return result


def measure(world_users: dict, requests: int, *, rng: random.Random) -> dict:
    from django.test import Client

    handler, leader = Client(), Client()
    handler.force_login(world_users["handler"])
    leader.force_login(world_users["leader"])
    cases = views(rng)

    def page(client, query):
        def get():
            response = client.get(f"/handling/?{urlencode(query)}")
            assert response.status_code == 200, response.status_code

        return get

    results: dict[str, dict] = {}
    for name, query in cases.items():
        user = world_users["handler"]
        results[name] = {
            "query": urlencode(query),
            "page": _timed(page(handler, query), requests),
            "queries": _timed(lambda q=query, u=user: design_queries(u, q), requests),
            "rows": design_queries(user, query),
        }
    results["leader, two counties"] = {
        "query": "",
        "page": _timed(page(leader, {}), requests),
        "queries": _timed(lambda: design_queries(world_users["leader"], {}), requests),
        "rows": design_queries(world_users["leader"], {}),
    }

    # The text-search pager's second page, by keyset (the `after` of the first page's last row).
    from lianxin.web.handling.inbox import inbox_cursor

    first = _first_page_rows(world_users["handler"], {"q": "退费"})
    second = {"q": "退费", "after": inbox_cursor(first[-2])}
    results["keyword, next page (keyset)"] = {
        "query": urlencode(second),
        "page": _timed(page(handler, second), requests),
        "queries": _timed(lambda: design_queries(world_users["handler"], second), requests),
        "rows": design_queries(world_users["handler"], second),
    }
    peer_cases = dict(cases)
    peer_cases["leader, two counties"] = {}
    peer_cases["keyword, next page (keyset)"] = {"q": "退费", "page": "2"}

    def peers() -> dict:
        out = {}
        for name, query in peer_cases.items():
            user = world_users["leader" if name.startswith("leader") else "handler"]
            out[name] = _timed(lambda q=query, u=user: peer_queries(u, q), requests)
        return out

    for name, timing in _without_design_indexes(peers).items():
        results[name]["peer_queries"] = timing
        ours = results[name]["queries"]["p95_ms"]
        results[name]["peer_p95_over_ours"] = round(timing["p95_ms"] / ours, 1) if ours else None
    return results


def _first_page_rows(user, query: dict[str, str]) -> list:
    from django.conf import settings

    from lianxin.common import clock
    from lianxin.web.handling.inbox import InboxFilters, inbox_search
    from lianxin.web.landing import due_horizon

    horizon = due_horizon(today=clock.today(), due_soon_workdays=settings.LIANXIN_DUE_SOON_WORKDAYS)
    return inbox_search(
        user,
        InboxFilters.from_query(query),
        today=horizon.today,
        last_due_soon_day=horizon.last_due_soon_day,
        limit=PAGE_SIZE + 1,
    )


def main(argv: list[str] | None = None) -> int:
    args = _parse(sys.argv[1:] if argv is None else argv)
    home = Path(tempfile.gettempdir()) / f"lianxin-{args.bench_database}-home"  # kept: --reuse needs its keys
    home.mkdir(parents=True, exist_ok=True)
    os.environ.update(
        LIANXIN_HOME=str(home),
        DJANGO_SETTINGS_MODULE="lianxin.config.settings.production",
        SECRET_KEY=secrets.token_urlsafe(50),
        LIANXIN_LOG_LEVEL="WARNING",
        LIANXIN_ALLOWED_HOSTS="testserver",
        # The leader's role requires a second factor at sign-in; the bench signs in with force_login.
        LIANXIN_TWO_FACTOR_ENFORCED="false",
    )
    url, filled, drop = _database(args.database_url, args.bench_database, reuse=args.reuse)
    os.environ["DATABASE_URL"] = url
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, connections

    from lianxin.accounts.models import User
    from lianxin.workorders.models import HANDLING_OPEN_STATES, WorkOrder

    try:
        call_command("migrate", interactive=False, verbosity=0)
        world = {"fill_seconds": None} if filled else fill(args.open)
        call_command("collectstatic", interactive=False, verbosity=0)
        with connection.cursor() as cursor:
            cursor.execute("SELECT version()")
            server = cursor.fetchone()[0].split(" on ")[0]
        users = {
            "handler": User.objects.get(username="ib-handler"),
            "leader": User.objects.get(username="ib-leader"),
        }
        started = time.perf_counter()
        results = measure(users, args.requests, rng=random.Random(7))
        report = {
            "database": server,
            "load_average_before": os.getloadavg(),
            "open_items_in_county": WorkOrder.objects.filter(
                handling_unit__code="IBK1", state__in=HANDLING_OPEN_STATES
            ).count(),
            "rows_in_table": WorkOrder.objects.count(),
            "fill_seconds": world["fill_seconds"],
            "requests_per_case": args.requests,
            "measure_seconds": round(time.perf_counter() - started, 1),
            "load_average_after": os.getloadavg(),
            "results": results,
            "target": "every view's page p95 ≤ 100 ms",
        }
    finally:
        connections.close_all()
        if not (args.keep or args.reuse):
            drop()
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=2))
    else:
        print(
            f"{report['database']}: {report['rows_in_table']:,} work orders, {report['open_items_in_county']:,} "
            f"open in the county; {args.requests} requests per case; load average "
            f"{report['load_average_before'][0]:.2f} → {report['load_average_after'][0]:.2f}"
        )
        print(
            f"{'view':30s} {'page p50':>9s} {'page p95':>9s} {'queries p50':>12s} {'p95':>7s} "
            f"{'peer p50':>9s} {'peer p95':>9s} {'peer/ours p95':>14s}"
        )
        for name, result in report["results"].items():
            peer = result.get("peer_queries", {})
            print(
                f"{name:30s} {result['page']['p50_ms']:9.1f} {result['page']['p95_ms']:9.1f} "
                f"{result['queries']['p50_ms']:12.1f} {result['queries']['p95_ms']:7.1f} "
                f"{peer.get('p50_ms', float('nan')):9.1f} {peer.get('p95_ms', float('nan')):9.1f} "
                f"{result.get('peer_p95_over_ours') or float('nan'):13.1f}×"
            )
    results_dir = REPOSITORY_DIR / "bench" / "results"
    results_dir.mkdir(exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    (results_dir / f"inbox-{stamp}.json").write_text(json.dumps(report, ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
