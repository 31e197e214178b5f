"""What the portal does when a work order takes a step (`workorders.signals.work_order_stepped`, inside the step's
transaction): a complaint offered to its business for direct settlement (ODR) that becomes a joint complaint goes
back to the normal dispatch, since settling it needs the represented complainants' written consent (Order 121
Art. 12), which the ODR portal does not collect; one the center dispatched (or transferred, merged…) while the
business still had it ends its ODR case."""

from __future__ import annotations

from typing import Any

from django.dispatch import receiver

from lianxin.domain.workflow import ACTION_LABELS, Action, Kind, State
from lianxin.workorders.signals import work_order_stepped

from .services.odr import odr_joint_complaint_withdraw, odr_taken_over


@receiver(work_order_stepped, dispatch_uid="portal.odr_back_to_dispatch_when_joint")
def odr_back_to_dispatch_when_joint(
    sender: Any, work_order: Any, event: Any, actor: Any, **kwargs: Any
) -> None:
    if event.action == Action.ADD_CO_COMPLAINANT and work_order.is_joint_complaint:
        # The business reads the case's events: the department acted, not a named member of its staff.
        odr_joint_complaint_withdraw(work_order=work_order, actor="市场监管部门")


@receiver(work_order_stepped, dispatch_uid="portal.odr_taken_over_when_handled")
def odr_end_when_taken_over(sender: Any, work_order: Any, event: Any, actor: Any, **kwargs: Any) -> None:
    # Only a step that leaves `registered` (where every ODR case is opened and settled): no query for the rest.
    action = Action(event.action)
    leaves_registered = event.from_state == State.REGISTERED and event.to_state != State.REGISTERED
    if leaves_registered and action is not Action.SETTLE_ONLINE and work_order.kind == Kind.COMPLAINT:
        odr_taken_over(work_order=work_order, action_label=ACTION_LABELS[action])
