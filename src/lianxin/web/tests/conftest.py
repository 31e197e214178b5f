"""Work orders for the page tests, registered and dispatched through the services at a fixed time."""

from __future__ import annotations

import pytest
import time_machine

from lianxin.accounts.models import OrgUnit, User
from lianxin.domain.workflow import Action
from lianxin.workorders.models import WorkOrder
from lianxin.workorders.services import TransitionInput, work_order_register, work_order_transition
from lianxin.workorders.tests.factories import at, complaint_input, joint_complaint_input

# Wednesday 2026-05-20: two working days ahead is Friday 2026-05-22.
TODAY_AT = "2026-05-20 10:00"


def dispatched_complaint(*, people: dict[str, User], unit: OrgUnit, received: str, summary: str) -> WorkOrder:
    order = work_order_register(
        actor=people["agent"], data=complaint_input(received_at=at(received), summary=summary)
    )
    return work_order_transition(
        work_order_id=order.pk,
        actor=people["agent"],
        data=TransitionInput(Action.DISPATCH, handling_unit_id=unit.pk),
    )


def joint_complaint_in_mediation(*, people: dict[str, User], org: dict[str, OrgUnit]) -> WorkOrder:
    """张伟 (representative), 李明 (representative) and 赵强 (represented) against one business (共同投诉, Order 121
    Art. 12), elected in writing, dispatched to 雁塔, accepted and under mediation."""
    order = work_order_register(actor=people["agent"], data=joint_complaint_input())
    for action, who, fields in (
        (Action.DISPATCH, "agent", {"handling_unit_id": org["yanta"].pk}),
        (Action.ACCEPT, "yanta_handler", {}),
        (Action.START_MEDIATION, "yanta_handler", {}),
    ):
        order = work_order_transition(
            work_order_id=order.pk, actor=people[who], data=TransitionInput(action, **fields)
        )
    return order


@pytest.fixture
def landing_orders(people: dict[str, User], org: dict[str, OrgUnit]) -> dict[str, WorkOrder]:
    """At 雁塔: one due soon (received 2026-05-12, decision due 2026-05-21) and one overdue (received
    2026-04-20); at 渭滨: one received today (due 2026-05-29), outside 雁塔's scope."""
    with time_machine.travel(at(TODAY_AT), tick=False):
        return {
            "due_soon": dispatched_complaint(
                people=people, unit=org["yanta"], received="2026-05-12 10:00", summary="冰箱不制冷"
            ),
            "overdue": dispatched_complaint(
                people=people, unit=org["yanta"], received="2026-04-20 10:00", summary="预付卡商家跑路"
            ),
            "elsewhere": dispatched_complaint(
                people=people, unit=org["weibin"], received="2026-05-20 09:00", summary="外卖食品异物"
            ),
        }
