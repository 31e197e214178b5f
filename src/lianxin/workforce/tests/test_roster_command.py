"""`lianxin roster plan|simulate` end to end on a small week."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from lianxin.workforce.planning.demand import Demand, demand_write

MONDAY = datetime(2026, 3, 2)  # noqa: DTZ001 — local time


@pytest.fixture
def demand_file(tmp_path):
    calls = ([2.0] * 12 + [12.0] * 32 + [2.0] * 4) * 7  # quiet nights, busy days, 1 week of half hours
    path = tmp_path / "demand.csv"
    demand_write(path, Demand(MONDAY, 30, tuple(calls)))
    return path


def _run(*args: str) -> dict:
    out = StringIO()
    call_command("roster", *args, "--json", stdout=out)
    return json.loads(out.getvalue())


def test_plan_then_simulate(demand_file, tmp_path):
    output = tmp_path / "roster.json"
    result = _run(
        "plan", "--demand", str(demand_file), "--agents", "16", "--weeks", "1", "--aht", "180",
        "--time-limit", "8", "--workers", "8", "--output", str(output),
    )  # fmt: skip
    assert result["status"] in {"optimal", "feasible"}
    assert result["violations"] == 0
    # Synthetic agents have no previous roster: the first night is short, and more agents would not change it.
    assert result["shortfall"] == result["shortfall_unreachable"] == result["shortfall_recount"] > 0
    assert "headcount_needed" not in result
    first = result["assignments"][0]
    assert datetime.fromisoformat(first["end"]) - datetime.fromisoformat(first["start"]) == timedelta(hours=8)
    assert 0.5 < result["simulation"]["service_level"]["mean"] <= 1.0
    replay = _run("simulate", "--roster", str(output), "--demand", str(demand_file), "--aht", "180")
    level = replay["simulation"]["service_level"]
    assert level["low"] <= level["mean"] <= level["high"]


def test_too_few_agents_state_the_headcount(demand_file):
    result = _run(
        "plan", "--demand", str(demand_file), "--agents", "4", "--weeks", "1", "--aht", "180",
        "--time-limit", "8", "--workers", "8",
    )  # fmt: skip
    assert result["shortfall"] > result["shortfall_unreachable"]
    assert result["shortfall"] == sum(row["agents"] for row in result["shortfall_by_interval"])
    assert result["shortfall"] == result["shortfall_recount"]
    assert result["headcount_needed"]["agents"] > 4
    assert result["violations"] == 0


def test_short_demand_file_refused(demand_file):
    out = StringIO()
    with pytest.raises(CommandError):
        call_command(
            "roster",
            "plan",
            "--demand",
            str(demand_file),
            "--agents",
            "5",
            "--weeks",
            "2",
            "--json",
            stdout=out,
        )
    assert json.loads(out.getvalue())["code"] == "invalid_demand"
