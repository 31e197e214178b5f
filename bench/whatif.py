"""A what-if experiment, NOT the shipped behaviour: what would the services gain if the rule sets and the
working calendar were cached per process instead of read from the database on every call?

Both are reference data that change only when an administrator edits them (a real cache would be invalidated
then, e.g. by a version counter bumped in the same transaction). Here the bench replaces the names the service
modules imported — `rule_set_for`, `rule_set_by_id`, `working_calendar` — with memoized versions for the
duration of a `cached` run, so the figure isolates the cost of re-reading reference data (five SELECTs per
operation). The services themselves are not changed.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from typing import Any

from lianxin.calendars.selectors import working_calendar
from lianxin.workorders.selectors import rule_set_by_id, rule_set_for
from lianxin.workorders.services import registration, transitions


@functools.cache
def _rule_set_for(received_on: date) -> Any:
    return rule_set_for(received_on)


@functools.cache
def _rule_set_by_id(rule_set_id: int) -> Any:
    return rule_set_by_id(rule_set_id)


@functools.cache
def _calendar_of_year(year: int) -> Any:
    return working_calendar(around=date(year, 7, 1))


def _working_calendar(*, around: date | None = None) -> Any:
    # Same window as the selector (the year of `around` and its neighbours), so the same answers.
    return working_calendar() if around is None else _calendar_of_year(around.year)


@contextmanager
def reference_caches() -> Iterator[None]:
    patches = [
        (registration, "rule_set_for", _rule_set_for),
        (registration, "working_calendar", _working_calendar),
        (transitions, "rule_set_by_id", _rule_set_by_id),
        (transitions, "working_calendar", _working_calendar),
    ]
    saved = [(module, name, getattr(module, name)) for module, name, _ in patches]
    for module, name, replacement in patches:
        setattr(module, name, replacement)
    try:
        yield
    finally:
        for module, name, original in saved:
            setattr(module, name, original)
