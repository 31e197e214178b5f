"""The roster as a CP-SAT model: named agents × days × shift templates, labour rules as constraints.

Objective, lexicographic in two solves: (1) least skill shortfall (a supervisor on duty at every interval), then
least weighted shortfall against the per-interval requirement; (2) with (1) held at its optimum, the fairest
spread of nights and weekends and the fewest refused day-off requests. Workers are set explicitly: CP-SAT's
portfolio proves optimality far sooner with 8 workers, even on 2 cores.
"""

from __future__ import annotations

import itertools
import math
import time as wall
from dataclasses import dataclass, replace
from datetime import timedelta

from ortools.sat.python import cp_model

from .aggregate import aggregate_solve
from .model import Assignment, HeadcountAnswer, RosterAgent, RosterProblem, RosterResult, design_templates
from .timeline import carried_coverage, coverable_intervals, covering, rest_conflicts

DEFAULT_WORKERS = 8
_STATUS = {
    cp_model.OPTIMAL: "optimal",
    cp_model.FEASIBLE: "feasible",
    cp_model.INFEASIBLE: "infeasible",
    cp_model.MODEL_INVALID: "invalid",
    cp_model.UNKNOWN: "unknown",
}


@dataclass
class _Built:
    model: cp_model.CpModel
    shifts: dict[tuple[int, int, int], cp_model.IntVar]  # (agent, day, template) → works it
    shortfall: list[cp_model.IntVar]
    skill_shortfall: list[cp_model.IntVar]
    nights: list[cp_model.LinearExpr]
    weekends: list[cp_model.LinearExpr]
    refused: list[cp_model.LinearExpr]
    used: list[cp_model.IntVar]
    coverable: list[bool]

    def forbid_shortfall(self) -> None:
        """No shortfall wherever a shift of the horizon can reach (elsewhere it is what it is)."""
        for variable, reachable in zip(self.shortfall, self.coverable, strict=True):
            if reachable:
                self.model.add(variable == 0)


def plan_roster(
    problem: RosterProblem, *, time_limit_seconds: float = 30.0, workers: int = DEFAULT_WORKERS, seed: int = 0
) -> RosterResult:
    """The best roster the solver finds within the time limit; `is_proven` when phase 1 is proven optimal.

    Phase 1 runs in up to three steps, each only if the previous one did not close the gap: (a) the aggregate
    covering problem (`aggregate.py`) gives a proven lower bound and per-day template counts; (b) the named model
    with exactly those counts — a roster found there that reaches the bound is proven optimal; (c) the full named
    model, hinted with (b)'s roster and bounded below by (a). Phase 2 (fairness) gets the time left.
    """
    started = wall.perf_counter()

    def left(share: float) -> float:
        return time_limit_seconds * share - (wall.perf_counter() - started)

    weight = _skill_weight(problem)
    design_bound: int | None = None
    notes: tuple[str, ...] = ()
    if problem.shift_design:
        problem, design_bound = design_shifts(
            problem, skill_weight=weight, time_limit_seconds=left(0.25), workers=workers
        )
        notes = ("班次设计：" + "、".join(f"{t.start:%H:%M}" for t in problem.templates),)
    aggregate = aggregate_solve(
        problem,
        skill_weight=weight,
        time_limit_seconds=left(0.35) if design_bound is not None else left(0.15),
        workers=workers,
    )
    # With shift design over one week, the proof is against every choice of starts, not just the chosen ones.
    bound = aggregate.bound if design_bound is None else min(aggregate.bound, design_bound)
    if aggregate.status == "infeasible":  # a relaxation: no named roster can exist either
        return RosterResult(
            status="infeasible",
            shortfall=sum(problem.requirement),
            shortfall_by_interval=problem.requirement,
            skill_shortfall=0,
            assignments=(),
            is_proven=True,
            wall_seconds=wall.perf_counter() - started,
            notes=("没有满足全部劳动规则的排班（按班次人数汇总即已无解）。",),
        )
    built = _build(problem)
    best: tuple[_Built, cp_model.CpSolver, int] | None = None
    if aggregate.counts is not None and left(0.5) > 0.2:
        trial = _build(problem)
        _fix_counts(trial, problem, aggregate.counts)
        best = _minimise_phase_one(trial, problem, bound, left(0.5), workers, seed) or best
    if best is None or best[2] > bound:
        if best is not None:
            _hint(built, best[0], best[1])
        found = _minimise_phase_one(built, problem, bound, max(left(0.6), 1.0), workers, seed)
        if found is not None and (best is None or found[2] < best[2]):
            best = found
    if best is None:
        return RosterResult(
            status="unknown",
            shortfall=sum(problem.requirement),
            shortfall_by_interval=problem.requirement,
            skill_shortfall=0,
            assignments=(),
            is_proven=False,
            wall_seconds=wall.perf_counter() - started,
            notes=("在时限内未找到满足全部劳动规则的排班。",),
        )
    source, solver, objective = best
    proven = objective <= bound
    settled = wall.perf_counter() - started
    remaining = left(1.0)
    if remaining > 0.5:
        fresh = _build(problem)
        fresh.model.add(_phase_one(fresh, problem) <= objective)
        _hint(fresh, source, solver)
        fresh.model.minimize(_phase_two(fresh, problem))
        second = _solver(remaining, workers, seed)
        if second.solve(fresh.model) in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            source, solver = fresh, second
    result = _result(problem, source, solver, proven, wall.perf_counter() - started, bound, weight)
    return replace(result, phase_one_seconds=settled, notes=result.notes + notes)


