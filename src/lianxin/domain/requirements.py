"""Checking what a transition requires before it is taken (a ground, a note, an amount, an approver…)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from .claims import ClaimsChange, refuse_all_dropped
from .errors import RequirementMissing
from .rules import CLOCK_LABELS, Ground, GroundKind, RuleSet
from .workflow import REQUIREMENT_LABELS, ClockEffect, Requirement, Transition


@dataclass(frozen=True, slots=True)
class TransitionRequest:
    """What the person taking the action supplied, and the facts of the work order that guards read."""

    note: str = ""
    ground_code: str = ""
    amount_recovered: Decimal | None = None
    has_handling_unit: bool = False
    has_approver: bool = False
    transfer_destination: str = ""
    has_merge_target: bool = False
    is_reporter_anonymous: bool = False
    is_extended: bool = False
    is_settled_online: bool = False  # an ODR case of the work order whose consumer accepted the business's answer
    return_reason: str = ""  # the code of a `GroundKind.RETURN` row of the item's rule set
    is_joint_complaint: bool = False
    # Every represented complainant of a joint complaint is recorded as consenting, with how (Art. 12).
    has_joint_consent: bool = False
    has_counterpart: bool = False  # the other half of a mixed filing is described (Art. 9)
    is_split: bool = False  # the item already has its linked counterpart
    has_complainant_change: bool = False  # who joins, leaves or represents, from the joint-complainant service
    claims: str = ""  # the requests as changed (变更后的投诉请求)
    claims_change: str = ""  # a `ClaimsChange`: changed, or part of the requests dropped
    current_claims: str = ""  # the requests before the change


def check_requirements(transition: Transition, request: TransitionRequest, rule_set: RuleSet) -> None:
    """Raise `RequirementMissing` with one message per missing field; return quietly when all is there."""
    fields: dict[str, list[str]] = {}

    def missing(field_name: str, requirement: Requirement) -> None:
        fields.setdefault(field_name, []).append(REQUIREMENT_LABELS[requirement])

    for requirement in sorted(transition.requires):
        if requirement is Requirement.NOTE and not request.note.strip():
            missing("note", requirement)
        elif requirement is Requirement.HANDLING_UNIT and not request.has_handling_unit:
            missing("handling_unit", requirement)
        elif requirement is Requirement.AMOUNT_RECOVERED and (
            request.amount_recovered is None or request.amount_recovered < 0
        ):
            missing("amount_recovered", requirement)
        elif requirement is Requirement.APPROVER and not request.has_approver:
            missing("approver", requirement)
        elif requirement is Requirement.TRANSFER_DESTINATION and not request.transfer_destination.strip():
            missing("transfer_destination", requirement)
        elif requirement is Requirement.MERGE_TARGET and not request.has_merge_target:
            missing("merge_target", requirement)
        elif (
            (requirement is Requirement.ANONYMOUS_REPORTER and not request.is_reporter_anonymous)
            or (requirement is Requirement.NOT_YET_EXTENDED and request.is_extended)
            or (requirement is Requirement.ODR_SETTLED and not request.is_settled_online)
            or (requirement is Requirement.NOT_YET_SPLIT and request.is_split)
        ):
            missing("action", requirement)
        elif requirement is Requirement.GROUND:
            _check_ground(transition, request, rule_set, fields)
        elif requirement is Requirement.RETURN_REASON:
            _check_return_reason(request, rule_set, fields)
        elif requirement is Requirement.JOINT_CONSENT and (
            request.is_joint_complaint and not request.has_joint_consent
        ):
            missing("joint_consent", requirement)
        elif requirement is Requirement.COUNTERPART and not request.has_counterpart:
            missing("counterpart", requirement)
        elif (requirement is Requirement.JOINT_COMPLAINANTS and not request.has_complainant_change) or (
            requirement is Requirement.JOINT_COMPLAINT and not request.is_joint_complaint
        ):
            missing("action", requirement)
        elif requirement is Requirement.CLAIMS:
            _check_claims(request, rule_set, fields)
    _check_pause(transition, request, rule_set, fields)
    if fields:
        raise RequirementMissing(
            "办理条件不完整：" + "".join(m for ms in fields.values() for m in ms), fields=fields
        )


def _check_claims(request: TransitionRequest, rule_set: RuleSet, fields: dict[str, list[str]]) -> None:
    """A change of requests states how they change and what they now are (Order 121 Art. 12); dropping them all
    is a withdrawal and is refused at once (`AllClaimsDropped`), naming the step that ends one."""
    if request.claims_change == ClaimsChange.ALL_DROPPED:
        raise refuse_all_dropped(rule_set)
    if request.claims_change not in (ClaimsChange.CHANGED, ClaimsChange.PARTLY_DROPPED):
        fields.setdefault("claims_change", []).append("请选择变更方式：变更投诉请求，或者放弃部分投诉请求。")
    if not request.claims.strip():
        fields.setdefault("claims", []).append(REQUIREMENT_LABELS[Requirement.CLAIMS])
    elif request.claims.strip() == request.current_claims.strip():
        fields.setdefault("claims", []).append("变更后的投诉请求与原请求相同。")


def _check_ground(
    transition: Transition, request: TransitionRequest, rule_set: RuleSet, fields: dict[str, list[str]]
) -> None:
    if not request.ground_code:
        fields.setdefault("ground_code", []).append(REQUIREMENT_LABELS[Requirement.GROUND])
        return
    assert transition.ground_kind is not None  # noqa: S101 - the table pairs GROUND with a kind
    ground = rule_set.ground(transition.ground_kind, request.ground_code)
    if ground is None:
        allowed = "、".join(g.code for g in rule_set.grounds_of(transition.ground_kind))
        fields.setdefault("ground_code", []).append(
            f"「{request.ground_code}」不是《{rule_set.title}》规定的情形，可选：{allowed}。"
        )
        return
    _check_ground_row(ground, request, fields)


def _check_return_reason(request: TransitionRequest, rule_set: RuleSet, fields: dict[str, list[str]]) -> None:
    """A return names one of the coded reasons of the item's rule set (Order 121 Art. 41)."""
    if not request.return_reason:
        fields.setdefault("return_reason", []).append(REQUIREMENT_LABELS[Requirement.RETURN_REASON])
        return
    reason = rule_set.ground(GroundKind.RETURN, request.return_reason)
    if reason is None:
        allowed = "、".join(g.code for g in rule_set.grounds_of(GroundKind.RETURN))
        fields.setdefault("return_reason", []).append(
            f"「{request.return_reason}」不是《{rule_set.title}》的退回原因，可选：{allowed}。"
        )
        return
    _check_ground_row(reason, request, fields)


