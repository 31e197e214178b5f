"""What the portal does when a work order takes a step (`workorders.signals.work_order_stepped`, inside the step's
transaction): a complaint offered to its business for direct settlement (ODR) that becomes a joint complaint goes
back to the normal dispatch, since settling it needs the represented complainants' written consent (Order 121
Art. 12), which the ODR portal does not collect."""

from __future__ import annotations

from typing import Any

from django.dispatch import receiver

from lianxin.domain.workflow import Action
from lianxin.workorders.signals import work_order_stepped

from .services.odr import odr_joint_complaint_withdraw


@receiver(work_order_stepped, dispatch_uid="portal.odr_back_to_dispatch_when_joint")
def odr_back_to_dispatch_when_joint(
    sender: Any, work_order: Any, event: Any, actor: Any, **kwargs: Any
) -> None:
    if event.action == Action.ADD_CO_COMPLAINANT and work_order.is_joint_complaint:
        # The business reads the case's events: the department acted, not a named member of its staff.
        odr_joint_complaint_withdraw(work_order=work_order, actor="市场监管部门")
