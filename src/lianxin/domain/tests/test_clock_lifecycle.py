"""What each clock effect does to a paused, running or stopped clock — as the items of a work order live it.

A complaint declined while the consumer is still to prove their identity, a mediation terminated while suspended
for testing, a report merged or transferred while paused: the clock stops and stays stopped; it does not resume.
"""

from __future__ import annotations

from datetime import date

import pytest

from lianxin.domain.calendar import WorkingCalendar
from lianxin.domain.deadlines import (
    ClockState,
    apply_clock_effect,
    apply_transition_clocks,
    clock_due_on,
    deadlines_for,
)
from lianxin.domain.errors import DomainError
from lianxin.domain.rules import ClockName, DayUnit, RuleSet, TimeLimit
from lianxin.domain.workflow import Action, ClockEffect, Kind, State, plan_transition

CALENDAR = WorkingCalendar.build(
    years=[2031], holidays=[date(2031, 10, d) for d in range(1, 8)], makeup_workdays=[]
)
ACCEPT, MEDIATION, NOTICE = ClockName.ACCEPT_DECISION, ClockName.MEDIATION, ClockName.TERMINATION_NOTICE
RULES = RuleSet(
    code="lifecycle",
    title="测试规则",
    effective_from=date(2031, 1, 1),
    effective_to=None,
    citation="test",
    time_limits={
        ACCEPT: TimeLimit(ACCEPT, 7, DayUnit.WORKDAYS, "received", ("identity",), "art. 15"),
        MEDIATION: TimeLimit(MEDIATION, 45, DayUnit.CALENDAR_DAYS, "accepted", ("testing",), "art. 23"),
        NOTICE: TimeLimit(NOTICE, 3, DayUnit.WORKDAYS, "terminated", (), "art. 25"),
        ClockName.VERIFICATION: TimeLimit(
            ClockName.VERIFICATION, 15, DayUnit.WORKDAYS, "received", ("x",), "art. 18", 15
        ),
    },
)


def _effect(clocks, clock, effect, on):
    return apply_clock_effect(clocks, clock, effect, on=on, rule_set=RULES, calendar=CALENDAR)


def _transition(clocks, kind, state, action, on):
    step = plan_transition(kind, state, action)
    return apply_transition_clocks(clocks, step, on=on, rule_set=RULES, calendar=CALENDAR)


def _paused(clock: ClockName) -> dict[ClockName, ClockState]:
    clocks = _effect({}, clock, ClockEffect.START, date(2031, 3, 3))  # a Monday
    return _effect(clocks, clock, ClockEffect.PAUSE, date(2031, 3, 5))


def test_a_complaint_declined_while_identity_is_pending_stays_stopped():
    clocks = _transition(
        _effect({}, ACCEPT, ClockEffect.START, date(2031, 3, 3)),
        Kind.COMPLAINT,
        State.DISPATCHED,
        Action.REQUEST_IDENTITY,
        date(2031, 3, 5),
    )
    assert clocks[ACCEPT].is_paused
    declined = _transition(clocks, Kind.COMPLAINT, State.IDENTITY_PENDING, Action.DECLINE, date(2031, 3, 12))
    state = declined[ACCEPT]
    assert state.stopped_on == date(2031, 3, 12)
    assert not state.is_running
    assert not state.is_paused
    assert clock_due_on(state, RULES, CALENDAR) is None
    # The pause is not turned into working days added back: the item is decided, nothing is owed.
    assert state.paused_units == 0
    assert state.paused_on == date(2031, 3, 5)


def test_a_mediation_terminated_while_suspended_stops_and_starts_the_notice_clock():
    clocks = _paused(MEDIATION)
    after = _transition(
        clocks, Kind.COMPLAINT, State.MEDIATION_SUSPENDED, Action.TERMINATE_MEDIATION, date(2031, 3, 20)
    )
    assert after[MEDIATION].stopped_on == date(2031, 3, 20)
    assert clock_due_on(after[MEDIATION], RULES, CALENDAR) is None
    assert clock_due_on(after[NOTICE], RULES, CALENDAR) == date(2031, 3, 25)  # 3 working days after Thu 3-20


@pytest.mark.parametrize(
    ("kind", "state", "action"),
    [
        (Kind.REPORT, State.VERIFYING, Action.MERGE),
        (Kind.REPORT, State.REGISTERED, Action.TRANSFER_OUT),
        (Kind.COMPLAINT, State.REGISTERED, Action.TRANSFER_OUT),
    ],
)
def test_merging_or_transferring_stops_a_paused_clock(kind, state, action):
    clocks = _paused(ClockName.VERIFICATION) | _paused(ACCEPT)
    after = _transition(clocks, kind, state, action, date(2031, 3, 20))
    for clock in (ClockName.VERIFICATION, ACCEPT):
        assert after[clock].stopped_on == date(2031, 3, 20)
        assert not after[clock].is_paused
        assert clock_due_on(after[clock], RULES, CALENDAR) is None


