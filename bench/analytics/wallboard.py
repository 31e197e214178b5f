"""The wallboard's computation at scale (issue 11 §6): `analytics.wallboard.wallboard_figures` for a center manager
on PostgreSQL with N work orders (the statistics bench's generator, `run.py`) and the call records of two years
(`--calls`, COPY) with today's traffic so far and calls waiting now, 54 agents signed in; against two peers
measured in the same run: the same figures by one query per figure (the computation as it was before ADR 0021,
kept here) and the plain GROUP BY over the work-order and call tables. Every run also checks that the figures
agree exactly with the per-figure queries.

    .venv/bin/python bench/analytics/wallboard.py --database-url postgres://postgres@127.0.0.1:5432/postgres \
        [--count 1000000] [--calls 2000000] [--bench-database lx_wallboard_bench] [--reuse] [--repeat 50] [--json]

The database is kept for `--reuse` (then nothing is generated); drop it by hand when done.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

REPOSITORY = Path(__file__).resolve().parents[2]
if str(REPOSITORY) not in sys.path:
    sys.path.insert(0, str(REPOSITORY))

from bench.analytics.run import _generate, _postgres, _setup, _timed, _world  # noqa: E402

AGENTS = 54
CALLS_PER_DAY = 2400  # the brief's center: 2,000+ calls a day


def _calls(count: int, today_so_far: int, now: datetime) -> float:
    """COPY `count` call records over two years before today, and today's `today_so_far` up to now (a few still
    waiting); then 54 agents signed in, in mixed states."""
    from django.db import connection

    from lianxin.accounts.models import OrgUnit, User
    from lianxin.accounts.services import user_create
    from lianxin.analytics.services.rollups import local_day_bounds
    from lianxin.common import clock, fieldcrypto
    from lianxin.common.fields import blind_index_for, purpose_of
    from lianxin.domain.workflow import Role
    from lianxin.intake.models import AgentSeat, AgentSession, Call

    rng = random.Random(9)
    start_of_today, _ = local_day_bounds(clock.local_date(now), clock.local_date(now))
    started = time.perf_counter()
    columns = (
        "call_id, direction, from_number, to_number, caller_number, caller_number_index, queue, offered_at, "
        "answered_at, ended_at, wait_seconds, talk_seconds, cause, pbx_cause, offered_user_ids, pbx_users, "
        "created_at"
    )
    # Numbers are encrypted at rest with a blind index (ADR 0019 §4); the wallboard never reads them, so a pool
    # of callers sealed once is enough (from, to and caller columns share one ciphertext each).
    pool = []
    for _ in range(5000):
        phone = f"1{rng.choice('3589')}{rng.randrange(10**9):09d}"
        pool.append(
            (
                fieldcrypto.encrypt(phone, purpose_of(Call, "caller_number")),
                blind_index_for(Call, "caller_number_index", phone),
            )
        )
    hotline = fieldcrypto.encrypt("12315", purpose_of(Call, "to_number"))

    def row(n: int, offered: datetime, *, waiting: bool = False):
        sealed, index = rng.choice(pool)
        if waiting:
            return (
                f"wb-{n:09d}",
                "in",
                sealed,
                hotline,
                sealed,
                index,
                "12315",
                offered,
                None,
                None,
                None,
                None,
                "",
                "",
                "[]",
                "[]",
                offered,
            )
        answered = rng.random() < 0.9
        wait = int(rng.expovariate(1 / 12)) + 1
        talk = int(rng.expovariate(1 / 200)) + 20 if answered else None
        return (
            f"wb-{n:09d}", "in", sealed, hotline, sealed, index, "12315", offered,
            offered + timedelta(seconds=wait) if answered else None,
            offered + timedelta(seconds=wait + (talk or 0)),
            wait, talk, "answered" if answered else "abandoned", "", "[]", "[]", offered,
        )  # fmt: skip

    span = (start_of_today - (start_of_today - timedelta(days=730))).total_seconds()
    so_far = max(1.0, (now - start_of_today).total_seconds())
    raw = connection.connection
    with raw.cursor() as cursor:
        with cursor.copy(f"COPY intake_call ({columns}) FROM STDIN") as copy:
            for n in range(count):
                copy.write_row(row(n, start_of_today - timedelta(seconds=rng.random() * span)))
            for n in range(today_so_far):
                offered = start_of_today + timedelta(seconds=rng.random() * (so_far - 300))
                copy.write_row(row(count + n, offered))
            for n in range(4):  # waiting now, the longest for 95 s
                copy.write_row(
                    row(count + today_so_far + n, now - timedelta(seconds=5 + 30 * n), waiting=True)
                )
        cursor.execute("ANALYZE intake_call")
    raw.commit()
    center = OrgUnit.objects.get(code="BENCH12315")
    states = ["ready"] * 14 + ["talking"] * 30 + ["wrap_up"] * 6 + ["break"] * 4
    for n in range(AGENTS):
        user = User.objects.filter(username=f"wb_agent_{n:02d}").first() or user_create(
            username=f"wb_agent_{n:02d}",
            password=None,
            role=Role.AGENT,
            unit=center,
            full_name=f"坐席{n:02d}",
        )
        seat, _ = AgentSeat.objects.get_or_create(extension=f"8{n:03d}")
        since = now - timedelta(seconds=rng.randrange(10, 900))
        AgentSession.objects.create(
            user=user,
            seat=seat,
            started_at=now - timedelta(hours=3),
            state=states[n % len(states)],
            state_since=since,
            ready_since=since,
        )
    return time.perf_counter() - started


# ---------------------------------------------------------------------------------------------------------
# The peer: the figures by one query per figure, as `analytics/wallboard.py` computed them before ADR 0021.
# ---------------------------------------------------------------------------------------------------------


def previous_figures(user: Any, now: datetime, today: date) -> dict[str, Any]:
    from django.db.models import Avg, Count, Min, Q

    from lianxin.analytics.services.rollups import local_day_bounds
    from lianxin.analytics.wallboard import AWAITING_DISPATCH, DISPATCHED_KINDS, _scope
    from lianxin.analytics.wallboard_calls import RECENT, _agents, counted_calls
    from lianxin.domain.agent_states import CallCause
    from lianxin.intake.selectors import intake_policy

    visible = _scope(user)
    start, end = local_day_bounds(today, today)
    todays = visible.filter(received_at__gte=start, received_at__lt=end).order_by()
    rows = todays.values("kind").annotate(
        count=Count("id"), group=Count("id", filter=Q(is_group_complaint=True))
    )
    by_kind = {row["kind"]: row["count"] for row in rows}
    queue = (
        visible.filter(state__in=AWAITING_DISPATCH, kind__in=DISPATCHED_KINDS)
        .order_by()
        .aggregate(count=Count("id"), oldest=Min("received_at"))
    )
    overdue = (
        visible.filter(due_on__lt=today)
        .order_by()
        .aggregate(count=Count("id"), fresh=Count("id", filter=Q(due_on=today - timedelta(days=1))))
    )
    policy = intake_policy()
    threshold = policy.service_level_seconds
    calls = counted_calls(user)
    waiting = calls.filter(answered_at__isnull=True, ended_at__isnull=True).aggregate(
        count=Count("id"), oldest=Min("offered_at")
    )
    todays_calls = calls.filter(offered_at__gte=start, offered_at__lt=end)
    quick = policy.quick_answer_seconds
    row = todays_calls.aggregate(
        offered=Count("id"),
        answered=Count("id", filter=Q(answered_at__isnull=False)),
        abandoned=Count("id", filter=Q(cause=CallCause.ABANDONED.value)),
        quick=Count("id", filter=Q(answered_at__isnull=False, wait_seconds__lte=quick)),
        asa=Avg("wait_seconds", filter=Q(answered_at__isnull=False)),
    )

    def level(queryset):
        undecided = Q(
            answered_at__isnull=True,
            ended_at__isnull=True,
            offered_at__gte=now - timedelta(seconds=threshold),
        )
        return queryset.aggregate(
            met=Count("id", filter=Q(answered_at__isnull=False, wait_seconds__lte=threshold)),
            decided=Count("id", filter=~undecided),
        )

    today_level = level(todays_calls)
    recent_level = level(calls.filter(offered_at__gte=now - RECENT, offered_at__lte=now))
    agents, _ = _agents(now)
    return {
        "registered": {
            kind: by_kind.get(kind, 0) for kind in ("consultation", "complaint", "report", "suggestion")
        },
        "group": sum(r["group"] for r in rows),
        "queue": queue["count"],
        "oldest_queued": queue["oldest"],
        "overdue": overdue["count"],
        "fresh_overdue": overdue["fresh"],
        "waiting": waiting["count"],
        "longest_wait_seconds": None
        if waiting["oldest"] is None
        else max(0, int((now - waiting["oldest"]).total_seconds())),
        "offered": row["offered"],
        "answered": row["answered"],
        "abandoned": row["abandoned"],
        "quick": row["quick"],
        "asa": None if row["asa"] is None else round(float(row["asa"]), 1),
        "service_level_today": (today_level["met"], today_level["decided"]),
        "service_level_recent": (recent_level["met"], recent_level["decided"]),
        "agents": len(agents),
    }


def current_figures(user: Any, now: datetime, today: date) -> dict[str, Any]:
    from lianxin.analytics.wallboard import wallboard_figures
    from lianxin.domain.workflow import KIND_LABELS, Kind

    board = wallboard_figures(user=user, now=now, today=today)
    calls = board.calls
    labels = {KIND_LABELS[kind]: kind.value for kind in Kind}
    return {
        "registered": {labels[label]: count for label, count in board.registered_by_kind},
        "group": board.group_complaints_today,
        "queue": board.awaiting_dispatch,
        "oldest_queued": board.oldest_awaiting_since,
        "overdue": board.overdue_now,
        "fresh_overdue": board.overdue_since_today,
        "waiting": calls.waiting,
        "longest_wait_seconds": calls.longest_wait_seconds,
        "offered": calls.offered_today,
        "answered": calls.answered_today,
        "abandoned": calls.abandoned_today,
        "quick": calls.quick_answered_today,
        "asa": calls.average_speed_of_answer,
        "service_level_today": (calls.service_level_today.met, calls.service_level_today.decided),
        "service_level_recent": (calls.service_level_recent.met, calls.service_level_recent.decided),
        "agents": len(calls.agents),
    }


def _group_by_baseline(today: date) -> None:
    """The issue's baseline: plain GROUP BY over the whole work-order and call tables."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT kind, state, (received_at AT TIME ZONE 'Asia/Shanghai')::date = %s, due_on < %s, "
            "is_group_complaint, count(*) FROM workorders_workorder GROUP BY 1, 2, 3, 4, 5",
            [today, today],
        )
        cursor.fetchall()
        cursor.execute(
            "SELECT (offered_at AT TIME ZONE 'Asia/Shanghai')::date = %s, answered_at IS NULL, ended_at IS NULL, "
            "cause, wait_seconds <= 20, count(*), avg(wait_seconds) FROM intake_call WHERE direction = 'in' "
            "GROUP BY 1, 2, 3, 4, 5",
            [today],
        )
        cursor.fetchall()


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", ""))
    parser.add_argument("--bench-database", default="lx_wallboard_bench")
    parser.add_argument("--count", type=int, default=1_000_000, help="work orders")
    parser.add_argument("--calls", type=int, default=2_000_000, help="call records before today")
    parser.add_argument("--repeat", type=int, default=50)
    parser.add_argument("--reuse", action="store_true", help="measure again on the kept database")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    if not args.database_url.startswith(("postgres://", "postgresql://")):
        raise SystemExit("bench/analytics/wallboard.py needs a PostgreSQL --database-url")
    if "bench" not in args.bench_database:
        raise SystemExit("--bench-database must contain 'bench' (it is dropped and recreated)")
    _setup(_postgres(args.database_url, args.bench_database, reuse=args.reuse))
    from django.db import connection

    from lianxin.common import clock
    from lianxin.intake.models import Call
    from lianxin.workorders.models import WorkOrder

    world = _world()
    now = clock.now()
    today = clock.local_date(now)
    generated: dict[str, float] = {}
    if not WorkOrder.objects.exists():
        generated["work_orders_s"] = round(_generate(args.count, world, today), 1)
        from lianxin.analytics.services.rollups import local_day_bounds

        start, _ = local_day_bounds(today, today)
        fraction = max(0.05, (now - start).total_seconds() / 86400)
        generated["calls_s"] = round(_calls(args.calls, int(CALLS_PER_DAY * fraction), now), 1)
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    manager = world["manager"]
    ours = current_figures(manager, now, today)
    before = previous_figures(manager, now, today)
    if ours != before:
        raise SystemExit(f"the figures differ:\n ours   {ours}\n before {before}")
    load_before = os.getloadavg()
    result = {
        "work_orders": WorkOrder.objects.count(),
        "calls": Call.objects.count(),
        "generated": generated,
        "figures": {k: str(v) for k, v in ours.items()},
        "wallboard": _timed(lambda: current_figures(manager, clock.now(), today), args.repeat),
        "per_figure_queries": _timed(lambda: previous_figures(manager, clock.now(), today), args.repeat),
        "group_by_baseline": _timed(lambda: _group_by_baseline(today), max(3, args.repeat // 10)),
        "load_average": [load_before, os.getloadavg()],
    }
    wallboard = result["wallboard"]["p95_ms"]
    result["per_figure_over_ours_p95"] = round(result["per_figure_queries"]["p95_ms"] / wallboard, 1)
    result["group_by_over_ours_p95"] = round(result["group_by_baseline"]["p95_ms"] / wallboard, 1)
    result["target_wallboard_p95_le_50ms"] = wallboard <= 50
    out = REPOSITORY / "bench" / "results"
    out.mkdir(exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    (out / f"wallboard-{stamp}.json").write_text(
        json.dumps(result, ensure_ascii=False, indent=2, default=str)
    )
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=2, default=str))
        return
    print(
        f"{result['work_orders']:,} work orders, {result['calls']:,} calls; load average {load_before[0]:.2f}"
    )
    for name in ("wallboard", "per_figure_queries", "group_by_baseline"):
        timing = result[name]
        print(f"  {name:22s} p50 {timing['p50_ms']:8.1f} ms  p95 {timing['p95_ms']:8.1f} ms")
    print(
        f"  per-figure ÷ ours (p95) {result['per_figure_over_ours_p95']}×, GROUP BY ÷ ours "
        f"{result['group_by_over_ours_p95']}×; figures agree exactly with the per-figure queries"
    )


if __name__ == "__main__":
    main()
