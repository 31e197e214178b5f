"""An independent check of a roster against the labour rules, from the assignments alone (not the solver's model).

The solver's answer is trusted only after this check finds nothing; the bench reports its count as "violations".
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from .model import Assignment, LabourRules, RosterAgent


@dataclass(frozen=True, slots=True)
class Violation:
    agent: str
    rule: str
    detail: str


def check_roster(
    assignments: tuple[Assignment, ...] | list[Assignment],
    *,
    agents: tuple[RosterAgent, ...],
    rules: LabourRules,
    starts_on: date,
    days: int,
    special_period: bool = False,
    carry_in: tuple[Assignment, ...] | list[Assignment] = (),
) -> list[Violation]:
    """Every labour-rule breach in `assignments` over the horizon of `days` days from `starts_on` (a Monday).

    `carry_in`: the previous roster's shifts; the rest and days-in-a-row rules look back into them (a breach is
    reported when it involves a shift of this horizon)."""
    by_agent: dict[str, list[Assignment]] = defaultdict(list)
    for item in assignments:
        by_agent[item.agent].append(item)
    before: dict[str, list[Assignment]] = defaultdict(list)
    for item in carry_in:
        if item.starts_at.date() < starts_on:
            before[item.agent].append(item)
    violations: list[Violation] = []
    known = {agent.key: agent for agent in agents}
    for key, shifts in by_agent.items():
        shifts.sort(key=lambda item: item.starts_at)
        agent = known.get(key)
        if agent is None:
            violations.append(Violation(key, "unknown_agent", "排班中出现未登记的坐席"))
            continue
        earlier = sorted(before.get(key, []), key=lambda item: item.starts_at)
        violations.extend(_check_agent(agent, shifts, rules, starts_on, days, special_period, earlier))
    return violations


def recount_shortfall(
    assignments: tuple[Assignment, ...] | list[Assignment],
    *,
    requirement: tuple[int, ...] | list[int],
    starts_at: datetime,
    interval_minutes: int,
    carry_in: tuple[Assignment, ...] | list[Assignment] = (),
) -> list[int]:
    """Agents missing in each interval, recounted from the assignments alone (and the previous roster's shifts
    that reach into the horizon): every interval counts, the first night included."""
    on_duty = coverage(
        [*assignments, *carry_in],
        starts_at=starts_at,
        intervals=len(requirement),
        interval_minutes=interval_minutes,
    )
    return [max(0, needed - present) for needed, present in zip(requirement, on_duty, strict=True)]


def _check_agent(
    agent: RosterAgent,
    shifts: list[Assignment],
    rules: LabourRules,
    starts_on: date,
    days: int,
    special_period: bool,
    before: list[Assignment],
) -> list[Violation]:
    found: list[Violation] = []
    key = agent.key
    for earlier, later in itertools.pairwise([*before[-1:], *shifts]):
        rest = later.starts_at - earlier.ends_at
        if rest < timedelta(hours=rules.min_rest_hours):
            found.append(Violation(key, "min_rest", f"{earlier.ends_at:%m-%d %H:%M} 下班后仅休息 {rest}"))
    worked_days: dict[date, int] = defaultdict(int)
    for shift in shifts:
        worked_days[shift.starts_at.date()] += 1
        if not special_period and shift.starts_at.date() in agent.leave:
            found.append(Violation(key, "leave", f"{shift.starts_at:%m-%d} 休假日被排班"))
    found.extend(
        Violation(key, "one_shift_a_day", f"{day:%m-%d} 排了 {count} 个班")
        for day, count in worked_days.items()
        if count > 1
    )
    for week_start in range(0, days, 7):
        week = [starts_on + timedelta(days=d) for d in range(week_start, min(week_start + 7, days))]
        in_week = [s for s in shifts if s.starts_at.date() in week]
        worked = len({s.starts_at.date() for s in in_week})
        leave_days = 0 if special_period else sum(1 for day in week if day in agent.leave)
        minimum = rules.min_days_per_week - leave_days if len(week) == 7 else 0
        if worked > rules.max_days_per_week - leave_days or worked < minimum:
            found.append(Violation(key, "days_per_week", f"{week[0]:%m-%d} 起一周工作 {worked} 天"))
        minutes = sum((s.ends_at - s.starts_at) // timedelta(minutes=1) for s in in_week)
        if minutes > rules.max_hours_per_week * 60:
            found.append(
                Violation(key, "hours_per_week", f"{week[0]:%m-%d} 起一周工作 {minutes / 60:g} 小时")
            )
        nights = sum(1 for s in in_week if s.is_night)
        if nights > rules.max_nights_per_week:
            found.append(Violation(key, "nights_per_week", f"{week[0]:%m-%d} 起一周 {nights} 个夜班"))
    days_before = {s.starts_at.date() for s in before}
    run_days = sorted(days_before | set(worked_days))
    found.extend(_runs(key, run_days, rules.max_consecutive_days, "consecutive_days", "连续工作", starts_on))
    night_days = sorted({s.starts_at.date() for s in [*before, *shifts] if s.is_night})
    found.extend(
        _runs(key, night_days, rules.max_consecutive_nights, "consecutive_nights", "连续夜班", starts_on)
    )
    return found


def _runs(key: str, days: list[date], limit: int, rule: str, label: str, starts_on: date) -> list[Violation]:
    """One breach per run longer than `limit` days that reaches into the horizon (days before `starts_on` are
    the previous roster's: they count towards the run but are not reported on their own)."""
    found = []
    run = 0
    previous: date | None = None
    reported = False
    for day in days:
        if previous is not None and day - previous == timedelta(days=1):
            run += 1
        else:
            run, reported = 1, False
        previous = day
        if run > limit and day >= starts_on and not reported:
            found.append(Violation(key, rule, f"{label}超过 {limit} 天（至 {day:%m-%d}）"))
            reported = True
    return found


def coverage(
    assignments: tuple[Assignment, ...] | list[Assignment],
    *,
    starts_at: datetime,
    intervals: int,
    interval_minutes: int,
) -> list[int]:
    """Agents on duty in each interval, from the assignments."""
    on_duty = [0] * intervals
    step = timedelta(minutes=interval_minutes)
    for item in assignments:
        first = max(0, (item.starts_at - starts_at) // step)
        last = min(intervals, -((starts_at - item.ends_at) // step))
        for t in range(first, last):
            on_duty[t] += 1
    return on_duty
