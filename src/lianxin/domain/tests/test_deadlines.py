"""Clocks: start, pause, resume, extend and stop, on a small hand-made calendar."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from lianxin.domain.calendar import WorkingCalendar
from lianxin.domain.deadlines import (
    ClockState,
    apply_clock_effect,
    apply_transition_clocks,
    clock_due_on,
    deadlines_for,
)
from lianxin.domain.errors import DomainError, RequirementMissing
from lianxin.domain.requirements import TransitionRequest, check_requirements
from lianxin.domain.rules import ClockName, DayUnit, Ground, GroundKind, RuleSet, TimeLimit
from lianxin.domain.workflow import Action, ClockEffect, Kind, State, plan_transition

# 2030 with one invented holiday week: Mon 2030-06-03 … Fri 2030-06-07 off, Sat 2030-06-08 a make-up workday.
CALENDAR = WorkingCalendar.build(
    years=[2030],
    holidays=[date(2030, 6, d) for d in range(3, 8)],
    makeup_workdays=[date(2030, 6, 8)],
)
RULES = RuleSet(
    code="test",
    title="测试规则",
    effective_from=date(2030, 1, 1),
    effective_to=None,
    citation="test",
    time_limits={
        ClockName.ACCEPT_DECISION: TimeLimit(
            ClockName.ACCEPT_DECISION, 7, DayUnit.WORKDAYS, "received", (), "art. 14"
        ),
        ClockName.MEDIATION: TimeLimit(
            ClockName.MEDIATION, 60, DayUnit.CALENDAR_DAYS, "accepted", ("testing_appraisal",), "art. 23"
        ),
        ClockName.VERIFICATION: TimeLimit(
            ClockName.VERIFICATION, 15, DayUnit.WORKDAYS, "received", (), "art. 18", extension_amount=15
        ),
    },
    grounds=(Ground(GroundKind.DECLINE, "outside_duties", "不属于职责", "art. 15(1)"),),
)


def _start(clock: ClockName, on: date) -> dict[ClockName, ClockState]:
    return apply_clock_effect({}, clock, ClockEffect.START, on=on, rule_set=RULES, calendar=CALENDAR)


def test_seven_workdays_skip_the_holiday_week_and_count_the_makeup_saturday():
    clocks = _start(ClockName.ACCEPT_DECISION, date(2030, 5, 31))  # a Friday
    # Sat 6-8 (make-up) 1, Mon 6-10 … Fri 6-14 2–6, Mon 6-17 7.
    assert clock_due_on(clocks[ClockName.ACCEPT_DECISION], RULES, CALENDAR) == date(2030, 6, 17)


def test_a_pause_adds_back_the_workdays_it_covered():
    clocks = _start(ClockName.ACCEPT_DECISION, date(2030, 5, 1))  # Wed; due Fri 5-10 without pause
    assert clock_due_on(clocks[ClockName.ACCEPT_DECISION], RULES, CALENDAR) == date(2030, 5, 10)
    clocks = apply_clock_effect(
        clocks,
        ClockName.ACCEPT_DECISION,
        ClockEffect.PAUSE,
        on=date(2030, 5, 2),
        rule_set=RULES,
        calendar=CALENDAR,
    )
    assert (
        clock_due_on(clocks[ClockName.ACCEPT_DECISION], RULES, CALENDAR) is None
    )  # nothing falls due while paused
    clocks = apply_clock_effect(
        clocks,
        ClockName.ACCEPT_DECISION,
        ClockEffect.RESUME,
        on=date(2030, 5, 9),
        rule_set=RULES,
        calendar=CALENDAR,
    )
    # Paused over Fri 5-3 … Thu 5-9: 5 working days added back → due 5 working days after Fri 5-10 = Fri 5-17.
    assert clocks[ClockName.ACCEPT_DECISION].paused_units == 5
    assert clock_due_on(clocks[ClockName.ACCEPT_DECISION], RULES, CALENDAR) == date(2030, 5, 17)


def test_calendar_day_limit_pauses_count_calendar_days():
    clocks = _start(ClockName.MEDIATION, date(2030, 3, 1))
    assert clock_due_on(clocks[ClockName.MEDIATION], RULES, CALENDAR) == date(2030, 4, 30)
    clocks = apply_clock_effect(
        clocks,
        ClockName.MEDIATION,
        ClockEffect.PAUSE,
        on=date(2030, 3, 10),
        rule_set=RULES,
        calendar=CALENDAR,
    )
    clocks = apply_clock_effect(
        clocks,
        ClockName.MEDIATION,
        ClockEffect.RESUME,
        on=date(2030, 3, 20),
        rule_set=RULES,
        calendar=CALENDAR,
    )
    # 10 calendar days of testing do not count: 2030-05-10 is a Friday.
    assert clock_due_on(clocks[ClockName.MEDIATION], RULES, CALENDAR) == date(2030, 5, 10)


def test_calendar_day_limit_ending_on_a_holiday_moves_to_the_next_workday():
    clocks = _start(ClockName.MEDIATION, date(2030, 4, 4))  # +60 days = Mon 2030-06-03, a holiday
    assert clock_due_on(clocks[ClockName.MEDIATION], RULES, CALENDAR) == date(
        2030, 6, 8
    )  # the make-up Saturday


def test_extension_adds_its_amount_once():
    clocks = _start(ClockName.VERIFICATION, date(2030, 1, 7))
    assert clock_due_on(clocks[ClockName.VERIFICATION], RULES, CALENDAR) == date(2030, 1, 28)
    clocks = apply_clock_effect(
        clocks,
        ClockName.VERIFICATION,
        ClockEffect.EXTEND,
        on=date(2030, 1, 20),
        rule_set=RULES,
        calendar=CALENDAR,
    )
    assert clock_due_on(clocks[ClockName.VERIFICATION], RULES, CALENDAR) == date(2030, 2, 18)
    with pytest.raises(DomainError):
        apply_clock_effect(
            clocks,
            ClockName.VERIFICATION,
            ClockEffect.EXTEND,
            on=date(2030, 1, 21),
            rule_set=RULES,
            calendar=CALENDAR,
        )


def test_accepting_stops_the_decision_clock_and_starts_mediation():
    clocks = _start(ClockName.ACCEPT_DECISION, date(2030, 3, 1))
    step = plan_transition(Kind.COMPLAINT, State.DISPATCHED, Action.ACCEPT)
    after = apply_transition_clocks(clocks, step, on=date(2030, 3, 5), rule_set=RULES, calendar=CALENDAR)
    assert after[ClockName.ACCEPT_DECISION].stopped_on == date(2030, 3, 5)
    assert clock_due_on(after[ClockName.ACCEPT_DECISION], RULES, CALENDAR) is None
    assert after[ClockName.MEDIATION].started_on == date(2030, 3, 5)


def test_effects_on_a_stopped_clock_change_nothing():
    clocks = _start(ClockName.ACCEPT_DECISION, date(2030, 3, 1))
    stopped = apply_clock_effect(
        clocks,
        ClockName.ACCEPT_DECISION,
        ClockEffect.STOP,
        on=date(2030, 3, 2),
        rule_set=RULES,
        calendar=CALENDAR,
    )
    again = apply_clock_effect(
        stopped,
        ClockName.ACCEPT_DECISION,
        ClockEffect.PAUSE,
        on=date(2030, 3, 3),
        rule_set=RULES,
        calendar=CALENDAR,
    )
    assert again == stopped


def test_a_clock_the_rule_set_does_not_define_is_not_started():
    assert _start(ClockName.REPORTER_NOTICE, date(2030, 3, 1)) == {}


def test_deadlines_for_a_complaint_received_and_accepted():
    due = deadlines_for(
        received_on=date(2030, 5, 31),
        accepted_on=date(2030, 6, 10),
        rule_set=RULES,
        calendar=CALENDAR,
        kind_clocks=(ClockName.ACCEPT_DECISION,),
    )
    assert due == {ClockName.ACCEPT_DECISION: date(2030, 6, 17), ClockName.MEDIATION: date(2030, 8, 9)}


def test_requirements_list_every_missing_field_in_chinese():
    step = plan_transition(Kind.COMPLAINT, State.DISPATCHED, Action.DECLINE)
    with pytest.raises(RequirementMissing) as missing:
        check_requirements(step, TransitionRequest(), RULES)
    assert set(missing.value.fields) == {"note", "ground_code"}
    with pytest.raises(RequirementMissing) as wrong:
        check_requirements(step, TransitionRequest(note="不属于职责", ground_code="made_up"), RULES)
    assert "made_up" in wrong.value.fields["ground_code"][0]
    check_requirements(step, TransitionRequest(note="不属于职责", ground_code="outside_duties"), RULES)


def test_agreement_requires_a_non_negative_amount():
    step = plan_transition(Kind.COMPLAINT, State.MEDIATING, Action.REACH_AGREEMENT)
    with pytest.raises(RequirementMissing):
        check_requirements(step, TransitionRequest(note="和解", amount_recovered=Decimal("-1")), RULES)
    check_requirements(step, TransitionRequest(note="和解", amount_recovered=Decimal("0")), RULES)
