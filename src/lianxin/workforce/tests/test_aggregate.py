"""The aggregate covering bound: a true lower bound on the named roster, reached when the proof says so."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, time

import pytest
from ortools.sat.python import cp_model

from lianxin.workforce.planning.aggregate import aggregate_solve
from lianxin.workforce.planning.check import check_roster
from lianxin.workforce.planning.model import (
    SUPERVISOR,
    LabourRules,
    RosterAgent,
    RosterProblem,
    ShiftTemplate,
)
from lianxin.workforce.planning.solver import _build, _phase_one, _skill_weight, headcount_needed, plan_roster

MONDAY = datetime(2026, 3, 2)  # noqa: DTZ001 — naive local time
TEMPLATES = (
    ShiftTemplate("A", "早班", time(6, 0), 480),
    ShiftTemplate("B", "日班", time(10, 0), 480),
    ShiftTemplate("D", "晚班", time(14, 0), 480),
    ShiftTemplate("N", "夜班", time(22, 0), 480, is_night=True),
)


def _problem(count: int, *, day: int, night: int, supervisors: int = 0, **rules) -> RosterProblem:
    agents = tuple(
        RosterAgent(f"a{i}", f"坐席{i}", frozenset({SUPERVISOR}) if i < supervisors else frozenset())
        for i in range(count)
    )
    skill = {SUPERVISOR: 1} if supervisors else {}
    per_day = [night] * 12 + [day] * 8 + [day + 1] * 16 + [day] * 8 + [night] * 4
    return RosterProblem(
        MONDAY, 7, tuple(per_day * 7), agents, TEMPLATES, LabourRules(skill_minimums=skill, **rules)
    )


def _named_optimum(problem: RosterProblem) -> int:
    """Phase 1 of the full named model alone, solved to optimality (small cases only)."""
    built = _build(problem)
    built.model.minimize(_phase_one(built, problem))
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 8
    solver.parameters.max_time_in_seconds = 20
    assert solver.solve(built.model) == cp_model.OPTIMAL
    return round(solver.objective_value)


@pytest.mark.parametrize(
    ("count", "day", "night", "supervisors"),
    [(4, 2, 1, 0), (6, 3, 1, 2), (3, 1, 1, 1)],
)
def test_the_aggregate_bound_never_exceeds_the_named_optimum(count, day, night, supervisors):
    problem = _problem(count, day=day, night=night, supervisors=supervisors)
    answer = aggregate_solve(problem, skill_weight=_skill_weight(problem), time_limit_seconds=10, workers=8)
    assert answer.status == "optimal"
    assert answer.bound <= _named_optimum(problem)


def test_a_proven_roster_reaches_its_bound_and_keeps_every_rule():
    problem = _problem(5, day=3, night=1)
    result = plan_roster(problem, time_limit_seconds=4, workers=8)
    assert result.is_proven
    assert result.status == "optimal"
    assert result.shortfall > 0
    assert result.lower_bound == result.shortfall == _named_optimum(problem)
    violations = check_roster(
        result.assignments, agents=problem.agents, rules=problem.rules, starts_on=MONDAY.date(), days=7
    )
    assert violations == []


def test_the_rest_rule_tightens_the_bound():
    # One agent, round-the-clock demand: with a 12-hour rest a night shift forbids the next day's day shifts.
    strict = _problem(1, day=1, night=1)
    loose = replace(strict, rules=replace(strict.rules, min_rest_hours=0))
    weight = _skill_weight(strict)
    assert (
        aggregate_solve(strict, skill_weight=weight, time_limit_seconds=5, workers=8).bound
        >= aggregate_solve(loose, skill_weight=weight, time_limit_seconds=5, workers=8).bound
    )
    assert aggregate_solve(
        strict, skill_weight=weight, time_limit_seconds=5, workers=8
    ).bound == _named_optimum(strict)


def test_contradictory_rules_are_reported_infeasible_with_proof():
    problem = _problem(3, day=1, night=1, min_days_per_week=5, max_days_per_week=4)
    result = plan_roster(problem, time_limit_seconds=4, workers=8)
    assert result.status == "infeasible"
    assert result.is_proven
    assert result.assignments == ()


def test_a_proven_headcount_is_the_least_that_meets_the_requirement():
    problem = _problem(4, day=2, night=1)
    answer = headcount_needed(problem, shortfall=40, time_limit_seconds=6, workers=8)
    assert answer.is_proven
    assert answer.agents > 4
    # The first night (00:00–06:00 of day 1) has no previous roster and no shift of the horizon reaches it: it
    # stays short whatever the headcount, and the headcount is what covers everything else.
    unreachable = sum(problem.requirement[:12])
    fewer = replace(problem, agents=tuple(RosterAgent(f"b{i}", f"坐席{i}") for i in range(answer.agents - 1)))
    assert _named_optimum(fewer) > unreachable
    enough = replace(problem, agents=tuple(RosterAgent(f"b{i}", f"坐席{i}") for i in range(answer.agents)))
    assert _named_optimum(enough) == unreachable
