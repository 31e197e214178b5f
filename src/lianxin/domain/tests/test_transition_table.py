"""The whole transition table, row by row, against a copy written out by hand from the regulations.

`test_workflow.py` checks which (kind, state, action) are legal and where they lead; this file also pins who
may take each step, what it requires, which ground list it uses and what it does to each clock. The table is
built when the module is imported, where a mutation tool cannot reach it, so the last test mutates every field
of every row itself and checks that the comparison notices.
"""

from __future__ import annotations

import dataclasses
import itertools

import pytest

from lianxin.domain import workflow
from lianxin.domain.rules import ClockName, GroundKind
from lianxin.domain.workflow import Action, ClockEffect, Kind, Requirement, Role, State, Transition

C, R, Q, S = Kind.COMPLAINT, Kind.REPORT, Kind.CONSULTATION, Kind.SUGGESTION
st, ac, rq = State, Action, Requirement
CENTER = frozenset({Role.AGENT, Role.SHIFT_SUPERVISOR, Role.CENTER_MANAGER})
UNIT = frozenset({Role.UNIT_HANDLER, Role.UNIT_LEADER})
LEADER = frozenset({Role.UNIT_LEADER})
ACC, MED, TERM = ClockName.ACCEPT_DECISION, ClockName.MEDIATION, ClockName.TERMINATION_NOTICE
VER, TELL = ClockName.VERIFICATION, ClockName.REPORTER_NOTICE
START, PAUSE, RESUME, STOP, EXTEND = (
    ClockEffect.START,
    ClockEffect.PAUSE,
    ClockEffect.RESUME,
    ClockEffect.STOP,
    ClockEffect.EXTEND,
)
STOP_ALL = ((ACC, STOP), (MED, STOP), (TERM, STOP), (VER, STOP), (TELL, STOP))

