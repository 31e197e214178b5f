"""Rendering (pure: a loaded work order and the reader in, a dict out).

Personal data is shown in full, masked or not at all, as `personal_data_view` decides for the reader.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from lianxin.accounts.models import User
from lianxin.api.masking import PersonalDataView, mask_address, mask_id_number, mask_name, mask_phone
from lianxin.domain.personal_data import mask_identifiers
from lianxin.domain.rules import GroundKind, RuleSet
from lianxin.domain.workflow import (
    ACTION_LABELS,
    CHANNEL_LABELS,
    KIND_LABELS,
    STATE_LABELS,
    Channel,
    Kind,
    Requirement,
    State,
    available_actions,
    plan_transition,
)
from lianxin.portal.models import ODR_OPEN_STATES
from lianxin.portal.selectors import ODR_EVENT_LABELS, odr_case_of_work_order
from lianxin.workorders.clock_storage import clocks_load
from lianxin.workorders.facts import transition_offered
from lianxin.workorders.models import WorkOrder
from lianxin.workorders.permissions import can_act, can_see_personal_data, can_view
from lianxin.workorders.selectors import (
    acceptance_clock_readings,
    clock_label,
    repeat_report_candidates,
    rule_set_by_id,
)


def unit_ref(unit: Any) -> dict[str, Any] | None:
    return None if unit is None else {"id": unit.pk, "name": unit.name}


def code_name(item: Any) -> dict[str, str] | None:
    return None if item is None else {"code": item.code, "name": item.name}


def personal_data_view(user: User, work_order: WorkOrder) -> PersonalDataView:
    if work_order.is_anonymous:
        return PersonalDataView.ANONYMOUS
    if can_see_personal_data(user, work_order):
        return PersonalDataView.FULL
    return PersonalDataView.MASKED


def _contact(user: User, work_order: WorkOrder) -> dict[str, Any]:
    view = personal_data_view(user, work_order)
    if view is PersonalDataView.ANONYMOUS:
        values = dict.fromkeys(
            ("contact_name", "contact_phone", "contact_id_type", "contact_id_number", "contact_address"), ""
        )
    elif view is PersonalDataView.FULL:
        values = {
            "contact_name": work_order.contact_name,
            "contact_phone": work_order.contact_phone,
            "contact_id_type": work_order.contact_id_type,
            "contact_id_number": work_order.contact_id_number,
            "contact_address": work_order.contact_address,
        }
    else:
        values = {
            "contact_name": mask_name(work_order.contact_name),
            "contact_phone": mask_phone(work_order.contact_phone),
            "contact_id_type": work_order.contact_id_type,
            "contact_id_number": mask_id_number(work_order.contact_id_number),
            "contact_address": mask_address(work_order.contact_address),
        }
    return {"personal_data": view.value, **values}


def _available_actions(user: User, work_order: WorkOrder) -> list[dict[str, Any]]:
    """The actions the transition table allows in this state, kept only where `can_act` lets this user."""
    kind, state = Kind(work_order.kind), State(work_order.state)
    result = []
    grounds: list[Any] | None = None
    for action in available_actions(kind, state):
        transition = plan_transition(kind, state, action)
        if not can_act(user, work_order, transition) or not transition_offered(work_order, transition):
            continue
        offered: list[dict[str, Any]] = []
        # The rows to choose from: the statutory grounds of the action, or the coded reasons of a return.
        ground_kind = (
            GroundKind.RETURN if Requirement.RETURN_REASON in transition.requires else transition.ground_kind
        )
        if ground_kind is not None:
            if grounds is None:  # one query, and only when an action needs a ground
                grounds = list(work_order.rule_set.grounds.all())
            offered = [
                {
                    "code": g.code,
                    "label": g.label,
                    "citation": g.citation,
                    "requires_note": g.requires_note,
                    "requires_joint_consent": g.requires_joint_consent,
                }
                for g in grounds
                if g.kind == ground_kind.value
            ]
        result.append(
            {
                "action": action.value,
                "label": ACTION_LABELS[action],
                "requires": sorted(r.value for r in transition.requires),
                "grounds": offered,
            }
        )
    return result


def _clocks(work_order: WorkOrder) -> list[dict[str, Any]]:
    limits = rule_set_by_id(work_order.rule_set_id).time_limits
    return [
        {
            "clock": clock.value,
            "label": clock_label(work_order.rule_set_id, clock.value),
            "is_statutory": limits[clock].is_statutory if clock in limits else True,
            "starts_on": limits[clock].starts_on if clock in limits else "",
            "citation": limits[clock].citation if clock in limits else "",
            "started_on": entry.state.started_on,
            "due_on": entry.due_on,
            "is_provisional": entry.is_provisional,
            "paused": entry.state.is_paused,
            "paused_on": entry.state.paused_on,
            "stopped": entry.state.stopped_on is not None,
            "stopped_on": entry.state.stopped_on,
            "extended": entry.state.is_extended,
        }
        for clock, entry in clocks_load(work_order.clocks).items()
    ]


def _acceptance_clock(work_order: WorkOrder) -> list[dict[str, Any]]:
    return [
        {
            "start_event": r.start_event,
            "start_event_label": r.start_event_label,
            "started_on": r.started_on,
            "due_on": r.due_on,
            "is_provisional": r.is_provisional,
            "is_binding": r.is_binding,
        }
        for r in acceptance_clock_readings(work_order)
    ]


def _repeat_candidates(user: User, work_order: WorkOrder) -> list[dict[str, Any]]:
    return [
        {"id": c.pk, "number": c.number, "received_at": c.received_at, "state": c.state}
        for c in repeat_report_candidates(user=user, work_order=work_order)
    ]


def co_complainants_body(user: User, work_order: WorkOrder) -> list[dict[str, Any]]:
    """The other complainants a joint complaint has now (Order 121 Art. 12), shown like the main complainant: in
    full to those who handle the item, masked to everyone else. `id` is the key a consent or an election names."""
    if not work_order.is_joint_complaint:
        return []
    full = can_see_personal_data(user, work_order)
    return [
        {
            "id": person.pk,
            "position": person.position,
            "name": person.name if full else mask_name(person.name),
            "phone": person.phone if full else mask_phone(person.phone),
            "id_type": person.id_type,
            "id_number": person.id_number if full else mask_id_number(person.id_number),
            "address": person.address if full else mask_address(person.address),
            "is_representative": person.is_representative,
        }
        for person in work_order.co_complainants.current()
    ]


def counterpart_body(user: User, work_order: WorkOrder) -> dict[str, Any] | None:
    """The other half of a mixed filing (Order 121 Art. 9): which item, where it stands and who handles it;
    `is_visible` tells whether the reader may open it (it may lie in another unit's scope)."""
    other = work_order.mixed_counterpart
    if other is None:
        return None
    return {
        "id": other.pk,
        "number": other.number,
        "kind": other.kind,
        "kind_label": KIND_LABELS[Kind(other.kind)],
        "state": other.state,
        "state_label": STATE_LABELS[State(other.state)],
        "handling_unit": unit_ref(other.handling_unit),
        "is_visible": can_view(user, other),
    }


def return_reason_body(
    work_order: WorkOrder, rule_sets: Mapping[int, RuleSet] | None = None
) -> dict[str, Any] | None:
    """The coded reason of the last return to the intake body (Order 121 Art. 41), from the item's rule set.
    A list passes `rule_sets_all()` once for all its rows (each lookup may read the reference-data token)."""
    if not work_order.return_reason_code:
        return None
    rule_set = rule_sets[work_order.rule_set_id] if rule_sets is not None else rule_set_by_id(work_order.rule_set_id)
    reason = rule_set.ground(GroundKind.RETURN, work_order.return_reason_code)
    return {
        "code": work_order.return_reason_code,
        "label": reason.label if reason else work_order.return_reason_code,
        "citation": reason.citation if reason else "",
    }


def online_settlement_body(work_order: WorkOrder, *, masked: bool) -> dict[str, Any] | None:
    """The complaint's online dispute resolution (ODR) with its business before dispatch, if it had one: what the
    business offered, what the consumer said and how it ended — what a unit handling it afterwards needs to know
    before it mediates. The consumer's and the business's words pass through `free_text` like the facts."""
    if work_order.kind != Kind.COMPLAINT:
        return None
    case = odr_case_of_work_order(work_order.pk)
    if case is None:
        return None
    return {
        "business": case.business.name,
        "state": case.state,
        "state_label": case.get_state_display(),
        "is_open": case.state in ODR_OPEN_STATES,
        "offered_at": case.created_at,
        "due_on": case.due_on,
        "is_due_provisional": case.due_is_provisional,
        "outcome": case.outcome,
        "outcome_label": case.get_outcome_display() if case.outcome else "",
        "amount": case.amount,
        "answer": free_text(case.answer, masked=masked),
        "answered_at": case.answered_at,
        "consumer_decided_at": case.consumer_decided_at,
        "consumer_reason": free_text(case.consumer_reason, masked=masked),
        "events": [
            {
                "occurred_at": event.occurred_at,
                "kind": event.kind,
                "label": ODR_EVENT_LABELS.get(event.kind, event.kind),
                "actor": event.actor,
                "note": free_text(event.note, masked=masked),
            }
            for event in case.events.all()
        ],
    }


def free_text(text: str, *, masked: bool) -> str:
    """Free text as the reader may see it: identifiers typed into it (phone, ID, bank card numbers) masked for
    readers who see the contact fields masked; the stored original is never changed."""
    return mask_identifiers(text) if masked else text


def work_order_detail_body(user: User, work_order: WorkOrder) -> dict[str, Any]:
    """Everything the reader may see of one work order (personal data masked where the law says so)."""
    w = work_order
    masked = not can_see_personal_data(user, w)
    return {
        "id": w.pk,
        "number": w.number,
        "version": w.version,
        "kind": w.kind,
        "kind_label": KIND_LABELS[Kind(w.kind)],
        "channel": w.channel,
        "channel_label": CHANNEL_LABELS[Channel(w.channel)],
        "received_at": w.received_at,
        "state": w.state,
        "state_label": STATE_LABELS[State(w.state)],
        "center": unit_ref(w.center),
        "rule_set": {"code": w.rule_set.code, "title": w.rule_set.title},
        **_contact(user, w),
        "is_anonymous": w.is_anonymous,
        "is_identity_verified": w.is_identity_verified,
        "respondent_name": w.respondent_name,
        "respondent_credit_code": w.respondent_credit_code,
        "respondent_address": w.respondent_address,
        "respondent_division_code": w.respondent_division_code,
        "respondent_online_role": w.respondent_online_role,
        "respondent_published_address": w.respondent_published_address,
        "respondent_platform_name": w.respondent_platform_name,
        "respondent_platform_address": w.respondent_platform_address,
        "category": code_name(w.category),
        "issue_type": code_name(w.issue_type),
        "summary": free_text(w.summary, masked=masked),
        "facts": free_text(w.facts, masked=masked),
        "claims": free_text(w.claims, masked=masked),
        "amount_involved": w.amount_involved,
        "routing": w.routing or None,
        "is_routing_overridden": w.is_routing_overridden,
        "handling_unit": unit_ref(w.handling_unit),
        "due_on": w.due_on,
        "due_clock": w.due_clock,
        "due_clock_label": clock_label(w.rule_set_id, w.due_clock),
        "is_due_provisional": w.is_due_provisional,
        "deadline_problem": w.deadline_problem,
        "clocks": _clocks(w),
        "acceptance_clock": _acceptance_clock(w),
        "repeat_candidates": _repeat_candidates(user, w),
        "amount_recovered": w.amount_recovered,
        "outcome": free_text(w.outcome, masked=masked),
        "ground_code": w.ground_code,
        "transfer_destination": w.transfer_destination,
        "merged_into": w.merged_into_id,
        "is_group_complaint": w.is_group_complaint,
        "is_joint_complaint": w.is_joint_complaint,
        "contact_is_representative": w.contact_is_representative,
        "representative_election": free_text(w.representative_election, masked=masked),
        "co_complainants": co_complainants_body(user, w),
        "mixed_counterpart": counterpart_body(user, w),
        "return_reason": return_reason_body(w),
        "online_settlement": online_settlement_body(w, masked=masked),
        "returned_from": unit_ref(w.returned_from),
        "returned_at": w.returned_at,
        "return_suggested_unit": unit_ref(w.return_suggested_unit),
        "consents_to_publish": w.consents_to_publish,
        "is_delegated_mediation": w.is_delegated_mediation,
        "dispatched_at": w.dispatched_at,
        "accepted_at": w.accepted_at,
        "closed_at": w.closed_at,
        "created_at": w.created_at,
        "updated_at": w.updated_at,
        "available_actions": _available_actions(user, w),
    }
