"""Writes of the workforce app. Each service owns its transaction."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, time
from typing import Any

from django.db import transaction
from django.utils import timezone

from lianxin.domain.errors import DomainError

from .models import Agent, LabourRuleSet, Roster, RosterAssignment, RosterVersion, RuleSetKind, Skill
from .models import ShiftTemplate as ShiftTemplateRow
from .planning.model import DEFAULT_TEMPLATES, SPECIAL_PERIOD_RULES, SUPERVISOR, Assignment, LabourRules

SENIOR = "senior"
_SKILLS = {SUPERVISOR: "值班长", SENIOR: "资深坐席"}

_STANDARD_NOTES = (
    "每周工作时间不超过 40 小时：《劳动法》第三十六条，"
    "《国务院关于职工工作时间的规定》第三条（每日 8 小时、每周 40 小时）。\n"
    "每周至少休息一日：《劳动法》第三十八条。\n"
    "两班之间至少休息 12 小时、每周工作 5 天、连续工作不超过 6 天、夜班限制：本中心排班惯例，可按本单位制度修改。\n"
    "每个时段至少一名值班长：中心值班制度。\n"
    "班次设计（排班程序在上下限之间按步长选择上班时间、每班 8 小时、最多若干种班次）：本中心排班惯例，"
    "8 小时与《国务院关于职工工作时间的规定》第三条每日工作 8 小时一致；夜间时段 0:00—6:00 为本中心口径。"
)
_SPECIAL_NOTES = (
    "特殊时期（如疫情封控期间取消休假、全员在岗）：《劳动法》第四十二条，在发生自然灾害、事故或者因其他原因，"
    "威胁劳动者生命健康和财产安全，需要紧急处理的，延长工作时间不受第四十一条的限制。\n"
    "本中心仍保留每周一天休息（第三十八条）和两班之间 12 小时休息。"
)


class AgentUnknown(DomainError):
    code = "unknown_agent"


@transaction.atomic
def workforce_defaults_ensure() -> bool:
    """Store the built-in skills, shift templates and both labour rule sets when none are stored yet, so the
    administrator edits them in the admin. Idempotent; returns True when something was written."""
    wrote = False
    for code, name in _SKILLS.items():
        _, created = Skill.objects.get_or_create(code=code, defaults={"name": name})
        wrote |= created
    if not ShiftTemplateRow.objects.exists():
        ShiftTemplateRow.objects.bulk_create(
            ShiftTemplateRow(code=t.code, name=t.name, start=t.start, minutes=t.minutes, is_night=t.is_night)
            for t in DEFAULT_TEMPLATES
        )
        wrote = True
    for kind, rules, notes in (
        (RuleSetKind.STANDARD, LabourRules(), _STANDARD_NOTES),
        (RuleSetKind.SPECIAL_PERIOD, SPECIAL_PERIOD_RULES, _SPECIAL_NOTES),
    ):
        _, created = LabourRuleSet.objects.get_or_create(
            kind=kind, defaults={**rule_row_values(rules), "notes": notes}
        )
        wrote |= created
    return wrote


def _clock(minutes: int) -> time:
    return time(minutes // 60 % 24, minutes % 60)


def rule_row_values(rules: LabourRules) -> dict[str, Any]:
    """The `LabourRuleSet` field values of `rules` (times of day as times, not minutes)."""
    values = rules.as_dict()
    for field in ("design_earliest_start", "design_latest_start"):
        values[field] = _clock(values[field])  # type: ignore[arg-type]
    values["night_starts"] = _clock(values.pop("night_starts_minute"))  # type: ignore[arg-type]
    values["night_ends"] = _clock(values.pop("night_ends_minute"))  # type: ignore[arg-type]
    return values


@transaction.atomic
def agent_save(*, code: str, name: str, skills: Iterable[str] = (), active: bool = True) -> Agent:
    """Create or update an agent by 工号; skills are skill codes (missing skills are created with the code as
    their name)."""
    agent, _ = Agent.objects.update_or_create(code=code, defaults={"name": name, "active": active})
    rows = []
    for skill in skills:
        row, _ = Skill.objects.get_or_create(code=skill, defaults={"name": _SKILLS.get(skill, skill)})
        rows.append(row)
    agent.skills.set(rows)
    return agent


@transaction.atomic
def roster_version_save(
    *,
    starts_on: date,
    days: int,
    assignments: Iterable[Assignment],
    summary: dict[str, Any],
    inputs: dict[str, Any],
    actor: Any = None,
    note: str = "",
) -> RosterVersion:
    """Store a plan as the next version of the roster for that period (created on first save).

    `summary` is the plan's JSON (status, is_proven, shortfall, …); the assignments' agent keys must be stored
    agents' 工号, otherwise AgentUnknown and nothing is written. The roster row is locked so two concurrent saves
    get distinct version numbers."""
    items = list(assignments)
    codes = {item.agent for item in items}
    agents = {a.code: a for a in Agent.objects.filter(code__in=codes)}
    missing = sorted(codes - agents.keys())
    if missing:
        raise AgentUnknown(
            f"排班中的坐席 {'、'.join(missing[:5])}{' 等' if len(missing) > 5 else ''} 未在坐席表中登记，无法保存。"
        )
    Roster.objects.get_or_create(starts_on=starts_on, days=days)
    roster = Roster.objects.select_for_update().get(starts_on=starts_on, days=days)
    last = roster.versions.order_by("-number").values_list("number", flat=True).first() or 0
    simulation = summary.get("simulation") or {}
    version = RosterVersion.objects.create(
        roster=roster,
        number=last + 1,
        status=str(summary.get("status", "")),
        is_proven=bool(summary.get("is_proven", False)),
        shortfall=int(summary.get("shortfall", 0)),
        skill_shortfall=int(summary.get("skill_shortfall", 0)),
        violations=int(summary.get("violations", 0)),
        solve_seconds=float(summary.get("solve_seconds", 0.0)),
        service_level=(simulation.get("service_level") or {}).get("mean"),
        inputs=inputs,
        outcome={
            key: summary[key]
            for key in (
                "shortfall_by_interval",
                "headcount_needed",
                "night_spread",
                "weekend_spread",
                "rules",
            )
            if key in summary
        }
        | {"simulation": {k: v for k, v in simulation.items() if k != "intervals"}},
        note=note,
        created_by=actor,
    )
    RosterAssignment.objects.bulk_create(
        RosterAssignment(
            version=version,
            agent=agents[item.agent],
            shift_code=item.template,
            starts_at=_aware(item.starts_at),
            ends_at=_aware(item.ends_at),
            is_night=item.is_night,
        )
        for item in items
    )
    return version


def _aware(moment: datetime) -> datetime:
    return moment if timezone.is_aware(moment) else timezone.make_aware(moment)
