"""Erlang C and Erlang A: published examples, closed forms and limits."""

from __future__ import annotations

import functools
import math
import re
import time

import numpy as np
import pytest

from lianxin.domain.staffing import (
    Interval,
    ServiceLevelBasis,
    StaffingInputInvalid,
    Target,
    agents_needed,
    erlang_b,
    erlang_c,
    performance,
    requirements,
    scheduled_agents,
)

HALF_HOUR = 1800


def test_callcentrehelper_worked_example():
    """100 calls in 30 min, AHT 180 s, 80 % in 20 s → 14 agents, SL 0.888, ASA 7.84 s, occupancy 0.714
    (callcentrehelper.com's Erlang C worked example; the same figures in the CRAN ErlangC README)."""
    figures = agents_needed(Interval(100, HALF_HOUR, 180), Target(0.8, 20))
    assert figures.agents == 14
    assert figures.service_level == pytest.approx(0.888, abs=5e-4)
    assert figures.asa_seconds == pytest.approx(7.84, abs=5e-3)
    assert figures.occupancy == pytest.approx(0.714, abs=5e-4)
    assert figures.abandon_rate == 0.0


def test_one_agent_fewer_misses_the_target():
    figures = performance(Interval(100, HALF_HOUR, 180), 13, within_seconds=20)
    assert figures.service_level < 0.8


def test_erlang_b_table_value():
    # Erlang B table: 10 Erlangs on 10 trunks block 21.46 % of calls.
    assert erlang_b(10.0, 10) == pytest.approx(0.21458, abs=1e-5)


def test_erlang_c_closed_forms_for_one_and_two_servers():
    assert erlang_c(0.7, 1) == pytest.approx(0.7)
    rho = 0.6  # M/M/2: P(wait) = 2ρ² / (1 + ρ)
    assert erlang_c(2 * rho, 2) == pytest.approx(2 * rho**2 / (1 + rho))


def test_erlang_c_does_not_overflow_with_thousands_of_agents():
    wait = erlang_c(4000.0, 4100)
    assert 0 < wait < 1
    assert math.isfinite(wait)


def test_unstable_queue_never_meets_a_target():
    figures = performance(Interval(100, HALF_HOUR, 180), 10, within_seconds=20)
    assert figures.service_level == 0.0
    assert math.isinf(figures.asa_seconds)


def test_max_occupancy_adds_agents():
    plain = agents_needed(Interval(2000, HALF_HOUR, 300), Target(0.8, 20))
    capped = agents_needed(Interval(2000, HALF_HOUR, 300), Target(0.8, 20, max_occupancy=0.85))
    assert capped.occupancy <= 0.85 < plain.occupancy
    assert capped.agents > plain.agents


def test_shrinkage_divides_into_scheduled_agents():
    assert scheduled_agents(14, 0.3) == 20  # 14 / 0.7 = 20 exactly, not 21
    assert scheduled_agents(14, 0.0) == 14
    with pytest.raises(StaffingInputInvalid):
        scheduled_agents(14, 1.0)


def test_requirements_per_interval():
    quiet, busy = Interval(10, HALF_HOUR, 180), Interval(100, HALF_HOUR, 180)
    assert requirements([quiet, busy, Interval(0, HALF_HOUR, 180)], Target(0.8, 20)) == [3, 14, 0]


def test_erlang_a_with_endless_patience_is_erlang_c():
    erlang_a = performance(Interval(100, HALF_HOUR, 180, patience_seconds=1e8), 14, within_seconds=20)
    assert erlang_a.service_level == pytest.approx(0.88835, abs=1e-4)
    assert erlang_a.asa_seconds == pytest.approx(7.836, abs=1e-2)
    assert erlang_a.abandon_rate < 1e-5


def test_erlang_a_is_stable_below_the_load_and_loses_calls():
    figures = performance(Interval(100, HALF_HOUR, 180, patience_seconds=120), 9, within_seconds=20)
    assert 0 < figures.service_level < 0.8
    assert 0.1 < figures.abandon_rate < 0.5
    # Carried load equals answered calls × AHT: occupancy = A(1 − abandon)/n.
    assert figures.occupancy == pytest.approx(10 * (1 - figures.abandon_rate) / 9)


