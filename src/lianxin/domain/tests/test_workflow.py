"""Every (kind, state, action) triple against an expected table written out by hand from the regulations."""

from __future__ import annotations

import itertools

import pytest

from lianxin.domain.errors import IllegalTransition
from lianxin.domain.rules import ClockName
from lianxin.domain.workflow import (
    ACTION_LABELS,
    STATE_LABELS,
    TERMINAL_STATES,
    TRANSITIONS,
    Action,
    ClockEffect,
    Kind,
    Requirement,
    Role,
    State,
    available_actions,
    plan_transition,
)

C, R, Q, S = Kind.COMPLAINT, Kind.REPORT, Kind.CONSULTATION, Kind.SUGGESTION
st, ac = State, Action

# (kind, state, action) → target state. Anything not listed must be refused.
EXPECTED: dict[tuple[Kind, State, Action], State] = {}


def _allow(kinds: tuple[Kind, ...], states: tuple[State, ...], action: Action, target: State) -> None:
    for kind, state in itertools.product(kinds, states):
        EXPECTED[(kind, state, action)] = target


# complaint and report: intake → unit, and back when the unit is not competent
_allow((C, R), (st.REGISTERED,), ac.DISPATCH, st.DISPATCHED)
_allow((C, R), (st.DISPATCHED,), ac.RETURN, st.RETURNED)
_allow((C, R), (st.RETURNED,), ac.REDISPATCH, st.DISPATCHED)
# complaint
_allow((C,), (st.DISPATCHED,), ac.REQUEST_IDENTITY, st.IDENTITY_PENDING)
_allow((C,), (st.IDENTITY_PENDING,), ac.CONFIRM_IDENTITY, st.DISPATCHED)
_allow((C,), (st.DISPATCHED,), ac.ACCEPT, st.ACCEPTED)
_allow((C,), (st.DISPATCHED, st.IDENTITY_PENDING), ac.DECLINE, st.DECLINED)
_allow((C,), (st.ACCEPTED,), ac.START_MEDIATION, st.MEDIATING)
_allow((C,), (st.MEDIATING,), ac.SUSPEND_MEDIATION, st.MEDIATION_SUSPENDED)
_allow((C,), (st.ACCEPTED, st.MEDIATING), ac.REQUEST_RECUSAL, st.MEDIATION_SUSPENDED)
_allow((C,), (st.MEDIATION_SUSPENDED,), ac.RESUME_MEDIATION, st.MEDIATING)
_allow((C,), (st.MEDIATING,), ac.REACH_AGREEMENT, st.AGREED)
_allow((C,), (st.MEDIATING, st.MEDIATION_SUSPENDED), ac.TERMINATE_MEDIATION, st.TERMINATED)
_allow((C,), (st.DECLINED, st.AGREED, st.TERMINATED), ac.CLOSE, st.CLOSED)
# complaint settled directly with an enrolled business before dispatch (ODR, Order 121 Art. 6)
_allow((C,), (st.REGISTERED,), ac.SETTLE_ONLINE, st.CLOSED)
# consultation and suggestion
_allow((Q, S), (st.REGISTERED,), ac.ANSWER, st.CLOSED)
# report
_allow((R,), (st.DISPATCHED,), ac.START_VERIFICATION, st.VERIFYING)
_allow((R,), (st.VERIFYING,), ac.EXTEND_VERIFICATION, st.VERIFYING)
_allow((R,), (st.VERIFYING,), ac.OPEN_CASE, st.CASE_OPENED)
_allow((R,), (st.VERIFYING,), ac.DECLINE_CASE, st.CASE_NOT_OPENED)
_allow((R,), (st.CASE_OPENED, st.CASE_NOT_OPENED), ac.INFORM_REPORTER, st.REPORTER_INFORMED)
_allow((R,), (st.REPORTER_INFORMED, st.CASE_OPENED, st.CASE_NOT_OPENED), ac.CLOSE, st.CLOSED)
_allow((R,), (st.REGISTERED, st.DISPATCHED, st.VERIFYING), ac.MERGE, st.MERGED)
_allow((R,), (st.REGISTERED, st.DISPATCHED, st.VERIFYING), ac.DISMISS_REPEAT, st.CLOSED)
# any kind: another province's business goes to that province's 12315
_allow((C, R, Q, S), (st.REGISTERED, st.RETURNED), ac.TRANSFER_OUT, st.TRANSFERRED)
# a mixed filing split into a linked complaint and report (Order 121 Art. 9): the item stays where it is
_allow((C, R), (st.REGISTERED,), ac.SPLIT_MIXED, st.REGISTERED)
_allow((C, R), (st.RETURNED,), ac.SPLIT_MIXED, st.RETURNED)
# a complaint's parties and requests change in place (Order 121 Art. 12), before the unit's decision
for _action in (ac.ADD_CO_COMPLAINANT, ac.REMOVE_CO_COMPLAINANT, ac.ELECT_REPRESENTATIVES, ac.CHANGE_CLAIMS):
    for _state in (
        st.REGISTERED,
        st.RETURNED,
        st.DISPATCHED,
        st.IDENTITY_PENDING,
        st.ACCEPTED,
        st.MEDIATING,
        st.MEDIATION_SUSPENDED,
    ):
        _allow((C,), (_state,), _action, _state)

