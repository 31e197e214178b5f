"""Coded return reasons (Order 121 Art. 41), joint complaints (Art. 12) and the split of mixed filings (Art. 9)
as rules: what the transition needs, decided by the table and by the chosen row."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from lianxin.domain.errors import RequirementMissing, TooManyRepresentatives
from lianxin.domain.joint_complaints import (
    CONTACT_KEY,
    JointComplainant,
    check_representatives,
    consent_missing,
    represented,
)
from lianxin.domain.requirements import TransitionRequest, check_requirements
from lianxin.domain.rules import Ground, GroundKind, RuleSet
from lianxin.domain.workflow import REQUIREMENT_LABELS, Action, Kind, Requirement, State, plan_transition

C, R = Kind.COMPLAINT, Kind.REPORT
RULES = RuleSet(
    code="t",
    title="投诉举报处理办法",
    effective_from=date(2030, 1, 1),
    effective_to=None,
    citation="test",
    grounds=(
        Ground(GroundKind.RETURN, "not_competent", "不属于本单位管辖", "第四十一条"),
        Ground(GroundKind.RETURN, "other", "其他（须说明）", "第四十一条", requires_note=True),
        Ground(GroundKind.DECLINE, "outside_duties", "不属于职责", "16(1)"),
        Ground(GroundKind.TERMINATE, "withdrawn", "撤回或和解", "23(1)", requires_joint_consent=True),
        Ground(GroundKind.TERMINATE, "refused", "拒绝调解", "23(2)"),
    ),
    max_representatives=2,
    joint_complaint_citation="第十二条",
)


def _fields(kind, state, action, request) -> dict[str, list[str]]:
    with pytest.raises(RequirementMissing) as refused:
        check_requirements(plan_transition(kind, state, action), request, RULES)
    return refused.value.fields


def _passes(kind, state, action, request) -> None:
    check_requirements(plan_transition(kind, state, action), request, RULES)


@pytest.mark.parametrize("kind", [C, R])
def test_a_return_needs_a_reason_not_a_note(kind):
    assert _fields(kind, State.DISPATCHED, Action.RETURN, TransitionRequest(note="不归我们")) == {
        "return_reason": [REQUIREMENT_LABELS[Requirement.RETURN_REASON]]
    }
    _passes(kind, State.DISPATCHED, Action.RETURN, TransitionRequest(return_reason="not_competent"))


def test_a_return_reason_must_be_one_of_the_rule_sets_return_rows():
    fields = _fields(C, State.DISPATCHED, Action.RETURN, TransitionRequest(return_reason="outside_duties"))
    assert fields == {
        "return_reason": [
            "「outside_duties」不是《投诉举报处理办法》的退回原因，可选：not_competent、other。"
        ]
    }


def test_a_reason_row_that_requires_a_note_makes_the_note_mandatory():
    fields = _fields(C, State.DISPATCHED, Action.RETURN, TransitionRequest(return_reason="other", note="  "))
    assert fields == {"note": ["选择「其他（须说明）」须在说明中写明具体情况。"]}
    _passes(C, State.DISPATCHED, Action.RETURN, TransitionRequest(return_reason="other", note="已注销"))


AGREEMENT = TransitionRequest(note="退款", amount_recovered=Decimal(100))


def test_an_agreement_on_a_joint_complaint_needs_the_consent():
    joint = TransitionRequest(note="退款", amount_recovered=Decimal(100), is_joint_complaint=True)
    assert _fields(C, State.MEDIATING, Action.REACH_AGREEMENT, joint) == {
        "joint_consent": [REQUIREMENT_LABELS[Requirement.JOINT_CONSENT]]
    }
    _passes(
        C,
        State.MEDIATING,
        Action.REACH_AGREEMENT,
        TransitionRequest(
            note="退款", amount_recovered=Decimal(1), is_joint_complaint=True, has_joint_consent=True
        ),
    )
    _passes(C, State.MEDIATING, Action.REACH_AGREEMENT, AGREEMENT)  # one complainant: nobody to consent


def test_a_termination_ground_row_decides_whether_a_joint_complaint_needs_consent():
    withdrawn = TransitionRequest(note="撤回", ground_code="withdrawn", is_joint_complaint=True)
    assert _fields(C, State.MEDIATING, Action.TERMINATE_MEDIATION, withdrawn) == {
        "joint_consent": [REQUIREMENT_LABELS[Requirement.JOINT_CONSENT]]
    }
    refused = TransitionRequest(note="拒绝", ground_code="refused", is_joint_complaint=True)
    _passes(C, State.MEDIATING, Action.TERMINATE_MEDIATION, refused)
    single = TransitionRequest(note="撤回", ground_code="withdrawn")
    _passes(C, State.MEDIATING, Action.TERMINATE_MEDIATION, single)


def test_a_split_needs_its_counterpart_and_happens_once():
    assert _fields(C, State.REGISTERED, Action.SPLIT_MIXED, TransitionRequest()) == {
        "counterpart": [REQUIREMENT_LABELS[Requirement.COUNTERPART]]
    }
    assert _fields(
        R, State.RETURNED, Action.SPLIT_MIXED, TransitionRequest(has_counterpart=True, is_split=True)
    ) == {"action": [REQUIREMENT_LABELS[Requirement.NOT_YET_SPLIT]]}
    _passes(R, State.RETURNED, Action.SPLIT_MIXED, TransitionRequest(has_counterpart=True))


ZHANG = JointComplainant(CONTACT_KEY, "张伟", True)
LI = JointComplainant("7", "李明", True)
ZHAO = JointComplainant("8", "赵强", False)


def test_two_representatives_are_allowed_a_third_is_refused_with_a_stable_code():
    check_representatives(
        [ZHANG, LI, ZHAO], max_representatives=2, citation="第十二条", election_record="推选书"
    )
    with pytest.raises(TooManyRepresentatives) as refused:
        check_representatives(
            [ZHANG, LI, JointComplainant("8", "赵强", True)],
            max_representatives=2,
            citation="第十二条",
            election_record="推选书",
        )
    assert refused.value.code == "too_many_representatives"
    assert refused.value.message == "共同投诉最多推选2名代表人（第十二条），现选了3名：张伟、李明、赵强。"


def test_representatives_need_a_joint_complaint_and_a_written_election():
    with pytest.raises(RequirementMissing) as alone:
        check_representatives([ZHANG], max_representatives=2, citation="", election_record="推选书")
    assert "representatives" in alone.value.fields
    with pytest.raises(RequirementMissing) as unrecorded:
        check_representatives([ZHANG, ZHAO], max_representatives=2, citation="第十二条", election_record=" ")
    assert unrecorded.value.fields == {"representative_election": ["请填写书面推选的记录。"]}
    check_representatives(
        [ZHAO, JointComplainant("9", "钱七", False)], max_representatives=2, citation="", election_record=""
    )


def test_the_represented_are_those_who_are_not_representatives_and_each_must_consent():
    assert represented([ZHANG, LI, ZHAO]) == (ZHAO,)
    assert consent_missing([ZHANG, LI, ZHAO], {"8"}) == ()
    assert consent_missing([ZHANG, LI, ZHAO], {CONTACT_KEY, "7"}) == (ZHAO,)
    nobody_elected = [JointComplainant(CONTACT_KEY, "张伟", False), ZHAO]
    assert consent_missing(nobody_elected, {"8"}) == (nobody_elected[0],)


# --- changing or dropping requests (变更或者放弃投诉请求, Art. 12) and the joint-complainant steps ------------------


def test_a_change_of_requests_says_how_and_what_they_now_are():
    assert _fields(C, State.MEDIATING, Action.CHANGE_CLAIMS, TransitionRequest(note="来电")) == {
        "claims_change": ["请选择变更方式：变更投诉请求，或者放弃部分投诉请求。"],
        "claims": [REQUIREMENT_LABELS[Requirement.CLAIMS]],
    }
    same = TransitionRequest(note="来电", claims="退款", claims_change="changed", current_claims="退款 ")
    assert _fields(C, State.MEDIATING, Action.CHANGE_CLAIMS, same) == {"claims": ["变更后的投诉请求与原请求相同。"]}
    _passes(
        C,
        State.MEDIATING,
        Action.CHANGE_CLAIMS,
        TransitionRequest(note="来电", claims="换货", claims_change="partly_dropped", current_claims="退款或换货"),
    )


def test_a_joint_complaint_changes_requests_only_with_consent_like_an_agreement():
    change = {"note": "书面", "claims": "换货", "claims_change": "changed", "is_joint_complaint": True}
    assert _fields(C, State.ACCEPTED, Action.CHANGE_CLAIMS, TransitionRequest(**change)) == {
        "joint_consent": [REQUIREMENT_LABELS[Requirement.JOINT_CONSENT]]
    }
    _passes(C, State.ACCEPTED, Action.CHANGE_CLAIMS, TransitionRequest(**change, has_joint_consent=True))


def test_dropping_every_request_names_the_withdrawal_ground_of_the_rule_set():
    from lianxin.domain.errors import AllClaimsDropped

    with pytest.raises(AllClaimsDropped) as refused:
        check_requirements(
            plan_transition(C, State.MEDIATING, Action.CHANGE_CLAIMS),
            TransitionRequest(note="放弃", claims_change="all_dropped"),
            RULES,
        )
    assert refused.value.code == "all_claims_dropped"
    assert "「终止调解」，选择「撤回或和解」（23(1)）" in refused.value.message


def test_the_joint_complainant_steps_come_only_from_their_service_and_some_only_on_a_joint_complaint():
    assert set(_fields(C, State.DISPATCHED, Action.ADD_CO_COMPLAINANT, TransitionRequest())) == {"action"}
    _passes(C, State.DISPATCHED, Action.ADD_CO_COMPLAINANT, TransitionRequest(has_complainant_change=True))
    single = TransitionRequest(has_complainant_change=True)
    assert _fields(C, State.REGISTERED, Action.ELECT_REPRESENTATIVES, single) == {
        "action": [REQUIREMENT_LABELS[Requirement.JOINT_COMPLAINT]]
    }
    assert set(_fields(C, State.MEDIATING, Action.REMOVE_CO_COMPLAINANT, single)) == {"action", "note"}
    _passes(
        C,
        State.MEDIATING,
        Action.REMOVE_CO_COMPLAINANT,
        TransitionRequest(has_complainant_change=True, is_joint_complaint=True, note="本人撤回"),
    )