def test_erlang_a_needs_fewer_agents_than_erlang_c():
    patient = agents_needed(Interval(100, HALF_HOUR, 180), Target(0.8, 20))
    impatient = agents_needed(Interval(100, HALF_HOUR, 180, patience_seconds=60), Target(0.8, 20))
    assert impatient.agents < patient.agents


def test_service_level_bases_order():
    interval = Interval(100, HALF_HOUR, 180, patience_seconds=60)
    offered = performance(interval, 11, within_seconds=20, basis=ServiceLevelBasis.OFFERED)
    short_out = performance(interval, 11, within_seconds=20, basis=ServiceLevelBasis.SHORT_ABANDONS_OUT)
    answered = performance(interval, 11, within_seconds=20, basis=ServiceLevelBasis.ANSWERED)
    assert offered.service_level < short_out.service_level < answered.service_level


def test_a_week_of_erlang_c_is_fast():
    week = [Interval(20 + (i % 48) * 2, HALF_HOUR, 300) for i in range(336)]
    started = time.perf_counter()
    requirements(week, Target(0.8, 20))
    assert (
        time.perf_counter() - started < 0.25
    )  # the bench measures the ≤ 10 ms target; this guards regressions


def test_bad_input_is_refused():
    with pytest.raises(StaffingInputInvalid):
        performance(Interval(-1, HALF_HOUR, 180), 3, within_seconds=20)
    with pytest.raises(StaffingInputInvalid):
        agents_needed(Interval(10, HALF_HOUR, 180), Target(1.2, 20))


# --- Bad input is refused with the domain error, never a ZeroDivisionError (issue 15) ---


LENGTHS = "来电量不能为负，时段长度与平均处理时长（AHT）必须大于 0。"
PATIENCE = "平均耐心时长必须大于 0 秒。"


def _exactly(message: str) -> str:
    return f"^{re.escape(message)}$"


@pytest.mark.parametrize(
    ("interval", "message"),
    [
        (Interval(100, 0, 180), LENGTHS),  # an interval of length 0
        (Interval(100, HALF_HOUR, 0), LENGTHS),  # AHT 0
        (Interval(100, HALF_HOUR, 180, patience_seconds=0), PATIENCE),
        (Interval(100, HALF_HOUR, 180, patience_seconds=-5), PATIENCE),
        (Interval(100, -HALF_HOUR, 180), LENGTHS),
        (Interval(0, 0, 180), LENGTHS),  # no calls in an interval of length 0
        (Interval(0, HALF_HOUR, 180, patience_seconds=0), PATIENCE),
    ],
)
def test_zero_lengths_are_refused_with_a_clear_message(interval, message):
    with pytest.raises(StaffingInputInvalid, match=_exactly(message)) as refused:
        agents_needed(interval, Target(0.8, 20))
    assert refused.value.code == "invalid_input"
    with pytest.raises(StaffingInputInvalid, match=_exactly(message)):
        performance(interval, 10, within_seconds=20)


def test_negative_calls_and_agents_are_refused():
    with pytest.raises(StaffingInputInvalid, match=_exactly(LENGTHS)):
        agents_needed(Interval(-1, HALF_HOUR, 180), Target(0.8, 20))
    with pytest.raises(StaffingInputInvalid, match=_exactly("坐席数不能为负。")):
        performance(Interval(10, HALF_HOUR, 180), -1, within_seconds=20)


@pytest.mark.parametrize("level", [0.0, 1.0, -0.1])
def test_a_target_of_zero_or_all_calls_is_refused(level):
    with pytest.raises(
        StaffingInputInvalid, match=_exactly("目标接通率应在 0 与 1 之间（不含），例如 0.8。")
    ):
        agents_needed(Interval(10, HALF_HOUR, 180), Target(level, 20))


@pytest.mark.parametrize("shrinkage", [-0.1, 1.0, 1.5])
def test_shrinkage_outside_zero_to_one_is_refused(shrinkage):
    with pytest.raises(
        StaffingInputInvalid, match=_exactly("缩减率（shrinkage）应在 0 与 1 之间，例如 0.3。")
    ):
        scheduled_agents(10, shrinkage)