ALL_TRIPLES = list(itertools.product(Kind, State, Action))


@pytest.mark.parametrize(("kind", "state", "action"), ALL_TRIPLES, ids=lambda v: str(v))
def test_every_kind_state_action_is_either_the_expected_transition_or_refused(kind, state, action):
    expected = EXPECTED.get((kind, state, action))
    if expected is None:
        with pytest.raises(IllegalTransition) as refused:
            plan_transition(kind, state, action)
        assert refused.value.code == "illegal_transition"
        # The message names the state and the action in Chinese, for the person at the screen.
        assert STATE_LABELS[state] in refused.value.message
        assert ACTION_LABELS[action] in refused.value.message
    else:
        assert plan_transition(kind, state, action).target is expected


def test_terminal_states_allow_nothing():
    for kind, state in itertools.product(Kind, TERMINAL_STATES):
        assert available_actions(kind, state) == ()


def test_register_is_never_a_transition():
    assert all(t.action is not Action.REGISTER for t in TRANSITIONS)


def test_no_two_transitions_share_a_kind_state_and_action():
    seen = set()
    for transition in TRANSITIONS:
        for kind, source in itertools.product(transition.kinds, transition.sources):
            key = (kind, source, transition.action)
            assert key not in seen
            seen.add(key)


def test_every_non_terminal_state_of_a_kind_can_progress():
    reachable = {(k, s) for (k, s, _a) in EXPECTED} | {(k, t) for (k, _s, _a), t in EXPECTED.items()}
    for kind, state in reachable:
        if state not in TERMINAL_STATES:
            assert available_actions(kind, state), (kind, state)


@pytest.mark.parametrize(
    ("action", "source", "requirement"),
    [
        (ac.DECLINE, st.DISPATCHED, Requirement.GROUND),
        (ac.TERMINATE_MEDIATION, st.MEDIATING, Requirement.GROUND),
        (ac.SUSPEND_MEDIATION, st.MEDIATING, Requirement.GROUND),
        (ac.REACH_AGREEMENT, st.MEDIATING, Requirement.AMOUNT_RECOVERED),
        (ac.DISPATCH, st.REGISTERED, Requirement.HANDLING_UNIT),
        (ac.RETURN, st.DISPATCHED, Requirement.RETURN_REASON),
        (ac.REACH_AGREEMENT, st.MEDIATING, Requirement.JOINT_CONSENT),
        (ac.SPLIT_MIXED, st.RETURNED, Requirement.COUNTERPART),
        (ac.SETTLE_ONLINE, st.REGISTERED, Requirement.JOINT_CONSENT),
        (ac.CHANGE_CLAIMS, st.MEDIATING, Requirement.JOINT_CONSENT),
        (ac.CHANGE_CLAIMS, st.REGISTERED, Requirement.JOINT_CONSENT),
        (ac.REMOVE_CO_COMPLAINANT, st.ACCEPTED, Requirement.JOINT_COMPLAINT),
    ],
)
def test_complaint_transitions_declare_what_they_require(action, source, requirement):
    assert requirement in plan_transition(C, source, action).requires


