"""Running statutory clocks and their due dates.

A clock starts on an event (receipt, acceptance, a decision), may pause (testing and appraisal, identity
verification: 不计入期限) and resume, may be extended once with approval, and stops when the step is done. Its due
date is recomputed from the rule set's time limit on every transition.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date

from .calendar import WorkingCalendar
from .errors import DomainError
from .rules import ClockName, RuleSet, StartEvent
from .workflow import ClockEffect, Transition


@dataclass(frozen=True, slots=True)
class ClockState:
    clock: ClockName
    started_on: date
    paused_on: date | None = None
    paused_units: int = 0
    is_extended: bool = False
    stopped_on: date | None = None

    @property
    def is_running(self) -> bool:
        return self.stopped_on is None and self.paused_on is None

    @property
    def is_paused(self) -> bool:
        return self.stopped_on is None and self.paused_on is not None


def apply_clock_effect(
    clocks: Mapping[ClockName, ClockState],
    clock: ClockName,
    effect: ClockEffect,
    *,
    on: date,
    rule_set: RuleSet,
    calendar: WorkingCalendar,
) -> dict[ClockName, ClockState]:
    """The clocks after one effect. Effects on a clock that is not running (or absent) are no-ops,
    except START, which (re)starts it."""
    result = dict(clocks)
    current = result.get(clock)
    if effect is ClockEffect.START:
        if clock in rule_set.time_limits:
            result[clock] = ClockState(clock=clock, started_on=on)
        return result
    if current is None or current.stopped_on is not None:
        return result
    if effect is ClockEffect.PAUSE and current.paused_on is None:
        result[clock] = replace(current, paused_on=on)
    elif effect is ClockEffect.RESUME and current.paused_on is not None:
        limit = rule_set.time_limits[clock]
        added = limit.units_between(current.paused_on, on, calendar)
        result[clock] = replace(current, paused_on=None, paused_units=current.paused_units + added)
    elif effect is ClockEffect.STOP:
        result[clock] = replace(current, stopped_on=on)
    elif effect is ClockEffect.EXTEND:
        if current.is_extended:
            raise DomainError("该期限已经延长过一次，不能再次延长。")
        result[clock] = replace(current, is_extended=True)
    return result


def start_clocks_on(
    clocks: Mapping[ClockName, ClockState],
    event: StartEvent,
    *,
    candidates: tuple[ClockName, ...],
    on: date,
    rule_set: RuleSet,
) -> dict[ClockName, ClockState]:
    """(Re)start each candidate clock whose time-limit row counts from `event` (its `starts_on`).

    Registration passes the kind's clocks with RECEIVED, a dispatch the same clocks with DISPATCHED: which of
    the two starts the decision clock is the row's choice (docs/adr/0014), not the code's.
    """
    result = dict(clocks)
    for clock in candidates:
        limit = rule_set.time_limits.get(clock)
        if limit is not None and limit.starts_on == event.value:
            result[clock] = ClockState(clock=clock, started_on=on)
    return result


def apply_transition_clocks(
    clocks: Mapping[ClockName, ClockState],
    transition: Transition,
    *,
    on: date,
    rule_set: RuleSet,
    calendar: WorkingCalendar,
) -> dict[ClockName, ClockState]:
    result = dict(clocks)
    for clock, effect in transition.clocks:
        result = apply_clock_effect(result, clock, effect, on=on, rule_set=rule_set, calendar=calendar)
    return result


def clock_due_on(state: ClockState, rule_set: RuleSet, calendar: WorkingCalendar) -> date | None:
    """The due date of a running clock; None for a paused or stopped one (nothing falls due while paused)."""
    if not state.is_running:
        return None
    limit = rule_set.time_limits[state.clock]
    return limit.due_on(
        started_on=state.started_on,
        paused_units=state.paused_units,
        is_extended=state.is_extended,
        calendar=calendar,
    )


def deadlines_for(
    *,
    received_on: date,
    rule_set: RuleSet,
    calendar: WorkingCalendar,
    accepted_on: date | None = None,
    kind_clocks: tuple[ClockName, ...],
) -> dict[ClockName, date]:
    """The statutory due dates for an item received on `received_on` (and accepted on `accepted_on`).

    Used by the `deadlines` ops command and by intake to tell a caller when to expect a decision.
    """
    due: dict[ClockName, date] = {}
    for clock in kind_clocks:
        if clock in rule_set.time_limits:
            due[clock] = rule_set.time_limits[clock].due_on(
                started_on=received_on, paused_units=0, is_extended=False, calendar=calendar
            )
    if accepted_on is not None and ClockName.MEDIATION in rule_set.time_limits:
        due[ClockName.MEDIATION] = rule_set.time_limits[ClockName.MEDIATION].due_on(
            started_on=accepted_on, paused_units=0, is_extended=False, calendar=calendar
        )
    return due