# kinds, sources, action → target, roles, requirements, ground list, clock effects (in order)[, pause reason].
ROWS = [
    ((C, R), (st.REGISTERED,), ac.DISPATCH, st.DISPATCHED, CENTER, {rq.HANDLING_UNIT}, None, ()),
    # 退回: a coded reason (Order 121 Art. 41); the note only when the reason's row asks for it.
    ((C, R), (st.DISPATCHED,), ac.RETURN, st.RETURNED, UNIT, {rq.RETURN_REASON}, None, ()),
    ((C, R), (st.RETURNED,), ac.REDISPATCH, st.DISPATCHED, CENTER, {rq.HANDLING_UNIT}, None, ()),
    # 投诉: 身份核验期间不计入受理决定期限 (Order 121 Art. 10).
    (
        (C,),
        (st.DISPATCHED,),
        ac.REQUEST_IDENTITY,
        st.IDENTITY_PENDING,
        UNIT,
        {rq.NOTE},
        None,
        ((ACC, PAUSE),),
    ),
    (
        (C,),
        (st.IDENTITY_PENDING,),
        ac.CONFIRM_IDENTITY,
        st.DISPATCHED,
        UNIT,
        {rq.NOTE},
        None,
        ((ACC, RESUME),),
    ),
    ((C,), (st.DISPATCHED,), ac.ACCEPT, st.ACCEPTED, UNIT, set(), None, ((ACC, STOP), (MED, START))),
    (
        (C,),
        (st.DISPATCHED, st.IDENTITY_PENDING),
        ac.DECLINE,
        st.DECLINED,
        UNIT,
        {rq.GROUND, rq.NOTE},
        GroundKind.DECLINE,
        ((ACC, STOP),),
    ),
    ((C,), (st.ACCEPTED,), ac.START_MEDIATION, st.MEDIATING, UNIT, set(), None, ()),
    # 回避申请期间中止调解 (Order 121 Art. 21).
    (
        (C,),
        (st.ACCEPTED, st.MEDIATING),
        ac.REQUEST_RECUSAL,
        st.MEDIATION_SUSPENDED,
        UNIT,
        {rq.NOTE},
        None,
        ((MED, PAUSE),),
        "recusal_application",
    ),
    (
        (C,),
        (st.MEDIATING,),
        ac.SUSPEND_MEDIATION,
        st.MEDIATION_SUSPENDED,
        UNIT,
        {rq.GROUND, rq.NOTE},
        GroundKind.SUSPEND,
        ((MED, PAUSE),),
    ),
    (
        (C,),
        (st.MEDIATION_SUSPENDED,),
        ac.RESUME_MEDIATION,
        st.MEDIATING,
        UNIT,
        {rq.NOTE},
        None,
        ((MED, RESUME),),
    ),
    (
        (C,),
        (st.MEDIATING,),
        ac.REACH_AGREEMENT,
        st.AGREED,
        UNIT,
        {rq.AMOUNT_RECOVERED, rq.NOTE, rq.JOINT_CONSENT},
        None,
        ((MED, STOP),),
    ),
    (
        (C,),
        (st.MEDIATING, st.MEDIATION_SUSPENDED),
        ac.TERMINATE_MEDIATION,
        st.TERMINATED,
        UNIT,
        {rq.GROUND, rq.NOTE},
        GroundKind.TERMINATE,
        ((MED, STOP), (TERM, START)),
    ),
    # 经营者与消费者在线和解（ODR, Order 121 Art. 6）: closed by the center before dispatch, and only once the
    # consumer accepted the business's answer in the ODR portal; a joint complaint's settlement needs the
    # represented complainants' consent (Art. 12).
    (
        (C,),
        (st.REGISTERED,),
        ac.SETTLE_ONLINE,
        st.CLOSED,
        CENTER,
        {rq.NOTE, rq.ODR_SETTLED, rq.JOINT_CONSENT},
        None,
        STOP_ALL,
    ),
    ((C,), (st.DECLINED, st.AGREED), ac.CLOSE, st.CLOSED, UNIT, set(), None, ()),
    ((C,), (st.TERMINATED,), ac.CLOSE, st.CLOSED, UNIT, {rq.NOTE}, None, ((TERM, STOP),)),
    ((Q, S), (st.REGISTERED,), ac.ANSWER, st.CLOSED, CENTER, {rq.NOTE}, None, ()),
    # 举报: 核查 15 个工作日，经负责人批准可延长 15 个工作日 (处罚程序规定第十八条).
    ((R,), (st.DISPATCHED,), ac.START_VERIFICATION, st.VERIFYING, UNIT, set(), None, ()),
    (
        (R,),
        (st.VERIFYING,),
        ac.EXTEND_VERIFICATION,
        st.VERIFYING,
        UNIT,
        {rq.APPROVER, rq.NOTE, rq.NOT_YET_EXTENDED},
        None,
        ((VER, EXTEND),),
    ),
    (
        (R,),
        (st.VERIFYING,),
        ac.OPEN_CASE,
        st.CASE_OPENED,
        LEADER,
        {rq.NOTE},
        None,
        ((VER, STOP), (TELL, START)),
    ),
    (
        (R,),
        (st.VERIFYING,),
        ac.DECLINE_CASE,
        st.CASE_NOT_OPENED,
        LEADER,
        {rq.NOTE},
        None,
        ((VER, STOP), (TELL, START)),
    ),
    (
        (R,),
        (st.CASE_OPENED, st.CASE_NOT_OPENED),
        ac.INFORM_REPORTER,
        st.REPORTER_INFORMED,
        UNIT,
        {rq.NOTE},
        None,
        ((TELL, STOP),),
    ),
    ((R,), (st.REPORTER_INFORMED,), ac.CLOSE, st.CLOSED, UNIT, set(), None, ()),
    (
        (R,),
        (st.CASE_OPENED, st.CASE_NOT_OPENED),
        ac.CLOSE,
        st.CLOSED,
        UNIT,
        {rq.ANONYMOUS_REPORTER},
        None,
        ((TELL, STOP),),
    ),
    (
        (R,),
        (st.REGISTERED, st.DISPATCHED, st.VERIFYING),
        ac.MERGE,
        st.MERGED,
        CENTER | UNIT,
        {rq.MERGE_TARGET, rq.NOTE},
        None,
        STOP_ALL,
    ),
    # 重复举报不再处理 (Order 121 Art. 35): closed with a link to the report it repeats.
    (
        (R,),
        (st.REGISTERED, st.DISPATCHED, st.VERIFYING),
        ac.DISMISS_REPEAT,
        st.CLOSED,
        CENTER | UNIT,
        {rq.MERGE_TARGET, rq.NOTE},
        None,
        STOP_ALL,
    ),
    # 混合诉求分别处理 (Order 121 Art. 9): the center splits before dispatch or after a return; the item stays put.
    (
        (C, R),
        (st.REGISTERED,),
        ac.SPLIT_MIXED,
        st.REGISTERED,
        CENTER,
        {rq.COUNTERPART, rq.NOT_YET_SPLIT},
        None,
        (),
    ),
    (
        (C, R),
        (st.RETURNED,),
        ac.SPLIT_MIXED,
        st.RETURNED,
        CENTER,
        {rq.COUNTERPART, rq.NOT_YET_SPLIT},
        None,
        (),
    ),
    (
        (C, R, Q, S),
        (st.REGISTERED, st.RETURNED),
        ac.TRANSFER_OUT,
        st.TRANSFERRED,
        CENTER,
        {rq.TRANSFER_DESTINATION, rq.NOTE},
        None,
        STOP_ALL,
    ),
]

