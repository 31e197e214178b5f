"""Demand → requirement (Erlang) → roster (CP-SAT) → rule check → simulation (SimPy), as one plain-data pipeline."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any

from lianxin.domain.errors import DomainError
from lianxin.domain.staffing import Interval, Target, requirements

from .check import check_roster, recount_shortfall
from .demand import Demand, DemandInvalid
from .model import (
    DEFAULT_TEMPLATES,
    SUPERVISOR,
    Assignment,
    LabourRules,
    RosterAgent,
    RosterProblem,
    RosterResult,
    ShiftTemplate,
    design_templates,
)
from .simulation import SimulationReport, simulate_roster
from .solver import DEFAULT_WORKERS, headcount_needed, plan_roster
from .timeline import coverable_intervals


@dataclass(frozen=True, slots=True)
class PlanOptions:
    weeks: int = 1
    aht_seconds: float = 300.0
    target: float = 0.8
    within_seconds: float = 20.0
    patience_seconds: float | None = None
    shrinkage: float = 0.0
    calls_factor: float = 1.0
    special_period: bool = False
    time_limit_seconds: float = 60.0
    workers: int = DEFAULT_WORKERS
    replications: int = 5
    headcount: bool = True  # when short, also solve for the headcount that would meet the requirement
    shift_design: bool = False  # choose the start times on the rules' grid instead of the templates


def synthetic_agents(count: int, supervisors: int = 0) -> tuple[RosterAgent, ...]:
    """Agents 坐席01… when only a number is given; the first `supervisors` of them are 值班长."""
    return tuple(
        RosterAgent(
            key=f"A{i + 1:03d}",
            name=f"{'值班长' if i < supervisors else '坐席'}{i + 1:02d}",
            skills=frozenset({SUPERVISOR}) if i < supervisors else frozenset(),
        )
        for i in range(count)
    )


def requirement_for(demand: Demand, options: PlanOptions, intervals: int) -> tuple[int, ...]:
    seconds = demand.interval_minutes * 60
    calls = [volume * options.calls_factor for volume in demand.calls[:intervals]]
    target = Target(options.target, options.within_seconds, shrinkage=options.shrinkage)
    return tuple(
        requirements(
            [Interval(volume, seconds, options.aht_seconds, options.patience_seconds) for volume in calls],
            target,
        )
    )


def plan_from_demand(
    demand: Demand,
    *,
    agents: tuple[RosterAgent, ...],
    options: PlanOptions,
    rules: LabourRules,
    templates: tuple[ShiftTemplate, ...] = DEFAULT_TEMPLATES,
    carry_in: tuple[Assignment, ...] = (),
) -> dict[str, Any]:
    """Plan `options.weeks` weeks from the demand's first interval; the JSON-ready answer of `roster plan`.

    `carry_in`: the previous roster's last shifts (its night covers the first morning; rest and days-in-a-row
    look back into it). Without it the first night is counted as shortfall."""
    days = options.weeks * 7
    intervals = days * 1440 // demand.interval_minutes
    if len(demand.calls) < intervals:
        raise DemandInvalid(
            f"来电量文件只有 {len(demand.calls)} 个时段，排 {options.weeks} 周需要 {intervals} 个。"
        )
    requirement = requirement_for(demand, options, intervals)
    problem = RosterProblem(
        starts_at=demand.starts_at,
        days=days,
        requirement=requirement,
        agents=agents,
        templates=templates,
        rules=rules,
        interval_minutes=demand.interval_minutes,
        special_period=options.special_period,
        shift_design=options.shift_design,
        carry_in=carry_in,
    )
    result = plan_roster(problem, time_limit_seconds=options.time_limit_seconds, workers=options.workers)
    violations = check_roster(
        result.assignments,
        agents=agents,
        rules=rules,
        starts_on=demand.starts_at.date(),
        days=days,
        special_period=options.special_period,
        carry_in=carry_in,
    )
    recount = recount_shortfall(
        result.assignments,
        requirement=requirement,
        starts_at=demand.starts_at,
        interval_minutes=demand.interval_minutes,
        carry_in=carry_in,
    )
    reachable = coverable_intervals(replace(problem, templates=_used_templates(problem, result)))
    unreachable = sum(
        short for short, ok in zip(result.shortfall_by_interval, reachable, strict=True) if not ok
    )
    step = timedelta(minutes=demand.interval_minutes)
    payload: dict[str, Any] = {
        "status": result.status,
        "is_proven": result.is_proven,
        "solve_seconds": result.wall_seconds,
        "shortfall_settled_seconds": round(result.phase_one_seconds, 1),
        "agents": len(agents),
        "shifts_required_estimate": round(sum(requirement) * demand.interval_minutes / 480, 1),
        "shortfall": result.shortfall,
        # The same figure recounted from the assignments alone (planning/check.py); they must agree.
        "shortfall_recount": sum(recount),
        # Where no shift of this horizon can reach (the first night without a previous roster): no headcount helps.
        "shortfall_unreachable": unreachable,
        "shortfall_lower_bound": result.lower_bound,
        "shift_design": options.shift_design,
        "shift_types": sorted({item.template for item in result.assignments}),
        "carry_in_shifts": len(carry_in),
        "notes": list(result.notes),
        "shortfall_by_interval": [
            {"start": (demand.starts_at + step * t).isoformat(), "agents": short}
            for t, short in enumerate(result.shortfall_by_interval)
            if short
        ],
        "skill_shortfall": result.skill_shortfall,
        "night_spread": result.night_spread,
        "weekend_spread": result.weekend_spread,
        "violations": len(violations),
        "violation_details": [
            {"agent": v.agent, "rule": v.rule, "detail": v.detail} for v in violations[:50]
        ],
        "rules": rules.as_dict(),
        "assignments": [item.as_dict() for item in result.assignments],
    }
    if result.shortfall > unreachable and options.headcount:
        answer = headcount_needed(
            problem,
            shortfall=result.shortfall,
            time_limit_seconds=options.time_limit_seconds,
            workers=options.workers,
        )
        payload["headcount_needed"] = {
            "agents": answer.agents,
            "is_proven": answer.is_proven,
            "status": answer.status,
        }
    report = simulate_roster(
        result.assignments,
        starts_at=demand.starts_at,
        calls=[volume * options.calls_factor for volume in demand.calls[:intervals]],
        interval_minutes=demand.interval_minutes,
        aht_seconds=options.aht_seconds,
        within_seconds=options.within_seconds,
        patience_seconds=options.patience_seconds,
        replications=options.replications,
    )
    payload["simulation"] = simulation_payload(report, demand.interval_minutes)
    return payload


def _used_templates(problem: RosterProblem, result: RosterResult) -> tuple[ShiftTemplate, ...]:
    """The templates the plan could use: the given ones, or with shift design every start of the rules' grid."""
    return design_templates(problem.rules) if problem.shift_design else problem.templates


