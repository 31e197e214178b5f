"""Editing a time limit queues the recomputation of open items' due dates (no manual command)."""

from __future__ import annotations

import pytest

from lianxin.domain.rules import ClockName
from lianxin.domain.workflow import Action
from lianxin.workorders.models import TimeLimitRule, WorkOrder
from lianxin.workorders.services import TransitionInput, work_order_register, work_order_transition
from lianxin.workorders.tests.factories import complaint_input

pytestmark = pytest.mark.django_db(transaction=True)  # the job runs when the edit commits


def test_a_time_limit_edit_moves_the_due_dates_after_commit(people, org):
    order = work_order_register(actor=people["agent"], data=complaint_input())
    order = work_order_transition(
        work_order_id=order.pk,
        actor=people["agent"],
        data=TransitionInput(Action.DISPATCH, handling_unit_id=org["yanta"].pk),
    )
    before = WorkOrder.objects.get(pk=order.pk).due_on
    rule = TimeLimitRule.objects.get(rule_set_id=order.rule_set_id, clock=ClockName.ACCEPT_DECISION.value)
    rule.amount += 3
    rule.save()
    assert WorkOrder.objects.get(pk=order.pk).due_on > before
