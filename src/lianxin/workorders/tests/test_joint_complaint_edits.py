"""Joint complaints after registration (共同投诉, Order 121 Art. 12): co-complainants join and leave, representatives
are re-elected in writing, and the requests change or are partly dropped — each a step of the table, recorded in the
item's events without personal data, and with the represented complainants' consent where Art. 12 asks for it."""

from __future__ import annotations

from decimal import Decimal

import pytest
import time_machine
from django.db import connection

from lianxin.common.fields import blind_index_for
from lianxin.documents.context import joint_complainant_names
from lianxin.domain.errors import (
    AllClaimsDropped,
    IllegalTransition,
    RequirementMissing,
    TooManyRepresentatives,
)
from lianxin.domain.workflow import Action, Kind, State, plan_transition
from lianxin.workorders.errors import ActionForbidden, InvalidWorkOrder
from lianxin.workorders.facts import transition_offered
from lianxin.workorders.models import CoComplainant, WorkOrder, WorkOrderEvent
from lianxin.workorders.services import (
    CoComplainantAddInput,
    CoComplainantInput,
    CoComplainantRemoveInput,
    JointConsentInput,
    RepresentativesElectInput,
    co_complainant_add,
    co_complainant_remove,
    representatives_elect,
    work_order_register,
)
from lianxin.workorders.tests.factories import at, complaint_input

ELECTION = "三名投诉人签名的书面推选书（证据材料：推选书.jpg）"
WANG = CoComplainantInput(
    name="王五", phone="13800004444", id_type="resident_id", id_number="11010519491231002X"
)


def _register(people, **fields):
    with time_machine.travel(at("2026-05-06 10:05"), tick=False):
        return work_order_register(actor=people["agent"], data=complaint_input(**fields))


@pytest.fixture
def dispatched(people, org, act):
    """A single complaint (张伟) dispatched to 雁塔."""
    order = _register(people)
    return act(order, "agent", Action.DISPATCH, "2026-05-06 11:00", handling_unit_id=org["yanta"].pk)


@pytest.fixture
def joint(people, org, act):
    """张伟 (representative), 李明 (representative) and 赵强, under mediation at 雁塔."""
    order = _register(
        people,
        co_complainants=(
            CoComplainantInput(name="李明", phone="13800002222", is_representative=True),
            CoComplainantInput(name="赵强", phone="029-88881234"),
        ),
        contact_is_representative=True,
        representative_election=ELECTION,
    )
    order = act(order, "agent", Action.DISPATCH, "2026-05-06 11:00", handling_unit_id=org["yanta"].pk)
    order = act(order, "yanta_handler", Action.ACCEPT, "2026-05-07 09:00")
    return act(order, "yanta_handler", Action.START_MEDIATION, "2026-05-07 10:00")


def _key(order: WorkOrder, name: str) -> str:
    return str(order.co_complainants.get(name=name).pk)


def _last_event(order: WorkOrder) -> WorkOrderEvent:
    return WorkOrderEvent.objects.filter(work_order=order).order_by("-sequence").first()


# --- adding a co-complainant ----------------------------------------------------------------------------------


def test_adding_a_co_complainant_makes_a_complaint_joint_and_keeps_the_person_out_of_the_event(
    people, dispatched
):
    order = co_complainant_add(
        actor=people["yanta_handler"],
        work_order_id=dispatched.pk,
        data=CoComplainantAddInput(person=WANG, note="王五持购买凭证来访，申请加入投诉"),
    )
    assert (order.is_joint_complaint, order.state, order.version) == (True, State.DISPATCHED, 3)
    stored = WorkOrder.objects.get(pk=dispatched.pk)
    assert stored.is_joint_complaint
    row = CoComplainant.objects.get(work_order=stored)
    assert (row.position, row.name, row.phone, row.is_representative) == (1, "王五", "13800004444", False)
    with connection.cursor() as cursor:
        cursor.execute("SELECT phone, id_number FROM workorders_cocomplainant WHERE id = %s", [row.pk])
        phone, id_number = cursor.fetchone()
    assert "13800004444" not in phone
    assert "1101051949" not in id_number
    assert CoComplainant.objects.get(phone_index=blind_index_for(CoComplainant, "phone_index", "138 0000 4444"))
    event = _last_event(stored)
    assert (event.action, event.from_state, event.to_state) == ("add_co_complainant", "dispatched", "dispatched")
    assert event.changes["co_complainant_added"] == [None, str(row.pk)]
    assert event.changes["co_complainants"] == [0, 1]
    assert event.changes["is_joint_complaint"] == [False, True]
    assert "王五" not in str(event.changes)
    assert "13800004444" not in str(event.changes)
    assert event.note == "王五持购买凭证来访，申请加入投诉"


