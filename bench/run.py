"""连心 Lianxin benchmark: register + dispatch + accept of N complaints through the real services, against a
plain-ORM peer, on SQLite (a temporary LIANXIN_HOME) or on PostgreSQL (a dedicated bench database).

    .venv/bin/python bench/run.py [--count N] [--database-url URL] [--processes 1,2] [--profile] [--json]
    ./lianxin bench …   (the same, through the `bench` management command)

With a PostgreSQL URL (from --database-url or DATABASE_URL) the bench never touches the database the URL names:
it creates `lianxin_bench` on the same server, runs there and drops it afterwards (--keep leaves it).
Results are written to bench/results/ as JSON.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import platform
import pstats
import secrets
import shutil
import sys
import tempfile
from collections.abc import Callable
from contextlib import nullcontext
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit, urlunsplit

if TYPE_CHECKING:
    from bench.workload import Mode

REPOSITORY_DIR = Path(__file__).resolve().parents[1]
if str(REPOSITORY_DIR) not in sys.path:
    sys.path.insert(0, str(REPOSITORY_DIR))

POSTGRES_SCHEMES = {"postgres", "postgresql", "pgsql", "psql"}


def _parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="bench/run.py",
        description=__doc__.split("\n\n")[0],
        formatter_class=argparse.RawTextHelpFormatter,
    )
    parser.add_argument("--count", type=int, default=1000, help="work orders per run (default 1000)")
    parser.add_argument(
        "--database-url",
        default=os.environ.get("DATABASE_URL", ""),
        help="PostgreSQL server to bench on (default: $DATABASE_URL; empty = SQLite in a temporary directory)",
    )
    parser.add_argument("--bench-database", default="lianxin_bench", help="database created and dropped")
    parser.add_argument(
        "--processes",
        default="",
        help="comma-separated process counts to run (default: 1,2 on PostgreSQL, 1 on SQLite)",
    )
    parser.add_argument(
        "--rounds",
        type=int,
        default=5,
        help="each mode's count is run in this many rounds, modes interleaved",
    )
    parser.add_argument("--sample", type=int, default=20, help="work orders run with a query counter")
    parser.add_argument(
        "--profile", action="store_true", help="also cProfile a single-process run of each non-peer mode"
    )
    parser.add_argument("--json", action="store_true", help="print the results as JSON instead of a table")
    parser.add_argument("--keep", action="store_true", help="keep the bench database / temporary directory")
    parser.add_argument("--results-dir", type=Path, default=REPOSITORY_DIR / "bench" / "results")
    args = parser.parse_args(argv)
    if args.count < 1 or args.sample < 1 or not 1 <= args.rounds <= args.count:
        parser.error("--count and --sample must be at least 1, --rounds between 1 and --count")
    if "bench" not in args.bench_database:
        parser.error("--bench-database must contain 'bench': it is dropped and recreated")
    return args


def _postgres_database(url: str, name: str) -> tuple[str, Callable[[], None]]:
    """Recreate `name` on the server of `url`; return its URL and a function that drops it."""
    import psycopg
    from psycopg import sql

    parts = urlsplit(url)
    maintenance = urlunsplit(parts._replace(scheme="postgresql", path="/postgres"))

    def run(statement: sql.Composed) -> None:
        with psycopg.connect(maintenance, autocommit=True) as connection:
            connection.execute(statement)

    drop = sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
    run(drop)
    run(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    return urlunsplit(parts._replace(path=f"/{name}")), lambda: run(drop)


def _prepare_environment(args: argparse.Namespace) -> tuple[str, Callable[[], None]]:
    """Point Django at the bench database before it is set up; return a description and the cleanup."""
    home = Path(tempfile.mkdtemp(prefix="lianxin-bench-"))
    os.environ["LIANXIN_HOME"] = str(home)
    os.environ["DJANGO_SETTINGS_MODULE"] = "lianxin.config.settings.production"
    os.environ["SECRET_KEY"] = secrets.token_urlsafe(50)
    os.environ.setdefault("LIANXIN_LOG_LEVEL", "WARNING")
    cleanups: list[Callable[[], None]] = [lambda: shutil.rmtree(home, ignore_errors=True)]
    if args.database_url and urlsplit(args.database_url).scheme in POSTGRES_SCHEMES:
        url, drop = _postgres_database(args.database_url, args.bench_database)
        os.environ["DATABASE_URL"] = url
        cleanups.append(drop)
        parts = urlsplit(url)
        description = f"PostgreSQL {parts.hostname}:{parts.port or 5432}/{args.bench_database}"
    elif args.database_url:
        raise SystemExit(f"bench/run.py: only PostgreSQL URLs are supported, not {args.database_url!r}")
    else:
        os.environ.pop("DATABASE_URL", None)
        description = f"SQLite {home / 'lianxin.sqlite3'}"

    def cleanup() -> None:
        if args.keep:
            print(f"kept: {description}", file=sys.stderr)
            return
        from django.db import connections

        connections.close_all()
        for step in reversed(cleanups):
            step()

    return description, cleanup


def _setup() -> None:
    import django

    django.setup()
    from django.core.management import call_command

    from bench.workload import world_create
    from lianxin.workorders.services import reference_data_load

    call_command("migrate", interactive=False, verbosity=0)
    reference_data_load()
    world_create()


def _database_version() -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SHOW server_version")
        else:
            cursor.execute("SELECT sqlite_version()")
        return f"{connection.vendor} {cursor.fetchone()[0]}"


def _measure(args: argparse.Namespace, processes: list[int]) -> dict[str, Any]:
    from bench.parallel import WorkerPool
    from bench.report import queries_summary, ratios, run_summary
    from bench.workload import WorkloadResult, count_queries, run_workload, world_load

    world = world_load()
    modes: tuple[Mode, ...] = ("service", "peer")
    sequence = 0  # each run numbers its work orders from its own range (the peer's numbers must be unique)
    queries = {}
    for mode in modes:
        queries[mode] = queries_summary(
            count_queries(mode=mode, world=world, sample=args.sample, first_sequence=sequence)
        )
        sequence += args.sample
    runs = []
    per_round = [
        args.count // args.rounds + (1 if r < args.count % args.rounds else 0) for r in range(args.rounds)
    ]
    for n in processes:
        rounds: dict[str, list[list[WorkloadResult]]] = {mode: [] for mode in modes}
        with WorkerPool(n) if n > 1 else nullcontext() as pool:
            for count in per_round:
                for mode in modes:
                    if pool is None:
                        results = [run_workload(mode=mode, world=world, count=count, first_sequence=sequence)]
                    else:
                        results = pool.run(mode=mode, count=count, first_sequence=sequence)
                    sequence += (count + 100) * n
                    rounds[mode].append(results)
        for mode in modes:
            runs.append(run_summary(rounds[mode], n))
            print(
                f"  {mode:<8} {n} process(es): {runs[-1]['work_orders_per_second']:.1f} WO/s "
                f"(rounds: {', '.join(f'{v:.0f}' for v in runs[-1]['per_round_work_orders_per_second'])})",
                file=sys.stderr,
            )
    report: dict[str, Any] = {"runs": runs, "ratios": ratios(runs), "queries": queries}
    if args.profile:
        report["profiles"] = [
            _profile(args, world, mode, sequence + n * 10 * (args.count + 100))
            for n, mode in enumerate(m for m in modes if m != "peer")
        ]
    return report


def _profile(args: argparse.Namespace, world: Any, mode: Mode, first_sequence: int) -> dict[str, Any]:
    from bench.report import profile_summary
    from bench.workload import run_workload

    count = min(args.count, 500)
    profiler = cProfile.Profile()
    profiler.enable()
    run_workload(mode=mode, world=world, count=count, first_sequence=first_sequence)
    profiler.disable()
    args.results_dir.mkdir(parents=True, exist_ok=True)
    path = args.results_dir / f"profile-{mode}-{datetime.now(UTC):%Y%m%dT%H%M%SZ}.pstats"
    profiler.dump_stats(path)
    return {
        "mode": mode,
        "work_orders": count,
        "pstats_file": str(path),
        "summary": profile_summary(pstats.Stats(profiler)),
    }


def main(argv: list[str] | None = None) -> int:
    args = _parse(list(sys.argv[1:] if argv is None else argv))
    started = datetime.now(UTC)
    description, cleanup = _prepare_environment(args)
    try:
        print(f"bench: preparing {description} …", file=sys.stderr)
        _setup()
        import django
        from django.db import connection

        from bench.report import TARGET_WORK_ORDERS_PER_SECOND, render

        is_postgres = connection.vendor == "postgresql"
        processes = [int(p) for p in args.processes.split(",") if p] or ([1, 2] if is_postgres else [1])
        meta = {
            "started_at": started.isoformat(timespec="seconds"),
            "database": f"{description} ({_database_version()})",
            "vendor": connection.vendor,
            "count": args.count,
            "sample": args.sample,
            "rounds": args.rounds,
            "processes": processes,
            "cpu_count": os.cpu_count(),
            "python": platform.python_version(),
            "django": django.get_version(),
            "machine": platform.platform(),
        }
        meta["load_average_before"] = os.getloadavg()
        report = {"meta": meta, **_measure(args, processes)}
        meta["load_average_after"] = os.getloadavg()
        if is_postgres:
            best = max(
                (r for r in report["runs"] if r["mode"] == "service"),
                key=lambda r: r["work_orders_per_second"],
            )
            report["verdict"] = {
                "target": TARGET_WORK_ORDERS_PER_SECOND,
                "best": best["work_orders_per_second"],
                "best_processes": best["processes"],
                "met": best["work_orders_per_second"] >= TARGET_WORK_ORDERS_PER_SECOND,
            }
        args.results_dir.mkdir(parents=True, exist_ok=True)
        path = args.results_dir / f"bench-{connection.vendor}-{started:%Y%m%dT%H%M%SZ}.json"
        report["results_file"] = str(path)
        path.write_text(json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8")
        print(json.dumps(report, ensure_ascii=False, indent=2) if args.json else render(report))
    finally:
        cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
