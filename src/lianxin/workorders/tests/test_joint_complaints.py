"""Joint complaints (共同投诉, Order 121 Art. 12): co-complainants, up to two representatives elected in writing,
and the represented complainants' consent to a settlement or withdrawal."""

from __future__ import annotations

from decimal import Decimal

import pytest
import time_machine

from lianxin.common.fields import blind_index_for
from lianxin.domain.errors import RequirementMissing, TooManyRepresentatives
from lianxin.domain.workflow import Action, State
from lianxin.workorders.errors import InvalidWorkOrder
from lianxin.workorders.models import CoComplainant, WorkOrder, WorkOrderEvent
from lianxin.workorders.services import CoComplainantInput, JointConsentInput, work_order_register
from lianxin.workorders.tests.factories import at, complaint_input, report_input

LI = CoComplainantInput(
    name="李明", phone="13800002222", id_type="resident_id", id_number="11010519491231002X"
)
ZHAO = CoComplainantInput(name="赵强", phone="029-88881234", address="西安市碑林区南大街2号")
ELECTION = "三名投诉人签名的书面推选书（证据材料：推选书.jpg）"


def _register(people, **fields):
    with time_machine.travel(at("2026-05-06 10:05"), tick=False):
        return work_order_register(actor=people["agent"], data=complaint_input(**fields))


def test_a_joint_complaint_keeps_its_co_complainants_encrypted_and_findable(people):
    order = _register(
        people,
        co_complainants=(LI, ZHAO),
        contact_is_representative=True,
        representative_election=ELECTION,
    )
    assert order.is_joint_complaint
    rows = list(CoComplainant.objects.filter(work_order=order))
    assert [(r.position, r.name, r.phone) for r in rows] == [
        (1, "李明", "13800002222"),
        (2, "赵强", "029-88881234"),
    ]
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT phone, id_number FROM workorders_cocomplainant WHERE name = %s", ["李明"])
        phone, id_number = cursor.fetchone()
    assert "13800002222" not in phone
    assert "1101051949" not in id_number
    assert CoComplainant.objects.get(
        phone_index=blind_index_for(CoComplainant, "phone_index", "138 0000 2222")
    ).name == ("李明")
    event = WorkOrderEvent.objects.get(work_order=order)
    assert (event.changes["co_complainants"], event.changes["representatives"]) == ([None, 2], [None, 1])
    assert "李明" not in str(event.changes)  # names stay in their protected rows


def test_a_third_representative_is_refused_with_its_own_code(people):
    with pytest.raises(TooManyRepresentatives) as refused:
        _register(
            people,
            co_complainants=(
                CoComplainantInput(name="李明", phone="13800002222", is_representative=True),
                CoComplainantInput(name="赵强", phone="13800003333", is_representative=True),
            ),
            contact_is_representative=True,
            representative_election=ELECTION,
        )
    assert refused.value.code == "too_many_representatives"
    assert refused.value.message == (
        "共同投诉最多推选2名代表人（《市场监督管理投诉举报处理办法》第十二条），现选了3名：张伟、李明、赵强。"
    )
    assert refused.value.fields["representatives"] == ["代表人不能超过2名。"]
    assert WorkOrder.objects.count() == 0


def test_the_limit_is_rule_data(people):
    from lianxin.common import reference_cache
    from lianxin.workorders.models import RuleSet

    RuleSet.objects.filter(code="samr-order-121").update(max_representatives=1)
    reference_cache.clear()
    with pytest.raises(TooManyRepresentatives, match="最多推选1名代表人"):
        _register(
            people,
            co_complainants=(CoComplainantInput(name="李明", phone="13800002222", is_representative=True),),
            contact_is_representative=True,
            representative_election=ELECTION,
        )


def test_representatives_need_the_record_of_their_written_election(people):
    with pytest.raises(InvalidWorkOrder) as invalid:
        _register(people, co_complainants=(LI,), contact_is_representative=True)
    assert invalid.value.fields == {"representative_election": ["请填写书面推选的记录。"]}


def test_a_single_complainant_has_no_representative(people):
    with pytest.raises(InvalidWorkOrder) as invalid:
        _register(people, contact_is_representative=True, representative_election=ELECTION)
    assert "representatives" in invalid.value.fields


def test_co_complainants_give_their_real_identity(people):
    with pytest.raises(InvalidWorkOrder) as invalid:
        _register(people, co_complainants=(CoComplainantInput(name="", phone="123"),))
    assert invalid.value.fields == {
        "co_complainants.0.name": ["此项为必填项。"],
        "co_complainants.0.phone": ["联系电话格式不正确。"],
    }


def test_only_complaints_have_co_complainants(people):
    with pytest.raises(InvalidWorkOrder) as invalid, time_machine.travel(at("2026-05-06 10:05"), tick=False):
        work_order_register(actor=people["agent"], data=report_input(co_complainants=(LI,)))
    assert "co_complainants" in invalid.value.fields