def test_a_second_pause_keeps_the_first_pause_day():
    clocks = _paused(ACCEPT)
    again = _effect(clocks, ACCEPT, ClockEffect.PAUSE, date(2031, 3, 10))
    assert again[ACCEPT].paused_on == date(2031, 3, 5)
    resumed = _effect(again, ACCEPT, ClockEffect.RESUME, date(2031, 3, 12))
    # Paused Wed 3-5 → Wed 3-12: Thu, Fri, Mon, Tue, Wed = 5 working days added back.
    assert resumed[ACCEPT].paused_units == 5
    assert resumed[ACCEPT].paused_on is None
    # 7 working days from Mon 3-3 end on Wed 3-12; the 5 added back move the due date to Wed 3-19.
    assert clock_due_on(resumed[ACCEPT], RULES, CALENDAR) == date(2031, 3, 19)


def test_pauses_add_up():
    clocks = _paused(ACCEPT)
    clocks = _effect(clocks, ACCEPT, ClockEffect.RESUME, date(2031, 3, 6))  # 1 day
    clocks = _effect(clocks, ACCEPT, ClockEffect.PAUSE, date(2031, 3, 7))
    clocks = _effect(clocks, ACCEPT, ClockEffect.RESUME, date(2031, 3, 11))  # Mon, Tue: 2 days
    assert clocks[ACCEPT].paused_units == 3


def test_resuming_a_running_clock_changes_nothing():
    clocks = _effect({}, ACCEPT, ClockEffect.START, date(2031, 3, 3))
    assert _effect(clocks, ACCEPT, ClockEffect.RESUME, date(2031, 3, 10)) == clocks


@pytest.mark.parametrize(
    "effect", [ClockEffect.PAUSE, ClockEffect.RESUME, ClockEffect.STOP, ClockEffect.EXTEND]
)
def test_effects_on_a_clock_never_started_change_nothing(effect):
    assert _effect({}, ACCEPT, effect, date(2031, 3, 3)) == {}


@pytest.mark.parametrize(
    "effect", [ClockEffect.RESUME, ClockEffect.STOP, ClockEffect.EXTEND, ClockEffect.PAUSE]
)
def test_effects_on_a_stopped_clock_change_nothing(effect):
    clocks = _effect(
        _effect({}, ACCEPT, ClockEffect.START, date(2031, 3, 3)), ACCEPT, ClockEffect.STOP, date(2031, 3, 4)
    )
    assert _effect(clocks, ACCEPT, effect, date(2031, 3, 9)) == clocks


def test_restarting_a_clock_starts_it_afresh():
    clocks = _paused(ACCEPT)
    restarted = _effect(clocks, ACCEPT, ClockEffect.START, date(2031, 4, 1))
    assert restarted[ACCEPT] == ClockState(clock=ACCEPT, started_on=date(2031, 4, 1))


def test_a_paused_clock_can_be_extended_and_the_extension_counts_after_it_resumes():
    clocks = _paused(ClockName.VERIFICATION)
    extended = _effect(clocks, ClockName.VERIFICATION, ClockEffect.EXTEND, date(2031, 3, 6))
    assert extended[ClockName.VERIFICATION].is_extended
    with pytest.raises(DomainError, match=r"^该期限已经延长过一次，不能再次延长。$"):
        _effect(extended, ClockName.VERIFICATION, ClockEffect.EXTEND, date(2031, 3, 7))


def test_other_clocks_are_left_alone():
    clocks = _paused(ACCEPT) | _effect({}, MEDIATION, ClockEffect.START, date(2031, 3, 3))
    after = _effect(clocks, ACCEPT, ClockEffect.STOP, date(2031, 3, 9))
    assert after[MEDIATION] == clocks[MEDIATION]
    assert clocks[ACCEPT].stopped_on is None  # the input mapping is not changed in place


def test_identity_confirmed_through_the_transition_gives_back_the_working_days_it_took():
    clocks = _effect({}, ACCEPT, ClockEffect.START, date(2031, 9, 26))  # a Friday
    clocks = _transition(clocks, Kind.COMPLAINT, State.DISPATCHED, Action.REQUEST_IDENTITY, date(2031, 9, 29))
    clocks = _transition(
        clocks, Kind.COMPLAINT, State.IDENTITY_PENDING, Action.CONFIRM_IDENTITY, date(2031, 10, 9)
    )
    # Paused Mon 9-29 → Thu 10-9 across the National Day week (10-1 … 10-7): Tue 9-30, Wed 10-8, Thu 10-9.
    assert clocks[ACCEPT].paused_units == 3
    assert clocks[ACCEPT].is_running


def test_intake_promises_the_unextended_dates():
    extendable = RuleSet(
        code="ext",
        title="可延长",
        effective_from=date(2031, 1, 1),
        effective_to=None,
        citation="test",
        time_limits={
            ACCEPT: TimeLimit(ACCEPT, 7, DayUnit.WORKDAYS, "received", (), "a", extension_amount=7),
            MEDIATION: TimeLimit(
                MEDIATION, 45, DayUnit.CALENDAR_DAYS, "accepted", (), "b", extension_amount=15
            ),
        },
    )
    due = deadlines_for(
        received_on=date(2031, 3, 3),
        accepted_on=date(2031, 3, 10),
        rule_set=extendable,
        calendar=CALENDAR,
        kind_clocks=(ACCEPT,),
    )
    assert due == {ACCEPT: date(2031, 3, 12), MEDIATION: date(2031, 4, 24)}
