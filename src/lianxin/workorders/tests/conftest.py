from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
import time_machine

from lianxin.domain.workflow import Action
from lianxin.workorders.models import WorkOrder
from lianxin.workorders.services import TransitionInput, work_order_transition
from lianxin.workorders.tests.factories import at


@pytest.fixture
def act(people) -> Callable[..., WorkOrder]:
    """act(order, "yanta_handler", Action.ACCEPT, when="2026-05-08 09:00", note=…) → the updated work order."""

    def run(order: WorkOrder, who: str, action: Action, when: str | None = None, **fields: Any) -> WorkOrder:
        data = TransitionInput(action, **fields)
        if when is None:
            return work_order_transition(work_order_id=order.pk, actor=people[who], data=data)
        with time_machine.travel(at(when), tick=False):
            return work_order_transition(work_order_id=order.pk, actor=people[who], data=data)

    return run
