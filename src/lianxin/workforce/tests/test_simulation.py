"""The SimPy replay: M/M/c agrees with Erlang C within the confidence interval; Erlang A with abandonment."""

from __future__ import annotations

from datetime import datetime, timedelta

from lianxin.domain.staffing import Interval, performance
from lianxin.workforce.planning.model import Assignment
from lianxin.workforce.planning.simulation import simulate_roster

START = datetime(2026, 3, 2)  # noqa: DTZ001 — naive local time, as the roster


def _constant_staff(agents: int, hours: int) -> list[Assignment]:
    return [Assignment(f"a{i}", "X", START, START + timedelta(hours=hours + 4)) for i in range(agents)]


def test_mmc_simulation_agrees_with_erlang_c():
    hours = 24
    report = simulate_roster(
        _constant_staff(14, hours),
        starts_at=START,
        calls=[100.0] * (2 * hours),
        aht_seconds=180,
        within_seconds=20,
        replications=16,
        warmup_seconds=3600,
    )
    expected = performance(Interval(100, 1800, 180), 14, within_seconds=20)
    assert report.service_level.low <= expected.service_level <= report.service_level.high
    assert report.asa_seconds.low <= expected.asa_seconds <= report.asa_seconds.high
    assert report.service_level.high - report.service_level.low < 0.05  # tight enough to mean something
    assert report.abandon_rate.mean == 0.0


def test_mmc_with_abandonment_agrees_with_erlang_a():
    hours = 12
    report = simulate_roster(
        _constant_staff(10, hours),
        starts_at=START,
        calls=[100.0] * (2 * hours),
        aht_seconds=180,
        within_seconds=20,
        patience_seconds=120,
        replications=12,
        warmup_seconds=3600,
    )
    expected = performance(Interval(100, 1800, 180, patience_seconds=120), 10, within_seconds=20)
    assert report.abandon_rate.low <= expected.abandon_rate <= report.abandon_rate.high
    assert report.service_level.low <= expected.service_level <= report.service_level.high


def test_nobody_on_duty_loses_every_call_and_a_roster_gap_shows_per_interval():
    shifts = [Assignment("a", "X", START + timedelta(hours=1), START + timedelta(hours=2))]
    report = simulate_roster(
        shifts,
        starts_at=START,
        calls=[20.0, 20.0, 20.0, 20.0],
        aht_seconds=60,
        patience_seconds=60,
        replications=3,
    )
    first, _, third, _ = report.intervals
    assert first.service_level < 0.2
    assert first.abandon_rate > 0.8
    assert third.service_level > first.service_level
    assert len(report.weeks) == 1
