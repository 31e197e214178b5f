"""Rule sets as data: which one applies on a received date, and the due dates their time limits give.

Pure: the rule sets are built here (small copies of the two orders' time limits); the shipped
`workorders/reference/rule_sets.json` is checked against the database in the calendars app's tests.
Dates were counted by hand on the `chinesecalendar` arrangement; each count is in the comment beside it.
"""

from __future__ import annotations

from datetime import date

import chinese_calendar
import pytest

from lianxin.domain.calendar import WorkingCalendar
from lianxin.domain.deadlines import ClockState, apply_clock_effect, clock_due_on, deadlines_for
from lianxin.domain.errors import CalendarYearNotLoaded, DomainError, NoRuleSetInForce
from lianxin.domain.rules import ClockName, DayUnit, RuleSet, TimeLimit, select_rule_set
from lianxin.domain.workflow import REGISTRATION_CLOCKS, ClockEffect, Kind

D = date


def _limit(clock: ClockName, amount: int, unit: DayUnit, starts_on: str, extension: int = 0) -> TimeLimit:
    return TimeLimit(
        clock=clock,
        amount=amount,
        unit=unit,
        starts_on=starts_on,
        paused_by=("testing_appraisal",),
        citation=f"{clock.value} 条文",
        extension_amount=extension,
    )


ORDER_20 = RuleSet(
    code="order-20",
    title="暂行办法",
    effective_from=D(2020, 1, 1),
    effective_to=D(2026, 4, 14),
    citation="总局令第20号",
    time_limits={
        ClockName.ACCEPT_DECISION: _limit(ClockName.ACCEPT_DECISION, 7, DayUnit.WORKDAYS, "received"),
        ClockName.MEDIATION: _limit(ClockName.MEDIATION, 45, DayUnit.WORKDAYS, "accepted"),
        ClockName.VERIFICATION: _limit(ClockName.VERIFICATION, 15, DayUnit.WORKDAYS, "received", 15),
    },
)
ORDER_121 = RuleSet(
    code="order-121",
    title="办法",
    effective_from=D(2026, 4, 15),
    effective_to=None,
    citation="总局令第121号",
    time_limits={
        ClockName.ACCEPT_DECISION: _limit(ClockName.ACCEPT_DECISION, 7, DayUnit.WORKDAYS, "received"),
        ClockName.MEDIATION: _limit(ClockName.MEDIATION, 60, DayUnit.CALENDAR_DAYS, "accepted"),
        ClockName.VERIFICATION: _limit(ClockName.VERIFICATION, 15, DayUnit.WORKDAYS, "received", 15),
    },
)


@pytest.fixture(scope="module")
def calendar() -> WorkingCalendar:
    holidays = {d for d in chinese_calendar.constants.holidays if d.year <= 2026}
    workdays = {d for d in chinese_calendar.constants.workdays if d.year <= 2026}
    return WorkingCalendar.build(
        years={d.year for d in holidays}, holidays=holidays, makeup_workdays=workdays
    )


# --- select_rule_set: judged by the rule in force on the day received ---


@pytest.mark.parametrize(
    ("received_on", "expected"),
    [
        pytest.param(D(2020, 1, 1), "order-20", id="order-20-first-day"),
        pytest.param(D(2026, 4, 14), "order-20", id="order-20-last-day"),
        pytest.param(D(2026, 4, 15), "order-121", id="order-121-first-day"),
        pytest.param(D(2030, 1, 1), "order-121", id="order-121-open-ended"),
    ],
)
def test_select_rule_set_boundaries(received_on: date, expected: str) -> None:
    assert select_rule_set([ORDER_20, ORDER_121], received_on).code == expected
    assert select_rule_set([ORDER_121, ORDER_20], received_on).code == expected  # order of rows irrelevant


def test_no_rule_set_before_the_first_is_refused() -> None:
    with pytest.raises(NoRuleSetInForce) as caught:
        select_rule_set([ORDER_20, ORDER_121], D(2019, 12, 31))
    assert "2019-12-31" in caught.value.message


def test_an_overlapping_amendment_wins_from_its_own_date() -> None:
    amended = RuleSet(
        code="order-20-amended",
        title="暂行办法（修正）",
        effective_from=D(2022, 5, 1),
        effective_to=D(2026, 4, 14),
        citation="总局令第61号",
    )
    rule_sets = [ORDER_20, amended, ORDER_121]
    assert select_rule_set(rule_sets, D(2022, 4, 30)).code == "order-20"
    assert select_rule_set(rule_sets, D(2022, 5, 1)).code == "order-20-amended"


# --- TimeLimit.due_on: pauses and the one approved extension ---


