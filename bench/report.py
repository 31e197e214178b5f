"""Turning workload results into figures (throughput, percentiles, ratios, profile buckets) and a table."""

from __future__ import annotations

import pstats
from collections.abc import Iterable, Sequence
from dataclasses import asdict
from typing import Any

from .workload import OPERATIONS, OperationQueries, WorkloadResult

TARGET_WORK_ORDERS_PER_SECOND = 200
TRANSACTIONS_PER_WORK_ORDER = 3


def percentile(values: Sequence[int], fraction: float) -> float:
    """Linear interpolation between the closest ranks (the 'inclusive' method)."""
    ordered = sorted(values)
    if not ordered:
        return 0.0
    position = (len(ordered) - 1) * fraction
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def run_summary(rounds: Sequence[Sequence[WorkloadResult]], processes: int) -> dict[str, Any]:
    """One mode at one process count, measured in rounds (interleaved with the other modes, so that a change
    in background load hits every mode alike). A round's wall time runs from its first start to its last
    finish over the processes; throughput is all work orders over the sum of the rounds' wall times.
    Latency percentiles are over every call of every process and round."""
    results = [r for round_ in rounds for r in round_]
    count = sum(r.count for r in results)
    walls = [max(r.finished_at for r in round_) - min(r.started_at for r in round_) for round_ in rounds]
    wall = sum(walls)
    operations = {}
    for name in OPERATIONS:
        values = [v for r in results for v in r.latencies_ns[name]]
        operations[name] = {
            "p50_ms": percentile(values, 0.50) / 1e6,
            "p95_ms": percentile(values, 0.95) / 1e6,
            "mean_ms": sum(values) / len(values) / 1e6,
            "max_ms": max(values) / 1e6,
        }
    return {
        "mode": results[0].mode,
        "processes": processes,
        "count": count,
        "wall_seconds": wall,
        "work_orders_per_second": count / wall,
        "transactions_per_second": count * TRANSACTIONS_PER_WORK_ORDER / wall,
        "rounds": len(rounds),
        "per_round_work_orders_per_second": [
            sum(r.count for r in round_) / w for round_, w in zip(rounds, walls, strict=True)
        ],
        "operations": operations,
    }