def test_verification_extension_needs_a_recorded_approval_and_only_once():
    step = plan_transition(R, st.VERIFYING, ac.EXTEND_VERIFICATION)
    assert {Requirement.APPROVER, Requirement.NOT_YET_EXTENDED} <= step.requires
    assert step.clock_effects == {ClockName.VERIFICATION: ClockEffect.EXTEND}


def test_a_real_name_report_cannot_close_before_the_reporter_is_told():
    assert Requirement.ANONYMOUS_REPORTER in plan_transition(R, st.CASE_OPENED, ac.CLOSE).requires
    assert Requirement.ANONYMOUS_REPORTER not in plan_transition(R, st.REPORTER_INFORMED, ac.CLOSE).requires


@pytest.mark.parametrize(
    ("kind", "source", "action", "effects"),
    [
        (
            C,
            st.DISPATCHED,
            ac.ACCEPT,
            {ClockName.ACCEPT_DECISION: ClockEffect.STOP, ClockName.MEDIATION: ClockEffect.START},
        ),
        (C, st.DISPATCHED, ac.REQUEST_IDENTITY, {ClockName.ACCEPT_DECISION: ClockEffect.PAUSE}),
        (C, st.IDENTITY_PENDING, ac.CONFIRM_IDENTITY, {ClockName.ACCEPT_DECISION: ClockEffect.RESUME}),
        (C, st.MEDIATING, ac.SUSPEND_MEDIATION, {ClockName.MEDIATION: ClockEffect.PAUSE}),
        (C, st.MEDIATION_SUSPENDED, ac.RESUME_MEDIATION, {ClockName.MEDIATION: ClockEffect.RESUME}),
        (
            C,
            st.MEDIATING,
            ac.TERMINATE_MEDIATION,
            {ClockName.MEDIATION: ClockEffect.STOP, ClockName.TERMINATION_NOTICE: ClockEffect.START},
        ),
        (
            R,
            st.VERIFYING,
            ac.OPEN_CASE,
            {ClockName.VERIFICATION: ClockEffect.STOP, ClockName.REPORTER_NOTICE: ClockEffect.START},
        ),
        (R, st.CASE_OPENED, ac.INFORM_REPORTER, {ClockName.REPORTER_NOTICE: ClockEffect.STOP}),
        (C, st.DISPATCHED, ac.RETURN, {}),
    ],
)
def test_clock_effects(kind, source, action, effects):
    assert plan_transition(kind, source, action).clock_effects == effects


def test_transfer_and_merge_stop_every_clock():
    for step in (
        plan_transition(C, st.REGISTERED, ac.TRANSFER_OUT),
        plan_transition(R, st.VERIFYING, ac.MERGE),
    ):
        assert set(step.clock_effects.values()) == {ClockEffect.STOP}
        assert set(step.clock_effects) == set(ClockName)


def test_roles_split_between_center_and_units():
    assert Role.AGENT in plan_transition(C, st.REGISTERED, ac.DISPATCH).roles
    assert Role.UNIT_HANDLER not in plan_transition(C, st.REGISTERED, ac.DISPATCH).roles
    assert Role.UNIT_HANDLER in plan_transition(C, st.DISPATCHED, ac.ACCEPT).roles
    assert Role.AGENT not in plan_transition(C, st.DISPATCHED, ac.ACCEPT).roles
    # Opening a case is the decision of the unit's responsible person (处罚程序规定第十八条：经负责人批准).
    assert plan_transition(R, st.VERIFYING, ac.OPEN_CASE).roles == {Role.UNIT_LEADER}
    for step in TRANSITIONS:
        assert Role.ANALYST not in step.roles
        assert Role.ADMINISTRATOR not in step.roles