def simulation_payload(report: SimulationReport, interval_minutes: int) -> dict[str, Any]:
    return {
        "replications": report.replications,
        "service_level": report.service_level.as_dict(),
        "asa_seconds": report.asa_seconds.as_dict(),
        "abandon_rate": report.abandon_rate.as_dict(),
        "weeks": [{key: value.as_dict() for key, value in week.items()} for week in report.weeks],
        "intervals": [
            {
                "start": item.starts_at.isoformat(),
                "offered": round(item.offered, 2),
                "service_level": round(item.service_level, 4),
                "asa_seconds": round(item.asa_seconds, 2),
                "abandon_rate": round(item.abandon_rate, 4),
            }
            for item in report.intervals
        ],
    }


def assignments_from_json(document: dict[str, Any]) -> list[Assignment]:
    try:
        return [
            Assignment(
                agent=str(row["agent"]),
                template=str(row.get("template", "")),
                starts_at=datetime.fromisoformat(row["start"]).replace(tzinfo=None),
                ends_at=datetime.fromisoformat(row["end"]).replace(tzinfo=None),
                is_night=bool(row.get("night", False)),
            )
            for row in document["assignments"]
        ]
    except (KeyError, TypeError, ValueError) as error:
        raise RosterFileInvalid(f"排班文件格式不对（需要 assignments: agent, start, end）：{error}") from None


class RosterFileInvalid(DomainError):
    code = "invalid_roster"
