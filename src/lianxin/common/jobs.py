"""Background work on django-q2 (ADR 0013): enqueue after commit, and schedules declared in code.

Jobs take ids and call services, so running one twice does no harm: the broker delivers again when a worker dies
before acknowledging (``retry`` seconds later), and a job that raised is retried up to ``max_attempts`` times.

- ``enqueue("lianxin.notifications.tasks.send_notice_task", notice_id)`` — runs after the current transaction
  commits (a rolled-back write enqueues nothing).
- ``@scheduled("每日期限巡检", every=Every.DAILY, at=time(6, 0))`` on a function in an app's ``tasks.py``: the
  schedule is created or updated by ``ensure_schedules`` (run by ``./lianxin start``); administrators see and pause
  schedules, queued, failed and finished jobs in the admin.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from enum import StrEnum
from typing import Any, TypeVar

from django.db import transaction

from . import clock

F = TypeVar("F", bound=Callable[..., Any])


class Every(StrEnum):
    MINUTES = "minutes"
    HOURLY = "hourly"
    DAILY = "daily"


@dataclass(frozen=True, slots=True)
class ScheduledJob:
    name: str
    func: str
    every: Every
    minutes: int | None = None
    at: time | None = None  # the local (Beijing) time of day of a daily job

    def first_run(self, now: datetime) -> datetime:
        if self.every is Every.DAILY and self.at is not None:
            candidate = datetime.combine(clock.local_date(now), self.at, tzinfo=_local_tz())
            return candidate if candidate > now else candidate + timedelta(days=1)
        return now


def _local_tz():
    from django.utils import timezone

    return timezone.get_default_timezone()


SCHEDULES: dict[str, ScheduledJob] = {}


def scheduled(
    name: str, *, every: Every, minutes: int | None = None, at: time | None = None
) -> Callable[[F], F]:
    """Declare a function as a scheduled job; ``name`` (Chinese, shown in the admin) identifies the schedule."""
    if every is Every.MINUTES and not minutes:
        raise ValueError("a job run every few minutes needs minutes=")

    def register(func: F) -> F:
        SCHEDULES[name] = ScheduledJob(
            name=name, func=f"{func.__module__}.{func.__qualname__}", every=every, minutes=minutes, at=at
        )
        return func

    return register


def enqueue(func: str, *args: Any, **kwargs: Any) -> None:
    """Run ``func`` (a dotted path) in the background once the current transaction has committed."""
    from django_q.tasks import async_task

    transaction.on_commit(lambda: async_task(func, *args, **kwargs))


def ensure_schedules() -> list[str]:
    """Create or update the schedule of every declared job (their ``tasks`` modules are imported first)."""
    from django.utils.module_loading import autodiscover_modules
    from django_q.models import Schedule

    autodiscover_modules("tasks")
    kinds = {Every.MINUTES: Schedule.MINUTES, Every.HOURLY: Schedule.HOURLY, Every.DAILY: Schedule.DAILY}
    now = clock.now()
    names = []
    for job in SCHEDULES.values():
        schedule, created = Schedule.objects.get_or_create(
            name=job.name,
            defaults={
                "func": job.func,
                "schedule_type": kinds[job.every],
                "minutes": job.minutes,
                "next_run": job.first_run(now),
                "repeats": -1,
            },
        )
        if not created and (schedule.func, schedule.schedule_type, schedule.minutes) != (
            job.func,
            kinds[job.every],
            job.minutes,
        ):
            schedule.func, schedule.schedule_type, schedule.minutes = job.func, kinds[job.every], job.minutes
            schedule.save(update_fields=["func", "schedule_type", "minutes"])
        names.append(job.name)
    return names
