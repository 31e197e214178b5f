"""The roster screens: plan from the forecast (through the job engine), publish, the grid, leave approval and the
special-period switch; only center supervisors and managers get in."""

from __future__ import annotations

import io
import zipfile
from datetime import date, datetime

import pytest
import time_machine
from django.test import Client
from openpyxl import load_workbook

from lianxin.workforce.demo import demo_agents_ensure, history_rows
from lianxin.workforce.models import Leave, LeaveStatus, RosterVersion
from lianxin.workforce.supervision import call_history_store, special_period_is_on
from lianxin.workorders.tests.factories import at

NOW = "2026-05-20 10:00"  # a Wednesday; the next Monday is 2026-05-25


@pytest.fixture
def center_staff(db, people):
    with time_machine.travel(at(NOW), tick=False):
        demo_agents_ensure(14)
        call_history_store(history_rows(datetime(2026, 4, 6), 42, calls_per_day=300))  # noqa: DTZ001 - local
    return people


def _client(people, name):
    client = Client()
    client.force_login(people[name])
    return client


@pytest.mark.django_db
def test_only_center_supervisors_and_managers_manage_rosters(center_staff):
    for name, status in (
        ("supervisor", 200),
        ("manager", 200),
        ("agent", 403),
        ("analyst", 403),
        ("yanta_leader", 403),
    ):
        with time_machine.travel(at(NOW), tick=False):
            assert _client(center_staff, name).get("/rosters/").status_code == status, name


@pytest.mark.django_db
def test_plan_from_forecast_publish_and_export(center_staff, django_capture_on_commit_callbacks):
    client = _client(center_staff, "supervisor")
    with time_machine.travel(at(NOW), tick=True):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                "/rosters/plan/",
                {"starts_on": "2026-05-25", "weeks": "1", "minus_agents": "2", "plus_percent": "10"},
            )
        assert response.status_code == 302
        version = RosterVersion.objects.get()
        assert version.violations == 0
        assert len(version.inputs["agents"]) == 12  # 14 − 2 (what-if)
        assert version.inputs["options"]["calls_factor"] == pytest.approx(1.1)
        assert "减少 2 人" in version.note
        page = client.get(f"/rosters/versions/{version.pk}/").content.decode()
        assert 'id="roster-grid"' in page
        client.post(f"/rosters/versions/{version.pk}/publish/")
        version.refresh_from_db()
        assert version.published_at is not None
        sheet = load_workbook(
            io.BytesIO(client.get(f"/rosters/versions/{version.pk}/export.xlsx").content)
        ).active
        assert sheet.max_row >= 12
        archive = zipfile.ZipFile(
            io.BytesIO(client.get(f"/rosters/versions/{version.pk}/export.zip").content)
        )
        assert any(name.endswith(".ics") for name in archive.namelist())
    with time_machine.travel(at("2026-05-26 10:00"), tick=False):
        page = client.get("/rosters/").content.decode()
        assert "第 1 版" in page
        assert 'id="duty-table"' in page  # today's duty from the published roster


@pytest.mark.django_db
def test_plan_parameters_are_checked_with_chinese_messages(center_staff):
    client = _client(center_staff, "supervisor")
    with time_machine.travel(at(NOW), tick=False):
        client.post("/rosters/plan/", {"starts_on": "2026-05-26", "weeks": "9"})
        page = client.get("/rosters/").content.decode()
    assert "排班从星期一开始" in page
    assert "周数为 1–4" in page
    assert not RosterVersion.objects.exists()


@pytest.mark.django_db
def test_leave_approval_and_the_special_period_cancels_leave(center_staff):
    from lianxin.workforce.models import Agent

    agent = Agent.objects.first()
    pending = Leave.objects.create(
        agent=agent, first_day=date(2026, 5, 27), last_day=date(2026, 5, 28), status=LeaveStatus.PENDING
    )
    approved = Leave.objects.create(agent=agent, first_day=date(2026, 6, 1), last_day=date(2026, 6, 3))
    client = _client(center_staff, "supervisor")
    with time_machine.travel(at(NOW), tick=False):
        client.post(f"/rosters/leaves/{pending.pk}/", {"decision": "approve"})
        pending.refresh_from_db()
        assert pending.status == LeaveStatus.APPROVED
        client.post("/rosters/special-period/", {"is_on": "1", "note": "疫情封控"})
        assert special_period_is_on()
        page = client.get("/rosters/").content.decode()
        assert "特殊时期" in page
        assert "取消休假 2 条" in page
    approved.refresh_from_db()
    assert approved.status == LeaveStatus.CANCELLED
