"""The wallboard's call figures agree exactly with the call records over 45 simulated minutes of CTI traffic
(so the last-30-minutes window differs from the day)
(driven through intake's services), recounted here independently from the Call rows' timestamps."""

from __future__ import annotations

import random
from datetime import timedelta

import pytest
import time_machine

from lianxin.accounts.services import user_create
from lianxin.analytics.wallboard import wallboard_figures
from lianxin.common import clock, events
from lianxin.domain.workflow import Role
from lianxin.intake.models import AgentSeat, AgentSession, Call, IntakePolicy
from lianxin.intake.services import agent_sign_in, wrap_ups_expire
from lianxin.intake.services.cti import CtiPayload, cti_event_receive
from lianxin.workorders.tests.factories import at

START = "2026-05-20 09:00"


def _timeline(rng: random.Random) -> list[tuple[float, str, str, dict]]:
    """(seconds after START, event, call id, fields): arrivals every 5–60 s for 45 minutes; a call is answered
    after 1–40 s, or abandoned after 2–60 s, or still ringing at the end."""
    events_: list[tuple[float, str, str, dict]] = []
    second = 0.0
    index = 0
    while second < 2700:
        index += 1
        call_id = f"sim-{index}"
        direction = "out" if index % 11 == 0 else "in"
        events_.append(
            (second, "newCall", call_id, {"from_number": f"1390000{index:04d}", "direction": direction})
        )
        fate = rng.random()
        if fate < 0.65:
            answer = second + rng.randint(1, 40)
            events_.append((answer, "answer", call_id, {"direction": direction}))
            events_.append((answer + rng.randint(30, 400), "hangup", call_id, {"cause": "normalClearing"}))
        elif fate < 0.9:
            events_.append((second + rng.randint(2, 60), "hangup", call_id, {"cause": "cancel"}))
        second += rng.randint(5, 60)
    return sorted(events_, key=lambda item: (item[0], item[1] != "newCall"))


def _recount(now, threshold: int, quick: int) -> dict:
    """The figures from the Call rows alone: inbound, offered, not rejected; waits from the timestamps."""
    rows = [
        c
        for c in Call.objects.all()
        if c.direction == "in" and c.offered_at is not None and c.cause != "rejected"
    ]
    waiting = [c for c in rows if c.answered_at is None and c.ended_at is None]
    today = [c for c in rows if clock.local_date(c.offered_at) == clock.local_date(now)]
    recent = [c for c in rows if now - timedelta(minutes=30) <= c.offered_at <= now]

    def wait(c: Call) -> int:
        return max(0, round((c.answered_at - c.offered_at).total_seconds()))

    def level(calls: list[Call]) -> tuple[int, int]:
        met = sum(1 for c in calls if c.answered_at is not None and wait(c) <= threshold)
        undecided = sum(
            1 for c in calls if c in waiting and (now - c.offered_at).total_seconds() <= threshold
        )
        return met, len(calls) - undecided

    answered = [c for c in today if c.answered_at is not None]
    return {
        "waiting": len(waiting),
        "longest": int((now - min(c.offered_at for c in waiting)).total_seconds()) if waiting else None,
        "offered": len(today),
        "answered": len(answered),
        "abandoned": sum(
            1 for c in today if c.answered_at is None and c.ended_at is not None and c.pbx_cause == "cancel"
        ),
        "today": level(today),
        "recent": level(recent),
        "quick": sum(1 for c in answered if wait(c) <= quick),
        "asa": round(sum(wait(c) for c in answered) / len(answered), 1) if answered else None,
    }


