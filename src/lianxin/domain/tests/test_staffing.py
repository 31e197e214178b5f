"""Erlang C and Erlang A: published examples, closed forms and limits."""

from __future__ import annotations

import math
import time

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
