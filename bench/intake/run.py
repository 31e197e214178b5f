"""Intake benchmark: caller-history lookup and end-to-end screen pops at the brief's scale.

    .venv/bin/python bench/intake/run.py [--database-url URL] [--redis-url URL] [--scale 1.0] [--json]

Two runs side by side, each in a child process with its own Django set-up:
  production — PostgreSQL (a bench database created and dropped on the server of --database-url / $DATABASE_URL)
               with the live push through Redis (--redis-url / $REDIS_URL);
  embedded   — the embedded default: SQLite in a temporary LIANXIN_HOME, live push by the polling hub.
Each run generates in bulk (PostgreSQL COPY, SQLite executemany) `1,000,000 × scale` work orders and
`2,000,000 × scale` call records for a pool of callers (some also co-complainants of joint complaints), measures
`caller_history()` (the screen pop's lookup, scoped to an agent) for random callers, then replays the brief's peak
half-hour — `--peak-calls` calls, 54 agents, AHT 180 s — at 10× speed through `lianxin.intake.simulator` (a uvicorn
server started on the bench database, every agent on its own server-sent-events connection): pop latency
p50/p95/p99, lost and duplicated pops.

Targets (issue 9): history lookup p95 ≤ 20 ms; pop p95 ≤ 300 ms on loopback; zero lost or duplicated pops.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
WORK_ORDERS = 1_000_000
CALLS = 2_000_000
JOINT_SHARE = 0.03  # joint complaints among the complaints, each with one or two co-complainants
CALLERS_PER_WORK_ORDER = 0.35  # 350,000 distinct callers for a million work orders: repeat callers exist
BATCH = 20_000


def _parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", ""))
    parser.add_argument("--bench-database", default="lianxin_intake_bench")
    parser.add_argument("--redis-url", default=os.environ.get("REDIS_URL", ""))
    parser.add_argument(
        "--scale", type=float, default=1.0, help="1.0 = 1,000,000 work orders + 2,000,000 calls"
    )
    parser.add_argument("--lookups", type=int, default=2000, help="caller-history lookups measured")
    parser.add_argument("--peak-calls", type=int, default=200, help="calls in the peak half-hour")
    parser.add_argument("--agents", type=int, default=54)
    parser.add_argument("--aht", type=float, default=180)
    parser.add_argument("--speed", type=float, default=10)
    parser.add_argument(
        "--port", type=int, default=8120, help="the server of the production run (the embedded run: +1)"
    )
    parser.add_argument(
        "--only", choices=["production", "embedded"], help="run one side (used by the parent)"
    )
    parser.add_argument("--json", action="store_true")
    return parser.parse_args(argv)


# ---------------------------------------------------------------------------------------------------------
# Environment
# ---------------------------------------------------------------------------------------------------------


def _postgres_database(url: str, name: str) -> tuple[str, object]:
    """The throughput bench's: recreate `name` on the server of `url`; its URL and a function that drops it."""
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    from bench.run import _postgres_database as recreate

    return recreate(url, name)


def _environment(args: argparse.Namespace) -> tuple[str, list]:
    home = Path(tempfile.mkdtemp(prefix="lianxin-intake-bench-"))
    os.environ.update(
        LIANXIN_HOME=str(home),
        DJANGO_SETTINGS_MODULE="lianxin.config.settings.production",
        SECRET_KEY=secrets.token_urlsafe(50),
        LIANXIN_LOG_LEVEL="WARNING",
    )
    cleanups: list = [lambda: shutil.rmtree(home, ignore_errors=True)]
    if args.only == "production":
        if not args.database_url.startswith(("postgres://", "postgresql://")):
            raise SystemExit("production run needs a PostgreSQL --database-url")
        if args.bench_database in {"lianxin", "postgres"} or "bench" not in args.bench_database:
            raise SystemExit("--bench-database must contain 'bench'")
        url, drop = _postgres_database(args.database_url, args.bench_database)
        os.environ["DATABASE_URL"] = url
        cleanups.append(drop)
        if args.redis_url:
            os.environ["REDIS_URL"] = args.redis_url
        else:
            os.environ.pop("REDIS_URL", None)
        description = f"PostgreSQL {args.bench_database}" + (
            " + Redis" if args.redis_url else " (polling hub)"
        )
    else:
        os.environ.pop("DATABASE_URL", None)
        os.environ.pop("REDIS_URL", None)
        description = "SQLite (embedded default, polling hub)"
    return description, cleanups


# ---------------------------------------------------------------------------------------------------------
# Data in bulk
# ---------------------------------------------------------------------------------------------------------


def _phone(rng: random.Random) -> str:
    return f"1{rng.choice('3456789')}{rng.randrange(10**9):09d}"


