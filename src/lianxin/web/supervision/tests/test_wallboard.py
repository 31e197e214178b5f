"""The wallboard's work-order figures agree exactly with the records over a simulated day."""

from __future__ import annotations

import random

import pytest
import time_machine
from django.test import Client

from lianxin.analytics.tests.conftest import act, register
from lianxin.analytics.wallboard import wallboard_figures
from lianxin.common import clock
from lianxin.domain.workflow import Action, Channel
from lianxin.workorders.models import WorkOrder
from lianxin.workorders.tests.factories import at, consultation_input, report_input

DAY = "2026-05-20"


@pytest.mark.django_db
def test_figures_match_the_records_through_a_simulated_day(people, org):
    rng = random.Random(11)  # noqa: S311 - simulated traffic, not cryptography
    register(people, "2026-05-06 10:00", summary="较早登记、未受理：今天已超期")
    yesterday = register(people, "2026-05-19 16:00", summary="昨天登记，仍待分送")
    board = None
    for index, minute in enumerate(range(0, 8 * 60, 17)):  # 08:00–16:00, an item every 17 minutes
        when = f"{DAY} {8 + minute // 60:02d}:{minute % 60:02d}"
        factory = rng.choice([None, report_input, consultation_input])
        order = (
            register(people, when, factory=factory)
            if factory
            else register(people, when, channel=Channel.WEB, is_group_complaint=rng.random() < 0.1)
        )
        if order.kind != "consultation" and rng.random() < 0.6:
            act(people, order, "agent", Action.DISPATCH, when, handling_unit_id=org["yanta"].pk)
        if index % 5:
            continue
        with time_machine.travel(at(when), tick=False):
            board = wallboard_figures(user=people["supervisor"], now=clock.now(), today=clock.today())
        today = [o for o in WorkOrder.objects.all() if o.received_at >= at(f"{DAY} 00:00")]
        assert board.registered_today == len(today)
        assert dict(board.registered_by_kind)["投诉"] == sum(1 for o in today if o.kind == "complaint")
        assert board.group_complaints_today == sum(1 for o in today if o.is_group_complaint)
    with time_machine.travel(at(f"{DAY} 16:30"), tick=False):
        board = wallboard_figures(user=people["supervisor"], now=clock.now(), today=clock.today())
    everything = list(WorkOrder.objects.all())
    awaiting = [
        o for o in everything if o.state in {"registered", "returned"} and o.kind in {"complaint", "report"}
    ]
    assert board.awaiting_dispatch == len(awaiting)
    assert yesterday.pk in {o.pk for o in awaiting}
    assert board.overdue_now == 1


@pytest.mark.django_db
def test_wallboard_page_and_fragment(people, org):
    register(people, f"{DAY} 09:00")
    client = Client()
    client.force_login(people["supervisor"])
    with time_machine.travel(at(f"{DAY} 10:00"), tick=False):
        page = client.get("/wallboard/").content.decode()
        fragment = client.get("/wallboard/", headers={"HX-Request": "true"}).content.decode()
    assert 'hx-trigger="every 2s, lx:wallboard-refresh from:document"' in page
    assert fragment.lstrip().startswith('<div id="wallboard-figures"')
    assert "今日登记" in fragment
    assert "今日服务水平" in fragment
    assert "服务水平目标：80% 的来电在 20 秒内接听" in fragment
    assert "supervision/wallboard.js" in page
    assert "<script>" not in page
    agent = Client()
    agent.force_login(people["agent"])
    assert agent.get("/wallboard/").status_code == 403


@pytest.mark.django_db
def test_the_wallboard_scope_is_the_work_order_scope(people, org):
    from lianxin.workorders.permissions import work_orders_visible_to

    yanta = register(people, f"{DAY} 09:00")
    act(people, yanta, "agent", Action.DISPATCH, f"{DAY} 09:10", handling_unit_id=org["yanta"].pk)
    weibin = register(people, f"{DAY} 09:20")
    act(people, weibin, "agent", Action.DISPATCH, f"{DAY} 09:30", handling_unit_id=org["weibin"].pk)
    with time_machine.travel(at(f"{DAY} 10:00"), tick=False):
        for name in ("supervisor", "xian_leader", "yanta_handler", "weibin_handler", "analyst"):
            board = wallboard_figures(user=people[name], now=clock.now(), today=clock.today())
            assert board.registered_today == work_orders_visible_to(people[name]).count(), name


@pytest.mark.django_db
def test_registration_and_dispatch_are_announced_to_the_center(
    people, org, monkeypatch, django_capture_on_commit_callbacks
):
    from lianxin.common import events
    from lianxin.realtime.selectors import channels_for

    heard: list[events.LiveEvent] = []
    monkeypatch.setattr(events, "_subscribers", [heard.append])
    with django_capture_on_commit_callbacks(execute=True):
        order = register(people, f"{DAY} 09:00")
        act(people, order, "agent", Action.DISPATCH, f"{DAY} 09:10", handling_unit_id=org["yanta"].pk)
    center = f"center:{org['center'].pk}"
    sent = [e for e in heard if e.event_type.startswith("work_order.") and center in e.channels]
    assert [e.event_type for e in sent] == ["work_order.registered", "work_order.dispatched"]
    assert all(e.channels == (center,) for e in sent)
    assert sent[0].data == {"id": order.pk, "kind": order.kind}
    assert f"center:{org['center'].pk}" in channels_for(people["supervisor"])
