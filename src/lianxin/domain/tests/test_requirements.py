"""What a transition requires, as the person taking it sees it: each missing piece is reported under the key
of the form field that supplies it (the transition form / API body: note, ground_code, amount_recovered,
handling_unit, approver, transfer_destination, merge_target; `action` when the action itself is not allowed),
with the Chinese message, and an unknown ground lists the grounds that may be chosen."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from lianxin.domain.errors import RequirementMissing
from lianxin.domain.requirements import TransitionRequest, check_requirements
from lianxin.domain.rules import Ground, GroundKind, RuleSet
from lianxin.domain.workflow import REQUIREMENT_LABELS, Action, Kind, Requirement, State, plan_transition

C, R = Kind.COMPLAINT, Kind.REPORT
RULES = RuleSet(
    code="req",
    title="投诉举报处理办法",
    effective_from=date(2030, 1, 1),
    effective_to=None,
    citation="test",
    grounds=(
        Ground(GroundKind.DECLINE, "outside_duties", "不属于职责", "15(1)"),
        Ground(GroundKind.TERMINATE, "consumer_withdrew", "投诉人撤回", "24(1)"),
        Ground(GroundKind.DECLINE, "no_evidence", "无证据", "15(3)"),
        Ground(GroundKind.SUSPEND, "testing", "检测鉴定", "23"),
        Ground(GroundKind.DECLINE, "court_case", "已起诉", "15(5)"),
    ),
)
# The fields of the transition form (and of the API's transition body) a message may be attached to.
FORM_FIELDS = {
    "action",
    "note",
    "ground_code",
    "amount_recovered",
    "handling_unit",
    "approver",
    "transfer_destination",
    "merge_target",
    "return_reason",
    "joint_consent",
    "counterpart",
}


def _missing(kind: Kind, state: State, action: Action, request: TransitionRequest) -> dict[str, list[str]]:
    with pytest.raises(RequirementMissing) as refused:
        check_requirements(plan_transition(kind, state, action), request, RULES)
    assert refused.value.code == "requirement_missing"
    assert refused.value.message.startswith("办理条件不完整：")
    assert set(refused.value.fields) <= FORM_FIELDS
    for messages in refused.value.fields.values():
        for message in messages:
            assert message in refused.value.message
    return refused.value.fields


@pytest.mark.parametrize(
    ("kind", "state", "action", "field", "requirement"),
    [
        (C, State.REGISTERED, Action.DISPATCH, "handling_unit", Requirement.HANDLING_UNIT),
        (R, State.RETURNED, Action.REDISPATCH, "handling_unit", Requirement.HANDLING_UNIT),
        (C, State.MEDIATING, Action.REACH_AGREEMENT, "amount_recovered", Requirement.AMOUNT_RECOVERED),
        (R, State.VERIFYING, Action.EXTEND_VERIFICATION, "approver", Requirement.APPROVER),
        (C, State.REGISTERED, Action.TRANSFER_OUT, "transfer_destination", Requirement.TRANSFER_DESTINATION),
        (R, State.DISPATCHED, Action.MERGE, "merge_target", Requirement.MERGE_TARGET),
        (R, State.CASE_OPENED, Action.CLOSE, "action", Requirement.ANONYMOUS_REPORTER),
        (C, State.DISPATCHED, Action.DECLINE, "ground_code", Requirement.GROUND),
        (C, State.DISPATCHED, Action.RETURN, "return_reason", Requirement.RETURN_REASON),
        (C, State.REGISTERED, Action.SETTLE_ONLINE, "action", Requirement.ODR_SETTLED),
        (C, State.REGISTERED, Action.SPLIT_MIXED, "counterpart", Requirement.COUNTERPART),
    ],
)
def test_each_missing_piece_is_reported_under_its_form_field(kind, state, action, field, requirement):
    fields = _missing(kind, state, action, TransitionRequest())
    assert fields[field] == [REQUIREMENT_LABELS[requirement]]


def test_every_missing_piece_is_reported_at_once_in_a_stable_order():
    with pytest.raises(RequirementMissing) as refused:
        check_requirements(
            plan_transition(R, State.VERIFYING, Action.EXTEND_VERIFICATION),
            TransitionRequest(is_extended=True),
            RULES,
        )
    assert refused.value.fields == {
        "approver": ["请指定审批的单位负责人。"],
        "action": ["核查期限已经延长过一次，不能再次延长。"],
        "note": ["请填写办理说明。"],
    }
    # Ordered by requirement code (approver, not_yet_extended, note), so the message never reshuffles.
    assert refused.value.message == (
        "办理条件不完整：请指定审批的单位负责人。核查期限已经延长过一次，不能再次延长。请填写办理说明。"
    )


def test_a_verification_not_yet_extended_may_be_extended():
    step = plan_transition(R, State.VERIFYING, Action.EXTEND_VERIFICATION)
    check_requirements(step, TransitionRequest(note="案情复杂", has_approver=True), RULES)


def test_online_settlement_needs_the_consumers_acceptance_in_the_odr_portal_whatever_the_note_says():
    step = plan_transition(C, State.REGISTERED, Action.SETTLE_ONLINE)
    fields = _missing(C, State.REGISTERED, Action.SETTLE_ONLINE, TransitionRequest(note="双方已和解"))
    assert fields == {"action": [REQUIREMENT_LABELS[Requirement.ODR_SETTLED]]}
    check_requirements(step, TransitionRequest(note="双方已和解", is_settled_online=True), RULES)


def test_only_facts_recorded_elsewhere_gate_whether_an_action_is_offered():
    from lianxin.domain.workflow import OFFER_GATES, TRANSITIONS

    gated = {t.action for t in TRANSITIONS if t.requires & OFFER_GATES}
    assert gated == {Action.SETTLE_ONLINE}


def test_an_anonymous_report_may_close_without_informing_the_reporter():
    step = plan_transition(R, State.CASE_OPENED, Action.CLOSE)
    check_requirements(step, TransitionRequest(is_reporter_anonymous=True), RULES)


@pytest.mark.parametrize(
    ("kind", "state", "action", "request_"),
    [
        (C, State.REGISTERED, Action.DISPATCH, TransitionRequest(has_handling_unit=True)),
        (
            C,
            State.REGISTERED,
            Action.TRANSFER_OUT,
            TransitionRequest(note="异地", transfer_destination="广东12315"),
        ),
        (R, State.DISPATCHED, Action.MERGE, TransitionRequest(note="重复举报", has_merge_target=True)),
        (
            C,
            State.MEDIATING,
            Action.REACH_AGREEMENT,
            TransitionRequest(note="退款", amount_recovered=Decimal(0)),
        ),
        (C, State.ACCEPTED, Action.START_MEDIATION, TransitionRequest()),
    ],
)
def test_a_complete_request_passes(kind, state, action, request_):
    check_requirements(plan_transition(kind, state, action), request_, RULES)


@pytest.mark.parametrize(
    "request_",
    [
        TransitionRequest(note="   ", transfer_destination="广东12315"),
        TransitionRequest(note="异地", transfer_destination="  "),
    ],
)
def test_blank_text_counts_as_missing(request_):
    fields = _missing(C, State.REGISTERED, Action.TRANSFER_OUT, request_)
    assert len(fields) == 1


def test_a_negative_amount_is_refused_and_zero_is_accepted():
    fields = _missing(
        C,
        State.MEDIATING,
        Action.REACH_AGREEMENT,
        TransitionRequest(note="和解", amount_recovered=Decimal("-0.01")),
    )
    assert fields == {"amount_recovered": [REQUIREMENT_LABELS[Requirement.AMOUNT_RECOVERED]]}


def test_an_unknown_ground_lists_the_grounds_that_may_be_chosen_for_this_action():
    fields = _missing(
        C,
        State.DISPATCHED,
        Action.DECLINE,
        TransitionRequest(note="不属于职责", ground_code="consumer_withdrew"),
    )
    # consumer_withdrew is a ground for terminating mediation, not for declining: only decline grounds are offered.
    assert fields == {
        "ground_code": [
            "「consumer_withdrew」不是《投诉举报处理办法》规定的情形，可选：outside_duties、no_evidence、court_case。"
        ]
    }


def test_the_ground_of_the_right_kind_passes():
    step = plan_transition(C, State.MEDIATING, Action.TERMINATE_MEDIATION)
    check_requirements(step, TransitionRequest(note="撤回", ground_code="consumer_withdrew"), RULES)
    step = plan_transition(C, State.MEDIATING, Action.SUSPEND_MEDIATION)
    check_requirements(step, TransitionRequest(note="送检", ground_code="testing"), RULES)
