"""The analytics and workforce endpoints: who gets in, scoped figures that match their drill-down, and the
workforce actions with the error envelope."""

from __future__ import annotations

from datetime import date

import pytest

from lianxin.analytics.services.rollups import rollup_refresh
from lianxin.workforce.demo import demo_agents_ensure
from lianxin.workforce.models import Leave, LeaveStatus

PERIOD = "start=2026-05-01&end=2026-05-31"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "analytics", "workforce"),
    [
        ("agent", 403, 403),
        ("supervisor", 200, 200),
        ("manager", 200, 200),
        ("analyst", 200, 403),
        ("yanta_handler", 403, 403),
        ("yanta_leader", 200, 403),
        ("administrator", 200, 200),
    ],
)
def test_who_may_read_statistics_and_manage_the_workforce(client_for, name, analytics, workforce):
    client = client_for(name)
    assert client.get(f"/api/v1/analytics/volumes/?{PERIOD}&by=kind").status_code == analytics
    assert client.get("/api/v1/workforce/agents/").status_code == workforce


@pytest.mark.django_db
def test_volume_figures_match_their_drill_down_and_stay_in_scope(client_for, orders):
    rollup_refresh()
    client = client_for("yanta_leader")
    figures = client.get(f"/api/v1/analytics/volumes/?{PERIOD}&by=unit").json()
    assert figures, "the leader sees the figures of 雁塔"
    for figure in figures:
        drill = client.get(f"/api/v1/analytics/work-orders/?{PERIOD}&by=unit&key={figure['key']}").json()
        assert drill["count"] == figure["current"]
    everything = client_for("analyst").get(f"/api/v1/analytics/volumes/?{PERIOD}&by=unit").json()
    assert sum(f["current"] for f in everything) > sum(f["current"] for f in figures)


@pytest.mark.django_db
def test_satisfaction_by_source_matches_its_drill_down(client_for, orders):
    from lianxin.portal.models import Callback, Rating

    yanta = orders["yanta"]
    Rating.objects.create(
        work_order=yanta, satisfaction="dissatisfied", source="online", rated_at=yanta.received_at
    )
    Callback.objects.create(
        work_order=yanta,
        reason="sample",
        state="done",
        satisfaction="basically",
        created_at=yanta.received_at,
    )
    rollup_refresh()
    client = client_for("yanta_leader")
    rows = client.get(f"/api/v1/analytics/satisfaction/?{PERIOD}").json()
    totals = {row["source"]: row for row in rows if row["unit_id"] is None}
    assert totals["rating"]["current"] == {
        "satisfied": 0,
        "basically": 0,
        "dissatisfied": 1,
        "total": 1,
        "rate": 0.0,
    }
    assert (totals["callback"]["source_label"], totals["callback"]["current"]["rate"]) == ("电话回访", 1.0)
    assert totals["callback"]["change_points"] is None  # nothing rated in April
    for source, row in totals.items():
        drill = client.get(f"/api/v1/analytics/work-orders/?{PERIOD}&measure={source}").json()
        assert drill["count"] == row["current"]["total"] == 1
    assert client_for("weibin_handler").get(f"/api/v1/analytics/satisfaction/?{PERIOD}").status_code == 403


@pytest.mark.django_db
def test_bad_statistics_queries_get_the_envelope(client_for):
    response = client_for("analyst").get("/api/v1/analytics/volumes/?start=2026-05-31&end=2026-05-01&by=kind")
    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
    assert "结束日期" in response.json()["message"]


@pytest.mark.django_db
def test_leave_request_decision_and_special_period(client_for):
    demo_agents_ensure(3)
    client = client_for("supervisor")
    created = client.post(
        "/api/v1/workforce/leaves/",
        {"agent": "D001", "kind": "leave", "first_day": "2026-05-20", "last_day": "2026-05-21"},
        format="json",
    )
    assert created.status_code == 201
    assert created.json()["status"] == "pending"
    decided = client.post(
        f"/api/v1/workforce/leaves/{created.json()['id']}/decision/", {"approve": True}, format="json"
    )
    assert decided.json()["status"] == "approved"
    again = client.post(
        f"/api/v1/workforce/leaves/{created.json()['id']}/decision/", {"approve": True}, format="json"
    )
    assert again.status_code == 400
    assert again.json()["message"] == "该申请已经处理过。"
    switched = client.post(
        "/api/v1/workforce/special-period/", {"is_on": True, "note": "封控"}, format="json"
    )
    assert switched.json() == {"is_on": True, "leaves_cancelled": 1}
    assert Leave.objects.get().status == LeaveStatus.CANCELLED
    refused = client.post(
        "/api/v1/workforce/leaves/",
        {"agent": "D002", "kind": "leave", "first_day": "2026-05-25", "last_day": "2026-05-25"},
        format="json",
    )
    assert refused.status_code == 400
    assert "特殊时期" in refused.json()["message"]
    bad_plan = client.post("/api/v1/workforce/plans/", {"starts_on": str(date(2026, 5, 26))}, format="json")
    assert bad_plan.status_code == 400
    assert "starts_on" in bad_plan.json()["fields"]
