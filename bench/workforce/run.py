"""Workforce bench: Lianxin's roster vs pyworkforce's (scheduler + roster) on the same demand, 54 agents.

    .venv/bin/pip install -e '.[bench-workforce]'
    .venv/bin/python bench/workforce/run.py [--weeks 1,4] [--agents 54] [--time-limit 60] [--workers 8] [--json]

For each horizon: the demand curve of bench/workforce/demand.py (about 2,000 calls a day), the per-interval
requirement from our Erlang C (AHT 300 s, 80 % in 20 s), then
- ours: `plan_roster` (CP-SAT, named agents, every labour rule, night shift 22:00–06:00 on the real clock);
- pyworkforce: `MinAbsDifference` (how many agents per day and shift) then `MinHoursRoster` (who works which);
  its shift coverage is a 0/1 array over one day's periods, so no shift can cross midnight — it gets the day-bound
  templates 00–08, 06–14, 08–16, 09–17, 12–20, 16–24, and its `non_sequential_shifts` ban every next-day pair
  closer than 12 hours.
Both rosters go through the same independent `check_roster` (labour-rule violations), the same coverage count
and the same SimPy replay (service level, 5 replications). Shortfall = agent-half-hours below requirement over
EVERY interval (there is no previous roster: the first night is uncovered unless a shift of the horizon starts at
midnight); `shortfall_from_0600` leaves out day 1 before 06:00 (the figure the earlier rounds reported), and
`shortfall_unreachable` is the part no shift of the horizon can reach (no headcount fixes it).

Lianxin is measured twice: with the six fixed templates and with shift design (`--shift-design`: start times
chosen on the rules' grid, any half hour, 8-hour shifts, at most `design_max_shift_types` of them). For each, the
headcount needed when short (CP-SAT, proven or not), and the solver's shortfall against the independent recount
from the assignments alone (`recount_equal`). Use `--no-peer` to skip pyworkforce.

pyworkforce 0.5.1's `non_sequential_shifts` constraint is  Σ_j (x[d][s]·ban[s][j] + x[d+1][j]) ≤ 1 : a shift
with one banned successor forbids any shift the next day, one with two or more can never be worked — with a
12-hour rest rule the 54-agent roster is infeasible. The bench then measures it with the rule off (the checker
counts the rest violations that result). Its `num_search_workers` is set on the solver object, not its
parameters, so CP-SAT runs with its default workers.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import replace
from datetime import datetime, timedelta
from datetime import time as clock_time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from demand import week_rows

from lianxin.domain.staffing import Interval, Target, requirements
from lianxin.workforce.planning.check import check_roster, coverage, recount_shortfall
from lianxin.workforce.planning.model import (
    Assignment,
    LabourRules,
    RosterProblem,
    ShiftTemplate,
    design_templates,
)
from lianxin.workforce.planning.pipeline import synthetic_agents
from lianxin.workforce.planning.simulation import simulate_roster
from lianxin.workforce.planning.solver import headcount_needed, plan_roster
from lianxin.workforce.planning.timeline import coverable_intervals

MONDAY = datetime(2026, 3, 2)  # noqa: DTZ001 — local time
AHT, TARGET, WITHIN = 300.0, 0.8, 20.0
SKIP = 12  # half hours of day 1 before 06:00: covered by the previous roster's night shift

DAY_BOUND = (
    ShiftTemplate("P0", "零点班", clock_time(0, 0), 480, is_night=True),
    ShiftTemplate("M", "早晚间班", clock_time(6, 0), 480),
    ShiftTemplate("A", "早班", clock_time(8, 0), 480),
    ShiftTemplate("B", "日班", clock_time(9, 0), 480),
    ShiftTemplate("C", "中班", clock_time(12, 0), 480),
    ShiftTemplate("D", "晚班", clock_time(16, 0), 480),
)


def measure(name, assignments, *, agents, rules, requirement, calls, days, seconds, status, extra=None):
    on_duty = coverage(assignments, starts_at=MONDAY, intervals=len(requirement), interval_minutes=30)
    missing = [max(0, r - c) for r, c in zip(requirement, on_duty, strict=True)]
    violations = check_roster(assignments, agents=agents, rules=rules, starts_on=MONDAY.date(), days=days)
    report = simulate_roster(
        assignments, starts_at=MONDAY, calls=calls, aht_seconds=AHT, within_seconds=WITHIN, replications=5
    )
    by_rule: dict[str, int] = {}
    for v in violations:
        by_rule[v.rule] = by_rule.get(v.rule, 0) + 1
    return {
        "tool": name,
        "status": status,
        "seconds": round(seconds, 1),
        "shifts": len(assignments),
        "shift_types": len({a.starts_at.time() for a in assignments}),
        "shortfall": sum(missing),
        "shortfall_from_0600": sum(missing[SKIP:]),
        "violations": len(violations),
        "violations_by_rule": by_rule,
        "crosses_midnight": any(
            a.ends_at.date() > a.starts_at.date() and a.ends_at.time() != clock_time(0) for a in assignments
        ),
        "service_level": round(report.service_level.mean, 3),
        "service_level_ci": [round(report.service_level.low, 3), round(report.service_level.high, 3)],
        "asa_seconds": round(report.asa_seconds.mean, 1),
        **(extra or {}),
    }


def ours(agents, rules, requirement, days, time_limit, workers, design=False):
    problem = RosterProblem(
        starts_at=MONDAY,
        days=days,
        requirement=tuple(requirement),
        agents=agents,
        rules=rules,
        shift_design=design,
    )
    result = plan_roster(problem, time_limit_seconds=time_limit, workers=workers)
    reachable = coverable_intervals(
        RosterProblem(
            MONDAY,
            days,
            problem.requirement,
            agents,
            design_templates(rules) if design else problem.templates,
        )
    )
    unreachable = sum(s for s, ok in zip(result.shortfall_by_interval, reachable, strict=True) if not ok)
    recount = sum(
        recount_shortfall(result.assignments, requirement=requirement, starts_at=MONDAY, interval_minutes=30)
    )
    started = time.perf_counter()
    needed = None
    if result.shortfall > unreachable:
        needed = headcount_needed(
            problem, shortfall=result.shortfall, time_limit_seconds=time_limit, workers=workers
        )
    extra = {
        "proven": result.is_proven,
        "proven_at_seconds": round(result.phase_one_seconds, 1),
        "solver_shortfall": result.shortfall,
        "recount_equal": recount == result.shortfall,
        "shortfall_unreachable": unreachable,
        "shortfall_lower_bound": result.lower_bound,
        "headcount_needed": needed.agents if needed else len(agents),
        "headcount_proven": needed.is_proven if needed else result.is_proven,
        "headcount_seconds": round(time.perf_counter() - started, 1),
        "notes": list(result.notes),
    }
    return list(result.assignments), result.wall_seconds, result.status, extra


def theirs(agents, requirement, days, time_limit, workers, rest_rule=True):
    from pyworkforce.rostering.binary_programming import MinHoursRoster
    from pyworkforce.scheduling import MinAbsDifference

    started = time.perf_counter()
    codes = [t.code for t in DAY_BOUND]
    cover = {
        t.code: [1 if t.start_minute <= p * 30 < t.start_minute + t.minutes else 0 for p in range(48)]
        for t in DAY_BOUND
    }
    required = [list(requirement[d * 48 : (d + 1) * 48]) for d in range(days)]
    scheduler = MinAbsDifference(
        num_days=days, periods=48, shifts_coverage=cover, required_resources=required,
        max_period_concurrency=len(agents), max_shift_concurrency=len(agents),
        max_search_time=time_limit / 2, num_search_workers=workers,
    )  # fmt: skip
    plan = scheduler.solve()
    if plan["status"] not in ("OPTIMAL", "FEASIBLE"):
        return [], time.perf_counter() - started, f"scheduler {plan['status']}"
    per_shift = {code: [0] * days for code in codes}
    for row in plan["resources_shifts"]:
        per_shift[row["shift"]][row["day"]] = row["resources"]
    banned_pairs = []
    for first in DAY_BOUND:
        for second in DAY_BOUND:
            gap = 1440 + second.start_minute - (first.start_minute + first.minutes)
            if gap < 12 * 60:
                banned_pairs.append({"origin": first.code, "destination": second.code})
    weeks = days // 7
    roster = MinHoursRoster(
        num_days=days, resources=[a.key for a in agents], shifts=codes, shifts_hours=[8] * len(codes),
        min_working_hours=40 * weeks, banned_shifts=[], max_resting=days - 5 * weeks,
        required_resources=per_shift, non_sequential_shifts=banned_pairs if rest_rule else None,
        max_search_time=time_limit / 2, num_search_workers=workers,
    )  # fmt: skip
    solution = roster.solve()
    seconds = time.perf_counter() - started
    status = f"scheduler {plan['status']} ({sum(map(sum, per_shift.values()))} shifts), roster {solution['status']}"
    if solution["status"] not in ("OPTIMAL", "FEASIBLE"):
        return [], seconds, status
    by_code = {t.code: t for t in DAY_BOUND}
    assignments = []
    for row in solution["resource_shifts"]:
        template = by_code[row["shift"]]
        starts_at = MONDAY + timedelta(days=row["day"], minutes=template.start_minute)
        assignments.append(
            Assignment(
                row["resource"],
                template.code,
                starts_at,
                starts_at + timedelta(minutes=480),
                template.is_night,
            )
        )
    return assignments, seconds, status


def run(weeks: int, agents_count: int, time_limit: float, workers: int, peer: bool = True) -> list[dict]:
    days = weeks * 7
    calls = [volume for _, volume in week_rows(MONDAY, weeks)]
    requirement = requirements([Interval(v, 1800, AHT) for v in calls], Target(TARGET, WITHIN))
    agents = synthetic_agents(agents_count)
    rules = replace(LabourRules(), skill_minimums={})
    common = {"agents": agents, "rules": rules, "requirement": requirement, "calls": calls, "days": days}
    context = {
        "weeks": weeks,
        "agents_count": agents_count,
        "calls_per_day": round(sum(calls) / days),
        "required_shifts": round(sum(requirement[SKIP:]) / 16, 1),
        "available_shifts": agents_count * 5 * weeks,
    }
    rows = []
    for name, design in (("lianxin, six fixed templates", False), ("lianxin, shift design", True)):
        assignments, seconds, status, found = ours(
            agents, rules, requirement, days, time_limit, workers, design
        )
        rows.append(
            measure(name, assignments, seconds=seconds, status=status, extra={**context, **found}, **common)
        )
    if not peer:
        return rows
    for name, rest_rule in (("pyworkforce", True), ("pyworkforce, 12 h rest rule off", False)):
        try:
            assignments, seconds, status = theirs(agents, requirement, days, time_limit, workers, rest_rule)
        except ImportError:
            rows.append({"tool": name, "status": "not installed: pip install -e '.[bench-workforce]'"})
            return rows
        if assignments:
            rows.append(measure(name, assignments, seconds=seconds, status=status, extra=context, **common))
            break  # with the rule on and a roster, no need to measure it off
        rows.append({"tool": name, "status": status, "seconds": round(seconds, 1), **context})
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--weeks", default="1,4")
    parser.add_argument("--agents", type=int, default=54)
    parser.add_argument("--time-limit", type=float, default=60.0, help="seconds per tool and horizon")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--no-peer", action="store_true", help="skip pyworkforce")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    rows = []
    for weeks in (int(w) for w in args.weeks.split(",")):
        added = run(weeks, args.agents, args.time_limit, args.workers, peer=not args.no_peer)
        rows.extend(added)
        if not args.json:
            for row in added:
                print(json.dumps(row, ensure_ascii=False), flush=True)
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
