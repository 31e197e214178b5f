"""The one place the application reads the time (tests travel with time-machine)."""

from __future__ import annotations

from datetime import date, datetime

from django.utils import timezone


def now() -> datetime:
    return timezone.now()


def today() -> date:
    """Today in the center's time zone (Asia/Shanghai), the day deadlines are counted in."""
    return timezone.localdate(now())


def local_date(moment: datetime) -> date:
    return timezone.localdate(moment)
