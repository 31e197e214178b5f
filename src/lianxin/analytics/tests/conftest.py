"""A small cohort of work orders across units, kinds and days, with decisions in and out of time."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
import time_machine

from lianxin.domain.workflow import Action, Channel, Kind
from lianxin.workorders.models import WorkOrder
from lianxin.workorders.services import TransitionInput, work_order_register, work_order_transition
from lianxin.workorders.tests.factories import at, complaint_input, consultation_input, report_input


def register(
    people: dict[str, Any], when: str, factory: Any = complaint_input, **overrides: Any
) -> WorkOrder:
    with time_machine.travel(at(when), tick=False):
        return work_order_register(actor=people["agent"], data=factory(received_at=at(when), **overrides))


def act(
    people: dict[str, Any], order: WorkOrder, who: str, action: Action, when: str, **fields: Any
) -> WorkOrder:
    with time_machine.travel(at(when), tick=False):
        return work_order_transition(
            work_order_id=order.pk, actor=people[who], data=TransitionInput(action, **fields)
        )


@pytest.fixture
def cohort(people, org) -> dict[str, WorkOrder]:
    """May 2026: complaints to 雁塔 (one accepted in time and settled for ¥500, one accepted late), to 碑林 (web,
    a group complaint), a report to 碑林, a consultation answered; April: one complaint to 渭滨 (for 环比)."""
    orders: dict[str, WorkOrder] = {}
    on_time = register(people, "2026-05-06 10:00")
    on_time = act(
        people, on_time, "agent", Action.DISPATCH, "2026-05-06 11:00", handling_unit_id=org["yanta"].pk
    )
    on_time = act(people, on_time, "yanta_handler", Action.ACCEPT, "2026-05-08 09:00")
    on_time = act(people, on_time, "yanta_handler", Action.START_MEDIATION, "2026-05-08 10:00")
    orders["settled"] = act(
        people,
        on_time,
        "yanta_handler",
        Action.REACH_AGREEMENT,
        "2026-05-20 10:00",
        note="商家退款",
        amount_recovered=Decimal("500.00"),
    )
    late = register(people, "2026-05-07 09:00", summary="迟延受理")
    late = act(people, late, "agent", Action.DISPATCH, "2026-05-07 10:00", handling_unit_id=org["yanta"].pk)
    orders["late"] = act(people, late, "yanta_handler", Action.ACCEPT, "2026-05-29 09:00")
    group = register(
        people,
        "2026-05-11 15:00",
        channel=Channel.WEB,
        is_group_complaint=True,
        respondent_address="西安市碑林区东大街1号",
        respondent_division_code="610103",
    )
    orders["group"] = act(
        people, group, "agent", Action.DISPATCH, "2026-05-11 16:00", handling_unit_id=org["beilin"].pk
    )
    report = register(people, "2026-05-12 09:30", factory=report_input)
    orders["report"] = act(
        people, report, "agent", Action.DISPATCH, "2026-05-12 10:00", handling_unit_id=org["beilin"].pk
    )
    consultation = register(people, "2026-05-13 08:30", factory=consultation_input)
    orders["consultation"] = act(
        people, consultation, "agent", Action.ANSWER, "2026-05-13 08:40", note="已解答"
    )
    april = register(people, "2026-04-20 10:00", respondent_division_code="610302")
    orders["april"] = act(
        people, april, "agent", Action.DISPATCH, "2026-04-20 11:00", handling_unit_id=org["weibin"].pk
    )
    assert {o.kind for o in orders.values()} >= {Kind.COMPLAINT, Kind.REPORT, Kind.CONSULTATION}
    return orders


def _close_agreed(people: dict[str, Any], order: WorkOrder, who: str, day: str) -> WorkOrder:
    """Accept, mediate, agree (¥100) and close on `day` (the unit `who` belongs to)."""
    for action, hour, fields in (
        (Action.ACCEPT, "09:00", {}),
        (Action.START_MEDIATION, "10:00", {}),
        (Action.REACH_AGREEMENT, "11:00", {"note": "商家退款", "amount_recovered": Decimal("100.00")}),
        (Action.CLOSE, "12:00", {}),
    ):
        order = act(people, order, who, action, f"{day} {hour}", **fields)
    return order


def _callback(people: dict[str, Any], order: WorkOrder, satisfaction: str, when: str) -> Any:
    from lianxin.portal.models import Callback
    from lianxin.portal.services.callbacks import CallbackResult, callback_record

    with time_machine.travel(at(when), tick=False):
        callback = Callback.objects.create(work_order=order, reason="sample", created_at=at(when))
        return callback_record(
            actor=people["agent"],
            callback_id=callback.pk,
            result=CallbackResult(reached=True, satisfaction=satisfaction, remarks="回访"),
        )


def _rate(order: WorkOrder, satisfaction: str, when: str) -> Any:
    from lianxin.portal.services.filing import online_rate

    with time_machine.travel(at(when), tick=False):
        return online_rate(work_order_id=order.pk, satisfaction=satisfaction)


@pytest.fixture
def satisfaction(cohort, people, org) -> dict[str, WorkOrder]:
    """The cohort with satisfaction from both sources. May (received): 雁塔's settled complaint closed, rated 满意
    online and 基本满意 on the callback; a 碑林 complaint closed, 不满意 both ways (the callback awaits review);
    雁塔's late complaint carries a rating written by a callback before portal migration 0002 (not counted).
    April: a 雁塔 complaint closed and rated 不满意 online (the period before, for 环比)."""
    from lianxin.portal.models import Rating

    orders = dict(cohort)
    orders["settled"] = act(people, cohort["settled"], "yanta_handler", Action.CLOSE, "2026-05-21 12:00")
    _rate(orders["settled"], "satisfied", "2026-05-22 09:00")
    _callback(people, orders["settled"], "basically", "2026-05-25 10:00")
    beilin = register(
        people,
        "2026-05-14 10:00",
        respondent_address="西安市碑林区东大街2号",
        respondent_division_code="610103",
    )
    beilin = act(
        people, beilin, "agent", Action.DISPATCH, "2026-05-14 11:00", handling_unit_id=org["beilin"].pk
    )
    orders["beilin_closed"] = _close_agreed(people, beilin, "beilin_handler", "2026-05-19")
    _rate(orders["beilin_closed"], "dissatisfied", "2026-05-20 09:00")
    _callback(people, orders["beilin_closed"], "dissatisfied", "2026-05-26 10:00")
    Rating.objects.create(
        work_order=cohort["late"],
        satisfaction="satisfied",
        source="callback",
        rated_at=at("2026-05-30 10:00"),
    )
    april = register(people, "2026-04-22 10:00")
    april = act(people, april, "agent", Action.DISPATCH, "2026-04-22 11:00", handling_unit_id=org["yanta"].pk)
    orders["april_yanta"] = _close_agreed(people, april, "yanta_handler", "2026-04-28")
    _rate(orders["april_yanta"], "dissatisfied", "2026-04-29 09:00")
    return orders
