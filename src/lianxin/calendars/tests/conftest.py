"""Fixtures for the calendar app's tests: a few package years, and a helper to run an ops command."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from lianxin.calendars.management.commandline import REFUSED_EXIT_STATUS
from lianxin.calendars.services import calendar_load_package_years

CALENDAR_2027_CSV = """date,kind,name
2027-01-01,holiday,元旦
2027-02-06,holiday,春节
2027-02-07,holiday,春节
2027-02-08,holiday,春节
2027-02-09,holiday,春节
2027-02-10,holiday,春节
2027-02-11,holiday,春节
2027-02-12,holiday,春节
2027-02-20,makeup_workday,春节
"""
"""A made-up 2027 arrangement for tests (not the real notice): New Year's Day on Fri 2027-01-01, a week of
Spring Festival 02-06…02-12 and a make-up Saturday 02-20."""


@pytest.fixture
def years_2024_to_2026(db: None) -> list[int]:
    """Only 2024–2026 from the package: enough for the examples, and 2027 is not loaded."""
    return calendar_load_package_years([2024, 2025, 2026])


@pytest.fixture
def csv_file(tmp_path: Path) -> Callable[[str], Path]:
    def write(text: str, name: str = "holidays.csv") -> Path:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path

    return write


@dataclass
class CommandRun:
    stdout: str
    error: CommandError | None = None

    def json(self) -> Any:
        return json.loads(self.stdout)


@pytest.fixture
def run() -> Callable[..., CommandRun]:
    """Run a management command as the CLI would, returning its stdout (CommandError propagates)."""

    def run_command(name: str, *args: str) -> CommandRun:
        out = io.StringIO()
        call_command(name, *args, stdout=out, stderr=io.StringIO())
        return CommandRun(out.getvalue())

    return run_command


@pytest.fixture
def refused() -> Callable[..., CommandRun]:
    """Run a management command that must refuse: the CommandError (exit status 2) and what it printed."""

    def run_command(name: str, *args: str) -> CommandRun:
        out = io.StringIO()
        with pytest.raises(CommandError) as caught:
            call_command(name, *args, stdout=out, stderr=io.StringIO())
        assert caught.value.returncode == REFUSED_EXIT_STATUS
        return CommandRun(out.getvalue(), caught.value)

    return run_command