def test_shrinkage_rounds_up_to_whole_agents():
    assert scheduled_agents(10, 0.25) == 14  # 13.33 → 14
    assert scheduled_agents(0, 0.3) == 0


# --- Erlang C at and below the load: every call waits (the docstring's promise, issue 15) ---


@pytest.mark.parametrize(("traffic", "agents"), [(5.0, 5), (5.0, 3), (5.5, 5), (0.5, 0)])
def test_erlang_c_is_one_when_the_agents_cannot_carry_the_load(traffic, agents):
    assert erlang_c(traffic, agents) == 1.0


def test_erlang_c_is_zero_without_traffic():
    assert erlang_c(0.0, 3) == 0.0
    assert erlang_c(0.0, 0) == 0.0


def test_erlang_b_is_one_with_no_trunks_and_falls_with_each():
    assert erlang_b(3.0, 0) == 1.0
    assert erlang_b(3.0, 1) == pytest.approx(3 / 4)
    assert erlang_b(3.0, 2) == pytest.approx(4.5 / (1 + 3 + 4.5))


def test_erlang_c_against_the_textbook_formula():
    """P(wait) = (Aⁿ/n!)·n/(n−A) / (Σ_{k<n} Aᵏ/k! + (Aⁿ/n!)·n/(n−A)), evaluated directly for a small n."""
    traffic, agents = 7.3, 10
    top = traffic**agents / math.factorial(agents) * agents / (agents - traffic)
    bottom = sum(traffic**k / math.factorial(k) for k in range(agents)) + top
    assert erlang_c(traffic, agents) == pytest.approx(top / bottom, rel=1e-12)


def test_erlang_c_figures_for_a_given_staff():
    """SL = 1 − C·e^{−(n−A)t/AHT}, ASA = C·AHT/(n−A), occupancy A/n (10 Erlangs on 12 agents)."""
    interval = Interval(100, 1800, 180)
    figures = performance(interval, 12, within_seconds=20)
    wait = erlang_c(10.0, 12)
    assert figures.traffic == pytest.approx(10.0)
    assert figures.wait_probability == pytest.approx(wait)
    assert figures.service_level == pytest.approx(1 - wait * math.exp(-2 * 20 / 180))
    assert figures.asa_seconds == pytest.approx(wait * 180 / 2)
    assert figures.occupancy == pytest.approx(10 / 12)
    assert figures.abandon_rate == 0.0


def test_an_unstable_erlang_c_queue_keeps_every_agent_busy():
    figures = performance(Interval(100, HALF_HOUR, 180), 10, within_seconds=20)  # A = n = 10
    assert (figures.occupancy, figures.wait_probability, figures.abandon_rate) == (1.0, 1.0, 0.0)
    assert (figures.agents, figures.traffic) == (10, 10.0)
    nobody = performance(Interval(100, HALF_HOUR, 180), 0, within_seconds=20)
    assert (nobody.service_level, nobody.occupancy, nobody.wait_probability) == (0.0, 0.0, 1.0)


@pytest.mark.parametrize("patience", [None, 60.0])
def test_an_interval_without_calls_needs_nobody_and_is_perfect(patience):
    figures = agents_needed(Interval(0, HALF_HOUR, 180, patience), Target(0.8, 20))
    assert figures.agents == 0
    assert (figures.traffic, figures.wait_probability) == (0.0, 0.0)
    assert (figures.service_level, figures.asa_seconds, figures.occupancy, figures.abandon_rate) == (
        1.0,
        0.0,
        0.0,
        0.0,
    )
    assert figures.as_dict() == {
        "agents": 0,
        "service_level": 1.0,
        "asa_seconds": 0.0,
        "occupancy": 0.0,
        "abandon_rate": 0.0,
    }


# --- Erlang A (M/M/n+M) against an independent numerical solution of the same birth–death chain ---