def test_a_joint_complaint_names_everyone_and_asks_the_new_complainant_to_consent(people, joint, act):
    order = co_complainant_add(
        actor=people["yanta_handler"], work_order_id=joint.pk, data=CoComplainantAddInput(person=WANG)
    )
    assert [p.position for p in order.co_complainants.current()] == [1, 2, 3]
    assert joint_complainant_names(order) == (["张伟", "李明", "赵强", "王五"], ["张伟", "李明"])
    with pytest.raises(RequirementMissing, match="尚未记录同意：王五"):
        act(
            order,
            "yanta_handler",
            Action.REACH_AGREEMENT,
            note="退款",
            amount_recovered=Decimal(100),
            joint_consent=JointConsentInput(complainant_keys=(_key(order, "赵强"),), record="赵强签字"),
        )


def test_who_may_add_is_the_table_s_roles_in_the_table_s_states(people, org, dispatched, act):
    data = CoComplainantAddInput(person=WANG)
    with pytest.raises(ActionForbidden):  # the center, once the unit has the item
        co_complainant_add(actor=people["agent"], work_order_id=dispatched.pk, data=data)
    with pytest.raises(ActionForbidden):  # another unit
        co_complainant_add(actor=people["beilin_handler"], work_order_id=dispatched.pk, data=data)
    waiting = _register(people)
    assert co_complainant_add(actor=people["agent"], work_order_id=waiting.pk, data=data).is_joint_complaint
    with pytest.raises(ActionForbidden):  # the unit, before it has the item
        co_complainant_add(actor=people["yanta_handler"], work_order_id=waiting.pk, data=data)
    order = act(dispatched, "yanta_handler", Action.ACCEPT)
    order = act(order, "yanta_handler", Action.START_MEDIATION)
    order = act(order, "yanta_handler", Action.REACH_AGREEMENT, note="退款", amount_recovered=Decimal(10))
    with pytest.raises(IllegalTransition):  # decided: the parties are those of the decision
        co_complainant_add(actor=people["yanta_handler"], work_order_id=order.pk, data=data)
    assert CoComplainant.objects.filter(work_order=order).count() == 0


def test_a_co_complainant_gives_their_real_identity(people, dispatched):
    with pytest.raises(InvalidWorkOrder) as invalid:
        co_complainant_add(
            actor=people["yanta_handler"],
            work_order_id=dispatched.pk,
            data=CoComplainantAddInput(person=CoComplainantInput(name="", phone="123", id_number="1")),
        )
    assert invalid.value.fields == {
        "name": ["此项为必填项。"],
        "phone": ["联系电话格式不正确。"],
        "id_type": ["填写证件号码时须选择证件类型。"],
    }
    assert not WorkOrder.objects.get(pk=dispatched.pk).is_joint_complaint


def test_a_report_has_no_co_complainants(people, org):
    from lianxin.workorders.tests.factories import report_input

    with time_machine.travel(at("2026-05-06 10:05"), tick=False):
        report = work_order_register(actor=people["agent"], data=report_input())
    with pytest.raises(IllegalTransition):
        co_complainant_add(
            actor=people["agent"], work_order_id=report.pk, data=CoComplainantAddInput(person=WANG)
        )


# --- removing one ----------------------------------------------------------------------------------------------