def design_shifts(
    problem: RosterProblem,
    *,
    skill_weight: int,
    time_limit_seconds: float,
    workers: int,
    extra_pool: int = 0,
) -> tuple[RosterProblem, int | None]:
    """Shift design: the aggregate problem over every start on the rules' grid, with at most
    `design_max_shift_types` of them used, chooses the templates. Returns the problem with just those, and a
    proven lower bound of the design (no choice of starts does better), or None when there is no such proof.

    Over one week the whole horizon is designed (and the bound is proven). A longer horizon is designed on its
    busiest week (per half hour, the most any week of the horizon needs), which keeps the choice among ~48
    starts small enough to solve in seconds; the horizon is then planned with the chosen starts (its proof is
    then relative to them)."""
    rules = problem.rules
    grid = design_templates(rules)
    week = 7 * 1440 // problem.interval_minutes
    if problem.days > 7 and len(problem.requirement) >= 2 * week:
        weeks = len(problem.requirement) // week
        busiest = tuple(max(problem.requirement[w * week + t] for w in range(weeks)) for t in range(week))
        agents = tuple(
            replace(agent, leave=frozenset(), days_off_requested=frozenset()) for agent in problem.agents
        )
        candidates = replace(
            problem, days=7, requirement=busiest, agents=agents, templates=grid, shift_design=False
        )
    else:
        candidates = replace(problem, templates=grid, shift_design=False)
    answer = aggregate_solve(
        candidates,
        skill_weight=skill_weight,
        time_limit_seconds=time_limit_seconds,
        workers=workers,
        extra_pool=extra_pool,
        max_types=rules.design_max_shift_types,
    )
    proven_bound = answer.bound if candidates.days == problem.days else None
    if answer.counts is None:
        return replace(problem, shift_design=False), proven_bound
    chosen = sorted({s for (_, s), count in answer.counts.items() if count > 0})
    templates = tuple(grid[s] for s in chosen) or problem.templates
    return replace(problem, templates=templates, shift_design=False), proven_bound


