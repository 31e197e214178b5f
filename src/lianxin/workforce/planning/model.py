"""The rostering problem and its answer as plain data (no Django): agents, shift templates, labour rules.

Time is the real clock in local time (Asia/Shanghai has no daylight saving, so naive local date-times add up
exactly). A shift belongs to the day it starts on; a night shift that starts at 22:00 covers the intervals of the
next morning. Labour rules are data (`LabourRules`), loaded from the database or given by the command.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

SUPERVISOR = "supervisor"


@dataclass(frozen=True, slots=True)
class ShiftTemplate:
    """A shift pattern: `code` (as printed on the published roster), start time and paid length in minutes."""

    code: str
    name: str
    start: time
    minutes: int
    is_night: bool = False

    @property
    def start_minute(self) -> int:
        return self.start.hour * 60 + self.start.minute


@dataclass(frozen=True, slots=True)
class RosterAgent:
    """A named agent. `leave`: days with no shift starting; `days_off_requested`: soft wishes."""

    key: str
    name: str
    skills: frozenset[str] = frozenset()
    leave: frozenset[date] = frozenset()
    days_off_requested: frozenset[date] = frozenset()


@dataclass(frozen=True, slots=True)
class LabourRules:
    """Labour rules of the center. Defaults follow 《劳动法》第三十六条 (40 h a week standard working time, as
    set by 国务院《关于职工工作时间的规定》) and 第三十八条 (at least one day of rest a week), tightened to the
    center's own practice: 5 working days a week, 12 h between shifts, ≤ 6 days in a row, night limits."""

    min_rest_hours: int = 12
    min_days_per_week: int = 5
    max_days_per_week: int = 5
    max_consecutive_days: int = 6
    max_hours_per_week: int = 40
    max_nights_per_week: int = 2
    max_consecutive_nights: int = 2
    skill_minimums: dict[str, int] = field(default_factory=lambda: {SUPERVISOR: 1})
    # Shift design (the planner chooses start times on a grid instead of using the fixed templates): the earliest
    # and latest start (minutes after midnight), the grid step, the shift length, and how many distinct start
    # times a roster may use (the center's practice: a handful of shift types a team can remember and hand over).
    design_earliest_start: int = 0
    design_latest_start: int = 23 * 60 + 30
    design_step_minutes: int = 30
    design_shift_minutes: int = 480
    design_max_shift_types: int = 10
    # A designed shift is a night shift when it works any minute of [night_starts, night_ends) (minutes after
    # midnight): 22:00–06:00 and 17:00–01:00 are nights, 16:00–24:00 is not.
    night_starts_minute: int = 0
    night_ends_minute: int = 6 * 60

    def as_dict(self) -> dict[str, object]:
        return {
            "min_rest_hours": self.min_rest_hours,
            "min_days_per_week": self.min_days_per_week,
            "max_days_per_week": self.max_days_per_week,
            "max_consecutive_days": self.max_consecutive_days,
            "max_hours_per_week": self.max_hours_per_week,
            "max_nights_per_week": self.max_nights_per_week,
            "max_consecutive_nights": self.max_consecutive_nights,
            "skill_minimums": dict(self.skill_minimums),
            "design_earliest_start": self.design_earliest_start,
            "design_latest_start": self.design_latest_start,
            "design_step_minutes": self.design_step_minutes,
            "design_shift_minutes": self.design_shift_minutes,
            "design_max_shift_types": self.design_max_shift_types,
            "night_starts_minute": self.night_starts_minute,
            "night_ends_minute": self.night_ends_minute,
        }


# The seed's lockdown: leave cancelled, six days a week, 48 hours (《劳动法》第四十二条 allows extended hours in
# emergencies without the usual limits; the center still keeps one rest day a week and the 12-hour rest).
SPECIAL_PERIOD_RULES = LabourRules(
    min_days_per_week=0,
    max_days_per_week=6,
    max_hours_per_week=48,
    max_nights_per_week=3,
    max_consecutive_nights=3,
)