def test_removing_needs_a_reason_and_keeps_the_row_for_the_record(people, joint):
    zhao = joint.co_complainants.get(name="赵强")
    with pytest.raises(RequirementMissing) as missing:
        co_complainant_remove(
            actor=people["yanta_handler"],
            work_order_id=joint.pk,
            data=CoComplainantRemoveInput(co_complainant_id=zhao.pk, reason=" "),
        )
    assert "note" in missing.value.fields
    order = co_complainant_remove(
        actor=people["yanta_handler"],
        work_order_id=joint.pk,
        data=CoComplainantRemoveInput(co_complainant_id=zhao.pk, reason="赵强书面撤回本人投诉"),
    )
    zhao.refresh_from_db()
    assert zhao.removed_at is not None
    assert zhao.removed_by == people["yanta_handler"]
    assert order.is_joint_complaint  # 张伟 and 李明 remain
    assert [p.name for p in order.co_complainants.current()] == ["李明"]
    event = _last_event(order)
    assert event.note == "赵强书面撤回本人投诉"
    assert event.changes["co_complainant_removed"] == [None, str(zhao.pk)]
    assert event.changes["co_complainants"] == [2, 1]
    assert "representatives" not in event.changes  # 赵强 was represented, not a representative
    # Both representatives remain and nobody is represented: an agreement needs no consent any more.
    assert joint_complainant_names(order) == (["张伟", "李明"], ["张伟", "李明"])
    with pytest.raises(InvalidWorkOrder):  # once removed, not again
        co_complainant_remove(
            actor=people["yanta_handler"],
            work_order_id=joint.pk,
            data=CoComplainantRemoveInput(co_complainant_id=zhao.pk, reason="重复"),
        )


def test_when_the_last_co_complainant_leaves_the_complaint_is_single_again(people, joint, act):
    for name in ("赵强", "李明"):
        order = co_complainant_remove(
            actor=people["yanta_handler"],
            work_order_id=joint.pk,
            data=CoComplainantRemoveInput(co_complainant_id=int(_key(joint, name)), reason="本人撤回"),
        )
    stored = WorkOrder.objects.get(pk=joint.pk)
    assert (stored.is_joint_complaint, stored.contact_is_representative) == (False, False)
    assert (order.is_joint_complaint, order.contact_is_representative) == (False, False)
    event = _last_event(stored)
    assert event.changes["is_joint_complaint"] == [True, False]
    assert event.changes["representatives"] == [["contact", _key(joint, "李明")], []]
    assert list(stored.co_complainants.current()) == []
    # A single complainant settles without a consent record; removing or electing is no longer offered.
    offered = {
        action
        for action in (Action.ADD_CO_COMPLAINANT, Action.REMOVE_CO_COMPLAINANT, Action.ELECT_REPRESENTATIVES)
        if transition_offered(stored, plan_transition(Kind.COMPLAINT, State.MEDIATING, action))
    }
    assert offered == {Action.ADD_CO_COMPLAINANT}
    agreed = act(stored, "yanta_handler", Action.REACH_AGREEMENT, note="退款", amount_recovered=Decimal(5))
    assert agreed.state == State.AGREED


def test_a_single_complaint_has_nobody_to_remove(people, dispatched):
    with pytest.raises(RequirementMissing, match="只有两名以上投诉人的共同投诉"):
        co_complainant_remove(
            actor=people["yanta_handler"],
            work_order_id=dispatched.pk,
            data=CoComplainantRemoveInput(co_complainant_id=1, reason="误登记"),
        )


# --- re-electing representatives -------------------------------------------------------------------------------


def test_re_electing_representatives_records_keys_not_names(people, joint, act):
    zhao = _key(joint, "赵强")
    order = representatives_elect(
        actor=people["yanta_handler"],
        work_order_id=joint.pk,
        data=RepresentativesElectInput(
            representative_keys=("contact", zhao), election_record="三人重新签署推选书，推选张伟、赵强"
        ),
    )
    stored = WorkOrder.objects.get(pk=joint.pk)
    assert stored.representative_election == "三人重新签署推选书，推选张伟、赵强"
    assert joint_complainant_names(stored) == (["张伟", "李明", "赵强"], ["张伟", "赵强"])
    event = _last_event(order)
    assert event.action == "elect_representatives"
    assert event.changes["representatives"] == [["contact", _key(joint, "李明")], ["contact", zhao]]
    assert event.changes["representative_election_updated"] == [False, True]
    assert "赵强" not in str(event.changes)
    assert "推选书" not in str(event.changes)
    # 李明 is represented now, and must consent to an agreement.
    with pytest.raises(RequirementMissing, match="尚未记录同意：李明"):
        act(
            stored,
            "yanta_handler",
            Action.REACH_AGREEMENT,
            note="退款",
            amount_recovered=Decimal(10),
            joint_consent=JointConsentInput(complainant_keys=(), record="电话确认"),
        )


