"""Supervisor actions on the workforce data: leave approval, publishing a roster version, the special-period
switch, the call history the forecast reads, and planning a new version from a forecast (run by the job engine,
because CP-SAT takes seconds). Each service owns its transaction."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from lianxin.accounts.models import User
from lianxin.calendars.selectors import working_calendar
from lianxin.common import clock
from lianxin.domain.errors import DomainError
from lianxin.domain.workflow import Role

from .models import (
    Agent,
    CallVolume,
    Leave,
    LeaveKind,
    LeaveStatus,
    RosterVersion,
    SpecialPeriodSwitch,
)
from .planning.demand import Demand
from .planning.forecast import forecast_calls
from .planning.pipeline import PlanOptions, assignments_from_json, plan_from_demand
from .selectors import labour_rules, planning_agents, planning_templates
from .services import roster_version_save, workforce_defaults_ensure

SUPERVISOR_ROLES = frozenset({Role.SHIFT_SUPERVISOR, Role.CENTER_MANAGER, Role.ADMINISTRATOR})


class WorkforceForbidden(DomainError):
    code = "forbidden"


class WorkforceInvalid(DomainError):
    code = "invalid"


def can_manage_workforce(user: User) -> bool:
    """Supervisors and managers of a 12315 center (the workforce is the center's own), and administrators."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser or user.role_enum is Role.ADMINISTRATOR:
        return True
    return user.role_enum in SUPERVISOR_ROLES and user.unit is not None and user.unit.is_center


def _ensure(actor: User) -> None:
    if not can_manage_workforce(actor):
        raise WorkforceForbidden("只有中心值班长、管理人员可以管理排班。")


def special_period_is_on() -> bool:
    latest = SpecialPeriodSwitch.objects.order_by("-switched_at", "-id").first()
    return bool(latest and latest.is_on)


@transaction.atomic
def special_period_switch(*, actor: User, is_on: bool, note: str = "") -> SpecialPeriodSwitch:
    """Switch the special period on (all approved and pending leave from today on is cancelled; plans use the
    special-period labour rules) or off. Recorded, never edited."""
    _ensure(actor)
    if special_period_is_on() == is_on:
        raise WorkforceInvalid("特殊时期已经开启。" if is_on else "特殊时期未开启。")
    now = clock.now()
    cancelled = 0
    if is_on:
        cancelled = Leave.objects.filter(
            last_day__gte=clock.local_date(now), status__in=[LeaveStatus.APPROVED, LeaveStatus.PENDING]
        ).update(status=LeaveStatus.CANCELLED, decided_by=actor, decided_at=now)
    return SpecialPeriodSwitch.objects.create(
        is_on=is_on, switched_at=now, switched_by=actor, note=note.strip()[:200], leaves_cancelled=cancelled
    )


@transaction.atomic
def leave_request_create(
    *, agent_id: int, kind: str, first_day: date, last_day: date, note: str = "", actor: User | None = None
) -> Leave:
    """A leave or day-off request, pending a supervisor's decision; refused during a special period."""
    if last_day < first_day:
        raise WorkforceInvalid("结束日期不能早于开始日期。", fields={"last_day": ["结束日期早于开始日期。"]})
    if kind not in LeaveKind.values:
        raise WorkforceInvalid("申请类型无效。", fields={"kind": ["申请类型无效。"]})
    if special_period_is_on() and kind == LeaveKind.LEAVE:
        raise WorkforceInvalid("特殊时期暂停休假申请。")
    if not Agent.objects.filter(pk=agent_id, active=True).exists():
        raise WorkforceInvalid("坐席不存在或不在岗。", fields={"agent": ["坐席无效。"]})
    return Leave.objects.create(
        agent_id=agent_id,
        kind=kind,
        first_day=first_day,
        last_day=last_day,
        note=note,
        status=LeaveStatus.PENDING,
    )


@transaction.atomic
def leave_decide(*, leave_id: int, actor: User, approve: bool) -> Leave:
    _ensure(actor)
    leave = Leave.objects.select_for_update().filter(pk=leave_id).first()
    if leave is None:
        raise WorkforceInvalid("申请不存在。")
    if leave.status != LeaveStatus.PENDING:
        raise WorkforceInvalid("该申请已经处理过。")
    if approve and special_period_is_on() and leave.kind == LeaveKind.LEAVE:
        raise WorkforceInvalid("特殊时期不能批准休假。")
    leave.status = LeaveStatus.APPROVED if approve else LeaveStatus.REJECTED
    leave.decided_by, leave.decided_at = actor, clock.now()
    leave.save(update_fields=["status", "decided_by", "decided_at"])
    return leave


@transaction.atomic
def roster_version_publish(*, version_id: int, actor: User | None) -> RosterVersion:
    """Publish a stored version: it becomes the roster of its period (a later publication supersedes it).
    `actor=None` is the system itself (the demo loader), never a request."""
    if actor is not None:
        _ensure(actor)
    version = RosterVersion.objects.select_for_update().filter(pk=version_id).first()
    if version is None:
        raise WorkforceInvalid("排班版本不存在。")
    if version.violations:
        raise WorkforceInvalid(f"该版本有 {version.violations} 处违反劳动规则，不能发布。")
    if version.published_at is not None:
        raise WorkforceInvalid("该版本已经发布。")
    version.published_at, version.published_by = clock.now(), actor
    version.save(update_fields=["published_at", "published_by"])
    return version


@transaction.atomic
def call_history_store(rows: Iterable[tuple[datetime, float]]) -> int:
    """Store (or overwrite) half-hourly call counts; returns how many were written."""
    written = 0
    for starts_at, calls in rows:
        aware = starts_at if timezone.is_aware(starts_at) else timezone.make_aware(starts_at)
        CallVolume.objects.update_or_create(starts_at=aware, defaults={"calls": float(calls)})
        written += 1
    return written


def call_history_demand() -> Demand:
    """The stored history as whole local days of half hours (what the forecast needs)."""
    rows = list(CallVolume.objects.order_by("starts_at").values_list("starts_at", "calls"))
    if not rows:
        raise WorkforceInvalid("没有历史来电量：请先导入（或等工作台的来电记录积累三周以上）。")
    first = timezone.localtime(rows[0][0]).replace(tzinfo=None)
    start = datetime.combine(
        first.date() + timedelta(days=1 if first.time() != datetime.min.time() else 0), datetime.min.time()
    )
    by_time = {timezone.localtime(moment).replace(tzinfo=None): calls for moment, calls in rows}
    last = max(by_time)
    days = (last.date() - start.date()).days + (1 if last.time().hour == 23 and last.minute == 30 else 0)
    calls = tuple(by_time.get(start + timedelta(minutes=30 * i), 0.0) for i in range(days * 48))
    return Demand(start, 30, calls)


@dataclass(frozen=True, slots=True)
class PlanRequest:
    starts_on: date
    weeks: int = 1
    minus_agents: int = 0
    plus_percent: float = 0.0
    time_limit_seconds: float = 20.0

    def check(self) -> None:
        fields: dict[str, list[str]] = {}
        if self.starts_on.weekday() != 0:
            fields["starts_on"] = ["排班从星期一开始。"]
        if not 1 <= self.weeks <= 4:
            fields["weeks"] = ["周数为 1–4。"]
        if self.minus_agents < 0:
            fields["minus_agents"] = ["减少人数不能为负。"]
        if not -50 <= self.plus_percent <= 200:
            fields["plus_percent"] = ["来电量变化应在 −50% 到 +200% 之间。"]
        if fields:
            raise WorkforceInvalid("排班参数有误。", fields=fields)


def roster_plan_from_forecast(*, request: PlanRequest, actor_id: int | None = None) -> RosterVersion:
    """Forecast the period's calls from the stored history, plan the active agents against it under the labour
    rules in force (special period or not), with the what-ifs (−k agents, +x % calls), and store the plan as the
    roster's next version (not published)."""
    request.check()
    workforce_defaults_ensure()
    special = special_period_is_on()
    forecast = forecast_calls(
        call_history_demand(), calendar=working_calendar(), weeks=request.weeks, starts_on=request.starts_on
    )
    days = request.weeks * 7
    agents = planning_agents(request.starts_on, days)
    if request.minus_agents:
        agents = agents[: max(0, len(agents) - request.minus_agents)]
    if not agents:
        raise WorkforceInvalid("没有可排班的在岗坐席。")
    options = PlanOptions(
        weeks=request.weeks,
        calls_factor=1 + request.plus_percent / 100,
        special_period=special,
        time_limit_seconds=request.time_limit_seconds,
        headcount=False,
    )
    payload = plan_from_demand(
        forecast.demand,
        agents=agents,
        options=options,
        rules=labour_rules(special_period=special),
        templates=planning_templates(),
    )
    what_if = []
    if request.minus_agents:
        what_if.append(f"减少 {request.minus_agents} 人")
    if request.plus_percent:
        what_if.append(f"来电量 {request.plus_percent:+g}%")
    inputs: dict[str, Any] = {
        "demand": {
            "source": "forecast",
            "starts_at": forecast.demand.starts_at.isoformat(),
            "interval_minutes": 30,
            "calls": list(forecast.demand.calls),
        },
        "backtest": json.loads(json.dumps([asdict(week) for week in forecast.backtest], default=str)),
        "options": asdict(options),
        "agents": [agent.key for agent in agents],
        "what_if": what_if,
    }
    return roster_version_save(
        starts_on=request.starts_on,
        days=days,
        assignments=assignments_from_json(payload),
        summary=payload,
        inputs=inputs,
        actor=User.objects.filter(pk=actor_id).first() if actor_id else None,
        note=("特殊时期；" if special else "")
        + ("假设：" + "，".join(what_if) if what_if else "按预测来电量"),
    )


def roster_plan_task(
    starts_on_iso: str, weeks: int, minus_agents: int, plus_percent: float, actor_id: int
) -> int:
    """The job (lianxin.common.jobs): takes plain values, returns the new version's id."""
    request = PlanRequest(
        starts_on=date.fromisoformat(starts_on_iso),
        weeks=weeks,
        minus_agents=minus_agents,
        plus_percent=plus_percent,
    )
    return roster_plan_from_forecast(request=request, actor_id=actor_id).pk
