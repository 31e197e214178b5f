"""`demo.timing.step_moments`: after the receipt, strictly increasing, before now — for any age of item."""

from __future__ import annotations

import itertools
import random
from datetime import date, timedelta

import pytest

from lianxin.domain.workflow import Action
from lianxin.workorders.demo.scenarios import DemoStep
from lianxin.workorders.demo.timing import step_moments
from lianxin.workorders.tests.factories import at

NOW = at("2026-11-30 16:40")
COMPLAINT = tuple(
    DemoStep(action, "demo_agent")
    for action in (
        Action.DISPATCH,
        Action.ACCEPT,
        Action.START_MEDIATION,
        Action.REACH_AGREEMENT,
        Action.CLOSE,
    )
)


@pytest.mark.parametrize(
    "age", [timedelta(minutes=4), timedelta(hours=3), timedelta(days=2), timedelta(days=55)]
)
@pytest.mark.parametrize("steps", [(), COMPLAINT[:1], COMPLAINT])
def test_moments_follow_the_receipt_and_stay_before_now(age, steps):
    received = NOW - age
    for seed in range(20):
        moments = step_moments(random.Random(seed), received, steps, NOW)  # noqa: S311 - test data
        assert len(moments) == len(steps) + 1
        assert received <= moments[0]
        assert all(a < b for a, b in itertools.pairwise(moments))
        assert moments[-1] < NOW


def test_an_old_complaint_is_dispatched_within_the_day_and_accepted_within_seven_working_days():
    from lianxin.workorders.demo.timing import weekdays

    received = NOW - timedelta(days=55)
    for seed in range(50):
        registered, dispatched, accepted, *_ = step_moments(random.Random(seed), received, COMPLAINT, NOW)  # noqa: S311
        assert registered - received <= timedelta(minutes=20)
        assert dispatched - registered <= timedelta(hours=20)
        days = (accepted.date() - dispatched.date()).days
        between = [dispatched.date() + timedelta(days=n) for n in range(1, days + 1)]
        assert sum(weekdays(day) for day in between) <= 7  # Order 121 Art. 15


def test_every_item_of_the_default_demo_gets_valid_moments():
    from lianxin.workorders.demo.generator import demo_plan

    rng = random.Random(12315)  # noqa: S311 - test data
    for item in demo_plan(count=300, seed=12315, now=NOW):
        moments = step_moments(rng, item.data.received_at, item.steps, NOW)
        assert item.data.received_at <= moments[0]
        assert all(a < b for a, b in itertools.pairwise(moments))
        assert moments[-1] < NOW


def test_every_demo_agreement_states_the_amount_it_records():
    from lianxin.workorders.demo.generator import demo_plan

    agreements = [
        step
        for item in demo_plan(count=300, seed=12315, now=NOW)
        for step in item.steps
        if step.action is Action.REACH_AGREEMENT
    ]
    assert len(agreements) > 10
    for step in agreements:
        assert step.amount_recovered is not None
        assert step.amount_recovered > 0
        assert f"{step.amount_recovered:,.2f}元" in step.note, step.note


def _county_steps_in_office_hours(is_workday) -> int:
    from lianxin.workorders.demo.generator import demo_plan
    from lianxin.workorders.demo.timing import AROUND_THE_CLOCK, SHANGHAI

    rng = random.Random(5)  # noqa: S311 - test data
    unit_steps = 0
    for item in demo_plan(count=300, seed=5, now=NOW):
        if NOW - item.data.received_at < timedelta(days=7):
            continue
        moments = step_moments(rng, item.data.received_at, item.steps, NOW, is_workday=is_workday)
        assert all(a < b for a, b in itertools.pairwise(moments))
        assert moments[-1] < NOW
        for step, moment in zip(item.steps, moments[1:], strict=True):
            if step.action not in AROUND_THE_CLOCK:
                local = moment.astimezone(SHANGHAI)
                assert 9 <= local.hour < 17, (step.action, moment)
                assert is_workday(local.date()), (step.action, moment)
                unit_steps += 1
    return unit_steps


def test_county_steps_of_old_items_fall_in_office_hours_on_weekdays():
    """The center works 7×24; a county bureau's steps fall on its working days, 9:00–17:00."""
    from lianxin.workorders.demo.timing import weekdays

    assert _county_steps_in_office_hours(weekdays) > 50


def test_county_steps_keep_to_the_official_calendar(rules):
    """With the loaded calendar: the National Day week of 2026 is off, its make-up working day is not."""
    from lianxin.calendars.selectors import deadline_calendar

    calendar = deadline_calendar()
    assert not calendar.is_workday(date(2026, 10, 5))
    assert _county_steps_in_office_hours(calendar.is_workday) > 50