def _expm(matrix: np.ndarray) -> np.ndarray:
    """e^M by scaling and squaring of a Taylor series (no closed forms, no uniformisation)."""
    norm = float(np.abs(matrix).sum(axis=1).max())
    squarings = max(0, math.ceil(math.log2(norm)) + 1) if norm > 0 else 0
    scaled = matrix / 2.0**squarings
    result = np.eye(len(matrix))
    term = np.eye(len(matrix))
    for k in range(1, 30):
        term = term @ scaled / k
        result = result + term
    for _ in range(squarings):
        result = result @ result
    return result


@functools.cache
def _erlang_a_reference(calls, interval_seconds, aht, patience, agents, within, queue_room=100):
    """Erlang A figures from linear algebra on the generator: the stationary law as the null vector of Q,
    the tagged caller's fate and mean wait by solving the absorbing chain, 'within t' by a matrix exponential."""
    lam, mu, theta = calls / interval_seconds, 1 / aht, 1 / patience
    size = agents + queue_room + 1
    generator = np.zeros((size, size))
    for k in range(size):
        if k + 1 < size:
            generator[k, k + 1] = lam
        if k > 0:
            generator[k, k - 1] = min(k, agents) * mu + max(k - agents, 0) * theta
        generator[k, k] = -generator[k].sum()
    system = generator.T.copy()
    system[-1] = 1.0  # πQ = 0 with one balance equation replaced by Σπ = 1
    pi = np.linalg.solve(system, np.eye(size)[-1])
    assert pi[-1] < 1e-15  # the truncated tail is negligible
    depth = size - agents  # queued arrivals find j = 0 … depth−1 ahead
    # Tagged caller: transient states j ahead; absorbing "answered" (index depth) and "abandoned" (depth+1).
    tagged = np.zeros((depth + 2, depth + 2))
    for j in range(depth):
        tagged[j, j - 1 if j else depth] = agents * mu + j * theta
        tagged[j, depth + 1] = theta
        tagged[j, j] = -tagged[j].sum()
    transient = tagged[:depth, :depth]
    answered_given = np.linalg.solve(-transient, tagged[:depth, depth])
    # E[T·1{answered}] solves −Q_T m = h (the occupation-time identity of an absorbing chain).
    answered_wait_given = np.linalg.solve(-transient, answered_given)
    within_law = _expm(tagged * within)
    queued = pi[agents:]
    no_wait = pi[:agents].sum()
    answered = no_wait + queued @ answered_given
    answered_within = no_wait + queued @ within_law[:depth, depth]
    abandoned_within = queued @ within_law[:depth, depth + 1]
    return {
        "wait_probability": queued.sum(),
        "abandon_rate": 1 - answered,
        "asa_seconds": (queued @ answered_wait_given) / answered,
        "offered": answered_within,
        "answered": answered_within / answered,
        "short_abandons_out": answered_within / (1 - abandoned_within),
        "occupancy": lam * answered / (agents * mu),
    }


ERLANG_A_CASES = [
    # calls per half hour, AHT, mean patience, agents, threshold
    (100, 180, 120, 9, 20),  # overloaded: A = 10 on 9 agents, stable only because callers hang up
    (100, 180, 60, 11, 20),
    (200, 240, 300, 27, 30),  # A = 26.7, patient callers
    (40, 300, 30, 5, 10),  # very impatient callers
    (100, 180, 60, 10, 1),  # a threshold of one second
    (40, 300, 10, 5, 60),  # a long threshold with callers who hang up fast: hundreds of uniformised jumps
]


@pytest.mark.parametrize(("calls", "aht", "patience", "agents", "within"), ERLANG_A_CASES)
@pytest.mark.parametrize("basis", list(ServiceLevelBasis))
def test_erlang_a_matches_an_independent_solution_of_the_chain(calls, aht, patience, agents, within, basis):
    interval = Interval(calls, HALF_HOUR, aht, patience_seconds=patience)
    figures = performance(interval, agents, within_seconds=within, basis=basis)
    reference = _erlang_a_reference(calls, HALF_HOUR, aht, patience, agents, within)
    assert figures.agents == agents
    assert figures.traffic == pytest.approx(calls * aht / HALF_HOUR)
    assert figures.wait_probability == pytest.approx(reference["wait_probability"], rel=1e-6)
    assert figures.abandon_rate == pytest.approx(reference["abandon_rate"], rel=1e-6)
    assert figures.asa_seconds == pytest.approx(reference["asa_seconds"], rel=1e-6)
    assert figures.service_level == pytest.approx(reference[basis.value], rel=1e-6)
    assert figures.occupancy == pytest.approx(min(reference["occupancy"], 1.0), rel=1e-6)


