"""Returning an item to the intake body with a coded reason (Order 121 Art. 41), and redispatching it."""

from __future__ import annotations

import pytest
import time_machine

from lianxin.common import reference_cache
from lianxin.domain.errors import RequirementMissing
from lianxin.domain.rules import GroundKind
from lianxin.domain.workflow import Action, State
from lianxin.workorders.errors import InvalidWorkOrder
from lianxin.workorders.models import GroundRule, RuleSet, WorkOrder, WorkOrderEvent
from lianxin.workorders.selectors import return_reason_counts, returned_work_orders, rule_set_by_id
from lianxin.workorders.services import work_order_register
from lianxin.workorders.tests.factories import at, complaint_input


@pytest.fixture
def complaint(people, org, act):
    with time_machine.travel(at("2026-05-06 10:05"), tick=False):
        order = work_order_register(actor=people["agent"], data=complaint_input())
    return act(order, "agent", Action.DISPATCH, "2026-05-06 11:00", handling_unit_id=org["yanta"].pk)


def test_return_reasons_are_rule_data_of_each_rule_set_with_their_article(rules):
    order_121 = RuleSet.objects.get(code="samr-order-121")
    reasons = GroundRule.objects.filter(rule_set=order_121, kind="return")
    assert {r.code for r in reasons} >= {"not_competent", "out_of_province", "address_unclear", "other"}
    assert all(r.citation == "第四十一条" for r in reasons)
    assert GroundRule.objects.get(
        rule_set__code="samr-order-20", kind="return", code="not_competent"
    ).citation == ("第三十七条")
    assert [r.code for r in reasons if r.requires_note] == ["other"]


def test_return_needs_a_reason_of_the_items_rule_set(complaint, act):
    with pytest.raises(RequirementMissing) as missing:
        act(complaint, "yanta_handler", Action.RETURN, note="不归我们管")
    assert missing.value.fields == {"return_reason": ["请选择退回原因。"]}
    with pytest.raises(RequirementMissing) as unknown:
        act(complaint, "yanta_handler", Action.RETURN, return_reason="outside_duties")  # a decline ground
    assert "不是《市场监督管理投诉举报处理办法》的退回原因" in unknown.value.fields["return_reason"][0]
    assert WorkOrder.objects.get(pk=complaint.pk).state == State.DISPATCHED


def test_the_note_is_needed_only_when_the_reason_says_so(complaint, act):
    with pytest.raises(RequirementMissing) as missing:
        act(complaint, "yanta_handler", Action.RETURN, return_reason="other")
    assert missing.value.fields == {"note": ["选择「其他（须说明）」须在说明中写明具体情况。"]}
    order = act(complaint, "yanta_handler", Action.RETURN, return_reason="address_unclear")
    assert order.state == State.RETURNED


def test_an_administrator_can_make_a_reason_demand_a_note(complaint, act):
    GroundRule.objects.filter(
        rule_set__code="samr-order-121", kind="return", code="duplicate_dispatch"
    ).update(requires_note=True)
    reference_cache.clear()
    assert rule_set_by_id(complaint.rule_set_id).ground(GroundKind.RETURN, "duplicate_dispatch").requires_note
    with pytest.raises(RequirementMissing):
        act(complaint, "yanta_handler", Action.RETURN, return_reason="duplicate_dispatch")


def test_the_reason_is_stored_on_the_event_and_on_the_work_order(complaint, org, act):
    order = act(
        complaint,
        "yanta_handler",
        Action.RETURN,
        "2026-05-07 09:00",
        return_reason="not_competent",
        note="实际经营地在碑林区",
        suggested_unit_id=org["beilin"].pk,
    )
    stored = WorkOrder.objects.get(pk=order.pk)
    assert (stored.state, stored.handling_unit_id) == (State.RETURNED, None)
    assert stored.return_reason_code == "not_competent"
    assert stored.returned_from_id == org["yanta"].pk
    assert stored.return_suggested_unit_id == org["beilin"].pk
    assert stored.returned_at == at("2026-05-07 09:00")
    event = WorkOrderEvent.objects.get(work_order=order, action="return")
    assert event.ground_code == "not_competent"
    assert event.changes["return_reason_code"] == ["", "not_competent"]
    assert event.changes["returned_from"] == [None, org["yanta"].pk]
    assert stored.ground_code == ""  # the statutory ground of a decision is a different thing


def test_the_returning_unit_cannot_suggest_itself(complaint, org, act):
    with pytest.raises(InvalidWorkOrder) as refused:
        act(
            complaint,
            "yanta_handler",
            Action.RETURN,
            return_reason="not_competent",
            suggested_unit_id=org["yanta"].pk,
        )
    assert "suggested_unit" in refused.value.fields


def test_redispatch_to_the_unit_that_returned_it_needs_a_reason(complaint, org, act):
    order = act(complaint, "yanta_handler", Action.RETURN, return_reason="not_competent")
    with pytest.raises(RequirementMissing) as missing:
        act(order, "agent", Action.REDISPATCH, handling_unit_id=org["yanta"].pk)
    assert "已将本工单退回" in missing.value.message
    order = act(
        order, "agent", Action.REDISPATCH, handling_unit_id=org["yanta"].pk, note="经核实确属雁塔区管辖"
    )
    assert (order.state, order.handling_unit_id) == (State.DISPATCHED, org["yanta"].pk)
    assert order.return_reason_code == "not_competent"  # the last return stays on record


def test_redispatch_to_the_unit_the_returning_unit_named_needs_no_further_reason(complaint, org, act):
    order = act(
        complaint,
        "yanta_handler",
        Action.RETURN,
        return_reason="not_competent",
        suggested_unit_id=org["beilin"].pk,
    )
    order = act(order, "supervisor", Action.REDISPATCH, handling_unit_id=org["beilin"].pk)
    assert (order.state, order.handling_unit_id) == (State.DISPATCHED, org["beilin"].pk)


def test_the_center_finds_returned_items_with_their_reason_and_counts_them(complaint, people, org, act):
    with time_machine.travel(at("2026-05-06 10:10"), tick=False):
        other = work_order_register(actor=people["agent"], data=complaint_input(summary="第二件"))
    other = act(other, "agent", Action.DISPATCH, handling_unit_id=org["beilin"].pk)
    act(other, "beilin_handler", Action.RETURN, return_reason="address_unclear")
    act(complaint, "yanta_handler", Action.RETURN, return_reason="not_competent")
    rows = list(returned_work_orders(user=people["supervisor"]))
    assert {(w.pk, w.return_reason_code) for w in rows} == {
        (complaint.pk, "not_competent"),
        (other.pk, "address_unclear"),
    }
    assert list(returned_work_orders(user=people["yanta_handler"])) == []  # not the center: nothing
    counts = {
        row.code: row.count
        for row in return_reason_counts(user=people["supervisor"], since=at("2026-05-01 00:00"))
    }
    assert counts == {"not_competent": 1, "address_unclear": 1}
    labels = {
        row.code: row.label
        for row in return_reason_counts(user=people["supervisor"], since=at("2026-05-01 00:00"))
    }
    assert labels["address_unclear"] == "被投诉人（被举报人）地址不详，无法确定管辖"