DEFAULT_TEMPLATES = (
    ShiftTemplate("A", "早班", time(8, 0), 480),
    ShiftTemplate("B", "日班", time(9, 0), 480),
    ShiftTemplate("C", "中班", time(12, 0), 480),
    ShiftTemplate("D", "晚班", time(16, 0), 480),
    ShiftTemplate("N", "夜班", time(22, 0), 480, is_night=True),
    ShiftTemplate("M", "早晚间班", time(6, 0), 480),
)


@dataclass(frozen=True, slots=True)
class Assignment:
    agent: str
    template: str
    starts_at: datetime
    ends_at: datetime
    is_night: bool = False

    def as_dict(self) -> dict[str, object]:
        return {
            "agent": self.agent,
            "template": self.template,
            "start": self.starts_at.isoformat(),
            "end": self.ends_at.isoformat(),
            "night": self.is_night,
        }


def design_templates(rules: LabourRules) -> tuple[ShiftTemplate, ...]:
    """The candidate shifts of shift design: one per grid start between the rules' bounds, each of the rules'
    length, coded by its start (0630 = 06:30), a night shift when it works inside the night window."""
    step = max(1, rules.design_step_minutes)
    minutes = rules.design_shift_minutes
    found = []
    for start in range(rules.design_earliest_start, min(rules.design_latest_start, 1439) + 1, step):
        night = any(
            rules.night_starts_minute <= (minute % 1440) < rules.night_ends_minute
            for minute in range(start, start + minutes, step)
        )
        code = f"S{start // 60:02d}{start % 60:02d}"
        found.append(
            ShiftTemplate(
                code, f"{start // 60:02d}:{start % 60:02d}班", time(start // 60, start % 60), minutes, night
            )
        )
    return tuple(found)


@dataclass(frozen=True, slots=True)
class RosterProblem:
    """Plan `days` days from `starts_at` (local midnight, a Monday for weekly rules to follow calendar weeks).

    `requirement[t]` is the agents needed on duty in interval t (length `days × 1440 / interval_minutes`).
    """

    starts_at: datetime
    days: int
    requirement: tuple[int, ...]
    agents: tuple[RosterAgent, ...]
    templates: tuple[ShiftTemplate, ...] = DEFAULT_TEMPLATES
    rules: LabourRules = field(default_factory=LabourRules)
    interval_minutes: int = 30
    special_period: bool = False
    # Choose the shift start times on the rules' grid (`design_templates`) instead of using `templates`.
    shift_design: bool = False
    # The previous published roster's shifts that reach into this horizon or its look-back (the night shift that
    # covers the first morning, the rest and days-in-a-row before day 1). Without them the first night is
    # uncovered: it is counted as shortfall, never assumed covered.
    carry_in: tuple[Assignment, ...] = ()

    @property
    def intervals(self) -> int:
        return self.days * 1440 // self.interval_minutes

    def day(self, index: int) -> date:
        return (self.starts_at + timedelta(days=index)).date()


@dataclass(frozen=True, slots=True)
class RosterResult:
    """`shortfall` counts agent-intervals below requirement; `shortfall_by_interval` per interval;
    `lower_bound`: a proven lower bound on `shortfall` (equal to it when `is_proven`); `phase_one_seconds`: when
    the shortfall was settled (the rest of `wall_seconds` is spent on fairness)."""

    status: str
    shortfall: int
    shortfall_by_interval: tuple[int, ...]
    skill_shortfall: int
    assignments: tuple[Assignment, ...]
    is_proven: bool
    wall_seconds: float
    night_spread: int = 0
    weekend_spread: int = 0
    requests_refused: int = 0
    lower_bound: int = 0
    phase_one_seconds: float = 0.0
    notes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class HeadcountAnswer:
    """Agents that would meet the requirement with the same rules; `is_proven` when CP-SAT proved the minimum."""

    agents: int
    is_proven: bool
    status: str