def test_erlang_a_abandonment_equals_patience_rate_times_mean_wait():
    """P(abandon) = θ·E[W] for exponential patience, W the wait of every caller (Mandelbaum & Zeltyn)."""
    calls, aht, patience, agents = 100, 180, 60, 10
    figures = performance(Interval(calls, HALF_HOUR, aht, patience), agents, within_seconds=20)
    # E[W] over all callers = E[queue length]/λ (Little), with the stationary law from the balance equations.
    lam, mu, theta = calls / HALF_HOUR, 1 / aht, 1 / patience
    size = 201
    weights = [1.0]
    for k in range(1, size):
        weights.append(weights[-1] * lam / (min(k, agents) * mu + max(k - agents, 0) * theta))
    total = sum(weights)
    mean_queue = sum(max(k - agents, 0) * w for k, w in enumerate(weights)) / total
    assert figures.abandon_rate == pytest.approx(theta * mean_queue / lam, rel=1e-6)


def test_erlang_a_with_a_zero_threshold_counts_only_calls_answered_at_once():
    interval = Interval(100, HALF_HOUR, 180, patience_seconds=60)
    figures = performance(interval, 11, within_seconds=0)
    assert figures.service_level == pytest.approx(1 - figures.wait_probability, rel=1e-9)
    short_out = performance(interval, 11, within_seconds=0, basis=ServiceLevelBasis.SHORT_ABANDONS_OUT)
    assert short_out.service_level == pytest.approx(1 - figures.wait_probability, rel=1e-9)


def test_erlang_a_with_a_huge_load_does_not_overflow():
    """180 000 Erlangs on one agent: the stationary weights climb past 1e250 and are rescaled on the way."""
    figures = performance(Interval(1000 * HALF_HOUR, HALF_HOUR, 180, patience_seconds=1), 1, within_seconds=0)
    assert math.isfinite(figures.asa_seconds)
    # Almost everyone waits and hangs up: the one agent carries one Erlang of the 180 000 offered.
    assert figures.wait_probability == pytest.approx(1.0, abs=1e-9)
    assert figures.abandon_rate == pytest.approx(1 - 1 / 180_000, rel=1e-9)
    assert figures.occupancy == 1.0
    # Whoever is answered waited about as long as the patience allows a caller at the head of the queue.
    assert 0 < figures.asa_seconds < 10


# --- agents_needed: every branch of the search ---


def _fewest_by_brute_force(interval: Interval, target: Target) -> int:
    agents = 1
    while True:
        figures = performance(interval, agents, within_seconds=target.within_seconds, basis=target.basis)
        if figures.service_level >= target.service_level:
            return agents
        agents += 1


@pytest.mark.parametrize("basis", list(ServiceLevelBasis))
@pytest.mark.parametrize(("patience", "level"), [(None, 0.8), (10, 0.8), (10, 0.5), (30, 0.8), (60, 0.8)])
def test_agents_needed_is_the_fewest_counted_from_one_agent(basis, patience, level):
    """On the answered and short-abandons-out bases impatient callers who stay are answered fast: a handful of
    agents can meet the target, fewer than the offered load times the target (issue 15)."""
    interval = Interval(100, HALF_HOUR, 180, patience_seconds=patience)
    target = Target(level, 20, basis=basis)
    assert agents_needed(interval, target).agents == _fewest_by_brute_force(interval, target)


def test_impatient_callers_on_the_answered_basis_need_fewer_agents_than_the_load():
    interval = Interval(100, HALF_HOUR, 180, patience_seconds=10)  # A = 10
    assert agents_needed(interval, Target(0.8, 20, basis=ServiceLevelBasis.ANSWERED)).agents == 1
    assert agents_needed(interval, Target(0.8, 20, basis=ServiceLevelBasis.SHORT_ABANDONS_OUT)).agents == 4
    assert agents_needed(interval, Target(0.5, 20)).agents == 6  # offered: at least 10 × 0.5 = 5


