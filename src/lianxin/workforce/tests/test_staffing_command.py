"""`lianxin staffing`: the published example end to end, and refusals."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command


def _run(*args: str) -> dict:
    out = StringIO()
    call_command("staffing", *args, "--json", stdout=out)
    return json.loads(out.getvalue())


def test_published_example():
    result = _run("--calls", "100", "--interval", "30", "--aht", "180", "--target", "0.8", "--within", "20")
    assert result["agents"] == 14
    assert round(result["service_level"], 3) == 0.888
    assert round(result["asa_seconds"], 2) == 7.84
    assert round(result["occupancy"], 3) == 0.714
    assert result["abandon_rate"] == 0.0


def test_given_agents_and_patience():
    result = _run("--calls", "100", "--aht", "180", "--agents", "10", "--patience", "120")
    assert result["agents"] == 10
    assert 0 < result["abandon_rate"] < 1
    assert result["service_level"] < 0.8


def test_unstable_queue_reports_null_asa():
    result = _run("--calls", "100", "--aht", "180", "--agents", "9")
    assert result["asa_seconds"] is None
    assert result["service_level"] == 0.0


def test_bad_input_refused_with_json_error():
    out = StringIO()
    with pytest.raises(CommandError):
        call_command("staffing", "--calls", "100", "--aht", "0", "--json", stdout=out)
    assert json.loads(out.getvalue())["code"] == "invalid_input"
