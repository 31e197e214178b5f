"""The one place the application reads the time (tests travel with time-machine).

`travel(moment)` makes `now()` answer a past moment inside a block, for loading history through the real services
(the demo: a complaint received in October was dispatched, accepted and documented in October, not on the day the
demo was loaded). Per context (a `ContextVar`), so a server thread never sees another's travel.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date, datetime

from django.utils import timezone

_travelled: ContextVar[datetime | None] = ContextVar("lianxin_clock_travelled", default=None)


def now() -> datetime:
    moment = _travelled.get()
    return timezone.now() if moment is None else moment


def today() -> date:
    """Today in the center's time zone (Asia/Shanghai), the day deadlines are counted in."""
    return timezone.localdate(now())


def local_date(moment: datetime) -> date:
    return timezone.localdate(moment)


@contextmanager
def travel(moment: datetime) -> Iterator[None]:
    """`now()` is `moment` inside the block (an aware datetime in the past: history, never the future)."""
    if timezone.is_naive(moment):
        raise ValueError("clock.travel needs an aware datetime")
    token = _travelled.set(moment)
    try:
        yield
    finally:
        _travelled.reset(token)