@pytest.mark.django_db
def test_call_figures_match_the_call_records_over_simulated_traffic(people, org):
    rng = random.Random(9)  # noqa: S311 - simulated traffic, not cryptography
    agents = [people["agent"]] + [
        user_create(
            username=f"sim{n}",
            password="pass-1234",
            role=Role.AGENT,
            unit=org["center"],
            full_name=f"坐席员{n}",
        )
        for n in (2, 3)
    ]
    for n, agent in enumerate(agents, start=1):
        AgentSeat.objects.create(extension=f"80{n:02d}")
        with time_machine.travel(at(START), tick=False):
            agent_sign_in(user=agent, extension=f"80{n:02d}")
    timeline = _timeline(rng)
    checkpoints = {int(second) for second in (300, 900, 1500, 2100, 2699)}
    done = set()
    boards = 0
    for second, event, call_id, fields in [*timeline, (2700.0, "", "", {})]:
        for checkpoint in sorted(c for c in checkpoints if c <= second and c not in done):
            done.add(checkpoint)
            with time_machine.travel(at(START) + timedelta(seconds=checkpoint), tick=False):
                now = clock.now()
                board = wallboard_figures(user=people["supervisor"], now=now, today=clock.local_date(now))
                expected = _recount(now, 20, 3)
            calls = board.calls
            assert calls.waiting == expected["waiting"]
            assert calls.longest_wait_seconds == expected["longest"]
            assert calls.offered_today == expected["offered"]
            assert calls.answered_today == expected["answered"]
            assert calls.abandoned_today == expected["abandoned"]
            assert (calls.service_level_today.met, calls.service_level_today.decided) == expected["today"]
            assert (calls.service_level_recent.met, calls.service_level_recent.decided) == expected["recent"]
            assert calls.quick_answered_today == expected["quick"]
            assert calls.average_speed_of_answer == expected["asa"]
            sessions = {s.seat.extension: s for s in AgentSession.objects.filter(ended_at__isnull=True)}
            assert [(a.extension, a.state) for a in calls.agents] == sorted(
                (ext, s.state) for ext, s in sessions.items()
            )
            for row in calls.agents:
                assert row.seconds_in_state == int(
                    (now - sessions[row.extension].state_since).total_seconds()
                )
            assert sum(count for _, count in calls.agents_by_state) == len(sessions)
            below = [a.text for a in board.alerts if "服务水平低于目标" in a.text]
            assert bool(below) == any(
                decided and 100 * met / decided < 80
                for met, decided in (expected["today"], expected["recent"])
            )
            boards += 1
        if not event:
            break
        with time_machine.travel(at(START) + timedelta(seconds=second), tick=False):
            wrap_ups_expire()
            cti_event_receive(
                token=None, payload=CtiPayload(event=event, call_id=call_id, to_number="12315", **fields)
            )
    assert boards == len(checkpoints)
    assert board.calls.offered_today > 20
    assert board.calls.abandoned_today > 0
    assert board.calls.answered_today > 0
    assert {row.name for row in board.calls.agents} == {str(a) for a in agents}
    # The target and threshold are data: a stricter target raises the alert on the same records.
    IntakePolicy.objects.create(service_level_percent=100, service_level_seconds=1)
    with time_machine.travel(at(START) + timedelta(seconds=2699), tick=False):
        strict = wallboard_figures(user=people["supervisor"], now=clock.now(), today=clock.today())
    assert strict.calls.threshold_seconds == 1
    assert any(a.text == "今日服务水平低于目标（目标 100% 在 1 秒内接听）" for a in strict.alerts)


@pytest.mark.django_db
def test_cti_events_reach_the_supervisors_without_the_caller_number(
    people, monkeypatch, django_capture_on_commit_callbacks
):
    heard: list[events.LiveEvent] = []
    monkeypatch.setattr(events, "_subscribers", [heard.append])
    with django_capture_on_commit_callbacks(execute=True):
        cti_event_receive(
            token=None, payload=CtiPayload(event="newCall", call_id="w1", from_number="13912345678")
        )
        cti_event_receive(token=None, payload=CtiPayload(event="hangup", call_id="w1", cause="cancel"))
    sent = [e for e in heard if e.event_type.startswith("call.")]
    assert [e.event_type for e in sent] == ["call.newCall", "call.hangup"]
    assert all(e.channels == ("role:shift_supervisor",) for e in sent)
    assert sent[-1].data == {"call_id": "w1", "cause": "abandoned"}
    assert "13912345678" not in str([e.data for e in heard])
