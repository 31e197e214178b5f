"""What intake announces live: the screen pop to the agent only, state changes to the agent and the supervisors,
the group-complaint alert to the supervisors — after commit, through `common.events`."""

from __future__ import annotations

import pytest

from lianxin.common import events
from lianxin.intake.models import IntakePolicy
from lianxin.intake.services import RegistrationFromCall, agent_sign_in, call_register
from lianxin.workorders.tests.factories import complaint_input

pytestmark = pytest.mark.django_db


@pytest.fixture
def heard(monkeypatch) -> list[events.LiveEvent]:
    received: list[events.LiveEvent] = []
    monkeypatch.setattr(events, "_subscribers", [received.append])
    return received


def test_pop_goes_to_the_offered_agent_after_commit(
    cti, clock_at, agents, seats, heard, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        agent_sign_in(user=agents["agent"], extension="8001")
    heard.clear()
    with django_capture_on_commit_callbacks(execute=True):
        cti("newCall", "live1", **{"from": "13912345678"})
    pops = [e for e in heard if e.event_type == "call.offered"]
    assert len(pops) == 1
    assert pops[0].channels == (f"user:{agents['agent'].pk}",)
    assert pops[0].data["call_id"] == "live1"
    assert pops[0].data["history"]["number"] == "13912345678"
    states = [e for e in heard if e.event_type == "agent.state"]
    assert states[-1].data["state"] == "ringing"
    assert "role:shift_supervisor" in states[-1].channels
    assert "13912345678" not in str(states[-1].data)  # supervisors get no caller number


def test_group_complaints_alert_the_supervisors(
    people, org, clock_at, heard, django_capture_on_commit_callbacks
):
    IntakePolicy.objects.update(group_alert_complaints=2)
    with django_capture_on_commit_callbacks(execute=True):
        for phone in ("13900000001", "13900000002"):
            call_register(
                actor=people["agent"],
                data=RegistrationFromCall(data=complaint_input(contact_phone=phone)),
            )
    alerts = [e for e in heard if e.event_type == "alert"]
    assert alerts
    assert alerts[-1].channels == ("role:shift_supervisor",)
    assert alerts[-1].data["count"] == 2