def test_a_third_representative_is_refused_with_its_own_code(people, joint):
    with pytest.raises(TooManyRepresentatives) as refused:
        representatives_elect(
            actor=people["yanta_handler"],
            work_order_id=joint.pk,
            data=RepresentativesElectInput(
                representative_keys=("contact", _key(joint, "李明"), _key(joint, "赵强")),
                election_record=ELECTION,
            ),
        )
    assert refused.value.code == "too_many_representatives"
    assert "现选了3名：张伟、李明、赵强" in refused.value.message
    assert WorkOrder.objects.get(pk=joint.pk).version == joint.version


def test_the_limit_of_representatives_is_the_items_rule_set(people, joint):
    from lianxin.common import reference_cache
    from lianxin.workorders.models import RuleSet

    RuleSet.objects.filter(pk=joint.rule_set_id).update(max_representatives=1)
    reference_cache.clear()
    with pytest.raises(TooManyRepresentatives, match="最多推选1名代表人"):
        representatives_elect(
            actor=people["yanta_handler"],
            work_order_id=joint.pk,
            data=RepresentativesElectInput(
                representative_keys=("contact", _key(joint, "赵强")), election_record="新推选书"
            ),
        )


def test_an_election_needs_its_written_record_and_people_of_the_complaint(people, joint):
    with pytest.raises(RequirementMissing) as missing:
        representatives_elect(
            actor=people["yanta_handler"],
            work_order_id=joint.pk,
            data=RepresentativesElectInput(representative_keys=("contact",), election_record=""),
        )
    assert missing.value.fields == {"representative_election": ["请填写书面推选的记录。"]}
    with pytest.raises(InvalidWorkOrder) as unknown:
        representatives_elect(
            actor=people["yanta_handler"],
            work_order_id=joint.pk,
            data=RepresentativesElectInput(representative_keys=("999999",), election_record=ELECTION),
        )
    assert "representatives" in unknown.value.fields
    with pytest.raises(InvalidWorkOrder, match="无需重新推选"):
        representatives_elect(
            actor=people["yanta_handler"],
            work_order_id=joint.pk,
            data=RepresentativesElectInput(
                representative_keys=("contact", _key(joint, "李明")), election_record=ELECTION
            ),
        )


def test_electing_nobody_lets_every_complainant_act_for_themselves(people, joint):
    order = representatives_elect(
        actor=people["yanta_handler"],
        work_order_id=joint.pk,
        data=RepresentativesElectInput(representative_keys=(), election_record="", note="代表人辞去"),
    )
    assert joint_complainant_names(order)[1] == []
    assert order.contact_is_representative is False


# --- changing or dropping requests -----------------------------------------------------------------------------


def test_a_single_complainant_changes_the_requests_without_a_consent(people, dispatched, act):
    order = act(
        dispatched,
        "yanta_handler",
        Action.CHANGE_CLAIMS,
        claims="退货退款，不再要求赔偿",
        claims_change="partly_dropped",
        note="投诉人电话告知放弃赔偿请求",
    )
    assert (order.state, order.claims) == (State.DISPATCHED, "退货退款，不再要求赔偿")
    event = _last_event(order)
    assert event.action == "change_claims"
    assert event.changes["claims"] == ["退货退款", "退货退款，不再要求赔偿"]
    assert event.changes["claims_change"] == [None, "partly_dropped"]
    assert "joint_consent" not in event.changes


