"""Writes to work orders. Each service owns its transaction and writes its event in it."""

from .approvals import approval_decide, approval_request
from .reference import reference_data_load
from .registration import WorkOrderInput, work_order_register
from .transitions import TransitionInput, work_order_transition

__all__ = [
    "TransitionInput",
    "WorkOrderInput",
    "approval_decide",
    "approval_request",
    "reference_data_load",
    "work_order_register",
    "work_order_transition",
]
