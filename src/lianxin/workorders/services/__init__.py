"""Writes to work orders. Each service owns its transaction and writes its event in it."""

from .approvals import approval_decide, approval_request
from .mixed import MixedFiling, SplitInput, mixed_filing_register, mixed_report_input, work_order_split
from .reference import reference_data_load
from .registration import CoComplainantInput, WorkOrderInput, work_order_register
from .transitions import JointConsentInput, TransitionInput, work_order_transition

__all__ = [
    "CoComplainantInput",
    "JointConsentInput",
    "MixedFiling",
    "SplitInput",
    "TransitionInput",
    "WorkOrderInput",
    "approval_decide",
    "approval_request",
    "mixed_filing_register",
    "mixed_report_input",
    "reference_data_load",
    "work_order_register",
    "work_order_split",
    "work_order_transition",
]
