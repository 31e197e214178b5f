"""Which half hours a shift covers and which shift pairs break the rest rule: shared by the named model
(`solver.py`) and the aggregate bound (`aggregate.py`), so both read the rules the same way."""

from __future__ import annotations

import math
from collections.abc import Iterable

from .model import RosterProblem


def covering(problem: RosterProblem, day: int, start_minute: int, minutes: int) -> range:
    """The intervals a shift starting `start_minute` after midnight of `day` covers (clipped to the horizon)."""
    first = (day * 1440 + start_minute) // problem.interval_minutes
    last = min(problem.intervals, math.ceil((day * 1440 + start_minute + minutes) / problem.interval_minutes))
    return range(first, last)


def coverable_intervals(problem: RosterProblem) -> list[bool]:
    """Whether any shift of the horizon can cover each interval (the first morning before the first shift
    starts is covered by the previous roster's night shift, not by this one)."""
    coverable = [False] * problem.intervals
    for d in range(problem.days):
        for template in problem.templates:
            for t in covering(problem, d, template.start_minute, template.minutes):
                coverable[t] = True
    return coverable


def rest_conflicts(problem: RosterProblem) -> Iterable[tuple[int, int, int, int]]:
    """(day, template, template, day offset) pairs closer than the minimum rest (one shift a day already holds)."""
    rest = problem.rules.min_rest_hours * 60
    for offset in (1, 2):
        for s1, first in enumerate(problem.templates):
            ends = first.start_minute + first.minutes
            for s2, second in enumerate(problem.templates):
                if offset * 1440 + second.start_minute - ends < rest:
                    for d in range(problem.days - offset):
                        yield d, s1, s2, offset


def carried_coverage(problem: RosterProblem, skill: str | None = None) -> list[int]:
    """Agents on duty in each interval from the previous roster's shifts (`problem.carry_in`), optionally only
    those with `skill`."""
    on_duty = [0] * problem.intervals
    step = problem.interval_minutes
    skilled = {agent.key for agent in problem.agents if skill is None or skill in agent.skills}
    for item in problem.carry_in:
        if item.agent not in skilled:
            continue
        first = max(0, math.floor((item.starts_at - problem.starts_at).total_seconds() / 60 / step))
        last = min(
            problem.intervals, math.ceil((item.ends_at - problem.starts_at).total_seconds() / 60 / step)
        )
        for t in range(first, last):
            on_duty[t] += 1
    return on_duty


def rest_thresholds(problem: RosterProblem) -> Iterable[tuple[int, list[int], list[int]]]:
    """The rest rule as threshold cuts: for a day offset k and a shift end τ, every template ending at or after τ
    on day d clashes with every template starting on day d+k before τ + rest. An agent works at most one of them,
    which says the same as all the pairwise clashes (the clash relation is a threshold on end and start), in
    O(templates) constraints instead of O(templates²) pairs or O(2^templates) sets."""
    rest = problem.rules.min_rest_hours * 60
    templates = problem.templates
    for offset in (1, 2):
        for tau in sorted({t.start_minute + t.minutes for t in templates}):
            earlier = [s for s, t in enumerate(templates) if t.start_minute + t.minutes >= tau]
            later = [s for s, t in enumerate(templates) if offset * 1440 + t.start_minute - tau < rest]
            if earlier and later:
                yield offset, earlier, later
