"""A rule or calendar edit recomputes the due dates of open work orders in the background (instead of a manual
command): the job runs after the edit commits, once per edit; running it twice does no harm."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models.signals import post_delete, post_save

from lianxin.calendars.models import CalendarDay, CalendarYear
from lianxin.common import jobs
from lianxin.common.reference_cache import reference_changed

from .models import GroundRule, RuleSet, TimeLimitRule

RECOMPUTE_JOB = "lianxin.workorders.tasks.recompute_deadlines"


def _queue_recompute(sender: Any, raw: bool = False, **kwargs: Any) -> None:
    if raw:  # loading a fixture
        return
    connection = transaction.get_connection()
    if any(entry[1] is _enqueue_recompute for entry in connection.run_on_commit):
        return  # one job per transaction, however many rows it saves
    reference_changed()  # other processes reload the rules and the calendar before they count
    transaction.on_commit(_enqueue_recompute)


def _enqueue_recompute() -> None:
    jobs.enqueue(RECOMPUTE_JOB)


# Saves of single rows (the admin); a whole year loaded by bulk_create saves its CalendarYear row, which
# queues one job. Deleting a year's days row by row is not watched (it would queue one job per day).
for model in (RuleSet, TimeLimitRule, GroundRule, CalendarYear, CalendarDay):
    post_save.connect(_queue_recompute, sender=model, dispatch_uid=f"recompute.save.{model.__name__}")
for model in (TimeLimitRule, GroundRule, CalendarYear):
    post_delete.connect(_queue_recompute, sender=model, dispatch_uid=f"recompute.delete.{model.__name__}")
