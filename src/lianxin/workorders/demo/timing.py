"""When each demo step happened: the registration minutes after the call, then each step after the one before
it, as a center and a county bureau work (dispatch within the day, a decision within days, mediation over weeks).

The steps of an item that would run past now are compressed into the time it has had, so a complaint received an
hour ago may already be dispatched but nothing lies in the future. Every step stays inside its statutory period:
a decision to accept within 6 calendar days (≤ 7 working days, Order 121 Art. 15), a verification extension
asked within 12.5 calendar days of the start (before the 15 working days run out, Art. 30), so the real services
accept every step as they would from a handler.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from lianxin.domain.workflow import Action

from .scenarios import DemoStep

# Hours after the previous step (or after registration for the first), as (shortest, longest).
STEP_HOURS: dict[Action, tuple[float, float]] = {
    Action.ANSWER: (0.05, 0.3),
    Action.DISPATCH: (0.5, 20),
    Action.TRANSFER_OUT: (0.5, 8),
    Action.RETURN: (20, 60),
    Action.REDISPATCH: (1, 8),
    Action.REQUEST_IDENTITY: (20, 70),
    Action.ACCEPT: (20, 100),
    Action.DECLINE: (20, 100),
    Action.START_MEDIATION: (20, 96),
    Action.SUSPEND_MEDIATION: (48, 240),
    Action.REACH_AGREEMENT: (72, 480),
    Action.TERMINATE_MEDIATION: (120, 600),
    Action.CLOSE: (4, 72),
    Action.START_VERIFICATION: (20, 72),
    Action.EXTEND_VERIFICATION: (150, 300),
    Action.OPEN_CASE: (48, 250),
    Action.DECLINE_CASE: (48, 250),
    Action.INFORM_REPORTER: (10, 72),
}
DEFAULT_HOURS = (2.0, 24.0)
REGISTRATION_MINUTES = (3, 20)
APPROVAL_DELAY = timedelta(minutes=90)  # the leader decides an approval this long after it was asked
# The 12315 center works 7×24 (it registers, answers, dispatches and transfers at any hour); the county bureaus
# take their steps in office hours.
AROUND_THE_CLOCK = frozenset({Action.ANSWER, Action.DISPATCH, Action.REDISPATCH, Action.TRANSFER_OUT})
OFFICE_HOURS = (9, 17)
MAX_DAYS_OFF = 10  # the longest run of days off (the National Day week with its weekends)
SHANGHAI = ZoneInfo("Asia/Shanghai")


def step_moments(
    rng: random.Random,
    received_at: datetime,
    steps: tuple[DemoStep, ...],
    now: datetime,
    *,
    is_workday: Callable[[date], bool] | None = None,
) -> list[datetime]:
    """The registration moment, then one moment per step, strictly increasing and before `now`."""
    registered = received_at + min(
        timedelta(minutes=rng.randint(*REGISTRATION_MINUTES)), (now - received_at) / 5
    )
    gaps = [timedelta(hours=rng.uniform(*STEP_HOURS.get(step.action, DEFAULT_HOURS))) for step in steps]
    # The last step a little before now, with room for a leader's approval decided after it.
    left = now - registered
    room = left * 0.9 - timedelta(minutes=rng.randint(0, 60))
    if any(step.approver for step in steps):
        room -= APPROVAL_DELAY
    room = max(room, left / 2)
    total = sum(gaps, timedelta())
    if gaps and total > room:
        gaps = [gap * (room / total) for gap in gaps]
    planned = [registered]
    for gap in gaps:
        planned.append(planned[-1] + gap)
    # County steps move into office hours on working days — to the next working morning (the later steps follow
    # it) or back to the last working afternoon — always keeping the order and the room before now.
    moments = [registered]
    last_allowed = now - APPROVAL_DELAY - timedelta(minutes=5)
    for index, step in enumerate(steps, start=1):
        moment = max(planned[index], moments[-1] + timedelta(seconds=20))
        if step.action not in AROUND_THE_CLOCK:
            moment = _in_office_hours(
                rng,
                moment,
                earliest=moments[-1] + timedelta(seconds=20),
                latest=last_allowed - timedelta(minutes=2 * (len(steps) - index)),
                is_workday=is_workday or weekdays,
            )
        moments.append(max(moment, moments[-1] + timedelta(seconds=20)))
    return moments


def _in_office_hours(
    rng: random.Random,
    moment: datetime,
    *,
    earliest: datetime,
    latest: datetime,
    is_workday: Callable[[date], bool],
) -> datetime:
    """A county bureau's step during its office hours (9:00–17:00 Beijing time, on a working day): one planned at
    night or on a day off moves to the next working morning, or back to the last working afternoon, whichever stays
    between `earliest` and `latest` (a recent item with no such room keeps its compressed time)."""
    local = moment.astimezone(SHANGHAI)
    if OFFICE_HOURS[0] <= local.hour < OFFICE_HOURS[1] and is_workday(local.date()):
        return moment
    day = local.date() if local.hour < OFFICE_HOURS[0] else local.date() + timedelta(days=1)
    for _ in range(MAX_DAYS_OFF):
        if is_workday(day):
            break
        day += timedelta(days=1)
    forward = datetime(day.year, day.month, day.day, OFFICE_HOURS[0], tzinfo=SHANGHAI)
    forward += timedelta(minutes=rng.randint(5, 150))
    if forward <= latest:
        return forward
    before = local.date() if local.hour >= OFFICE_HOURS[1] else local.date() - timedelta(days=1)
    for _ in range(MAX_DAYS_OFF):
        if is_workday(before):
            break
        before -= timedelta(days=1)
    back = datetime(before.year, before.month, before.day, OFFICE_HOURS[1], tzinfo=SHANGHAI)
    back -= timedelta(minutes=rng.randint(5, 120))
    return back if back >= earliest else moment


def weekdays(day: date) -> bool:
    """Monday to Friday: the working days when no calendar is at hand (the demo passes the official one)."""
    return day.weekday() < 5
