"""The aggregate covering problem: how many agents work each shift template on each day, with no names.

Every named roster gives such counts, and every labour rule implies a constraint on them (one shift a day → at
most the agents present that day; 5 days a week → the weekly total is between the agents' floors and caps; the
12-hour rest → for templates S1 on day d and S2 on day d+1 that pairwise clash, at most one shift per agent among
them, so count(d, S1) + count(d+1, S2) ≤ agents; and so on). Its optimum is therefore a PROVEN LOWER BOUND on the
named roster's shortfall, and it solves in well under a second for 4 weeks, where the named model needs minutes
to close its own bound. `solver.plan_roster` then asks the named model for a roster with exactly these counts: if
one exists, its shortfall equals the bound and is proven minimal.

The same relaxation with a variable number of extra anonymous agents gives a lower bound on the headcount needed.
"""

from __future__ import annotations

from dataclasses import dataclass

from ortools.sat.python import cp_model

from .model import RosterProblem
from .timeline import carried_coverage, coverable_intervals, covering, rest_thresholds

_OK = (cp_model.OPTIMAL, cp_model.FEASIBLE)


@dataclass(frozen=True, slots=True)
class AggregateAnswer:
    """`bound`: a proven lower bound on the objective (weighted skill shortfall + shortfall, or the headcount
    objective); `counts[d, s]`: agents on template s on day d in the best aggregate solution (None if none);
    `extra`: extra agents used (headcount mode)."""

    status: str
    bound: int
    objective: int | None
    counts: dict[tuple[int, int], int] | None
    extra: int = 0


def aggregate_solve(
    problem: RosterProblem,
    *,
    skill_weight: int,
    time_limit_seconds: float,
    workers: int,
    extra_pool: int = 0,
    max_types: int | None = None,
) -> AggregateAnswer:
    """Minimise `skill_weight × skill shortfall + shortfall` over per-day template counts (extra_pool = 0), or,
    with `extra_pool` > 0, `skill_weight × skill shortfall + extra agents` with no shortfall allowed (except where
    no shift of the horizon can reach). `max_types`: at most that many templates used over the horizon (shift
    design chooses them among the grid's candidates)."""
    model = cp_model.CpModel()
    extra: cp_model.IntVar | int = model.new_int_var(0, extra_pool, "extra") if extra_pool else 0
    counts = _constrain(model, problem, problem.agents, extra, extra_pool)
    if max_types is not None and max_types < len(problem.templates):
        top = len(problem.agents) + extra_pool
        used = [model.new_bool_var(f"type{s}") for s in range(len(problem.templates))]
        for (_, s), variable in counts.items():
            model.add(variable <= top * used[s])
        model.add(sum(used) <= max_types)
    skill_terms = []
    for skill in problem.rules.skill_minimums:
        skilled = tuple(agent for agent in problem.agents if skill in agent.skills)
        skill_counts = _constrain(model, problem, skilled, 0)
        for key, variable in skill_counts.items():
            model.add(variable <= counts[key])
        skill_terms.extend(_skill_shortfall(model, problem, skill, skill_counts))
    shortfall = _shortfall(model, problem, counts, allow=not extra_pool)
    model.minimize(skill_weight * sum(skill_terms) + (extra if extra_pool else sum(shortfall)))
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(0.1, time_limit_seconds)
    solver.parameters.num_workers = workers
    status = solver.solve(model)
    if status not in _OK:
        return AggregateAnswer(solver.status_name(status).lower(), 0, None, None)
    return AggregateAnswer(
        status=solver.status_name(status).lower(),
        bound=round(solver.best_objective_bound),
        objective=round(solver.objective_value),
        counts={key: round(solver.value(variable)) for key, variable in counts.items()},
        extra=round(solver.value(extra)) if extra_pool else 0,
    )


def coverage_terms(problem: RosterProblem) -> list[list[tuple[int, int]]]:
    """For each interval, the (day, template) pairs whose shift covers it."""
    cover: list[list[tuple[int, int]]] = [[] for _ in range(problem.intervals)]
    for d in range(problem.days):
        for s, template in enumerate(problem.templates):
            for t in covering(problem, d, template.start_minute, template.minutes):
                cover[t].append((d, s))
    return cover


