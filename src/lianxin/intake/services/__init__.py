"""Writes of intake. Each service owns its transaction; agent state changes write their event in it."""

from .agents import agent_set_state, agent_sign_in, agent_sign_out, wrap_ups_expire
from .calls import (
    RegistrationFromCall,
    blocked_number_add,
    blocked_number_remove,
    call_answer,
    call_draft_delete,
    call_draft_save,
    call_register,
    work_order_reference_add,
)
from .cti import CtiPayload, cti_event_receive
from .distribution import call_offers_expire, call_route
from .tokens import pbx_token_check, pbx_token_create, pbx_token_revoke

__all__ = [
    "CtiPayload",
    "RegistrationFromCall",
    "agent_set_state",
    "agent_sign_in",
    "agent_sign_out",
    "blocked_number_add",
    "blocked_number_remove",
    "call_answer",
    "call_draft_delete",
    "call_draft_save",
    "call_offers_expire",
    "call_register",
    "call_route",
    "cti_event_receive",
    "pbx_token_check",
    "pbx_token_create",
    "pbx_token_revoke",
    "work_order_reference_add",
    "wrap_ups_expire",
]
