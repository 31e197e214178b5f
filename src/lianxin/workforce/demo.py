"""Demo workforce for `lianxin start --demo`: the center's 54 agents with skills, six weeks of half-hourly call
history (a realistic daily shape, written for the project), and a published roster for the current weeks.

The call shape: two Gaussian peaks (10:00 and 15:00) on a daytime plateau, quiet nights; weekends carry 70 % of
a weekday. Idempotent: agents by 工号, history by time slot, a roster only when none is published for the week."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from lianxin.common import clock

from .board import published_version_for
from .models import Agent
from .planning.model import SUPERVISOR
from .planning.shape import curve
from .services import SENIOR, agent_save, workforce_defaults_ensure
from .supervision import PlanRequest, call_history_store, roster_plan_from_forecast, roster_version_publish

DEMO_AGENTS = 54
DEMO_SUPERVISORS = 6
DEMO_SENIORS = 12
_SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢"
)
_GIVEN = "芳伟娜敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华玲红"


def history_rows(start: datetime, days: int, calls_per_day: float = 2000.0) -> list[tuple[datetime, float]]:
    """Half-hourly calls from `start` (local, naive) for `days` days; weekends at 70 %."""
    base = curve(calls_per_day)
    rows = []
    for day in range(days):
        factor = 0.7 if (start + timedelta(days=day)).weekday() >= 5 else 1.0
        for half_hour, volume in enumerate(base):
            rows.append((start + timedelta(days=day, minutes=30 * half_hour), round(volume * factor, 1)))
    return rows


def demo_agents_ensure(count: int = DEMO_AGENTS) -> int:
    """坐席 D001… with names; the first six are 值班长, the next twelve 资深坐席. Returns how many were new."""
    existing = set(Agent.objects.values_list("code", flat=True))
    created = 0
    for index in range(count):
        code = f"D{index + 1:03d}"
        skills = (
            [SUPERVISOR]
            if index < DEMO_SUPERVISORS
            else [SENIOR]
            if index < DEMO_SUPERVISORS + DEMO_SENIORS
            else []
        )
        name = _SURNAMES[index % len(_SURNAMES)] + _GIVEN[(index * 7) % len(_GIVEN)]
        if code not in existing:
            agent_save(code=code, name=name, skills=skills)
            created += 1
    return created


@dataclass(frozen=True, slots=True)
class WorkforceDemoReport:
    agents_created: int
    history_slots: int
    roster_version_id: int | None


def workforce_demo_load(*, weeks: int = 2, time_limit_seconds: float = 30.0) -> WorkforceDemoReport:
    workforce_defaults_ensure()
    created = demo_agents_ensure()
    today = clock.today()
    monday = today - timedelta(days=today.weekday())
    history_start = datetime.combine(monday - timedelta(weeks=6), datetime.min.time())
    slots = call_history_store(history_rows(history_start, 42))
    version_id = None
    if published_version_for(today) is None:
        version = roster_plan_from_forecast(
            request=PlanRequest(starts_on=monday, weeks=weeks, time_limit_seconds=time_limit_seconds)
        )
        roster_version_publish(version_id=version.pk, actor=None)
        version_id = version.pk
    return WorkforceDemoReport(agents_created=created, history_slots=slots, roster_version_id=version_id)