def _shortfall(
    model: cp_model.CpModel,
    problem: RosterProblem,
    counts: dict[tuple[int, int], cp_model.IntVar],
    *,
    allow: bool,
) -> list[cp_model.IntVar]:
    coverable = coverable_intervals(problem)
    carried = carried_coverage(problem)
    shortfall = []
    for t, (needed, pairs) in enumerate(zip(problem.requirement, coverage_terms(problem), strict=True)):
        if needed - carried[t] <= 0:
            continue
        # An interval no shift of the horizon reaches is short by what the previous roster leaves uncovered.
        short = model.new_int_var(0, needed if allow or not coverable[t] else 0, "")
        model.add(sum(counts[pair] for pair in pairs) + carried[t] + short >= needed)
        shortfall.append(short)
    return shortfall


def _skill_shortfall(
    model: cp_model.CpModel,
    problem: RosterProblem,
    skill: str,
    counts: dict[tuple[int, int], cp_model.IntVar],
) -> list[cp_model.IntVar]:
    minimum = problem.rules.skill_minimums[skill]
    carried = carried_coverage(problem, skill)
    terms = []
    for t, pairs in enumerate(coverage_terms(problem)):
        if problem.requirement[t] <= 0 or carried[t] >= minimum:
            continue
        short = model.new_int_var(0, minimum, "")
        model.add(sum(counts[pair] for pair in pairs) + carried[t] + short >= minimum)
        terms.append(short)
    return terms


def _constrain(
    model: cp_model.CpModel,
    problem: RosterProblem,
    agents: tuple,
    extra: cp_model.IntVar | int,
    extra_top: int = 0,
) -> dict[tuple[int, int], cp_model.IntVar]:
    """Count variables for `agents` (+ `extra` anonymous agents without leave) and every rule's aggregate form."""
    rules = problem.rules
    templates = problem.templates
    days = range(problem.days)
    headcount = len(agents) + extra
    top = len(agents) + extra_top
    leave = [frozenset() if problem.special_period else agent.leave for agent in agents]
    counts = {(d, s): model.new_int_var(0, top, f"n{d}_{s}") for d in days for s in range(len(templates))}
    works = [sum(counts[d, s] for s in range(len(templates))) for d in days]
    nights = [sum(counts[d, s] for s, t in enumerate(templates) if t.is_night) for d in days]
    for d in days:
        present = sum(1 for off in leave if problem.day(d) not in off)
        model.add(works[d] <= present + extra)
    for week_start in range(0, problem.days, 7):
        week = range(week_start, min(week_start + 7, problem.days))
        full_week = len(week) == 7
        cap = floor = 0
        for off in leave:
            leave_days = sum(1 for d in week if problem.day(d) in off)
            cap += max(0, rules.max_days_per_week - leave_days)
            floor += max(0, (rules.min_days_per_week if full_week else 0) - leave_days)
        worked = sum(works[d] for d in week)
        model.add(worked <= cap + rules.max_days_per_week * extra)
        model.add(worked >= floor + (rules.min_days_per_week if full_week else 0) * extra)
        minutes = sum(counts[d, s] * t.minutes for d in week for s, t in enumerate(templates))
        model.add(minutes <= rules.max_hours_per_week * 60 * headcount)
        model.add(sum(nights[d] for d in week) <= rules.max_nights_per_week * headcount)
    # 12-hour rest: an agent works at most one shift among clashing templates S1 on day d and S2 on day d+k.
    for offset, earlier, later in rest_thresholds(problem):
        for d in range(problem.days - offset):
            model.add(
                sum(counts[d, s] for s in earlier) + sum(counts[d + offset, x] for x in later) <= headcount
            )
    k = rules.max_consecutive_days
    for first in range(problem.days - k):
        model.add(sum(works[first : first + k + 1]) <= k * headcount)
    k = rules.max_consecutive_nights
    for first in range(problem.days - k):
        model.add(sum(nights[first : first + k + 1]) <= k * headcount)
    return counts
