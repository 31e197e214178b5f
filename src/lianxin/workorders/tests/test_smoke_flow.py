from datetime import date
from decimal import Decimal

import time_machine

from lianxin.domain.workflow import Action, State
from lianxin.workorders.models import WorkOrderEvent
from lianxin.workorders.services import TransitionInput, work_order_register, work_order_transition
from lianxin.workorders.tests.factories import at, complaint_input


def test_complaint_from_registration_to_agreement(people, org):
    with time_machine.travel(at("2026-05-06 10:05"), tick=False):
        order = work_order_register(actor=people["agent"], data=complaint_input())
    assert order.number == "SN12315-2026-000001"
    assert order.rule_set.code == "samr-order-121"
    # Received Wed 2026-05-06, after the Labour Day holiday: Sat 2026-05-09 is a make-up workday,
    # so 7 working days end on Thu 2026-05-14.
    assert order.due_on == date(2026, 5, 14)
    with time_machine.travel(at("2026-05-06 11:00"), tick=False):
        order = work_order_transition(
            work_order_id=order.pk,
            actor=people["agent"],
            data=TransitionInput(Action.DISPATCH, handling_unit_id=org["yanta"].pk),
        )
    with time_machine.travel(at("2026-05-08 09:00"), tick=False):
        order = work_order_transition(
            work_order_id=order.pk, actor=people["yanta_handler"], data=TransitionInput(Action.ACCEPT)
        )
    assert order.state == State.ACCEPTED
    # Order 121: mediation within 60 calendar days of acceptance → 2026-07-07 (a Tuesday).
    assert order.due_on == date(2026, 7, 7)
    for action in (Action.START_MEDIATION,):
        order = work_order_transition(
            work_order_id=order.pk, actor=people["yanta_handler"], data=TransitionInput(action)
        )
    order = work_order_transition(
        work_order_id=order.pk,
        actor=people["yanta_handler"],
        data=TransitionInput(Action.REACH_AGREEMENT, note="商家同意退货", amount_recovered=Decimal("3999")),
    )
    assert order.state == State.AGREED
    assert order.amount_recovered == Decimal("3999")
    events = list(WorkOrderEvent.objects.filter(work_order=order).values_list("sequence", "action"))
    assert events == [
        (1, "register"),
        (2, "dispatch"),
        (3, "accept"),
        (4, "start_mediation"),
        (5, "reach_agreement"),
    ]
