"""Due dates of a work order's statutory clocks, provisional ones included, and what to do when a year is missing."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from lianxin.domain.calendar import WorkingCalendar
from lianxin.domain.deadlines import ClockState, clock_due_on
from lianxin.domain.errors import CalendarYearNotLoaded
from lianxin.domain.rules import ClockName, RuleSet


@dataclass(frozen=True, slots=True)
class ClockDues:
    """Each clock's due date; which of them are provisional (暂定: counted through a year whose State Council
    arrangement is not loaded, on the 放假办法's festival days); and the handler-facing reason when one could not
    be computed at all."""

    dues: dict[ClockName, date | None]
    provisional: frozenset[ClockName]
    problem: str

    def next_due(self) -> tuple[date | None, str, bool]:
        """The earliest running due date, its clock, and whether it is provisional."""
        running = [(due, clock) for clock, due in self.dues.items() if due is not None]
        if not running:
            return None, "", False
        due, clock = min(running)
        return due, clock.value, clock in self.provisional


def due_dates(
    states: Mapping[ClockName, ClockState], rule_set: RuleSet, calendar: WorkingCalendar
) -> ClockDues:
    """Each clock's due date on the deadline calendar (`calendars.selectors.deadline_calendar`).

    A year not loaded never blocks intake and never leaves a handler without a date: a date counted through a
    provisional year is kept and marked provisional, and `recompute_provisional_deadlines` replaces it when the
    year is loaded. Only a year beyond even the provisional horizon leaves the date empty, with a reason that
    names no administrator's command (the command goes to the administrators, in the admin).
    """
    dues: dict[ClockName, date | None] = {}
    provisional: set[ClockName] = set()
    problem = ""
    for clock, state in states.items():
        try:
            due = clock_due_on(state, rule_set, calendar)
        except CalendarYearNotLoaded as error:
            dues[clock] = None
            problem = error.handler_message
            continue
        dues[clock] = due
        if due is not None and calendar.spans_provisional(state.started_on, due):
            provisional.add(clock)
    return ClockDues(dues, frozenset(provisional), problem)