def test_a_joint_complaint_changes_its_requests_only_with_the_represented_consent(people, joint, act):
    change = {"claims": "退还剩余预付款", "claims_change": "changed", "note": "代表人书面提出变更"}
    with pytest.raises(RequirementMissing) as missing:
        act(joint, "yanta_handler", Action.CHANGE_CLAIMS, **change)
    assert "joint_consent" in missing.value.fields
    with pytest.raises(RequirementMissing, match="以下被代表的投诉人尚未记录同意：赵强"):
        act(
            joint,
            "yanta_handler",
            Action.CHANGE_CLAIMS,
            joint_consent=JointConsentInput(complainant_keys=(), record="电话确认"),
            **change,
        )
    assert WorkOrder.objects.get(pk=joint.pk).claims == "退货退款"
    order = act(
        joint,
        "yanta_handler",
        Action.CHANGE_CLAIMS,
        joint_consent=JointConsentInput(complainant_keys=(_key(joint, "赵强"),), record="赵强签字同意"),
        **change,
    )
    assert (order.state, order.claims) == (State.MEDIATING, "退还剩余预付款")
    assert _last_event(order).changes["joint_consent"] == [
        None,
        {"complainants": [_key(joint, "赵强")], "record": "赵强签字同意"},
    ]


def test_dropping_every_request_points_to_the_withdrawal_ground(people, joint, act):
    with pytest.raises(AllClaimsDropped) as refused:
        act(
            joint,
            "yanta_handler",
            Action.CHANGE_CLAIMS,
            claims="",
            claims_change="all_dropped",
            note="三人均放弃",
        )
    assert refused.value.code == "all_claims_dropped"
    assert "终止调解" in refused.value.message
    assert "投诉人撤回投诉或者双方自行和解" in refused.value.message
    assert "第二十三条第一款第（一）项" in refused.value.message
    assert WorkOrder.objects.get(pk=joint.pk).version == joint.version


def test_a_change_says_how_and_changes_something(people, dispatched, act):
    with pytest.raises(RequirementMissing) as missing:
        act(dispatched, "yanta_handler", Action.CHANGE_CLAIMS, claims="退货退款", note="来电")
    assert set(missing.value.fields) == {"claims", "claims_change"}
    assert missing.value.fields["claims"] == ["变更后的投诉请求与原请求相同。"]


def test_the_center_records_a_change_while_the_item_waits_at_the_intake(people):
    order = _register(people)
    from lianxin.workorders.services import TransitionInput, work_order_transition

    changed = work_order_transition(
        work_order_id=order.pk,
        actor=people["agent"],
        data=TransitionInput(
            Action.CHANGE_CLAIMS, claims="换货", claims_change="changed", note="来电人改为要求换货"
        ),
    )
    assert (changed.state, changed.claims) == (State.REGISTERED, "换货")


def test_the_generic_step_refuses_a_change_of_complainants(people, joint, act):
    with pytest.raises(RequirementMissing, match="共同投诉人功能"):
        act(joint, "yanta_handler", Action.ADD_CO_COMPLAINANT)


# --- the record -----------------------------------------------------------------------------------------------


def test_the_new_events_keep_the_hash_chain_intact(people, joint, act):
    from lianxin.audit.chain import event_chains_verify

    order = co_complainant_add(
        actor=people["yanta_handler"], work_order_id=joint.pk, data=CoComplainantAddInput(person=WANG)
    )
    co_complainant_remove(
        actor=people["yanta_handler"],
        work_order_id=joint.pk,
        data=CoComplainantRemoveInput(co_complainant_id=int(_key(order, "王五")), reason="误登记"),
    )
    representatives_elect(
        actor=people["yanta_handler"],
        work_order_id=joint.pk,
        data=RepresentativesElectInput(representative_keys=("contact",), election_record="重新推选"),
    )
    act(
        WorkOrder.objects.get(pk=joint.pk),
        "yanta_handler",
        Action.CHANGE_CLAIMS,
        claims="退款",
        claims_change="changed",
        note="书面变更",
        joint_consent=JointConsentInput(
            complainant_keys=(_key(joint, "李明"), _key(joint, "赵强")), record="二人签字"
        ),
    )
    report = event_chains_verify()
    assert report.is_intact, report.as_dict()
