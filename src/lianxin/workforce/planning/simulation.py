"""A SimPy replay of a roster against Poisson arrivals drawn from the demand, with callers who hang up.

Each agent answers calls only inside their shifts (a call in progress at the end of a shift is finished);
calls queue first come, first served; a caller hangs up after an exponential patience. Service times are
exponential with mean AHT. Figures are per arrival interval and per week, averaged over independent replications
with a 95 % confidence interval (Student's t over replications).
"""

from __future__ import annotations

import math
import random
from collections import deque
from dataclasses import dataclass
from datetime import datetime, timedelta
from statistics import mean, stdev

import simpy

from .model import Assignment

# Student's t, two-sided 95 %, by degrees of freedom (1–30); normal beyond.
_T95 = (
    12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.160, 2.145, 2.131,
    2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042,
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Estimate:
    mean: float
    low: float
    high: float

    def as_dict(self) -> dict[str, float]:
        return {"mean": self.mean, "low": self.low, "high": self.high}


@dataclass(frozen=True, slots=True)
class IntervalFigures:
    starts_at: datetime
    offered: float
    service_level: float
    asa_seconds: float
    abandon_rate: float


@dataclass(frozen=True, slots=True)
class SimulationReport:
    service_level: Estimate
    asa_seconds: Estimate
    abandon_rate: Estimate
    weeks: tuple[dict[str, Estimate], ...]
    intervals: tuple[IntervalFigures, ...]
    replications: int


def confidence(values: list[float]) -> Estimate:
    centre = mean(values)
    if len(values) < 2:
        return Estimate(centre, centre, centre)
    t = _T95[len(values) - 2] if len(values) - 1 <= len(_T95) else 1.96
    half = t * stdev(values) / math.sqrt(len(values))
    return Estimate(centre, centre - half, centre + half)


def simulate_roster(
    assignments: list[Assignment] | tuple[Assignment, ...],
    *,
    starts_at: datetime,
    calls: list[float],
    interval_minutes: int = 30,
    aht_seconds: float,
    within_seconds: float = 20.0,
    patience_seconds: float | None = None,
    replications: int = 10,
    seed: int = 12315,
    warmup_seconds: float = 0.0,
) -> SimulationReport:
    """Replay `assignments` against arrivals at the per-interval rates of `calls`; service level on all offered
    calls (abandoned count as failures). Calls arriving before `warmup_seconds` are not counted."""
    length = interval_minutes * 60
    shifts = [
        ((item.starts_at - starts_at).total_seconds(), (item.ends_at - starts_at).total_seconds())
        for item in assignments
    ]
    runs = [
        _replicate(
            shifts, calls, length, aht_seconds, within_seconds, patience_seconds, seed + r, warmup_seconds
        )
        for r in range(replications)
    ]
    intervals = []
    for t in range(len(calls)):
        offered = mean(run[t][0] for run in runs)
        totals = [sum(run[t][k] for run in runs) for k in range(5)]
        intervals.append(
            IntervalFigures(
                starts_at=starts_at + timedelta(seconds=t * length),
                offered=offered,
                service_level=totals[1] / totals[0] if totals[0] else 1.0,
                asa_seconds=totals[4] / totals[2] if totals[2] else 0.0,
                abandon_rate=totals[3] / totals[0] if totals[0] else 0.0,
            )
        )
    per_week = 7 * 24 * 3600 // length
    weeks = tuple(
        _figures([run[first : first + per_week] for run in runs]) for first in range(0, len(calls), per_week)
    )
    overall = _figures(runs)
    return SimulationReport(
        overall["service_level"],
        overall["asa_seconds"],
        overall["abandon_rate"],
        weeks,
        tuple(intervals),
        replications,
    )


def _figures(runs: list[list[list[float]]]) -> dict[str, Estimate]:
    levels, asas, abandons = [], [], []
    for run in runs:
        offered = sum(row[0] for row in run)
        answered = sum(row[2] for row in run)
        levels.append(sum(row[1] for row in run) / offered if offered else 1.0)
        asas.append(sum(row[4] for row in run) / answered if answered else 0.0)
        abandons.append(sum(row[3] for row in run) / offered if offered else 0.0)
    return {
        "service_level": confidence(levels),
        "asa_seconds": confidence(asas),
        "abandon_rate": confidence(abandons),
    }


def _replicate(
    shifts: list[tuple[float, float]],
    calls: list[float],
    length: float,
    aht: float,
    within: float,
    patience: float | None,
    seed: int,
    warmup: float,
) -> list[list[float]]:
    """One run: per interval [offered, answered within, answered, abandoned, total wait of answered]."""
    rng = random.Random(seed)  # noqa: S311 — a reproducible simulation, not a secret
    env = simpy.Environment()
    rows = [[0.0] * 5 for _ in calls]
    queue: deque[tuple[float, float, int]] = deque()  # (arrival, gives up at, interval)
    signal = {"event": env.event()}
    horizon = len(calls) * length

    def count(arrived: float) -> list[float] | None:
        return None if arrived < warmup else rows[int(arrived // length)]

    def arrivals():
        for t, volume in enumerate(calls):
            if volume <= 0:
                continue
            rate = volume / length
            end = (t + 1) * length
            moment = max(env.now, t * length)
            while True:
                moment += rng.expovariate(rate)
                if moment >= end:
                    break
                yield env.timeout(moment - env.now)
                gives_up = env.now + rng.expovariate(1 / patience) if patience else math.inf
                queue.append((env.now, gives_up, t))
                row = count(env.now)
                if row is not None:
                    row[0] += 1
                waking, signal["event"] = signal["event"], env.event()
                waking.succeed()

    def next_call():
        while queue:
            arrived, gives_up, _ = queue.popleft()
            if gives_up >= env.now:
                return arrived
            row = count(arrived)
            if row is not None:
                row[3] += 1
        return None

    def agent(periods: list[tuple[float, float]]):
        for begin, end in periods:
            if begin > env.now:
                yield env.timeout(begin - env.now)
            while env.now < end:
                arrived = next_call()
                if arrived is None:
                    yield signal["event"] | env.timeout(end - env.now)
                    continue
                wait = env.now - arrived
                row = count(arrived)
                if row is not None:
                    row[2] += 1
                    row[4] += wait
                    if wait <= within:
                        row[1] += 1
                yield env.timeout(rng.expovariate(1 / aht))

    by_agent: dict[int, list[tuple[float, float]]] = {}
    for index, period in enumerate(sorted(shifts)):
        # One process per shift keeps overlapping shifts of the same agent impossible to double-count; the
        # roster never overlaps an agent's shifts (one shift a day, 12 h rest).
        by_agent[index] = [period]
    env.process(arrivals())
    for periods in by_agent.values():
        env.process(agent(periods))
    env.run(until=horizon + 4 * 3600)
    for arrived, _, _ in queue:  # still waiting when the replay ends: counted as lost
        row = count(arrived)
        if row is not None:
            row[3] += 1
    return rows