def _columns(model: type, values: dict) -> tuple[list[str], dict]:
    """Every concrete column but the id, with the model's default (or an empty value) where not given."""
    from django.db import models

    columns, defaults = [], {}
    for field in model._meta.concrete_fields:
        if field.primary_key:
            continue
        columns.append(field.column)
        if field.attname in values:
            continue
        if field.has_default():
            default = field.get_default()
            defaults[field.attname] = json.dumps(default) if isinstance(field, models.JSONField) else default
        elif isinstance(field, models.JSONField):
            defaults[field.attname] = "{}"
        elif field.null:
            defaults[field.attname] = None
        else:
            defaults[field.attname] = ""
    return columns, defaults


def _bulk(model: type, rows, count: int, vendor: str) -> None:
    """Insert `count` rows (dicts by attname) with COPY on PostgreSQL, executemany on SQLite."""
    from django.db import connection, transaction

    first = next(rows)
    columns, defaults = _columns(model, first)
    attnames = [f.attname for f in model._meta.concrete_fields if not f.primary_key]

    def tuples():
        yield tuple({**defaults, **first}.get(name) for name in attnames)
        for row in rows:
            merged = {**defaults, **row}
            yield tuple(merged.get(name) for name in attnames)

    table = connection.ops.quote_name(model._meta.db_table)
    names = ", ".join(connection.ops.quote_name(c) for c in columns)
    with transaction.atomic(), connection.cursor() as cursor:
        if vendor == "postgresql":
            rebuild = []
            if count > 10_000:
                # As a restore does: no foreign-key triggers (the generated rows are consistent; checking 4
                # keys of a million rows at COMMIT took minutes) and the secondary indexes built after the load.
                cursor.execute("SET LOCAL session_replication_role = replica")
                cursor.execute(
                    "SELECT i.indexname, i.indexdef FROM pg_indexes i WHERE i.tablename = %s AND NOT EXISTS "
                    "(SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)",
                    [model._meta.db_table],
                )
                rebuild = cursor.fetchall()
                for name, _ in rebuild:
                    cursor.execute(f'DROP INDEX "{name}"')
            with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for values in tuples():
                    copy.write_row(values)
            for _, definition in rebuild:
                cursor.execute(definition)
        else:
            marks = ", ".join(["%s"] * len(columns))
            batch = []
            for values in tuples():
                batch.append(values)
                if len(batch) >= BATCH:
                    cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", batch)
                    batch = []
            if batch:
                cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", batch)


