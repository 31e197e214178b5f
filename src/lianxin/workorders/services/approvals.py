"""Approvals (审批): an action that needs a unit leader's approval is requested by the handler and applied only
by the leader's own decision, in the leader's own session.

Extending the verification of a report by 15 working days needs the approval of the head of the unit
(《市场监督管理行政处罚程序规定》第十八条). The transition input used to carry an approver's user id, so a
handler could record an approval nobody gave; now the approval is a request record (pending) that the approver
decides (`approval_decide(actor=approver, …)`), and the transition is applied in that same transaction with the
approver as the actor of the event. An extension must be asked — and granted — before the period runs out.
"""

from __future__ import annotations

from datetime import date

from django.db import IntegrityError, transaction

from lianxin.accounts.models import User
from lianxin.accounts.selectors import unit_entry
from lianxin.common import clock
from lianxin.common.events import publish_live, unit_channel
from lianxin.domain.errors import RequirementMissing
from lianxin.domain.rules import CLOCK_LABELS
from lianxin.domain.text_limits import too_long
from lianxin.domain.workflow import (
    ACTION_LABELS,
    Action,
    ClockEffect,
    Kind,
    Requirement,
    State,
    Transition,
    plan_transition,
)
from lianxin.workorders.clock_storage import clocks_load
from lianxin.workorders.errors import ActionForbidden, ApprovalNotFound, InvalidWorkOrder, StaleWorkOrder
from lianxin.workorders.models import ApprovalRequest, ApprovalState, WorkOrder
from lianxin.workorders.permissions import can_act, can_decide_approval, can_view

from .transitions import TransitionInput, apply_transition, lock_work_order


def _needs_approval(step: Transition) -> bool:
    return Requirement.APPROVER in step.requires


def _ensure_before_deadline(work_order: WorkOrder, step: Transition, today: date, *, deciding: bool) -> None:
    """An extension is asked and granted while the period still runs: once it has run out there is nothing left
    to extend (the decision is already late)."""
    stored = clocks_load(work_order.clocks)
    for name, effect in step.clocks:
        entry = stored.get(name)
        if effect is not ClockEffect.EXTEND or entry is None or entry.due_on is None:
            continue
        if entry.due_on < today:
            label = CLOCK_LABELS.get(name.value, name.value)
            when = "批准" if deciding else "申请"
            raise RequirementMissing(
                f"{label}已于{entry.due_on:%Y年%-m月%-d日}届满，期限届满后不能再{when}延长"
                "（《市场监督管理行政处罚程序规定》第十八条：延长须在期限内经负责人批准）。",
                fields={"action": [f"{label}已届满，不能延长。"]},
            )


APPROVAL_REQUESTED = "approval_requested"
APPROVAL_DECIDED = "approval_decided"


def _publish(event_type: str, approval: ApprovalRequest, work_order: WorkOrder) -> None:
    """Tell the handling unit and the units above it (whose leaders may decide) after the commit: only ids and
    the action, no personal data."""
    entry = unit_entry(work_order.handling_unit_id)
    if entry is None:
        return
    units = [int(part) for part in entry.path.strip("/").split("/") if part]
    publish_live(
        [unit_channel(unit_id) for unit_id in units],
        event_type,
        {"approval_id": approval.pk, "work_order_id": work_order.pk, "action": approval.action},
    )


def _step_for(work_order: WorkOrder, action: Action) -> Transition:
    return plan_transition(Kind(work_order.kind), State(work_order.state), action)


