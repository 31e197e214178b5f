"""The job engine wrapper: jobs run only after commit, schedules are declared in code and ensured idempotently."""

from __future__ import annotations

from datetime import time

import pytest
import time_machine
from django.db import transaction
from django_q.models import Schedule

from lianxin.common import jobs

RAN: list[int] = []


def record_job(value: int) -> None:
    RAN.append(value)


@pytest.fixture(autouse=True)
def _clear_runs():
    RAN.clear()
    yield
    RAN.clear()


def test_a_job_is_enqueued_only_when_the_transaction_commits(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        jobs.enqueue(f"{__name__}.record_job", 1)
        assert RAN == []  # not before the commit
    assert RAN == [1]  # the test settings run jobs synchronously


def test_a_rolled_back_write_enqueues_nothing(db, django_capture_on_commit_callbacks):
    def enqueue_then_fail() -> None:
        with transaction.atomic():
            jobs.enqueue(f"{__name__}.record_job", 2)
            raise RuntimeError("rolled back")

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError):
        enqueue_then_fail()
    assert RAN == []


def test_declared_schedules_are_created_once_and_kept_in_step_with_the_code(db, monkeypatch):
    from django.utils.module_loading import autodiscover_modules

    autodiscover_modules("tasks")  # the apps' own declarations are in; this test adds one to a copy
    monkeypatch.setattr(jobs, "SCHEDULES", dict(jobs.SCHEDULES))
    jobs.scheduled("测试每日任务", every=jobs.Every.DAILY, at=time(6, 0))(record_job)
    with time_machine.travel("2026-11-30 08:00 +0800", tick=False):
        assert "测试每日任务" in jobs.ensure_schedules()
        jobs.ensure_schedules()
    schedule = Schedule.objects.get(name="测试每日任务")
    assert Schedule.objects.filter(name="测试每日任务").count() == 1
    assert schedule.func == f"{__name__}.record_job"
    assert schedule.schedule_type == Schedule.DAILY
    # 08:00 has passed: the first run is tomorrow at 06:00 Beijing time.
    assert schedule.next_run.isoformat() == "2026-11-30T22:00:00+00:00"


def test_the_housekeeping_schedules_of_the_apps_are_discovered(db):
    names = jobs.ensure_schedules()
    assert "清理过期实时消息" in names
    assert Schedule.objects.get(name="清理过期实时消息").func == (
        "lianxin.realtime.tasks.prune_live_messages_task"
    )


def test_a_job_run_every_few_minutes_needs_its_interval():
    with pytest.raises(ValueError, match="minutes"):
        jobs.scheduled("x", every=jobs.Every.MINUTES)