def test_due_on_plain_workdays(calendar: WorkingCalendar) -> None:
    limit = ORDER_20.time_limits[ClockName.ACCEPT_DECISION]
    # Thu 2024-02-08 + 7 across Spring Festival (make-up Sun 02-18) → Fri 02-23.
    assert limit.due_on(started_on=D(2024, 2, 8), paused_units=0, is_extended=False, calendar=calendar) == D(
        2024, 2, 23
    )


def test_due_on_adds_paused_workdays(calendar: WorkingCalendar) -> None:
    limit = ORDER_20.time_limits[ClockName.ACCEPT_DECISION]
    # 7 + 3 paused = 10 working days from Thu 2024-02-08: Fri 02-23 is the 7th, Mon 26 (8), Tue 27 (9), Wed 28 (10).
    due = limit.due_on(started_on=D(2024, 2, 8), paused_units=3, is_extended=False, calendar=calendar)
    assert due == D(2024, 2, 28)


def test_due_on_with_and_without_extension(calendar: WorkingCalendar) -> None:
    limit = ORDER_20.time_limits[ClockName.VERIFICATION]
    # Fri 2024-03-01 + 15: three plain weeks, 03-04…03-08 (5), 03-11…03-15 (10), 03-18…03-22 (15).
    plain = limit.due_on(started_on=D(2024, 3, 1), paused_units=0, is_extended=False, calendar=calendar)
    assert plain == D(2024, 3, 22)
    # + 15 more with approval (30): 03-25…03-29 (20), Mon 04-01…Wed 04-03 (23), [Qingming Thu 04-04…Sat 04-06],
    # Sun 04-07 make-up (24), 04-08…04-12 (29), Mon 04-15 (30).
    extended = limit.due_on(started_on=D(2024, 3, 1), paused_units=0, is_extended=True, calendar=calendar)
    assert extended == D(2024, 4, 15)


def test_due_on_calendar_days_with_pause(calendar: WorkingCalendar) -> None:
    limit = ORDER_121.time_limits[ClockName.MEDIATION]
    # 60 + 10 paused calendar days from Fri 2026-05-08 = Fri 2026-07-17 (07-07 + 10), a working day.
    due = limit.due_on(started_on=D(2026, 5, 8), paused_units=10, is_extended=False, calendar=calendar)
    assert due == D(2026, 7, 17)


def test_units_between_by_unit(calendar: WorkingCalendar) -> None:
    workdays = ORDER_20.time_limits[ClockName.MEDIATION]
    days = ORDER_121.time_limits[ClockName.MEDIATION]
    # (Tue 2025-09-30, Mon 10-13]: 10-09, 10-10, Sat 10-11 make-up, 10-13 = 4 working days; 13 calendar days.
    assert workdays.units_between(D(2025, 9, 30), D(2025, 10, 13), calendar) == 4
    assert days.units_between(D(2025, 9, 30), D(2025, 10, 13), calendar) == 13
    assert days.units_between(D(2025, 10, 13), D(2025, 9, 30), calendar) == 0


def test_pause_and_resume_push_the_due_date_by_the_working_days_paused(calendar: WorkingCalendar) -> None:
    # Order 20 mediation accepted Tue 2025-09-30; paused for testing on Mon 2025-11-03, resumed Mon 11-10:
    # (11-03, 11-10] holds 5 working days (11-04…11-07, 11-10), so 45 + 5 = 50 working days from 09-30.
    # 45 end on Tue 2025-12-09 (see the deadlines command test); + 5: 12-10, 11, 12, 15, 16 → Tue 2025-12-16.
    clocks = {ClockName.MEDIATION: ClockState(clock=ClockName.MEDIATION, started_on=D(2025, 9, 30))}
    assert clock_due_on(clocks[ClockName.MEDIATION], ORDER_20, calendar) == D(2025, 12, 9)
    paused = apply_clock_effect(
        clocks,
        ClockName.MEDIATION,
        ClockEffect.PAUSE,
        on=D(2025, 11, 3),
        rule_set=ORDER_20,
        calendar=calendar,
    )
    assert (
        clock_due_on(paused[ClockName.MEDIATION], ORDER_20, calendar) is None
    )  # nothing falls due while paused
    resumed = apply_clock_effect(
        paused,
        ClockName.MEDIATION,
        ClockEffect.RESUME,
        on=D(2025, 11, 10),
        rule_set=ORDER_20,
        calendar=calendar,
    )
    assert resumed[ClockName.MEDIATION].paused_units == 5
    assert clock_due_on(resumed[ClockName.MEDIATION], ORDER_20, calendar) == D(2025, 12, 16)


