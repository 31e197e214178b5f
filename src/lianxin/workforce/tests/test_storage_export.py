"""Agents, leave and rules from the database → `roster plan --save` → a stored version → Excel and iCalendar."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from io import StringIO

import icalendar
import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from lianxin.workforce.models import (
    LabourRuleSet,
    Leave,
    LeaveKind,
    RosterAssignment,
    RosterVersion,
    RuleSetKind,
)
from lianxin.workforce.planning.demand import Demand, demand_write
from lianxin.workforce.selectors import labour_rules, planning_agents
from lianxin.workforce.services import agent_save, workforce_defaults_ensure

MONDAY = datetime(2026, 3, 2)  # noqa: DTZ001 — local time

pytestmark = pytest.mark.django_db


@pytest.fixture
def demand_file(tmp_path):
    calls = ([2.0] * 12 + [10.0] * 32 + [2.0] * 4) * 7
    path = tmp_path / "demand.csv"
    demand_write(path, Demand(MONDAY, 30, tuple(calls)))
    return path


@pytest.fixture
def staff():
    workforce_defaults_ensure()
    agents = [agent_save(code=f"S{i:02d}", name=f"值班长{i}", skills=["supervisor"]) for i in range(1, 8)] + [
        agent_save(code=f"A{i:02d}", name=f"坐席{i}", skills=["senior"] if i < 3 else [])
        for i in range(1, 11)
    ]
    agent_save(code="X99", name="离岗坐席", active=False)
    by_code = {a.code: a for a in agents}
    Leave.objects.create(agent=by_code["A02"], first_day=date(2026, 3, 4), last_day=date(2026, 3, 5))
    Leave.objects.create(
        agent=by_code["A03"],
        kind=LeaveKind.DAY_OFF_REQUEST,
        first_day=date(2026, 3, 7),
        last_day=date(2026, 3, 7),
    )
    return agents


def _run(*args: str) -> dict:
    out = StringIO()
    call_command("roster", *args, "--json", stdout=out)
    return json.loads(out.getvalue())


def test_planning_agents_read_skills_leave_and_wishes(staff):
    agents = {a.key: a for a in planning_agents(MONDAY.date(), 7)}
    assert "X99" not in agents
    assert agents["S01"].skills == {"supervisor"}
    assert agents["A02"].leave == {date(2026, 3, 4), date(2026, 3, 5)}
    assert agents["A03"].days_off_requested == {date(2026, 3, 7)}


def test_rules_are_edited_as_data(staff):
    LabourRuleSet.objects.filter(kind=RuleSetKind.STANDARD).update(max_nights_per_week=1)
    assert labour_rules().max_nights_per_week == 1
    assert labour_rules().skill_minimums == {"supervisor": 1}
    assert labour_rules(special_period=True).max_days_per_week == 6
    assert "第三十六条" in LabourRuleSet.objects.get(kind=RuleSetKind.STANDARD).notes
    assert workforce_defaults_ensure() is False  # idempotent


def test_plan_save_and_export(staff, demand_file, tmp_path):
    first = _run("plan", "--demand", str(demand_file), "--aht", "180", "--time-limit", "6", "--save")
    assert first["violations"] == 0
    # The first night (Monday 00:00–06:00) has no previous roster: no supervisor there, never assumed covered.
    assert first["skill_shortfall"] == 12
    assert first["shortfall_recount"] == first["shortfall"]
    second = _run("plan", "--demand", str(demand_file), "--aht", "180", "--time-limit", "4", "--save")
    assert second["version"]["number"] == first["version"]["number"] + 1
    version = RosterVersion.objects.get(pk=first["version"]["id"])
    assert version.assignments.count() == len(first["assignments"])
    assert version.inputs["agents"][0] == "A01"
    assert len(version.inputs["demand"]["calls"]) == 336
    assert not RosterAssignment.objects.filter(
        version=version, agent__code="A02", starts_at__date__in=[date(2026, 3, 4), date(2026, 3, 5)]
    ).exists()
    # A night shift is stored on the real clock: it ends the next morning.
    night = RosterAssignment.objects.filter(version=version, is_night=True).first()
    assert night is not None
    assert night.ends_at - night.starts_at == timedelta(hours=8)

    xlsx = tmp_path / "roster.xlsx"
    ics_dir = tmp_path / "ics"
    exported = _run("export", "--version", str(version.pk), "--xlsx", str(xlsx), "--ics-dir", str(ics_dir))
    assert exported["assignments"] == len(first["assignments"])

    ws = load_workbook(xlsx).active
    assert ws.cell(2, 3).value == "3/2"
    assert ws.cell(3, 3).value == "一"
    assert ws.cell(3, 9).value == "日"
    rows = {ws.cell(r, 1).value: r for r in range(4, 4 + 17)}
    assert set(rows) == {a.code for a in staff}
    by_agent_day = {(a["agent"], a["start"][:10]): a["template"] for a in first["assignments"]}
    for (code, day), shift in by_agent_day.items():
        column = 3 + (date.fromisoformat(day) - MONDAY.date()).days
        assert ws.cell(rows[code], column).value == shift
    assert ws.cell(rows["A02"], 5).value == "休"  # on leave on Wednesday 3/4
    assert ws.cell(rows["A01"], 10).value == sum(1 for a in first["assignments"] if a["agent"] == "A01")

    files = sorted(ics_dir.glob("*.ics"))
    assert len(files) == len({a["agent"] for a in first["assignments"]})
    calendar = icalendar.Calendar.from_ical((ics_dir / "A01.ics").read_bytes())
    events = sorted(calendar.walk("VEVENT"), key=lambda e: e.decoded("dtstart"))
    mine = sorted(a["start"] for a in first["assignments"] if a["agent"] == "A01")
    assert [e.decoded("dtstart").replace(tzinfo=None).isoformat() for e in events] == mine
    assert str(events[0].decoded("dtstart").tzinfo) == "Asia/Shanghai"
    assert all(e.decoded("dtend") - e.decoded("dtstart") == timedelta(hours=8) for e in events)


def test_save_refuses_anonymous_agents(demand_file):
    out = StringIO()
    with pytest.raises(CommandError):
        call_command(
            "roster", "plan", "--demand", str(demand_file), "--agents", "5", "--save", "--json", stdout=out
        )
    assert json.loads(out.getvalue())["code"] == "invalid_input"


def test_export_unknown_version(tmp_path):
    out = StringIO()
    with pytest.raises(CommandError):
        call_command(
            "roster", "export", "--version", "999", "--xlsx", str(tmp_path / "x.xlsx"), "--json", stdout=out
        )
    assert json.loads(out.getvalue())["code"] == "not_found"
