"""Reads for the roster screens: the published roster in force, today's duty against who is signed in, the grid
(agents × days) with nights, weekends and leave visible, and the requests awaiting a decision."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Q
from django.utils import timezone

from lianxin.calendars.selectors import working_calendar
from lianxin.domain.errors import CalendarYearNotLoaded

from .exports import roster_grid, sheet_days
from .models import Agent, Leave, LeaveStatus, RosterAssignment, RosterVersion
from .selectors import roster_sheet


@dataclass(frozen=True, slots=True)
class GridDay:
    day: date
    is_rest_day: bool  # a weekend or public holiday on the working calendar (make-up workdays are not)


@dataclass(frozen=True, slots=True)
class GridCell:
    code: str
    is_night: bool
    is_leave: bool


@dataclass(frozen=True, slots=True)
class GridRow:
    code: str
    name: str
    cells: tuple[GridCell, ...]
    shifts: int
    nights: int
    rest_day_shifts: int


@dataclass(frozen=True, slots=True)
class DutyRow:
    code: str
    name: str
    shift_code: str
    starts_at: datetime
    ends_at: datetime
    is_signed_in: bool


def published_version_for(day: date) -> RosterVersion | None:
    """The latest published version whose period covers `day`."""
    candidates = (
        RosterVersion.objects.filter(published_at__isnull=False, roster__starts_on__lte=day)
        .select_related("roster")
        .order_by("-published_at")
    )
    for version in candidates[:20]:
        if version.roster.starts_on + timedelta(days=version.roster.days) > day:
            return version
    return None


def _is_rest_day(day: date) -> bool:
    try:
        return not working_calendar().is_workday(day)
    except CalendarYearNotLoaded:
        return day.weekday() >= 5


def roster_grid_rows(version_id: int) -> tuple[list[GridDay], list[GridRow]]:
    sheet = roster_sheet(version_id)
    days = sheet_days(sheet)
    grid = roster_grid(sheet)
    nights = {(item.agent, item.starts_at.date()) for item in sheet.assignments if item.is_night}
    leave: set[tuple[str, date]] = set()
    for row in Leave.objects.filter(
        status=LeaveStatus.APPROVED, first_day__lte=days[-1], last_day__gte=days[0]
    ).select_related("agent"):
        day = max(row.first_day, days[0])
        while day <= min(row.last_day, days[-1]):
            leave.add((row.agent.code, day))
            day += timedelta(days=1)
    grid_days = [GridDay(day=day, is_rest_day=_is_rest_day(day)) for day in days]
    rows = []
    for code, name in sheet.agents:
        cells = tuple(
            GridCell(
                code=grid.get(code, {}).get(day.day, ""),
                is_night=(code, day.day) in nights,
                is_leave=(code, day.day) in leave,
            )
            for day in grid_days
        )
        rows.append(
            GridRow(
                code=code,
                name=name,
                cells=cells,
                shifts=sum(1 for cell in cells if cell.code),
                nights=sum(1 for cell in cells if cell.is_night),
                rest_day_shifts=sum(
                    1 for cell, day in zip(cells, grid_days, strict=True) if cell.code and day.is_rest_day
                ),
            )
        )
    return grid_days, rows


def duty_today(*, now: datetime) -> tuple[RosterVersion | None, list[DutyRow]]:
    """Who is rostered on a shift running now or starting later today, and whether each has signed in today.

    Signed in = the agent's account logged in since the start of the day (until the workstation's agent states
    exist, issue 9, this is the best signal the system has)."""
    today = timezone.localdate(now)
    version = published_version_for(today)
    if version is None:
        return None, []
    start_of_day = timezone.make_aware(datetime.combine(today, time.min))
    end_of_day = start_of_day + timedelta(days=1)
    rows = (
        RosterAssignment.objects.filter(version=version)
        .filter(
            Q(starts_at__gte=start_of_day, starts_at__lt=end_of_day) | Q(starts_at__lt=now, ends_at__gt=now)
        )
        .select_related("agent", "agent__user")
        .order_by("starts_at", "agent__code")
    )
    result = []
    for row in rows:
        user = row.agent.user
        result.append(
            DutyRow(
                code=row.agent.code,
                name=row.agent.name,
                shift_code=row.shift_code,
                starts_at=timezone.localtime(row.starts_at),
                ends_at=timezone.localtime(row.ends_at),
                is_signed_in=bool(user and user.last_login and user.last_login >= start_of_day),
            )
        )
    return version, result


def pending_requests() -> list[Leave]:
    return list(
        Leave.objects.filter(status=LeaveStatus.PENDING).select_related("agent").order_by("first_day")
    )


def agent_count() -> int:
    return Agent.objects.filter(active=True).count()
