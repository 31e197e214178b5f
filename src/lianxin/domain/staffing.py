"""Queueing maths for one interval of a call center: Erlang C and Erlang A (人员需求测算).

Erlang C (M/M/n) — callers wait for ever. Computed through the Erlang B recursion
B(0) = 1, B(k) = A·B(k−1) / (k + A·B(k−1)) and C = n·B / (n − A·(1 − B)), so no factorial or power of A is ever
formed and n in the thousands does not overflow.

Erlang A (M/M/n+M) — callers hang up after an exponential patience of mean θ⁻¹. Computed exactly (up to a
truncation below 1e-13 of probability mass) from the birth–death chain of the number of calls in the system;
the waiting-time figures follow a tagged caller: with j callers ahead, each step forward takes an exponential
time of rate nμ + (i+1)θ, so the chance of being answered and the mean wait have closed forms, and the chance of
being answered (or of hanging up) within t seconds comes from uniformisation of that pure-death chain.

Service-level definitions (`ServiceLevelBasis`) — which calls count in the denominator of "answered within t":
  OFFERED (default)    answered within t / all offered calls — an abandoned call is a failure (the 80/20 as most
                       Chinese 12345/12315 centers report 20 秒接通率 on calls offered).
  ANSWERED             answered within t / answered calls — abandoned calls left out.
  SHORT_ABANDONS_OUT   answered within t / (offered − calls abandoned within t) — callers who hang up before the
                       threshold are not held against the center.
For Erlang C the three coincide (nobody abandons).

ASA (average speed of answer) is the mean wait of answered calls. Occupancy is the offered load carried per
agent: A·(1 − abandon rate) / n. Shrinkage (breaks, training, meetings) divides the agents needed on the phones
into the agents to schedule; a maximum occupancy adds agents until occupancy is at or below it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import StrEnum

from .errors import DomainError

_MAX_AGENTS = 100_000
_TAIL = 1e-13


class StaffingInputInvalid(DomainError):
    code = "invalid_input"


class ServiceLevelBasis(StrEnum):
    OFFERED = "offered"
    ANSWERED = "answered"
    SHORT_ABANDONS_OUT = "short_abandons_out"


SERVICE_LEVEL_BASIS_LABELS = {
    ServiceLevelBasis.OFFERED: "接通及时率（分母为全部来电，放弃计为未达标）",
    ServiceLevelBasis.ANSWERED: "接通及时率（分母为已接通来电）",
    ServiceLevelBasis.SHORT_ABANDONS_OUT: "接通及时率（分母扣除阈值内放弃的来电）",
}


@dataclass(frozen=True, slots=True)
class Interval:
    """The demand of one interval: `calls` offered in `interval_seconds`, each held `aht_seconds` on average.

    `patience_seconds` None means callers never hang up (Erlang C); a number is the mean patience (Erlang A).
    """

    calls: float
    interval_seconds: float
    aht_seconds: float
    patience_seconds: float | None = None

    @property
    def traffic(self) -> float:
        """Offered load A in Erlangs: calls × AHT / interval length."""
        return self.calls * self.aht_seconds / self.interval_seconds


@dataclass(frozen=True, slots=True)
class Target:
    """The service target: `service_level` of calls answered within `within_seconds`."""

    service_level: float = 0.8
    within_seconds: float = 20.0
    basis: ServiceLevelBasis = ServiceLevelBasis.OFFERED
    max_occupancy: float | None = None
    max_asa_seconds: float | None = None
    shrinkage: float = 0.0


@dataclass(frozen=True, slots=True)
class Performance:
    """The figures of one interval staffed with `agents` on the phones."""

    agents: int
    traffic: float
    service_level: float
    asa_seconds: float
    occupancy: float
    abandon_rate: float
    wait_probability: float

    def as_dict(self) -> dict[str, float | int]:
        return {
            "agents": self.agents,
            "service_level": self.service_level,
            "asa_seconds": self.asa_seconds,
            "occupancy": self.occupancy,
            "abandon_rate": self.abandon_rate,
        }


def erlang_b(traffic: float, agents: int) -> float:
    """Blocking probability of M/M/n/n by the recursion (stable for any n)."""
    blocking = 1.0
    for k in range(1, agents + 1):
        blocking = traffic * blocking / (k + traffic * blocking)
    return blocking


def erlang_c(traffic: float, agents: int) -> float:
    """Probability that a call waits in M/M/n; 1.0 when the queue is unstable (n ≤ A)."""
    if traffic <= 0:
        return 0.0
    if agents <= traffic:
        return 1.0
    blocking = erlang_b(traffic, agents)
    return agents * blocking / (agents - traffic * (1.0 - blocking))


def performance(
    interval: Interval,
    agents: int,
    *,
    within_seconds: float,
    basis: ServiceLevelBasis = ServiceLevelBasis.OFFERED,
) -> Performance:
    """Service level, ASA, occupancy and abandonment of `interval` with `agents` on the phones."""
    _check(interval, agents)
    if interval.patience_seconds is None:
        return _erlang_c_performance(interval, agents, within_seconds)
    return _erlang_a_performance(interval, agents, within_seconds, basis)


def agents_needed(interval: Interval, target: Target) -> Performance:
    """The fewest agents on the phones that meet every part of `target`, with their figures.

    The figures are those of the agents on the phones; `scheduled_agents` adds shrinkage on top.
    """
    if not 0 < target.service_level < 1:
        raise StaffingInputInvalid("目标接通率应在 0 与 1 之间（不含），例如 0.8。")
    _check(interval, 0)  # before `interval.traffic` divides by the interval length
    if interval.calls <= 0:
        return performance(interval, 0, within_seconds=target.within_seconds, basis=target.basis)
    # Erlang C needs n > A. In Erlang A every call answered within t is carried by an agent, so on the OFFERED
    # basis n ≥ A·target; on the other bases abandoned calls leave the denominator and even one agent may meet
    # the target (impatient callers who stay are answered quickly), so the search starts at one agent.
    if interval.patience_seconds is None:
        start = math.floor(interval.traffic)
    elif target.basis is ServiceLevelBasis.OFFERED:
        start = math.floor(interval.traffic * target.service_level)
    else:
        start = 1
    agents = max(1, start)
    while agents <= _MAX_AGENTS:
        figures = performance(interval, agents, within_seconds=target.within_seconds, basis=target.basis)
        if _meets(figures, target):
            return figures
        agents += 1
    raise StaffingInputInvalid(f"话务量过大：超过 {_MAX_AGENTS} 名坐席仍达不到目标。")


def scheduled_agents(on_phones: int, shrinkage: float) -> int:
    """Agents to schedule so that `on_phones` remain after shrinkage (a fraction in [0, 1))."""
    if not 0 <= shrinkage < 1:
        raise StaffingInputInvalid("缩减率（shrinkage）应在 0 与 1 之间，例如 0.3。")
    return math.ceil(on_phones / (1.0 - shrinkage) - 1e-9)


def requirements(intervals: list[Interval], target: Target) -> list[int]:
    """Agents to schedule for each interval (shrinkage included)."""
    return [scheduled_agents(agents_needed(i, target).agents, target.shrinkage) for i in intervals]


def _meets(figures: Performance, target: Target) -> bool:
    if figures.service_level + 1e-12 < target.service_level:
        return False
    if target.max_occupancy is not None and figures.occupancy > target.max_occupancy + 1e-12:
        return False
    return not (target.max_asa_seconds is not None and figures.asa_seconds > target.max_asa_seconds)


def _check(interval: Interval, agents: int) -> None:
    if interval.calls < 0 or interval.interval_seconds <= 0 or interval.aht_seconds <= 0:
        raise StaffingInputInvalid("来电量不能为负，时段长度与平均处理时长（AHT）必须大于 0。")
    if interval.patience_seconds is not None and interval.patience_seconds <= 0:
        raise StaffingInputInvalid("平均耐心时长必须大于 0 秒。")
    if agents < 0:
        raise StaffingInputInvalid("坐席数不能为负。")


def _erlang_c_performance(interval: Interval, agents: int, within: float) -> Performance:
    traffic = interval.traffic
    if traffic == 0:
        return Performance(agents, 0.0, 1.0, 0.0, 0.0, 0.0, 0.0)
    if agents <= traffic:
        # Unstable: the queue grows without bound in steady state.
        return Performance(agents, traffic, 0.0, math.inf, 1.0 if agents else 0.0, 0.0, 1.0)
    wait = erlang_c(traffic, agents)
    spare = agents - traffic
    service_level = 1.0 - wait * math.exp(-spare * within / interval.aht_seconds)
    asa = wait * interval.aht_seconds / spare
    return Performance(agents, traffic, service_level, asa, traffic / agents, 0.0, wait)


def _erlang_a_performance(
    interval: Interval, agents: int, within: float, basis: ServiceLevelBasis
) -> Performance:
    traffic = interval.traffic
    if traffic == 0:
        return Performance(agents, 0.0, 1.0, 0.0, 0.0, 0.0, 0.0)
    arrival = interval.calls / interval.interval_seconds
    service = 1.0 / interval.aht_seconds
    hangup = 1.0 / interval.patience_seconds  # type: ignore[operator]
    states = _stationary(arrival, service, hangup, agents)
    queued = states[agents:]  # queued[j]: an arriving caller finds j callers ahead (PASTA)
    wait_probability = sum(queued)
    # The tagged caller with j ahead moves forward at rate nμ + iθ (i = callers ahead) and hangs up at rate θ.
    # Each step's duration is exponential with rate nμ + (i+1)θ whichever way it ends, so time and fate are
    # independent: P(answered | j) = Π a_i/(a_i+θ) and E[wait | answered, j] = Σ 1/(a_i+θ).
    answered_given = []
    wait_given = []
    keep = 1.0
    mean = 0.0
    for i in range(len(queued)):
        ahead_rate = agents * service + i * hangup
        keep *= ahead_rate / (ahead_rate + hangup)
        mean += 1.0 / (ahead_rate + hangup)
        answered_given.append(keep)
        wait_given.append(mean)
    answered_late = sum(p * a for p, a in zip(queued, answered_given, strict=True))
    answered = (1.0 - wait_probability) + answered_late
    abandon_rate = wait_probability - answered_late
    asa = sum(p * a * w for p, a, w in zip(queued, answered_given, wait_given, strict=True)) / answered
    answered_within_given, abandoned_within_given = _within(agents * service, hangup, len(queued), within)
    answered_within = (1.0 - wait_probability) + sum(
        p * a for p, a in zip(queued, answered_within_given, strict=True)
    )
    abandoned_within = sum(p * a for p, a in zip(queued, abandoned_within_given, strict=True))
    if basis is ServiceLevelBasis.OFFERED:
        service_level = answered_within
    elif basis is ServiceLevelBasis.ANSWERED:
        service_level = answered_within / answered
    else:
        service_level = answered_within / (1.0 - abandoned_within)
    occupancy = traffic * answered / agents if agents else 0.0
    return Performance(
        agents, traffic, service_level, asa, min(occupancy, 1.0), abandon_rate, wait_probability
    )


def _stationary(arrival: float, service: float, hangup: float, agents: int) -> list[float]:
    """Stationary distribution of calls in system for M/M/n+M, truncated where the tail is below 1e-13."""
    weights = [1.0]
    k = 0
    while True:
        k += 1
        death = min(k, agents) * service + max(k - agents, 0) * hangup
        weights.append(weights[-1] * arrival / death)
        if k > agents and death > arrival and weights[-1] < _TAIL * max(weights):
            break
        if weights[-1] > 1e250:  # rescale long climbs before they overflow
            weights = [w / 1e250 for w in weights]
    total = sum(weights)
    return [w / total for w in weights]


def _within(head_rate: float, hangup: float, depth: int, within: float) -> tuple[list[float], list[float]]:
    """For j = 0..depth−1 callers ahead: P(answered within t) and P(hung up within t), by uniformisation."""
    if within <= 0:
        return [0.0] * depth, [0.0] * depth
    advance = [head_rate + i * hangup for i in range(depth)]
    uniform = head_rate + depth * hangup
    mean_jumps = uniform * within
    # Poisson weights of the number of uniformised jumps, built in log space (mean_jumps can be in the hundreds).
    last = int(mean_jumps + 10.0 * math.sqrt(mean_jumps) + 20)
    answered = [0.0] * depth  # g_m(i): answered within m jumps
    abandoned = [0.0] * depth
    answered_within = [0.0] * depth
    abandoned_within = [0.0] * depth
    stay = [1.0 - (a + hangup) / uniform for a in advance]
    move = [a / uniform for a in advance]
    quit_step = hangup / uniform
    for m in range(last + 1):
        weight = (
            math.exp(-mean_jumps + m * math.log(mean_jumps) - math.lgamma(m + 1))
            if mean_jumps > 0
            else float(m == 0)
        )
        if m > 0:
            previous_answered = answered
            previous_abandoned = abandoned
            answered = [
                move[i] * (previous_answered[i - 1] if i else 1.0) + stay[i] * previous_answered[i]
                for i in range(depth)
            ]
            abandoned = [
                quit_step
                + move[i] * (previous_abandoned[i - 1] if i else 0.0)
                + stay[i] * previous_abandoned[i]
                for i in range(depth)
            ]
        if weight:
            for i in range(depth):
                answered_within[i] += weight * answered[i]
                abandoned_within[i] += weight * abandoned[i]
    return answered_within, abandoned_within