def ratios(runs: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """For each process count measured in both modes: service ÷ peer throughput, and the per-operation p50
    latency of the service as a multiple of the peer's (the cost of the statutory machinery)."""
    by_key = {(r["mode"], r["processes"]): r for r in runs}
    out = []
    for (mode, processes), service in sorted(
        by_key.items(), key=lambda item: (item[0][1], item[0][0] != "service")
    ):
        peer = by_key.get(("peer", processes))
        if mode == "peer" or peer is None:
            continue
        out.append(
            {
                "mode": mode,
                "processes": processes,
                "throughput_service_over_peer": service["work_orders_per_second"]
                / peer["work_orders_per_second"],
                "p50_service_over_peer": {
                    name: service["operations"][name]["p50_ms"] / peer["operations"][name]["p50_ms"]
                    for name in OPERATIONS
                },
            }
        )
    return out


def queries_summary(queries: dict[str, OperationQueries]) -> dict[str, Any]:
    return {name: asdict(q) for name, q in queries.items()}


# Where a function's own time goes, by the file it lives in (first match wins).
_BUCKETS = (
    ("database driver (psycopg)", ("psycopg",)),
    ("database driver (sqlite3)", ("sqlite3",)),
    ("Django ORM: SQL compiler", ("django/db/models/sql/",)),
    ("Django ORM: models, querysets, fields", ("django/db/models/",)),
    ("Django DB backend, transactions", ("django/db/",)),
    ("lianxin domain core", ("lianxin/domain/",)),
    ("lianxin services, selectors, permissions", ("lianxin/",)),
    ("Django other (timezone, utils, dispatch)", ("django/",)),
    ("Python stdlib (datetime, zoneinfo, json, enum, copy…)", ("/lib/python3",)),
    ("bench harness", ("bench/",)),
)


def _bucket(filename: str, function: str) -> str:
    where = f"{filename} {function}"
    for label, needles in _BUCKETS:
        if any(needle in where for needle in needles):
            return label
    return "builtins and C extensions (other)"


def profile_summary(stats: pstats.Stats, *, top: int = 20) -> dict[str, Any]:
    """Own time per bucket, the lianxin functions by cumulative time, and the hottest functions overall."""
    raw: dict[tuple[str, int, str], tuple[int, int, float, float, Any]] = stats.stats  # type: ignore[attr-defined]
    total = sum(tt for _, _, tt, _, _ in raw.values())
    buckets: dict[str, float] = {}
    for (filename, _, function), (_, _, tt, _, _) in raw.items():
        label = _bucket(filename, function)
        buckets[label] = buckets.get(label, 0.0) + tt

    def name(key: tuple[str, int, str]) -> str:
        filename, line, function = key
        short = filename.split("site-packages/")[-1].split("/src/")[-1]
        return f"{short}:{line}({function})" if line else function

    own = sorted(raw.items(), key=lambda item: item[1][2], reverse=True)[:top]
    lianxin = sorted(
        ((k, v) for k, v in raw.items() if "lianxin/" in k[0]), key=lambda item: item[1][3], reverse=True
    )[:top]
    return {
        "total_seconds": total,
        "own_time_by_bucket": {
            label: {"seconds": seconds, "share": seconds / total}
            for label, seconds in sorted(buckets.items(), key=lambda item: item[1], reverse=True)
        },
        "lianxin_by_cumulative": [
            {"function": name(k), "calls": v[1], "cumulative_seconds": v[3]} for k, v in lianxin
        ],
        "hottest_own_time": [{"function": name(k), "calls": v[1], "own_seconds": v[2]} for k, v in own],
    }


# --- the human-readable table ---------------------------------------------------------------------------------


def render(report: dict[str, Any]) -> str:
    meta = report["meta"]
    lines = [
        f"连心 Lianxin benchmark — register + dispatch + accept ({TRANSACTIONS_PER_WORK_ORDER} transactions each)",
        f"database: {meta['database']}   cpus: {meta['cpu_count']}   python {meta['python']}   "
        f"Django {meta['django']}   started {meta['started_at']}   load average before/after "
        f"{meta['load_average_before'][0]:.1f}/{meta['load_average_after'][0]:.1f}",
        "",
        f"{'mode':<8} {'procs':>5} {'count':>6} {'wall s':>8} {'WO/s':>8} {'tx/s':>8}   "
        + "   ".join(f"{name + ' p50/p95 ms':>22}" for name in OPERATIONS),
    ]
    for run in report["runs"]:
        ops = "   ".join(
            f"{run['operations'][n]['p50_ms']:>10.2f} / {run['operations'][n]['p95_ms']:>8.2f}"
            for n in OPERATIONS
        )
        lines.append(
            f"{run['mode']:<8} {run['processes']:>5} {run['count']:>6} {run['wall_seconds']:>8.2f} "
            f"{run['work_orders_per_second']:>8.1f} {run['transactions_per_second']:>8.1f}   {ops}"
        )
    lines.append("")
    for ratio in report["ratios"]:
        p50 = ", ".join(f"{n} ×{ratio['p50_service_over_peer'][n]:.1f}" for n in OPERATIONS)
        lines.append(
            f"{ratio['processes']} process(es): {ratio['mode']} throughput = {ratio['throughput_service_over_peer']:.2f}"
            f" × peer (peer is {1 / ratio['throughput_service_over_peer']:.1f}× faster); p50 cost: {p50}"
        )
    lines += [
        "",
        "SQL statements per operation (mean over the sample; share of time inside the database driver):",
    ]
    for mode, queries in report["queries"].items():
        for name in OPERATIONS:
            q = queries[name]
            verbs = " ".join(f"{verb}={n:g}" for verb, n in q["by_verb"].items())
            lines.append(
                f"  {mode:<8} {name:<9} {q['per_call_mean']:>5.1f} statements, max {q['per_call_max']:>2} ({verbs}); "
                f"{q['database_share']:.0%} of the time in the driver"
            )
    verdict = report.get("verdict")
    if verdict:
        lines += [
            "",
            f"target ≥ {verdict['target']} WO/s on PostgreSQL: best measured {verdict['best']:.1f} WO/s "
            f"({verdict['best_processes']} process(es)) → {'MET' if verdict['met'] else 'NOT MET'}",
        ]
    for profile in report.get("profiles", []):
        lines += ["", f"profile of '{profile['mode']}' ({profile['work_orders']} work orders, cProfile):"]
        for label, row in profile["summary"]["own_time_by_bucket"].items():
            lines.append(f"  {row['share']:>6.1%}  {label}")
        lines.append("  lianxin functions by cumulative time:")
        for row in profile["summary"]["lianxin_by_cumulative"][:12]:
            share = row["cumulative_seconds"] / profile["summary"]["total_seconds"]
            lines.append(f"    {share:>6.1%}  {row['calls']:>7}  {row['function']}")
        lines.append(f"  full profile: {profile['pstats_file']}")
    if report.get("results_file"):
        lines += ["", f"results: {report['results_file']}"]
    return "\n".join(lines)