def test_extension_is_granted_once(calendar: WorkingCalendar) -> None:
    clocks = {ClockName.VERIFICATION: ClockState(clock=ClockName.VERIFICATION, started_on=D(2024, 3, 1))}
    extended = apply_clock_effect(
        clocks,
        ClockName.VERIFICATION,
        ClockEffect.EXTEND,
        on=D(2024, 3, 20),
        rule_set=ORDER_20,
        calendar=calendar,
    )
    assert clock_due_on(extended[ClockName.VERIFICATION], ORDER_20, calendar) == D(2024, 4, 15)
    with pytest.raises(DomainError):
        apply_clock_effect(
            extended,
            ClockName.VERIFICATION,
            ClockEffect.EXTEND,
            on=D(2024, 3, 21),
            rule_set=ORDER_20,
            calendar=calendar,
        )


# --- deadlines_for: the keys that apply, by kind ---


def test_complaint_without_acceptance_has_only_the_accept_decision(calendar: WorkingCalendar) -> None:
    due = deadlines_for(
        received_on=D(2026, 5, 6),
        rule_set=ORDER_121,
        calendar=calendar,
        kind_clocks=REGISTRATION_CLOCKS[Kind.COMPLAINT],
    )
    # Wed 2026-05-06 + 7: Thu 07 (1), Fri 08 (2), Sat 09 make-up for Labour Day (3), 11…14 (4–7).
    assert due == {ClockName.ACCEPT_DECISION: D(2026, 5, 14)}


def test_complaint_with_acceptance_adds_mediation_under_each_order(calendar: WorkingCalendar) -> None:
    order_20 = deadlines_for(
        received_on=D(2025, 9, 26),
        accepted_on=D(2025, 9, 30),
        rule_set=ORDER_20,
        calendar=calendar,
        kind_clocks=REGISTRATION_CLOCKS[Kind.COMPLAINT],
    )
    # Accept: Fri 2025-09-26 + 7 → Mon 10-13 (see the calendar golden table). Mediation: 45 working days from
    # Tue 09-30: 10-09, 10-10, Sat 10-11 (3), then 8 full weeks 10-13…12-05 (43), Mon 12-08 (44), Tue 12-09 (45).
    assert order_20 == {ClockName.ACCEPT_DECISION: D(2025, 10, 13), ClockName.MEDIATION: D(2025, 12, 9)}
    order_121 = deadlines_for(
        received_on=D(2026, 5, 6),
        accepted_on=D(2026, 5, 8),
        rule_set=ORDER_121,
        calendar=calendar,
        kind_clocks=REGISTRATION_CLOCKS[Kind.COMPLAINT],
    )
    # Mediation: 60 calendar days from Fri 2026-05-08 → Tue 2026-07-07 (23 days to 05-31, 30 to 06-30, 7 more).
    assert order_121 == {ClockName.ACCEPT_DECISION: D(2026, 5, 14), ClockName.MEDIATION: D(2026, 7, 7)}


def test_report_has_only_verification(calendar: WorkingCalendar) -> None:
    due = deadlines_for(
        received_on=D(2026, 5, 6),
        rule_set=ORDER_121,
        calendar=calendar,
        kind_clocks=REGISTRATION_CLOCKS[Kind.REPORT],
    )
    # Wed 2026-05-06 + 15: 07, 08, Sat 09 make-up (3), 11…15 (8), 18…22 (13), Mon 25 (14), Tue 26 (15).
    assert due == {ClockName.VERIFICATION: D(2026, 5, 26)}


def test_a_clock_the_rule_set_lacks_is_left_out(calendar: WorkingCalendar) -> None:
    no_accept = RuleSet(
        code="partial",
        title="只有核查",
        effective_from=D(2020, 1, 1),
        effective_to=None,
        citation="-",
        time_limits={ClockName.VERIFICATION: ORDER_20.time_limits[ClockName.VERIFICATION]},
    )
    due = deadlines_for(
        received_on=D(2024, 3, 1),
        rule_set=no_accept,
        calendar=calendar,
        kind_clocks=REGISTRATION_CLOCKS[Kind.COMPLAINT],
    )
    assert due == {}


def test_deadline_past_the_loaded_calendar_is_refused(calendar: WorkingCalendar) -> None:
    with pytest.raises(CalendarYearNotLoaded) as caught:
        deadlines_for(
            received_on=D(2026, 12, 28),
            rule_set=ORDER_121,
            calendar=calendar,
            kind_clocks=REGISTRATION_CLOCKS[Kind.COMPLAINT],
        )
    assert caught.value.year == 2027