@pytest.mark.parametrize("basis", list(ServiceLevelBasis))
def test_agents_needed_is_the_fewest_that_meet_the_target_on_each_basis(basis):
    interval = Interval(100, HALF_HOUR, 180, patience_seconds=60)
    target = Target(0.8, 20, basis=basis)
    figures = agents_needed(interval, target)
    assert figures.service_level >= 0.8
    fewer = performance(interval, figures.agents - 1, within_seconds=20, basis=basis)
    assert fewer.service_level < 0.8
    assert figures == performance(interval, figures.agents, within_seconds=20, basis=basis)


def test_a_laxer_basis_needs_no_more_agents():
    interval = Interval(300, HALF_HOUR, 240, patience_seconds=45)
    needed = {b: agents_needed(interval, Target(0.9, 20, basis=b)).agents for b in ServiceLevelBasis}
    assert needed[ServiceLevelBasis.ANSWERED] <= needed[ServiceLevelBasis.SHORT_ABANDONS_OUT]
    assert needed[ServiceLevelBasis.SHORT_ABANDONS_OUT] <= needed[ServiceLevelBasis.OFFERED]
    assert needed[ServiceLevelBasis.ANSWERED] < needed[ServiceLevelBasis.OFFERED]


@pytest.mark.parametrize("calls", [0.2, 0.5, 1])
@pytest.mark.parametrize("patience", [None, 90.0])
def test_one_agent_answers_a_trickle_of_calls(calls, patience):
    """At most one call a half hour: one agent, who answers almost everything at once."""
    figures = agents_needed(Interval(calls, HALF_HOUR, 180, patience), Target(0.8, 20))
    assert figures.agents == 1
    assert figures.service_level > 0.8


def test_max_asa_adds_agents_until_the_average_wait_is_short_enough():
    interval = Interval(100, HALF_HOUR, 180)
    plain = agents_needed(interval, Target(0.8, 20))  # 14 agents, ASA 7.8 s
    capped = agents_needed(interval, Target(0.8, 20, max_asa_seconds=3.0))
    assert capped.asa_seconds <= 3.0
    assert performance(interval, capped.agents - 1, within_seconds=20).asa_seconds > 3.0
    assert capped.agents > plain.agents
    exact = agents_needed(interval, Target(0.8, 20, max_asa_seconds=plain.asa_seconds))
    assert exact.agents == plain.agents  # an ASA equal to the cap meets it


def test_max_occupancy_is_met_exactly_at_the_cap():
    interval = Interval(100, HALF_HOUR, 180)  # A = 10
    assert agents_needed(interval, Target(0.5, 60, max_occupancy=0.5)).agents == 20
    assert agents_needed(interval, Target(0.5, 60, max_occupancy=0.49)).agents == 21


def test_an_impossible_load_is_refused():
    with pytest.raises(StaffingInputInvalid, match=_exactly("话务量过大：超过 100000 名坐席仍达不到目标。")):
        agents_needed(Interval(2e8, HALF_HOUR, 300), Target(0.8, 20))


def test_requirements_add_shrinkage_per_interval():
    intervals = [Interval(100, HALF_HOUR, 180), Interval(10, HALF_HOUR, 180)]
    assert requirements(intervals, Target(0.8, 20, shrinkage=0.3)) == [20, 5]  # 14/0.7, 3/0.7 → 4.3 → 5


def test_a_target_met_up_to_rounding_is_met():
    interval = Interval(100, HALF_HOUR, 180)
    level = performance(interval, 14, within_seconds=20).service_level
    assert agents_needed(interval, Target(level, 20)).agents == 14
    assert agents_needed(interval, Target(level + 1e-12, 20)).agents == 14  # within the 1e-12 tolerance
    assert agents_needed(interval, Target(level + 1e-9, 20)).agents == 15
    # Occupancy 10/20 = 0.5 meets a cap of 0.5 − 1e-12 within the same tolerance.
    assert agents_needed(interval, Target(0.5, 60, max_occupancy=0.5 - 1e-12)).agents == 20


def test_no_traffic_is_never_blocked():
    assert erlang_b(0.0, 3) == 0.0
