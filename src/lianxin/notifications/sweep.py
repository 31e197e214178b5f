"""The daily deadline sweep: remind the handling unit of items due within N working days, and tell the unit's
leaders (or, with none, the leaders of the unit above) of items already overdue. Each reminder is sent once per
item and due date (dedupe key), so the sweep may run again the same day without repeating itself."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings

from lianxin.accounts.models import User
from lianxin.accounts.selectors import unit_directory, unit_entry
from lianxin.calendars.selectors import deadline_calendar
from lianxin.common import clock
from lianxin.domain.errors import CalendarYearNotLoaded
from lianxin.domain.workflow import TERMINAL_STATES, UNIT_ROLES, Role
from lianxin.workorders.models import WorkOrder

from .models import NotificationKind
from .services import notify


@dataclass(frozen=True, slots=True)
class SweepReport:
    due_soon: int
    overdue: int
    notifications: int


def _staff(unit_ids: set[int], roles: set[str]) -> dict[int, list[User]]:
    by_unit: dict[int, list[User]] = defaultdict(list)
    for user in User.objects.filter(unit_id__in=unit_ids, is_active=True, role__in=roles):
        by_unit[user.unit_id].append(user)
    return by_unit


def _ancestors(unit_id: int) -> list[int]:
    """The unit and the units above it, nearest first (from the cached directory's paths)."""
    entry = unit_entry(unit_id)
    if entry is None:
        return []
    above = [u for u in unit_directory().values() if u.contains(entry.path)]
    return [u.pk for u in sorted(above, key=lambda u: len(u.path), reverse=True)]


def _leaders_for(unit_id: int, leaders: dict[int, list[User]]) -> list[User]:
    """The unit's own leaders, else those of the nearest unit above that has one."""
    for pk in _ancestors(unit_id):
        if leaders.get(pk):
            return leaders[pk]
    return []


def deadline_sweep() -> SweepReport:
    today = clock.today()
    try:
        horizon = deadline_calendar().add_workdays(today, settings.LIANXIN_DUE_SOON_WORKDAYS)
    except CalendarYearNotLoaded:
        horizon = today
    open_items = WorkOrder.objects.exclude(state__in=[s.value for s in TERMINAL_STATES]).filter(
        handling_unit__isnull=False, due_on__isnull=False, due_on__lte=horizon
    )
    items = list(open_items.only("pk", "number", "summary", "due_on", "handling_unit_id"))
    unit_ids = {item.handling_unit_id for item in items}
    ancestors = {pk for unit_id in unit_ids for pk in _ancestors(unit_id)}
    handlers = _staff(unit_ids, {r.value for r in UNIT_ROLES})
    leaders = _staff(unit_ids | ancestors, {Role.UNIT_LEADER.value})
    due_soon = overdue = sent = 0
    for item in items:
        if item.due_on < today:
            overdue += 1
            sent += len(
                notify(
                    users=_leaders_for(item.handling_unit_id, leaders),
                    kind=NotificationKind.OVERDUE,
                    title=f"已超期：{item.number}（期限 {item.due_on:%Y-%m-%d}）{item.summary[:30]}",
                    work_order=item,
                    dedupe_key=f"overdue:{item.pk}:{item.due_on:%Y%m%d}",
                )
            )
        else:
            due_soon += 1
            sent += len(
                notify(
                    users=handlers.get(item.handling_unit_id, []),
                    kind=NotificationKind.DUE_SOON,
                    title=f"即将到期：{item.number}（期限 {item.due_on:%Y-%m-%d}）{item.summary[:30]}",
                    work_order=item,
                    dedupe_key=f"due_soon:{item.pk}:{item.due_on:%Y%m%d}",
                )
            )
    return SweepReport(due_soon=due_soon, overdue=overdue, notifications=sent)
