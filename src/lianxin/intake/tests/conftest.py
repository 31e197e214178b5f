"""Fixtures for intake: a frozen clock, seats, a PBX token, and helpers to send CTI events."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
import time_machine
from rest_framework.test import APIClient

from lianxin.accounts.models import OrgUnit, User
from lianxin.accounts.services import user_create
from lianxin.domain.workflow import Role
from lianxin.intake.models import AgentSeat
from lianxin.intake.services import pbx_token_create
from lianxin.workorders.tests.factories import at

NOW = "2026-05-07 09:30"


@pytest.fixture
def clock_at() -> Iterator[time_machine.Coordinates]:
    with time_machine.travel(at(NOW), tick=False) as traveller:
        yield traveller


@pytest.fixture
def seats(db: None) -> list[AgentSeat]:
    return [AgentSeat.objects.create(extension=f"80{n:02d}", name=f"坐席{n}") for n in range(1, 5)]


@pytest.fixture
def agents(people: dict[str, User], org: dict[str, OrgUnit]) -> dict[str, User]:
    """Three agents at the center besides `people["agent"]`."""
    extra = {
        name: user_create(
            username=name, password="pass-1234", role=Role.AGENT, unit=org["center"], full_name=full
        )
        for name, full in (("agent2", "李娜"), ("agent3", "王强"))
    }
    return {"agent": people["agent"], **extra}


@pytest.fixture
def pbx_token(db: None) -> str:
    _, raw = pbx_token_create(name="测试交换机")
    return raw


@pytest.fixture
def cti(pbx_token: str) -> Callable[..., Any]:
    """Send one CTI event as the PBX (JSON by default, form with as_form=True); returns the response."""
    client = APIClient()

    def send(event: str, call_id: str, *, as_form: bool = False, **fields: Any) -> Any:
        body = {"event": event, "callId": call_id, "direction": "in", "to": "12315", **fields}
        if as_form:
            return client.post(f"/api/v1/cti/{pbx_token}", body)
        return client.post(f"/api/v1/cti/{pbx_token}", body, format="json")

    return send


@pytest.fixture
def client_as(people: dict[str, User]) -> Callable[[User], APIClient]:
    def make(user: User) -> APIClient:
        client = APIClient()
        client.force_authenticate(user=user)
        return client

    return make