def headcount_needed(
    problem: RosterProblem,
    *,
    shortfall: int,
    time_limit_seconds: float = 30.0,
    workers: int = DEFAULT_WORKERS,
) -> HeadcountAnswer:
    """The fewest agents that meet the requirement in full under the same rules: extra agents (no skills, no
    leave) are offered and the solver minimises how many it uses. `shortfall` (agent-intervals) sizes the pool.

    The aggregate relaxation first gives a proven lower bound on the extras and per-day template counts; if
    named agents can work exactly those counts, the answer is proven. Otherwise the named search widens a pool.
    """
    started = wall.perf_counter()
    rules = problem.rules
    hours_short = shortfall * problem.interval_minutes / 60.0
    weeks = max(1.0, problem.days / 7)
    pool = max(2, 2 * math.ceil(hours_short / (rules.max_hours_per_week * weeks)) + 2)
    wide = 8 * pool
    if problem.shift_design:
        problem, _ = design_shifts(
            problem,
            skill_weight=wide + 1,
            time_limit_seconds=time_limit_seconds * 0.2,
            workers=workers,
            extra_pool=wide,
        )
    aggregate = aggregate_solve(
        problem,
        skill_weight=wide + 1,
        time_limit_seconds=time_limit_seconds * 0.2,
        workers=workers,
        extra_pool=wide,
    )
    if aggregate.counts is not None:
        widened = _with_extras(problem, max(1, aggregate.extra))
        built = _build(widened, optional_from=len(problem.agents))
        _fix_counts(built, widened, aggregate.counts)
        built.forbid_shortfall()
        objective = (wide + 1) * sum(built.skill_shortfall) + sum(built.used)
        built.model.add(objective >= aggregate.bound)
        built.model.minimize(objective)
        limit = time_limit_seconds * 0.6 - (wall.perf_counter() - started)
        solver = _solver(limit, workers, 0)
        if solver.solve(built.model) in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            used = sum(round(solver.value(u)) for u in built.used)
            if round(solver.objective_value) <= aggregate.bound:
                return HeadcountAnswer(len(problem.agents) + used, True, "optimal")
    status = cp_model.UNKNOWN
    for _ in range(4):
        remaining = time_limit_seconds - (wall.perf_counter() - started)
        if remaining < 0.5:
            break
        widened = _with_extras(problem, pool)
        built = _build(widened, optional_from=len(problem.agents))
        built.forbid_shortfall()
        skill_weight = len(built.used) + 1
        built.model.minimize(skill_weight * sum(built.skill_shortfall) + sum(built.used))
        solver = _solver(remaining, workers, 0)
        status = solver.solve(built.model)
        if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            used = sum(round(solver.value(u)) for u in built.used)
            if used < pool:  # a full pool might hide a better answer with more room to rearrange: widen it
                return HeadcountAnswer(
                    len(problem.agents) + used, status == cp_model.OPTIMAL, _STATUS[status]
                )
        elif status != cp_model.INFEASIBLE:
            break
        pool *= 2
    return HeadcountAnswer(0, False, _STATUS[status])


def _with_extras(problem: RosterProblem, count: int) -> RosterProblem:
    extras = tuple(RosterAgent(key=f"extra-{i + 1}", name=f"待补坐席{i + 1}") for i in range(count))
    return replace(problem, agents=problem.agents + extras)


def _skill_weight(problem: RosterProblem) -> int:
    # A missing supervisor outweighs any number of missing agents: weight = the largest possible shortfall + 1.
    return sum(problem.requirement) + 1


def _fix_counts(built: _Built, problem: RosterProblem, counts: dict[tuple[int, int], int]) -> None:
    """Named agents work exactly `counts[d, s]` shifts of template s on day d."""
    agents = range(len(problem.agents))
    for (d, s), count in counts.items():
        built.model.add(sum(built.shifts[a, d, s] for a in agents) == count)


def _hint(target: _Built, source: _Built, solver: cp_model.CpSolver) -> None:
    target.model.clear_hints()
    for key, variable in target.shifts.items():
        target.model.add_hint(variable, solver.value(source.shifts[key]))