def approval_request(*, actor: User, work_order_id: int, action: Action, note: str) -> ApprovalRequest:
    """Ask a unit leader to approve `action` on the work order. The actor must be allowed to take the action
    (role and scope) and the work order must be in a state where it is legal; the request waits, pending, in
    the approval queue of the leaders of the handling unit and the units above it."""
    now = clock.now()
    if errors := too_long({"note": note}):
        raise InvalidWorkOrder("申请理由过长。", fields=errors)
    if not note.strip():
        raise RequirementMissing("请填写申请理由。", fields={"note": ["请填写申请理由。"]})
    with transaction.atomic():
        work_order = lock_work_order(work_order_id)
        if not can_view(actor, work_order):
            raise ActionForbidden("该工单不在您的数据范围内。")
        step = _step_for(work_order, action)
        if not _needs_approval(step):
            raise InvalidWorkOrder(
                f"「{ACTION_LABELS[action]}」无需审批，请直接办理。", fields={"action": ["该操作无需审批。"]}
            )
        if not can_act(actor, work_order, step):
            raise ActionForbidden(f"您的角色不能申请「{ACTION_LABELS[action]}」。")
        if Requirement.NOT_YET_EXTENDED in step.requires and any(
            entry.state.is_extended for entry in clocks_load(work_order.clocks).values()
        ):
            raise RequirementMissing(
                "核查期限已经延长过一次，不能再次延长。", fields={"action": ["已延长过。"]}
            )
        _ensure_before_deadline(work_order, step, clock.local_date(now), deciding=False)
        try:
            with transaction.atomic():
                approval = ApprovalRequest.objects.create(
                    work_order=work_order,
                    action=action.value,
                    requested_by=actor,
                    requested_at=now,
                    note=note.strip(),
                )
        except IntegrityError:
            raise StaleWorkOrder("该操作已有待审批的申请，请等待负责人审批。") from None
        _publish(APPROVAL_REQUESTED, approval, work_order)
        return approval


def approval_decide(*, actor: User, approval_id: int, approve: bool, note: str = "") -> ApprovalRequest:
    """The approver's decision, taken in the approver's own session. Approving applies the requested action in
    the same transaction (the event names the approver as actor and approver); refusing records the decision
    and leaves the work order unchanged. Only a unit leader of the handling unit or a unit above it, other
    than the requester, may decide; a decided request cannot be decided again."""
    now = clock.now()
    if errors := too_long({"note": note}):
        raise InvalidWorkOrder("审批意见过长。", fields=errors)
    if not approve and not note.strip():
        raise RequirementMissing("不予批准时请填写理由。", fields={"note": ["请填写不予批准的理由。"]})
    work_order_id = (
        ApprovalRequest.objects.filter(pk=approval_id).values_list("work_order_id", flat=True).first()
    )
    if work_order_id is None:
        raise ApprovalNotFound("审批申请不存在。")
    with transaction.atomic():
        # The work order first, then the request: the same lock order as approval_request (no deadlock).
        work_order = lock_work_order(work_order_id)
        approval = (
            ApprovalRequest.objects.select_for_update().select_related("requested_by").get(pk=approval_id)
        )
        if not can_decide_approval(actor, approval, work_order):
            raise ActionForbidden("只有承办单位或其上级单位的负责人可以审批，且不能审批本人的申请。")
        if approval.state != ApprovalState.PENDING:
            raise StaleWorkOrder("该申请已经审批过。")
        if approve:
            action = Action(approval.action)
            step = _step_for(work_order, action)  # IllegalTransition (409) when the work order moved on
            _ensure_before_deadline(work_order, step, clock.local_date(now), deciding=True)
            reason = approval.note + (f"\n审批意见：{note.strip()}" if note.strip() else "")
            apply_transition(
                work_order,
                step,
                actor=actor,
                data=TransitionInput(action, note=reason),
                now=now,
                approver=actor,
                extra_changes={
                    "approval_request": [None, approval.pk],
                    "requested_by": [None, approval.requested_by_id],
                },
            )
        approval.state = ApprovalState.APPROVED if approve else ApprovalState.REFUSED
        approval.decided_by = actor
        approval.decided_at = now
        approval.decision_note = note.strip()
        approval.save(update_fields=["state", "decided_by", "decided_at", "decision_note"])
        _publish(APPROVAL_DECIDED, approval, work_order)
    return approval