# 共同投诉 (Order 121 Art. 12) after registration, and any complaint's change of requests: recorded in place, by the
# center while the item waits at the intake, by the unit until its decision; no clock moves.
AT_CENTER = (st.REGISTERED, st.RETURNED)
AT_UNIT = (st.DISPATCHED, st.IDENTITY_PENDING, st.ACCEPTED, st.MEDIATING, st.MEDIATION_SUSPENDED)
for _action, _requires in (
    (ac.ADD_CO_COMPLAINANT, {rq.JOINT_COMPLAINANTS}),
    (ac.REMOVE_CO_COMPLAINANT, {rq.JOINT_COMPLAINANTS, rq.JOINT_COMPLAINT, rq.NOTE}),
    (ac.ELECT_REPRESENTATIVES, {rq.JOINT_COMPLAINANTS, rq.JOINT_COMPLAINT}),
    # 变更或者放弃投诉请求: the represented complainants consent, as to an agreement.
    (ac.CHANGE_CLAIMS, {rq.CLAIMS, rq.NOTE, rq.JOINT_CONSENT}),
):
    for _states, _roles in ((AT_CENTER, CENTER), (AT_UNIT, UNIT)):
        ROWS.extend(
            ((C,), (state,), _action, state, _roles, _requires, None, ()) for state in _states
        )


def _expected() -> dict[tuple[Kind, State, Action], tuple]:
    table = {}
    for kinds, sources, action, target, roles, requires, ground_kind, clocks, *pause in ROWS:
        for kind, source in itertools.product(kinds, sources):
            assert (kind, source, action) not in table
            table[(kind, source, action)] = (
                target,
                frozenset(roles),
                frozenset(requires),
                ground_kind,
                clocks,
                pause[0] if pause else None,
            )
    return table


def _actual(transitions: tuple[Transition, ...]) -> dict[tuple[Kind, State, Action], tuple]:
    """The table as a dict; a key two rows claim is marked as such (the real index refuses it, `_index`), so
    that a source added to one of the per-state rows of an in-place step is not hidden by its sibling's row."""
    table: dict[tuple[Kind, State, Action], tuple] = {}
    for t in transitions:
        for kind, source in itertools.product(t.kinds, t.sources):
            key = (kind, source, t.action)
            row = (t.target, t.roles, t.requires, t.ground_kind, t.clocks, t.pause_reason)
            table[key] = ("two rows",) if key in table else row
    return table


def test_every_row_is_the_hand_written_one():
    expected, actual = _expected(), _actual(workflow.TRANSITIONS)
    assert set(actual) == set(expected)
    for key, row in expected.items():
        assert actual[key] == row, key