def _minimise_phase_one(
    built: _Built, problem: RosterProblem, bound: int, limit: float, workers: int, seed: int
) -> tuple[_Built, cp_model.CpSolver, int] | None:
    """Solve phase 1 on `built` (≥ `bound`, a proven lower bound, so the search stops when it reaches it)."""
    objective = _phase_one(built, problem)
    built.model.add(objective >= bound)
    built.model.minimize(objective)
    solver = _solver(limit, workers, seed)
    status = solver.solve(built.model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    return built, solver, round(solver.objective_value)


def _solver(limit: float, workers: int, seed: int) -> cp_model.CpSolver:
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(0.1, limit)
    solver.parameters.num_workers = workers
    solver.parameters.random_seed = seed
    return solver


def _phase_one(built: _Built, problem: RosterProblem) -> cp_model.LinearExpr:
    return _skill_weight(problem) * sum(built.skill_shortfall) + sum(built.shortfall)


def _phase_two(built: _Built, problem: RosterProblem) -> cp_model.LinearExpr:
    model = built.model
    terms = []
    for values in (built.nights, built.weekends):
        if not values:
            continue
        high = model.new_int_var(0, problem.days, "")
        low = model.new_int_var(0, problem.days, "")
        model.add_max_equality(high, values)
        model.add_min_equality(low, values)
        terms.append(10 * (high - low))
    return sum(terms) + sum(built.refused)


def _build(problem: RosterProblem, optional_from: int | None = None) -> _Built:
    model = cp_model.CpModel()
    rules = problem.rules
    templates = problem.templates
    days = range(problem.days)
    shifts: dict[tuple[int, int, int], cp_model.IntVar] = {}
    cover: list[list[cp_model.IntVar]] = [[] for _ in range(problem.intervals)]
    skill_cover: dict[str, list[list[cp_model.IntVar]]] = {
        skill: [[] for _ in range(problem.intervals)] for skill in rules.skill_minimums
    }
    nights: list[cp_model.LinearExpr] = []
    weekends: list[cp_model.LinearExpr] = []
    refused: list[cp_model.LinearExpr] = []
    used: list[cp_model.IntVar] = []
    clashes = list(rest_conflicts(problem))
    for a, agent in enumerate(problem.agents):
        leave = frozenset() if problem.special_period else agent.leave
        for d in days:
            on_leave = problem.day(d) in leave
            for s, template in enumerate(templates):
                variable = model.new_bool_var(f"x{a}_{d}_{s}")
                if on_leave:
                    model.add(variable == 0)
                shifts[a, d, s] = variable
                for t in covering(problem, d, template.start_minute, template.minutes):
                    cover[t].append(variable)
                    for skill in agent.skills & skill_cover.keys():
                        skill_cover[skill][t].append(variable)
        works = [sum(shifts[a, d, s] for s in range(len(templates))) for d in days]
        hired = None
        if optional_from is not None and a >= optional_from:
            hired = model.new_bool_var(f"used{a}")
            for d in days:
                model.add(works[d] <= hired)
            used.append(hired)
        for d in days:
            model.add(works[d] <= 1)
        for d, s1, s2, offset in clashes:
            model.add_bool_or([shifts[a, d, s1].Not(), shifts[a, d + offset, s2].Not()])
        night_per_day = [sum(shifts[a, d, s] for s, t in enumerate(templates) if t.is_night) for d in days]
        for week_start in range(0, problem.days, 7):
            week = range(week_start, min(week_start + 7, problem.days))
            worked = sum(works[d] for d in week)
            full_week = len(week) == 7
            leave_days = sum(1 for d in week if problem.day(d) in leave)
            minimum = rules.min_days_per_week if full_week else 0
            floor = max(0, minimum - leave_days)
            model.add(worked >= (floor if hired is None else floor * hired))
            # Leave (年休假) replaces working days, it does not eat the weekly rest days.
            model.add(worked <= max(0, rules.max_days_per_week - leave_days))
            model.add(
                sum(shifts[a, d, s] * t.minutes for d in week for s, t in enumerate(templates))
                <= rules.max_hours_per_week * 60
            )
            model.add(sum(night_per_day[d] for d in week) <= rules.max_nights_per_week)
        before = [c for c in problem.carry_in if c.agent == agent.key]
        _look_back(model, problem, before, shifts, a)
        worked_before, nights_before = _days_before(problem, before)
        _windows(model, worked_before + works, len(worked_before), problem.days, rules.max_consecutive_days)
        _windows(
            model,
            nights_before + night_per_day,
            len(nights_before),
            problem.days,
            rules.max_consecutive_nights,
        )
        nights.append(sum(night_per_day))
        weekends.append(sum(works[d] for d in days if problem.day(d).weekday() >= 5))
        if not problem.special_period:
            refused.extend(works[d] for d in days if problem.day(d) in agent.days_off_requested)
    if optional_from is not None:
        nights, weekends = nights[:optional_from], weekends[:optional_from]
        for previous, following in itertools.pairwise(used):
            model.add(following <= previous)  # extras are interchangeable: use them in order
    # Every interval counts: what the previous roster's shifts cover (carry-in) is on duty; what no shift reaches
    # (the first morning without a previous roster) is shortfall, never assumed covered.
    coverable = coverable_intervals(problem)
    carried = carried_coverage(problem)
    shortfall = []
    for t, needed in enumerate(problem.requirement):
        missing = max(0, needed - carried[t])
        short = model.new_int_var(0 if coverable[t] else missing, missing, f"short{t}")
        if coverable[t] and missing:
            model.add(sum(cover[t]) + short >= missing)
        shortfall.append(short)
    skill_shortfall = []
    for skill, minimum in rules.skill_minimums.items():
        skill_carried = carried_coverage(problem, skill)
        for t in range(problem.intervals):
            if problem.requirement[t] <= 0 or skill_carried[t] >= minimum:
                continue
            missing = minimum - skill_carried[t]
            short = model.new_int_var(0 if coverable[t] else missing, missing, f"skill_{skill}_{t}")
            if coverable[t]:
                model.add(sum(skill_cover[skill][t]) + short >= missing)
            skill_shortfall.append(short)
    return _Built(model, shifts, shortfall, skill_shortfall, nights, weekends, refused, used, coverable)


def _days_before(problem: RosterProblem, before: list[Assignment]) -> tuple[list[int], list[int]]:
    """Worked days and night days of the look-back (the previous roster's last days), oldest first."""
    span = max(problem.rules.max_consecutive_days, problem.rules.max_consecutive_nights)
    first_day = problem.starts_at.date()
    worked = [0] * span
    nights = [0] * span
    for item in before:
        back = (first_day - item.starts_at.date()).days
        if 1 <= back <= span:
            worked[span - back] = 1
            if item.is_night:
                nights[span - back] = 1
    return worked, nights


def _windows(model: cp_model.CpModel, series: list, offset: int, days: int, limit: int) -> None:
    """At most `limit` in any `limit + 1` consecutive days of `series` (look-back constants, then the horizon),
    for every window that reaches into the horizon."""
    for first in range(max(0, offset - limit), offset + days - limit):
        window = series[first : first + limit + 1]
        if any(not isinstance(item, int) for item in window):
            model.add(sum(window) <= limit)


def _look_back(
    model: cp_model.CpModel,
    problem: RosterProblem,
    before: list[Assignment],
    shifts: dict[tuple[int, int, int], cp_model.IntVar],
    a: int,
) -> None:
    """No shift of the horizon starts within the minimum rest after the agent's last shift of the previous roster."""
    if not before:
        return
    ends = max(item.ends_at for item in before)
    rest = timedelta(hours=problem.rules.min_rest_hours)
    for d in range(min(2, problem.days)):
        for s, template in enumerate(problem.templates):
            starts = problem.starts_at + timedelta(days=d, minutes=template.start_minute)
            if starts < ends + rest:
                model.add(shifts[a, d, s] == 0)


def _result(
    problem: RosterProblem,
    built: _Built,
    solver: cp_model.CpSolver,
    proven: bool,
    seconds: float,
    bound: int,
    weight: int,
) -> RosterResult:
    assignments = []
    for (a, d, s), variable in built.shifts.items():
        if solver.value(variable):
            template = problem.templates[s]
            starts_at = problem.starts_at + timedelta(days=d, minutes=template.start_minute)
            assignments.append(
                Assignment(
                    agent=problem.agents[a].key,
                    template=template.code,
                    starts_at=starts_at,
                    ends_at=starts_at + timedelta(minutes=template.minutes),
                    is_night=template.is_night,
                )
            )
    assignments.sort(key=lambda item: (item.starts_at, item.agent))
    by_interval = tuple(round(solver.value(v)) for v in built.shortfall)
    nights = [round(solver.value(n)) for n in built.nights] or [0]
    weekends = [round(solver.value(w)) for w in built.weekends] or [0]
    skill_shortfall = sum(round(solver.value(v)) for v in built.skill_shortfall)
    # The bound is on weight × skill shortfall + shortfall, and shortfall < weight: when the roster's skill
    # shortfall is the bound's (proven minimal), the rest of the bound is a lower bound on the shortfall.
    shortfall_bound = bound - weight * skill_shortfall if bound // weight == skill_shortfall else 0
    return RosterResult(
        status="optimal" if proven else "feasible",
        shortfall=sum(by_interval),
        shortfall_by_interval=by_interval,
        skill_shortfall=skill_shortfall,
        assignments=tuple(assignments),
        is_proven=proven,
        wall_seconds=seconds,
        night_spread=max(nights) - min(nights),
        weekend_spread=max(weekends) - min(weekends),
        requests_refused=sum(round(solver.value(r)) for r in built.refused),
        lower_bound=max(0, shortfall_bound),
    )
