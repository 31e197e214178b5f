"""Reads for planning and export: the database rows turned into the planning package's plain data."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Prefetch, Q
from django.utils import timezone

from lianxin.domain.errors import DomainError

from .models import (
    Agent,
    LabourRuleSet,
    Leave,
    LeaveKind,
    LeaveStatus,
    RosterAssignment,
    RosterVersion,
    RuleSetKind,
)
from .models import ShiftTemplate as ShiftTemplateRow
from .planning.model import (
    DEFAULT_TEMPLATES,
    SPECIAL_PERIOD_RULES,
    Assignment,
    LabourRules,
    RosterAgent,
    ShiftTemplate,
)


class RosterVersionNotFound(DomainError):
    code = "not_found"


def planning_agents(starts_on: date, days: int) -> tuple[RosterAgent, ...]:
    """Active agents with their skills, leave and day-off requests inside the horizon (two queries)."""
    ends_on = starts_on + timedelta(days=days - 1)
    # Only approved leave and day-off requests reach the planner (pending, rejected or cancelled ones do not).
    in_horizon = Leave.objects.filter(
        first_day__lte=ends_on, last_day__gte=starts_on, status=LeaveStatus.APPROVED
    )
    agents = (
        Agent.objects.filter(active=True)
        .prefetch_related("skills", Prefetch("leaves", queryset=in_horizon, to_attr="horizon_leaves"))
        .order_by("code")
    )
    result = []
    for agent in agents:
        leave: set[date] = set()
        wishes: set[date] = set()
        for row in agent.horizon_leaves:
            target = leave if row.kind == LeaveKind.LEAVE else wishes
            day = max(row.first_day, starts_on)
            while day <= min(row.last_day, ends_on):
                target.add(day)
                day += timedelta(days=1)
        result.append(
            RosterAgent(
                key=agent.code,
                name=agent.name,
                skills=frozenset(skill.code for skill in agent.skills.all()),
                leave=frozenset(leave),
                days_off_requested=frozenset(wishes - leave),
            )
        )
    return tuple(result)


def planning_templates() -> tuple[ShiftTemplate, ...]:
    """Active shift templates; the built-in set when none are stored yet."""
    rows = ShiftTemplateRow.objects.filter(active=True).order_by("start", "code")
    stored = tuple(ShiftTemplate(r.code, r.name, r.start, r.minutes, r.is_night) for r in rows)
    return stored or DEFAULT_TEMPLATES


def labour_rules(*, special_period: bool = False) -> LabourRules:
    """The stored labour rules of that kind; the built-in defaults when none are stored yet."""
    kind = RuleSetKind.SPECIAL_PERIOD if special_period else RuleSetKind.STANDARD
    row = LabourRuleSet.objects.filter(kind=kind).first()
    if row is None:
        return SPECIAL_PERIOD_RULES if special_period else LabourRules()
    return LabourRules(
        min_rest_hours=row.min_rest_hours,
        min_days_per_week=row.min_days_per_week,
        max_days_per_week=row.max_days_per_week,
        max_consecutive_days=row.max_consecutive_days,
        max_hours_per_week=row.max_hours_per_week,
        max_nights_per_week=row.max_nights_per_week,
        max_consecutive_nights=row.max_consecutive_nights,
        skill_minimums={str(k): int(v) for k, v in (row.skill_minimums or {}).items()},
        design_earliest_start=_minutes(row.design_earliest_start),
        design_latest_start=_minutes(row.design_latest_start),
        design_step_minutes=row.design_step_minutes,
        design_shift_minutes=row.design_shift_minutes,
        design_max_shift_types=row.design_max_shift_types,
        night_starts_minute=_minutes(row.night_starts),
        night_ends_minute=_minutes(row.night_ends),
    )


def _minutes(moment: time) -> int:
    return moment.hour * 60 + moment.minute


def carry_in_assignments(starts_on: date, *, look_back_days: int = 7) -> tuple[Assignment, ...]:
    """The shifts of the previous roster that the horizon from `starts_on` must take into account: the newest
    version of the roster whose period ends the day `starts_on` begins, its shifts of the last `look_back_days`
    days (the night that covers the first morning, the rest and days-in-a-row before day 1). Empty when there is
    none: then the first night counts as uncovered."""
    candidates = RosterVersion.objects.filter(roster__starts_on__lt=starts_on).select_related("roster")
    previous = next(
        (
            v
            for v in candidates.order_by("-roster__starts_on", "-number")
            if v.roster.starts_on + timedelta(days=v.roster.days) == starts_on
        ),
        None,
    )
    if previous is None:
        return ()
    since = timezone.make_aware(datetime.combine(starts_on - timedelta(days=look_back_days), time()))
    rows = previous.assignments.filter(starts_at__gte=since).select_related("agent").order_by("starts_at")
    return tuple(
        Assignment(
            agent=row.agent.code,
            template=row.shift_code,
            starts_at=timezone.localtime(row.starts_at).replace(tzinfo=None),
            ends_at=timezone.localtime(row.ends_at).replace(tzinfo=None),
            is_night=row.is_night,
        )
        for row in rows
    )


@dataclass(frozen=True, slots=True)
class RosterSheet:
    """A stored version ready to publish: the period, the agents (code, name) and their shifts in local time."""

    version_id: int
    number: int
    starts_on: date
    days: int
    status: str
    agents: tuple[tuple[str, str], ...]
    assignments: tuple[Assignment, ...]
    shift_names: dict[str, str]


def roster_sheet(version_id: int) -> RosterSheet:
    """A stored roster version with its assignments (local, naive date-times) and every active agent."""
    version = RosterVersion.objects.select_related("roster").filter(pk=version_id).first()
    if version is None:
        raise RosterVersionNotFound(f"排班版本 #{version_id} 不存在。")
    rows = (
        RosterAssignment.objects.filter(version=version)
        .select_related("agent")
        .order_by("starts_at", "agent__code")
    )
    assignments = tuple(
        Assignment(
            agent=row.agent.code,
            template=row.shift_code,
            starts_at=_local(row.starts_at),
            ends_at=_local(row.ends_at),
            is_night=row.is_night,
        )
        for row in rows
    )
    rostered = {row.agent_id for row in rows}
    agents = tuple(
        Agent.objects.filter(Q(active=True) | Q(pk__in=rostered)).order_by("code").values_list("code", "name")
    )
    names = dict(ShiftTemplateRow.objects.values_list("code", "name"))
    names = {t.code: t.name for t in DEFAULT_TEMPLATES} | names
    return RosterSheet(
        version_id=version.pk,
        number=version.number,
        starts_on=version.roster.starts_on,
        days=version.roster.days,
        status=version.status,
        agents=agents,
        assignments=assignments,
        shift_names=names,
    )


def _local(moment: datetime) -> datetime:
    return timezone.localtime(moment).replace(tzinfo=None)