def _check_ground_row(ground: Ground, request: TransitionRequest, fields: dict[str, list[str]]) -> None:
    """What the chosen row itself asks for: an explanation ("其他（须说明）"), or — withdrawing or settling a joint
    complaint — the represented complainants' consent (Order 121 Art. 12)."""
    if ground.requires_note and not request.note.strip():
        message = f"选择「{ground.label}」须在说明中写明具体情况。"
        if message not in fields.get("note", []):
            fields.setdefault("note", []).append(message)
    if ground.requires_joint_consent and request.is_joint_complaint and not request.has_joint_consent:
        message = REQUIREMENT_LABELS[Requirement.JOINT_CONSENT]
        if message not in fields.get("joint_consent", []):
            fields.setdefault("joint_consent", []).append(message)


def _check_pause(
    transition: Transition, request: TransitionRequest, rule_set: RuleSet, fields: dict[str, list[str]]
) -> None:
    """A pause must be one the rule set provides for: its reason listed in the time limit's `paused_by`
    (e.g. a recusal application suspends mediation under Order 121 Art. 21, not under Order 20)."""
    reason = transition.pause_reason or (
        request.ground_code if transition.ground_kind is GroundKind.SUSPEND else ""
    )
    if not reason:
        return
    for clock, effect in transition.clocks:
        limit = rule_set.time_limits.get(clock)
        if effect is ClockEffect.PAUSE and limit is not None and reason not in limit.paused_by:
            fields.setdefault("ground_code" if not transition.pause_reason else "action", []).append(
                f"《{rule_set.title}》没有规定该情形不计入{CLOCK_LABELS[clock]}。"
            )
