"""Writes to work orders. Each service owns its transaction and writes its event in it."""

from .approvals import approval_decide, approval_request
from .co_complainants import (
    CoComplainantAddInput,
    CoComplainantRemoveInput,
    RepresentativesElectInput,
    co_complainant_add,
    co_complainant_remove,
    representatives_elect,
)
from .mixed import MixedFiling, SplitInput, mixed_filing_register, mixed_report_input, work_order_split
from .reference import reference_data_load
from .registration import CoComplainantInput, WorkOrderInput, work_order_register
from .transitions import JointConsentInput, TransitionInput, work_order_transition

__all__ = [
    "CoComplainantAddInput",
    "CoComplainantInput",
    "CoComplainantRemoveInput",
    "JointConsentInput",
    "MixedFiling",
    "RepresentativesElectInput",
    "SplitInput",
    "TransitionInput",
    "WorkOrderInput",
    "approval_decide",
    "approval_request",
    "co_complainant_add",
    "co_complainant_remove",
    "mixed_filing_register",
    "mixed_report_input",
    "reference_data_load",
    "representatives_elect",
    "work_order_register",
    "work_order_split",
    "work_order_transition",
]
