"""Storing the statutory clocks of a work order and the due dates derived from them."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date

from lianxin.domain.calendar import WorkingCalendar
from lianxin.domain.deadlines import ClockState, clock_due_on
from lianxin.domain.errors import CalendarYearNotLoaded
from lianxin.domain.rules import ClockName, RuleSet
from lianxin.workorders.models import WorkOrder, WorkOrderClock


def clock_states(rows: Iterable[WorkOrderClock]) -> dict[ClockName, ClockState]:
    return {
        ClockName(row.clock): ClockState(
            clock=ClockName(row.clock),
            started_on=row.started_on,
            paused_on=row.paused_on,
            paused_units=row.paused_units,
            is_extended=row.is_extended,
            stopped_on=row.stopped_on,
        )
        for row in rows
    }


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


def _clock_values(state: ClockState, due_on: date | None) -> dict[str, object]:
    return {
        "started_on": state.started_on,
        "paused_on": state.paused_on,
        "paused_units": state.paused_units,
        "is_extended": state.is_extended,
        "stopped_on": state.stopped_on,
        "due_on": due_on,
    }


def clocks_create(
    work_order: WorkOrder, states: Mapping[ClockName, ClockState], dues: Mapping[ClockName, date | None]
) -> None:
    """Insert the clocks of a new work order in one statement."""
    if states:
        WorkOrderClock.objects.bulk_create(
            [
                WorkOrderClock(
                    work_order=work_order, clock=clock.value, **_clock_values(state, dues.get(clock))
                )
                for clock, state in states.items()
            ]
        )


def clocks_save(
    work_order: WorkOrder,
    rows: Iterable[WorkOrderClock],
    before: Mapping[ClockName, ClockState],
    after: Mapping[ClockName, ClockState],
    dues: Mapping[ClockName, date | None],
    stored_dues: Mapping[ClockName, date | None],
) -> None:
    """Write only the clocks whose state or due date changed: new ones in one insert, each changed one in a
    single-row update (`rows` are the clocks as read before the transition)."""
    existing = {ClockName(c.clock): c.pk for c in rows}
    created: dict[ClockName, ClockState] = {}
    for clock, state in after.items():
        if before.get(clock) == state and stored_dues.get(clock) == dues.get(clock):
            continue
        if clock in existing:
            WorkOrderClock.objects.filter(pk=existing[clock]).update(**_clock_values(state, dues.get(clock)))
        else:
            created[clock] = state
    clocks_create(work_order, created, dues)
