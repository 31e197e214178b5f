"""The daily deadline sweep reminds the handlers and escalates overdue items to the leaders, once each."""

from __future__ import annotations

import pytest
import time_machine

from lianxin.domain.workflow import Action
from lianxin.notifications.models import Notification, NotificationKind
from lianxin.notifications.sweep import deadline_sweep
from lianxin.workorders.services import TransitionInput, work_order_register, work_order_transition
from lianxin.workorders.tests.factories import at, complaint_input

pytestmark = pytest.mark.django_db


def dispatched(people, org, received):
    order = work_order_register(actor=people["agent"], data=complaint_input(received_at=at(received)))
    return work_order_transition(
        work_order_id=order.pk,
        actor=people["agent"],
        data=TransitionInput(Action.DISPATCH, handling_unit_id=org["yanta"].pk),
    )


def test_due_soon_goes_to_the_unit_and_overdue_to_its_leader_once(people, org):
    with time_machine.travel(at("2026-05-20 07:00"), tick=False):
        soon = dispatched(people, org, "2026-05-12 10:00")  # decision due 2026-05-21
        late = dispatched(people, org, "2026-04-20 10:00")  # overdue
        far = dispatched(people, org, "2026-05-20 06:00")  # due 2026-05-29: not yet
        report = deadline_sweep()
        again = deadline_sweep()
    assert (report.due_soon, report.overdue) == (1, 1)
    assert again.notifications == 0
    reminded = set(
        Notification.objects.filter(kind=NotificationKind.DUE_SOON).values_list(
            "work_order_id", "user__username"
        )
    )
    assert reminded == {(soon.pk, "yanta_handler"), (soon.pk, "yanta_leader")}
    escalated = set(
        Notification.objects.filter(kind=NotificationKind.OVERDUE).values_list(
            "work_order_id", "user__username"
        )
    )
    assert escalated == {(late.pk, "yanta_leader")}
    assert not Notification.objects.filter(work_order=far).exclude(kind=NotificationKind.NEW_ITEM).exists()


def test_an_overdue_item_of_a_unit_without_a_leader_goes_to_the_leader_above(people, org):
    with time_machine.travel(at("2026-05-20 07:00"), tick=False):
        order = work_order_register(
            actor=people["agent"], data=complaint_input(received_at=at("2026-04-20 10:00"))
        )
        order = work_order_transition(
            work_order_id=order.pk,
            actor=people["agent"],
            data=TransitionInput(Action.DISPATCH, handling_unit_id=org["beilin"].pk),
        )
        deadline_sweep()
    escalated = set(
        Notification.objects.filter(kind=NotificationKind.OVERDUE).values_list("user__username", flat=True)
    )
    assert escalated == {"xian_leader"}
