"""Work orders in the states the public side needs, moved through the real services at fixed times."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
import time_machine

from lianxin.domain.workflow import Action
from lianxin.workorders.models import WorkOrder
from lianxin.workorders.services import TransitionInput, work_order_register, work_order_transition
from lianxin.workorders.tests.factories import at, complaint_input


@pytest.fixture
def step(people):
    def run(order: WorkOrder, who: str, action: Action, when: str, **fields: Any) -> WorkOrder:
        with time_machine.travel(at(when), tick=False):
            return work_order_transition(
                work_order_id=order.pk, actor=people[who], data=TransitionInput(action, **fields)
            )

    return run


@pytest.fixture
def closed_complaint(people, org, step):
    """Register, dispatch to 雁塔, accept, mediate, agree (¥800) and close; closed 2026-06-10."""

    def make(*, consents: bool = True, **overrides: Any) -> WorkOrder:
        with time_machine.travel(at("2026-05-06 10:05"), tick=False):
            order = work_order_register(
                actor=people["agent"], data=complaint_input(consents_to_publish=consents, **overrides)
            )
        order = step(order, "agent", Action.DISPATCH, "2026-05-06 11:00", handling_unit_id=org["yanta"].pk)
        order = step(order, "yanta_handler", Action.ACCEPT, "2026-05-08 09:00")
        order = step(order, "yanta_handler", Action.START_MEDIATION, "2026-05-08 10:00")
        order = step(
            order,
            "yanta_handler",
            Action.REACH_AGREEMENT,
            "2026-06-10 09:00",
            note="商家同意退货退款",
            amount_recovered=Decimal("800"),
        )
        return step(order, "yanta_handler", Action.CLOSE, "2026-06-10 10:00")

    return make


@pytest.fixture
def live_events(monkeypatch):
    """The live events published (after commit) while the test runs: (channel, event_type, data) triples."""
    from lianxin.common import events

    seen: list[tuple[str, str, dict]] = []
    monkeypatch.setattr(
        events,
        "_subscribers",
        [
            *events._subscribers,
            lambda e: seen.extend((channel, e.event_type, dict(e.data)) for channel in e.channels),
        ],
    )
    return seen