def test_the_lookup_serves_exactly_the_table():
    for (kind, state, action), row in _expected().items():
        step = workflow.plan_transition(kind, state, action)
        assert (
            step.target,
            step.roles,
            step.requires,
            step.ground_kind,
            step.clocks,
            step.pause_reason,
        ) == row
    legal = {
        (k, s, a)
        for k, s, a in itertools.product(Kind, State, Action)
        if a in workflow.available_actions(k, s)
    }
    assert legal == set(_expected())


def _other(value):
    """A different value of the same field: the kind of slip a hand edit of the table makes."""
    if isinstance(value, State):
        return State.CLOSED if value is not State.CLOSED else State.REGISTERED
    if isinstance(value, Action):
        return Action.CLOSE if value is not Action.CLOSE else Action.ANSWER
    if isinstance(value, str) and not isinstance(value, (State, Action)):  # a pause reason
        return None
    if value is None or isinstance(value, GroundKind):
        return GroundKind.SUSPEND if value is not GroundKind.SUSPEND else None
    if isinstance(value, tuple):  # clock effects: drop the last, or add one
        return value[:-1] if value else ((ClockName.MEDIATION, ClockEffect.START),)
    members = next(iter(value)) if value else Requirement.NOTE
    everything = frozenset(type(members))
    extra = sorted(everything - value)
    # drop one member, or add one that is missing
    return value - {sorted(value)[0]} if value and not extra else value | {extra[0]}


@pytest.mark.parametrize("index", range(len(workflow.TRANSITIONS)))
def test_a_change_to_any_field_of_any_row_is_noticed(index):
    expected = _expected()
    row = workflow.TRANSITIONS[index]
    for field in dataclasses.fields(Transition):
        changed = dataclasses.replace(row, **{field.name: _other(getattr(row, field.name))})
        table = list(workflow.TRANSITIONS)
        table[index] = changed
        assert _actual(tuple(table)) != expected, (index, field.name)
    # Swapping two clock effects (the order they are applied in) is noticed too.
    if len(row.clocks) > 1:
        swapped = dataclasses.replace(row, clocks=tuple(reversed(row.clocks)))
        table = list(workflow.TRANSITIONS)
        table[index] = swapped
        assert _actual(tuple(table)) != expected


def test_the_lookup_index_holds_every_kind_state_and_action_of_every_row():
    index = workflow._index()
    assert index == {key: workflow.plan_transition(*key) for key in _expected()}
    assert len(index) == sum(len(t.kinds) * len(t.sources) for t in workflow.TRANSITIONS)


def test_two_rows_for_the_same_kind_state_and_action_are_refused(monkeypatch):
    monkeypatch.setattr(workflow, "TRANSITIONS", (*workflow.TRANSITIONS, workflow.TRANSITIONS[0]))
    with pytest.raises(AssertionError, match=r"^two transitions for \(<Kind\.(COMPLAINT|REPORT)"):
        workflow._index()


def test_rows_are_written_with_plain_sets_and_nothing_required_by_default():
    plain = workflow._t({C}, ac.ACCEPT, {st.DISPATCHED}, st.ACCEPTED, UNIT)
    assert plain == Transition(frozenset({C}), ac.ACCEPT, frozenset({st.DISPATCHED}), st.ACCEPTED, UNIT)
    assert (plain.requires, plain.ground_kind, plain.clocks) == (frozenset(), None, ())
    full = workflow._t(
        {C, R},
        ac.DECLINE,
        {st.DISPATCHED},
        st.DECLINED,
        UNIT,
        {rq.NOTE},
        GroundKind.DECLINE,
        ((ACC, STOP),),
    )
    assert full == Transition(
        frozenset({C, R}),
        ac.DECLINE,
        frozenset({st.DISPATCHED}),
        st.DECLINED,
        UNIT,
        frozenset({rq.NOTE}),
        GroundKind.DECLINE,
        ((ACC, STOP),),
    )
    assert isinstance(full.kinds, frozenset)
    assert isinstance(full.sources, frozenset)
    assert isinstance(full.requires, frozenset)