@pytest.fixture
def mediating(people, org, act):
    order = _register(
        people,
        co_complainants=(
            CoComplainantInput(name="李明", phone="13800002222", is_representative=True),
            ZHAO,
        ),
        contact_is_representative=True,
        representative_election=ELECTION,
    )
    order = act(order, "agent", Action.DISPATCH, "2026-05-06 11:00", handling_unit_id=org["yanta"].pk)
    order = act(order, "yanta_handler", Action.ACCEPT, "2026-05-07 09:00")
    return act(order, "yanta_handler", Action.START_MEDIATION, "2026-05-07 10:00")


def _keys(order, *names):
    keys = {p.name: str(p.pk) for p in order.co_complainants.all()}
    return tuple(keys[n] for n in names)


def test_an_agreement_needs_the_represented_complainants_consent(mediating, act):
    with pytest.raises(RequirementMissing) as missing:
        act(mediating, "yanta_handler", Action.REACH_AGREEMENT, note="退款", amount_recovered=Decimal(1280))
    assert "joint_consent" in missing.value.fields
    assert WorkOrder.objects.get(pk=mediating.pk).state == State.MEDIATING
    # 张伟 and 李明 are the representatives: 赵强 is the one represented, and must consent.
    with pytest.raises(RequirementMissing, match="以下被代表的投诉人尚未记录同意：赵强"):
        act(
            mediating,
            "yanta_handler",
            Action.REACH_AGREEMENT,
            note="退款",
            amount_recovered=Decimal(1280),
            joint_consent=JointConsentInput(complainant_keys=(), record="电话确认"),
        )
    order = act(
        mediating,
        "yanta_handler",
        Action.REACH_AGREEMENT,
        note="退款",
        amount_recovered=Decimal(1280),
        joint_consent=JointConsentInput(
            complainant_keys=_keys(mediating, "赵强"), record="赵强书面同意（同意书）"
        ),
    )
    assert order.state == State.AGREED
    event = WorkOrderEvent.objects.get(work_order=order, action="reach_agreement")
    assert event.changes["joint_consent"] == [
        None,
        {"complainants": list(_keys(mediating, "赵强")), "record": "赵强书面同意（同意书）"},
    ]


def test_withdrawal_needs_consent_other_terminations_do_not(mediating, act):
    with pytest.raises(RequirementMissing) as missing:
        act(
            mediating,
            "yanta_handler",
            Action.TERMINATE_MEDIATION,
            ground_code="withdrawn_or_settled",
            note="代表人撤回投诉",
        )
    assert "joint_consent" in missing.value.fields
    order = act(
        mediating,
        "yanta_handler",
        Action.TERMINATE_MEDIATION,
        ground_code="party_absent_or_refuses",
        note="被投诉人拒绝调解",
    )
    assert order.state == State.TERMINATED


def test_without_representatives_every_complainant_consents(people, org, act):
    order = _register(people, co_complainants=(LI,))
    order = act(order, "agent", Action.DISPATCH, handling_unit_id=org["yanta"].pk)
    order = act(order, "yanta_handler", Action.ACCEPT)
    order = act(order, "yanta_handler", Action.START_MEDIATION)
    with pytest.raises(RequirementMissing, match="张伟、李明"):
        act(
            order,
            "yanta_handler",
            Action.REACH_AGREEMENT,
            note="退款",
            amount_recovered=Decimal(10),
            joint_consent=JointConsentInput(complainant_keys=("unknown",), record="电话确认"),
        )
    order = act(
        order,
        "yanta_handler",
        Action.REACH_AGREEMENT,
        note="退款",
        amount_recovered=Decimal(10),
        joint_consent=JointConsentInput(
            complainant_keys=("contact", *_keys(order, "李明")), record="两人均签字"
        ),
    )
    assert order.state == State.AGREED


def test_a_single_complainant_agrees_without_a_consent_record(people, org, act):
    order = _register(people)
    order = act(order, "agent", Action.DISPATCH, handling_unit_id=org["yanta"].pk)
    order = act(order, "yanta_handler", Action.ACCEPT)
    order = act(order, "yanta_handler", Action.START_MEDIATION)
    order = act(order, "yanta_handler", Action.REACH_AGREEMENT, note="退款", amount_recovered=Decimal(10))
    assert order.state == State.AGREED


def test_the_new_events_keep_the_hash_chain_intact(mediating, act, people, org):
    """The consent record (a nested object), a return with its reason and a split all verify (./lianxin audit)."""
    from lianxin.audit.chain import event_chains_verify
    from lianxin.workorders.services import SplitInput, work_order_split

    act(
        mediating,
        "yanta_handler",
        Action.REACH_AGREEMENT,
        note="退款",
        amount_recovered=Decimal(10),
        joint_consent=JointConsentInput(complainant_keys=_keys(mediating, "赵强"), record="书面同意"),
    )
    other = _register(people)
    other = act(other, "agent", Action.DISPATCH, handling_unit_id=org["yanta"].pk)
    other = act(
        other,
        "yanta_handler",
        Action.RETURN,
        return_reason="not_competent",
        suggested_unit_id=org["beilin"].pk,
    )
    work_order_split(actor=people["agent"], work_order_id=other.pk, data=SplitInput(facts="另有违法行为"))
    report = event_chains_verify()
    assert report.is_intact, report.as_dict()
    assert report.work_orders == 3
