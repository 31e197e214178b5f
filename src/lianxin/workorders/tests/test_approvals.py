"""Approvals by the approver's own act (issue 14 item 4): a requester cannot record an approval that the
approver did not give, and an extension is asked and granted before the period runs out."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine

from lianxin.domain.errors import IllegalTransition, RequirementMissing
from lianxin.domain.workflow import Action
from lianxin.workorders.errors import ActionForbidden, StaleWorkOrder
from lianxin.workorders.models import ApprovalState, WorkOrder
from lianxin.workorders.selectors import approval_queue
from lianxin.workorders.services import (
    TransitionInput,
    approval_decide,
    approval_request,
    work_order_register,
    work_order_transition,
)
from lianxin.workorders.tests.factories import at, report_input

EXTEND = Action.EXTEND_VERIFICATION


@pytest.fixture
def verifying(people, org, act) -> WorkOrder:
    """A report received Wed 2026-05-06, verified by 碑林 from 05-07; verification due Tue 2026-05-26."""
    with time_machine.travel(at("2026-05-06 10:00"), tick=False):
        order = work_order_register(actor=people["agent"], data=report_input())
    order = act(order, "agent", Action.DISPATCH, "2026-05-06 11:00", handling_unit_id=org["beilin"].pk)
    return act(order, "beilin_handler", Action.START_VERIFICATION, "2026-05-07 09:00")


def _request(people, order, who="beilin_handler", when="2026-05-20 09:00", note="需调取监控"):
    with time_machine.travel(at(when), tick=False):
        return approval_request(actor=people[who], work_order_id=order.pk, action=EXTEND, note=note)


def _decide(people, approval, who="xian_leader", when="2026-05-20 10:00", approve=True, note=""):
    with time_machine.travel(at(when), tick=False):
        return approval_decide(actor=people[who], approval_id=approval.pk, approve=approve, note=note)


def test_the_transition_input_cannot_carry_an_approver():
    with pytest.raises(TypeError):
        TransitionInput(EXTEND, note="x", approver_id=1)  # type: ignore[call-arg]


def test_an_extension_cannot_be_taken_directly_by_anyone(verifying, people, org):
    for who in ("beilin_handler", "xian_leader"):
        with pytest.raises(RequirementMissing), time_machine.travel(at("2026-05-20 09:00"), tick=False):
            work_order_transition(
                work_order_id=verifying.pk, actor=people[who], data=TransitionInput(EXTEND, note="x")
            )
    assert WorkOrder.objects.get(pk=verifying.pk).due_on == date(2026, 5, 26)


def test_a_request_changes_nothing_until_the_approver_decides(verifying, people):
    approval = _request(people, verifying)
    assert approval.state == ApprovalState.PENDING
    order = WorkOrder.objects.get(pk=verifying.pk)
    assert (order.due_on, order.version) == (date(2026, 5, 26), verifying.version)
    assert list(approval_queue(user=people["xian_leader"])) == [approval]
    assert list(approval_queue(user=people["beilin_handler"])) == []  # not a leader
    assert list(approval_queue(user=people["yanta_leader"])) == []  # another unit's leader


def test_the_approver_applies_it_and_is_recorded_as_actor_and_approver(verifying, people):
    approval = _decide(people, _request(people, verifying), note="同意")
    assert (approval.state, approval.decided_by) == (ApprovalState.APPROVED, people["xian_leader"])
    order = WorkOrder.objects.get(pk=verifying.pk)
    assert order.due_on == date(2026, 6, 16)
    event = order.events.order_by("-sequence").first()
    assert (event.action, event.actor, event.approver) == (
        EXTEND,
        people["xian_leader"],
        people["xian_leader"],
    )
    assert event.changes["requested_by"] == [None, people["beilin_handler"].pk]
    assert "需调取监控" in event.note


@pytest.mark.parametrize("who", ["beilin_handler", "yanta_leader", "agent", "administrator"])
def test_only_a_leader_over_the_handling_unit_may_decide(verifying, people, who):
    approval = _request(people, verifying)
    with pytest.raises(ActionForbidden):
        _decide(people, approval, who=who)
    assert WorkOrder.objects.get(pk=verifying.pk).due_on == date(2026, 5, 26)


def test_a_leader_cannot_approve_their_own_request(verifying, people, org):
    people["xian_leader"].unit = org["beilin"]  # a leader of the handling unit who asks themselves
    people["xian_leader"].save()
    approval = _request(people, verifying, who="xian_leader")
    with pytest.raises(ActionForbidden):
        _decide(people, approval, who="xian_leader")


def test_a_refusal_needs_a_reason_and_leaves_the_work_order(verifying, people):
    approval = _request(people, verifying)
    with pytest.raises(RequirementMissing):
        _decide(people, approval, approve=False)
    refused = _decide(people, approval, approve=False, note="证据已足，无需延长")
    assert refused.state == ApprovalState.REFUSED
    assert WorkOrder.objects.get(pk=verifying.pk).due_on == date(2026, 5, 26)
    with pytest.raises(StaleWorkOrder):  # decided once
        _decide(people, approval)


def test_one_pending_request_at_a_time(verifying, people):
    _request(people, verifying)
    with pytest.raises(StaleWorkOrder):
        _request(people, verifying)


def test_an_extension_asked_after_the_deadline_is_refused(verifying, people):
    with pytest.raises(RequirementMissing) as refused:
        _request(people, verifying, when="2026-05-27 09:00")
    assert "2026年5月26日届满" in refused.value.message
    assert "期限届满后不能再申请延长" in refused.value.message


def test_an_extension_approved_after_the_deadline_is_refused(verifying, people):
    approval = _request(people, verifying, when="2026-05-25 09:00")
    with pytest.raises(RequirementMissing) as refused:
        _decide(people, approval, when="2026-05-27 09:00")
    assert "不能再批准延长" in refused.value.message
    assert WorkOrder.objects.get(pk=verifying.pk).due_on == date(2026, 5, 26)


def test_an_approval_of_a_work_order_that_moved_on_is_illegal(verifying, people, act):
    approval = _request(people, verifying)
    act(verifying, "xian_leader", Action.OPEN_CASE, "2026-05-20 09:30", note="立案")
    with pytest.raises(IllegalTransition):
        _decide(people, approval)


def test_actions_without_approval_cannot_be_requested(verifying, people):
    from lianxin.workorders.errors import InvalidWorkOrder

    with pytest.raises(InvalidWorkOrder), time_machine.travel(at("2026-05-20 09:00"), tick=False):
        approval_request(
            actor=people["beilin_handler"], work_order_id=verifying.pk, action=Action.OPEN_CASE, note="x"
        )