def _generate(scale: float, rng: random.Random) -> dict:
    from django.db import connection

    from lianxin.accounts.models import UnitKind
    from lianxin.accounts.services import org_unit_create
    from lianxin.common import fieldcrypto
    from lianxin.common.fields import blind_index_for, purpose_of
    from lianxin.intake.models import Call
    from lianxin.workorders.models import CoComplainant, RuleSet, WorkOrder

    vendor = connection.vendor
    province = org_unit_create(
        name="陕西省市场监督管理局", code="SN", kind=UnitKind.PROVINCE_BUREAU, division_code="610000"
    )
    center = org_unit_create(
        name="陕西省12315指挥中心", code="SN12315", kind=UnitKind.CENTER, parent=province
    )
    county = org_unit_create(
        name="西安市雁塔区市场监督管理局",
        code="SN-610113",
        kind=UnitKind.COUNTY_BUREAU,
        parent=province,
        division_code="610113",
    )
    rule_set = RuleSet.objects.order_by("-effective_from").first()
    work_orders = max(1, int(WORK_ORDERS * scale))
    calls = max(1, int(CALLS * scale))
    callers = [_phone(rng) for _ in range(max(1, int(work_orders * CALLERS_PER_WORK_ORDER)))]
    # The phone is encrypted at rest and found by its blind index (`common.fields`): each caller's ciphertext
    # and digest are computed once, as the model would on save, and reused for all their work orders.
    started = time.perf_counter()
    sealed = {
        phone: (
            fieldcrypto.encrypt(phone, purpose_of(WorkOrder, "contact_phone")),
            blind_index_for(WorkOrder, "contact_phone_index", phone),
        )
        for phone in callers
    }
    encrypt_seconds = time.perf_counter() - started
    now = datetime.now(tz=UTC)
    states = ["closed"] * 6 + ["dispatched", "accepted", "mediating", "registered"]
    kinds = ["complaint"] * 6 + ["consultation"] * 3 + ["report"]

    def work_order_rows():
        for n in range(work_orders):
            received = now - timedelta(minutes=rng.randrange(2 * 365 * 24 * 60))
            state = rng.choice(states)
            phone, phone_index = sealed[rng.choice(callers)]
            kind = rng.choice(kinds)
            yield {
                "number": f"SN12315-B-{n:08d}",
                "center_id": center.pk,
                "kind": kind,
                "channel": "hotline",
                "received_at": received,
                "state": state,
                "version": 1,
                "rule_set_id": rule_set.pk,
                "contact_name": "测试",
                "contact_phone": phone,
                "contact_phone_index": phone_index,
                "is_joint_complaint": kind == "complaint" and rng.random() < JOINT_SHARE,
                "respondent_name": f"某某商贸有限公司{rng.randrange(50000)}",
                "summary": "商品质量问题",
                "facts": "购买的商品存在质量问题，商家拒绝退换。",
                "handling_unit_id": county.pk if state != "registered" else None,
                "due_on": (received + timedelta(days=10)).date() if state != "closed" else None,
                "created_at": received,
                "updated_at": received,
            }

    _bulk(WorkOrder, work_order_rows(), work_orders, vendor)
    loaded_work_orders = time.perf_counter() - started

    # The co-complainants of the joint complaints are callers of the pool too, so that the history's second half
    # (their phone's blind index, Order 121 Art. 12) finds rows as it would in service.
    joint_ids = list(WorkOrder.objects.filter(is_joint_complaint=True).values_list("pk", flat=True))

    def co_complainant_rows():
        for work_order_id in joint_ids:
            for position in range(1, rng.choice((2, 3))):
                phone = rng.choice(callers)
                yield {
                    "work_order_id": work_order_id,
                    "position": position,
                    "name": "共同投诉人",
                    "phone": fieldcrypto.encrypt(phone, purpose_of(CoComplainant, "phone")),
                    "phone_index": blind_index_for(CoComplainant, "phone_index", phone),
                    "added_at": now,
                }

    if joint_ids:
        _bulk(CoComplainant, co_complainant_rows(), len(joint_ids), vendor)

    # Call numbers are encrypted too, and the caller's blind index has the same digest as the work orders'
    # (ADR 0019 §4): sealed once per number, as the model would on save.
    call_sealed: dict[str, tuple[str, str, str]] = {}
    hotline = fieldcrypto.encrypt("12315", purpose_of(Call, "to_number"))

    def call_numbers(phone: str) -> tuple[str, str, str]:
        if phone not in call_sealed:
            call_sealed[phone] = (
                fieldcrypto.encrypt(phone, purpose_of(Call, "from_number")),
                fieldcrypto.encrypt(phone, purpose_of(Call, "caller_number")),
                blind_index_for(Call, "caller_number_index", phone),
            )
        return call_sealed[phone]

    def call_rows():
        for n in range(calls):
            offered = now - timedelta(seconds=rng.randrange(2 * 365 * 24 * 3600))
            caller = rng.choice(callers) if rng.random() < 0.8 else _phone(rng)
            from_sealed, caller_sealed, caller_index = call_numbers(caller)
            answered = rng.random() < 0.9
            wait = rng.randrange(1, 60)
            talk = rng.randrange(60, 400) if answered else None
            yield {
                "call_id": f"bench-{n:09d}",
                "direction": "in",
                "from_number": from_sealed,
                "to_number": hotline,
                "caller_number": caller_sealed,
                "caller_number_index": caller_index,
                "queue": "12315",
                "offered_at": offered,
                "answered_at": offered + timedelta(seconds=wait) if answered else None,
                "ended_at": offered + timedelta(seconds=wait + (talk or 0)),
                "wait_seconds": wait,
                "talk_seconds": talk,
                "cause": "answered" if answered else "abandoned",
                "offered_user_ids": "[]",
                "pbx_users": "[]",
                "created_at": offered,
            }

    _bulk(Call, call_rows(), calls, vendor)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return {
        "work_orders": WorkOrder.objects.count(),
        "calls": Call.objects.count(),
        "co_complainants": CoComplainant.objects.count(),
        "callers": len(callers),
        "load_seconds": round(time.perf_counter() - started, 1),
        "encrypt_seconds": round(encrypt_seconds, 1),
        "work_order_load_seconds": round(loaded_work_orders, 1),
        "sample_callers": rng.sample(callers, min(5000, len(callers))),
        "center_id": center.pk,
    }


