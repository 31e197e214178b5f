"""Due dates of a work order's statutory clocks, and what to do when a calendar year is missing."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from lianxin.domain.calendar import WorkingCalendar
from lianxin.domain.deadlines import ClockState, clock_due_on
from lianxin.domain.errors import CalendarYearNotLoaded
from lianxin.domain.rules import ClockName, RuleSet


def due_dates(
    states: Mapping[ClockName, ClockState], rule_set: RuleSet, calendar: WorkingCalendar
) -> tuple[dict[ClockName, date | None], str]:
    """Each clock's due date, and the reason when one cannot be computed (a year not loaded).

    A missing calendar year never blocks intake: the due date stays empty, the reason is stored and shown,
    and `lianxin recompute_deadlines` fills it in once the administrator loads the year.
    """
    dues: dict[ClockName, date | None] = {}
    problem = ""
    for clock, state in states.items():
        try:
            dues[clock] = clock_due_on(state, rule_set, calendar)
        except CalendarYearNotLoaded as error:
            dues[clock] = None
            problem = error.message
    return dues, problem


def next_due(dues: Mapping[ClockName, date | None]) -> tuple[date | None, str]:
    running = [(due, clock) for clock, due in dues.items() if due is not None]
    if not running:
        return None, ""
    due, clock = min(running)
    return due, clock.value
