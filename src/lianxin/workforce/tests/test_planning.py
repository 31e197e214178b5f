"""The CP-SAT roster on small, time-limited cases, checked by the independent rule checker."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, time, timedelta

import pytest

from lianxin.workforce.planning.check import check_roster, coverage, recount_shortfall
from lianxin.workforce.planning.model import (
    SUPERVISOR,
    Assignment,
    LabourRules,
    RosterAgent,
    RosterProblem,
    ShiftTemplate,
)
from lianxin.workforce.planning.solver import headcount_needed, plan_roster
from lianxin.workforce.planning.timeline import coverable_intervals

MONDAY = datetime(2026, 3, 2)  # noqa: DTZ001 — rosters run on naive local time (Asia/Shanghai, no DST)
TEMPLATES = (
    ShiftTemplate("A", "早班", time(6, 0), 480),
    ShiftTemplate("D", "晚班", time(14, 0), 480),
    ShiftTemplate("N", "夜班", time(22, 0), 480, is_night=True),
)


def _requirement(days: int, day: int, night: int) -> tuple[int, ...]:
    per_day = [night] * 12 + [day] * 32 + [night] * 4
    return tuple(per_day * days)


def _agents(count: int, supervisors: int = 0) -> tuple[RosterAgent, ...]:
    return tuple(
        RosterAgent(
            key=f"a{i:02d}",
            name=f"坐席{i:02d}",
            skills=frozenset({SUPERVISOR}) if i < supervisors else frozenset(),
        )
        for i in range(count)
    )


def _problem(agents, requirement, **kwargs) -> RosterProblem:
    rules = kwargs.pop("rules", LabourRules(skill_minimums={}))
    return RosterProblem(MONDAY, 7, requirement, agents, TEMPLATES, rules, **kwargs)


def _check(problem, result):
    return check_roster(
        result.assignments,
        agents=problem.agents,
        rules=problem.rules,
        starts_on=MONDAY.date(),
        days=problem.days,
    )


def _uncovered(problem, result) -> int:
    """The shortfall recounted from the assignments alone (and the previous roster's shifts), every interval."""
    return sum(
        recount_shortfall(
            result.assignments,
            requirement=problem.requirement,
            starts_at=MONDAY,
            interval_minutes=30,
            carry_in=problem.carry_in,
        )
    )


def _night_before(agent: str) -> Assignment:
    """The previous roster's Sunday night shift (22:00–06:00): it covers the first morning of this horizon."""
    starts = MONDAY - timedelta(hours=2)
    return Assignment(agent, "N", starts, starts + timedelta(hours=8), is_night=True)


def test_enough_agents_give_a_legal_roster_without_shortfall():
    problem = _problem(_agents(12), _requirement(7, day=3, night=1), carry_in=(_night_before("a00"),))
    result = plan_roster(problem, time_limit_seconds=10, workers=8)
    assert result.status in {"optimal", "feasible"}
    assert _check(problem, result) == []
    assert result.shortfall == _uncovered(problem, result) == 0
    # Night shifts cross midnight: a 22:00 start ends at 06:00 the next day.
    night = next(item for item in result.assignments if item.template == "N")
    assert night.ends_at - night.starts_at == timedelta(hours=8)
    assert night.ends_at.date() == night.starts_at.date() + timedelta(days=1)
    # Every agent works exactly five days (5 working days a week).
    worked = {}
    for item in result.assignments:
        worked[item.agent] = worked.get(item.agent, 0) + 1
    assert set(worked.values()) == {5}


def test_too_few_agents_report_the_shortfall_and_the_headcount():
    problem = _problem(_agents(5), _requirement(7, day=3, night=1))
    result = plan_roster(problem, time_limit_seconds=10, workers=8)
    assert _check(problem, result) == []
    assert result.shortfall > 0
    # The solver's shortfall is what the assignments leave uncovered (the first night belongs to the last roster).
    assert result.shortfall == _uncovered(problem, result)
    assert result.shortfall == sum(result.shortfall_by_interval)
    answer = headcount_needed(problem, shortfall=result.shortfall, time_limit_seconds=10, workers=8)
    assert answer.agents > 5
    widened = plan_roster(replace(problem, agents=_agents(answer.agents)), time_limit_seconds=10, workers=8)
    # Only the first night is left: no previous roster, and no shift of this horizon reaches it.
    assert _uncovered(problem, widened) == widened.shortfall == sum(problem.requirement[:12])


def test_leave_is_kept_and_cancelled_in_a_special_period():
    leave = frozenset({date(2026, 3, 3), date(2026, 3, 4)})
    agents = tuple(replace(agent, leave=leave) if agent.key == "a00" else agent for agent in _agents(8))
    problem = _problem(agents, _requirement(7, day=2, night=1))
    result = plan_roster(problem, time_limit_seconds=10, workers=8)
    assert _check(problem, result) == []
    days_of_a00 = {item.starts_at.date() for item in result.assignments if item.agent == "a00"}
    assert not days_of_a00 & leave
    assert len(days_of_a00) == 3  # five days less the two days of leave

    busy = _problem(
        agents,
        _requirement(7, day=7, night=2),
        special_period=True,
        rules=LabourRules(min_days_per_week=0, max_days_per_week=6, max_hours_per_week=48, skill_minimums={}),
    )
    special = plan_roster(busy, time_limit_seconds=10, workers=8)
    assert {item.starts_at.date() for item in special.assignments if item.agent == "a00"} & leave


def test_a_supervisor_on_every_interval_when_there_are_enough():
    rules = LabourRules(skill_minimums={SUPERVISOR: 1})
    # The previous roster's night is a supervisor's (a00): the first morning has one too.
    problem = _problem(
        _agents(12, supervisors=5),
        _requirement(7, day=3, night=1),
        rules=rules,
        carry_in=(_night_before("a00"),),
    )
    result = plan_roster(problem, time_limit_seconds=10, workers=8)
    assert _check(problem, result) == []
    supervisors = [item for item in result.assignments if item.agent < "a05"]
    on_duty = coverage(supervisors, starts_at=MONDAY, intervals=problem.intervals, interval_minutes=30)
    coverable = coverable_intervals(problem)
    assert all(count >= 1 for count, ok in zip(on_duty, coverable, strict=True) if ok)
    assert result.skill_shortfall == 0


def test_checker_finds_each_breach():
    rules = LabourRules(max_consecutive_days=2, max_nights_per_week=1, skill_minimums={})
    agent = RosterAgent("a", "甲", leave=frozenset({date(2026, 3, 5)}))

    def shift(day: int, hour: int, hours: int = 8, night: bool = False) -> Assignment:
        start = MONDAY + timedelta(days=day, hours=hour)
        return Assignment("a", "X", start, start + timedelta(hours=hours), night)

    roster = [shift(0, 14), shift(1, 7), shift(2, 22, 9, True), shift(3, 22, 9, True), shift(4, 8)]
    found = {
        v.rule for v in check_roster(roster, agents=(agent,), rules=rules, starts_on=MONDAY.date(), days=7)
    }
    # 14:00–22:00 then 07:00 (9 h rest); a shift on the day of leave; five days in a row against a limit of
    # two; two nights against one; 42 hours; five days in a week with a day of leave (at most four).
    assert found == {
        "min_rest",
        "leave",
        "consecutive_days",
        "nights_per_week",
        "hours_per_week",
        "days_per_week",
    }
    assert check_roster([], agents=(agent,), rules=rules, starts_on=MONDAY.date(), days=7) == []


@pytest.mark.parametrize("hours", [9, 11])
def test_rest_rule_is_data(hours):
    """Night 22:00–06:00 then 14:00 leaves 8 h: the rest rule, whatever its value, holds in the answer."""
    problem = _problem(
        _agents(10),
        _requirement(7, day=3, night=1),
        rules=LabourRules(min_rest_hours=hours, skill_minimums={}),
    )
    result = plan_roster(problem, time_limit_seconds=10, workers=8)
    assert _check(problem, result) == []


def test_the_first_night_is_shortfall_without_a_previous_roster():
    problem = _problem(_agents(12), _requirement(7, day=3, night=1))
    result = plan_roster(problem, time_limit_seconds=10, workers=2)
    assert result.shortfall_by_interval[:12] == (1,) * 12
    assert result.shortfall == _uncovered(problem, result) == 12


def test_rest_and_days_in_a_row_look_back_into_the_previous_roster():
    # a00 worked Tuesday to Saturday and the Sunday night: Monday would be a seventh day in a row, and a Monday
    # shift before 18:00 would break the 12-hour rest after the night that ends at 06:00.
    days = [MONDAY - timedelta(days=k) + timedelta(hours=8) for k in range(2, 7)]
    before = (*(Assignment("a00", "A", s, s + timedelta(hours=8)) for s in days), _night_before("a00"))
    problem = _problem(_agents(12), _requirement(7, day=3, night=1), carry_in=before)
    result = plan_roster(problem, time_limit_seconds=10, workers=2)
    assert not [a for a in result.assignments if a.agent == "a00" and a.starts_at.date() == MONDAY.date()]
    violations = check_roster(
        result.assignments,
        agents=problem.agents,
        rules=problem.rules,
        starts_on=MONDAY.date(),
        days=7,
        carry_in=before,
    )
    assert violations == []
    assert result.shortfall == _uncovered(problem, result)
    # The checker looks back too: a Monday 08:00 shift after that week breaks both rules.
    monday = Assignment("a00", "A", MONDAY + timedelta(hours=8), MONDAY + timedelta(hours=16))
    found = check_roster(
        [monday], agents=problem.agents, rules=problem.rules, starts_on=MONDAY.date(), days=7, carry_in=before
    )
    assert {v.rule for v in found} >= {"min_rest", "consecutive_days"}


def _peaky(days: int) -> tuple[int, ...]:
    """One agent all day and night, four from 10:00 to 18:00: no fixed template (06/14/22) fits the peak."""
    per_day = [1] * 20 + [4] * 16 + [1] * 12
    return tuple(per_day * days)


def test_shift_design_covers_a_peak_the_fixed_templates_cannot():
    # A coarse grid (every two hours from 06:00 to 22:00) keeps the design step small on a busy machine.
    rules = LabourRules(
        skill_minimums={},
        design_max_shift_types=4,
        design_earliest_start=6 * 60,
        design_latest_start=22 * 60,
        design_step_minutes=120,
    )
    fixed = _problem(_agents(9), _peaky(7), rules=rules, carry_in=(_night_before("a00"),))
    designed = replace(fixed, shift_design=True)
    with_templates = plan_roster(fixed, time_limit_seconds=10, workers=2)
    with_design = plan_roster(designed, time_limit_seconds=30, workers=2)
    assert with_templates.shortfall > 0
    assert with_design.shortfall == 0
    for problem, result in ((fixed, with_templates), (designed, with_design)):
        assert result.shortfall == _uncovered(problem, result)
        assert _check(problem, result) == []
    starts = {a.starts_at.time() for a in with_design.assignments}
    assert len(starts) <= 4
    assert all(t.minute == 0 and t.hour % 2 == 0 and 6 <= t.hour <= 22 for t in starts)
    assert all(a.ends_at - a.starts_at == timedelta(hours=8) for a in with_design.assignments)