def _history_lookups(callers: list[str], count: int, rng: random.Random) -> dict:
    from lianxin.accounts.models import OrgUnit, User
    from lianxin.accounts.services import user_create
    from lianxin.domain.workflow import Role
    from lianxin.intake.selectors import caller_history

    center = OrgUnit.objects.get(code="SN12315")
    agent = User.objects.filter(username="bench_agent").first() or user_create(
        username="bench_agent", password=secrets.token_urlsafe(12), role=Role.AGENT, unit=center
    )
    for phone in callers[:50]:  # warm-up: caches, the gazetteer, the query plans
        caller_history(phone, user=agent)
    timings, found = [], 0
    for _ in range(count):
        phone = rng.choice(callers)
        started = time.perf_counter()
        history = caller_history(phone, user=agent)
        timings.append((time.perf_counter() - started) * 1000)
        found += len(history.work_orders)
    timings.sort()

    def pct(q: float) -> float:
        return round(timings[min(len(timings) - 1, int(q / 100 * len(timings)))], 2)

    return {
        "count": count,
        "p50_ms": pct(50),
        "p95_ms": pct(95),
        "p99_ms": pct(99),
        "mean_ms": round(statistics.fmean(timings), 2),
        "work_orders_found_per_lookup": round(found / count, 2),
    }


def _one(args: argparse.Namespace) -> dict:
    description, cleanups = _environment(args)
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()
    from django.core.management import call_command

    try:
        call_command("migrate", interactive=False, verbosity=0)
        call_command("load_reference_data", verbosity=0)
        rng = random.Random(12315)
        data = _generate(args.scale, rng)
        callers = data.pop("sample_callers")
        lookups = _history_lookups(callers, args.lookups, rng)
        from lianxin.intake.simulator import SimConfig, simulate

        pops = simulate(
            SimConfig(
                calls=args.peak_calls,
                agents=args.agents,
                rate=args.peak_calls * 2,  # the peak half-hour as calls per hour
                aht=args.aht,
                patience=300,
                speed=args.speed,
                port=args.port + (0 if args.only == "production" else 1),
                callers=tuple(callers[:1000]),  # 80 % of the peak's calls are callers with a history
            )
        )
        return {"backend": description, "data": data, "history_lookup": lookups, "pops": pops}
    finally:
        from django.db import connections

        connections.close_all()
        for step in reversed(cleanups):
            try:
                step()
            except Exception as error:
                print(f"cleanup: {error}", file=sys.stderr)


def _table(results: list[dict]) -> str:
    lines = ["", "| | " + " | ".join(r["backend"] for r in results) + " |", "|---|" + "---|" * len(results)]

    def row(label: str, get) -> None:
        lines.append(f"| {label} | " + " | ".join(str(get(r)) for r in results) + " |")

    row("work orders / calls", lambda r: f"{r['data']['work_orders']:,} / {r['data']['calls']:,}")
    row("bulk load (s)", lambda r: r["data"]["load_seconds"])
    row(
        "history lookup p50 / p95 / p99 (ms)",
        lambda r: "{p50_ms} / {p95_ms} / {p99_ms}".format(**r["history_lookup"]),
    )
    row(
        "peak half-hour: offered / answered / abandoned",
        lambda r: f"{r['pops']['offered']} / {r['pops']['answered']} / {r['pops']['abandoned']}",
    )
    row("ASA (s) / service level", lambda r: f"{r['pops']['asa_seconds']} / {r['pops']['service_level']}")
    row("pop p50 / p95 / p99 (ms)", lambda r: "{p50} / {p95} / {p99}".format(**r["pops"]["pop_latency_ms"]))
    row(
        "pops offered / lost / duplicated",
        lambda r: f"{r['pops']['pops_offered']} / {r['pops']['pops_lost']} / {r['pops']['pops_duplicated']}",
    )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    args = _parse(sys.argv[1:] if argv is None else argv)
    if args.only:
        print(json.dumps(_one(args), ensure_ascii=False, default=str))
        return 0
    results = []
    sides = (["production"] if args.database_url else []) + ["embedded"]
    for side in sides:
        command = [
            sys.executable,
            __file__,
            "--only",
            side,
            *[a for a in (argv or sys.argv[1:]) if a != "--json"],
        ]
        print(f"… {side}", file=sys.stderr, flush=True)
        output = subprocess.run(command, capture_output=True, text=True, check=False, cwd=ROOT)
        if output.returncode != 0:
            print(output.stderr[-3000:], file=sys.stderr)
            return output.returncode
        results.append(json.loads(output.stdout.strip().splitlines()[-1]))
        print(json.dumps(results[-1], ensure_ascii=False, default=str), file=sys.stderr, flush=True)
    results_dir = ROOT / "bench" / "results"
    results_dir.mkdir(exist_ok=True)
    stamp = datetime.now(tz=UTC).strftime("%Y%m%dT%H%M%SZ")
    (results_dir / f"intake-{stamp}.json").write_text(
        json.dumps(results, ensure_ascii=False, indent=2, default=str)
    )
    print(json.dumps(results, ensure_ascii=False, default=str) if args.json else _table(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
