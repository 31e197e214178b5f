"""The transition service: clocks, requirements, permissions, events — on a real database."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
import time_machine

from lianxin.domain.errors import IllegalTransition, RequirementMissing
from lianxin.domain.workflow import Action, Kind, State
from lianxin.workorders.errors import ActionForbidden, InvalidWorkOrder, StaleWorkOrder
from lianxin.workorders.models import WorkOrder, WorkOrderEvent
from lianxin.workorders.services import (
    TransitionInput,
    approval_decide,
    approval_request,
    work_order_register,
    work_order_transition,
)
from lianxin.workorders.tests.factories import at, complaint_input, report_input


def register(people, data, when="2026-05-06 10:05"):
    with time_machine.travel(at(when), tick=False):
        return work_order_register(actor=people["agent"], data=data)


@pytest.fixture
def complaint(people, org, act):
    order = register(people, complaint_input())
    return act(order, "agent", Action.DISPATCH, "2026-05-06 11:00", handling_unit_id=org["yanta"].pk)


@pytest.fixture
def report(people, org, act):
    order = register(people, report_input())
    return act(order, "agent", Action.DISPATCH, "2026-05-06 11:00", handling_unit_id=org["beilin"].pk)


def test_report_verified_extended_with_approval_case_opened_reporter_told_and_closed(report, people, act):
    # Received Wed 2026-05-06: 15 working days (make-up Sat 05-09 counts) → Tue 2026-05-26.
    assert report.due_on == date(2026, 5, 26)
    assert report.due_clock == "verification"
    order = act(report, "beilin_handler", Action.START_VERIFICATION, "2026-05-07 09:00")
    with pytest.raises(RequirementMissing) as missing:  # not by a transition: by an approval request
        act(order, "beilin_handler", Action.EXTEND_VERIFICATION, "2026-05-20 09:00", note="需调取监控")
    assert "action" in missing.value.fields
    with time_machine.travel(at("2026-05-20 09:00"), tick=False):
        approval = approval_request(
            actor=people["beilin_handler"],
            work_order_id=order.pk,
            action=Action.EXTEND_VERIFICATION,
            note="需调取监控",
        )
    with time_machine.travel(at("2026-05-20 10:00"), tick=False):
        approval_decide(actor=people["xian_leader"], approval_id=approval.pk, approve=True)
    order = WorkOrder.objects.get(pk=order.pk)
    assert order.due_on == date(2026, 6, 16)  # +15 working days (Dragon Boat Festival 2026-06-19 is later)
    with (
        pytest.raises(RequirementMissing),
        time_machine.travel(at("2026-05-21 09:00"), tick=False),
    ):  # only once
        approval_request(
            actor=people["beilin_handler"],
            work_order_id=order.pk,
            action=Action.EXTEND_VERIFICATION,
            note="再延",
        )
    with pytest.raises(ActionForbidden):  # opening a case is the leader's decision
        act(order, "beilin_handler", Action.OPEN_CASE, note="立案")
    order = act(
        order, "xian_leader", Action.OPEN_CASE, "2026-06-01 10:00", note="经核查涉嫌销售过期食品，立案调查"
    )
    assert (order.state, order.due_clock, order.due_on) == (
        State.CASE_OPENED,
        "reporter_notice",
        date(2026, 6, 8),
    )
    with pytest.raises(RequirementMissing):  # a real-name reporter must be told first
        act(order, "beilin_handler", Action.CLOSE)
    order = act(
        order, "beilin_handler", Action.INFORM_REPORTER, "2026-06-02 10:00", note="电话告知举报人已立案"
    )
    order = act(order, "beilin_handler", Action.CLOSE, "2026-06-02 10:05")
    assert order.state == State.CLOSED
    assert order.due_on is None
    assert order.closed_at is not None
    history = list(order.events.values_list("action", "approver__username"))
    assert history[3] == ("extend_verification", "xian_leader")
    assert [a for a, _ in history] == [
        "register",
        "dispatch",
        "start_verification",
        "extend_verification",
        "open_case",
        "inform_reporter",
        "close",
    ]


def test_an_anonymous_report_closes_without_telling_anyone(people, org, act):
    order = register(people, report_input(is_anonymous=True, contact_name="", contact_phone=""))
    order = act(order, "agent", Action.DISPATCH, handling_unit_id=org["beilin"].pk)
    order = act(order, "beilin_handler", Action.START_VERIFICATION)
    order = act(order, "xian_leader", Action.DECLINE_CASE, note="未发现违法行为")
    assert act(order, "beilin_handler", Action.CLOSE).state == State.CLOSED


def test_decline_needs_a_ground_of_the_rule_set_in_force(complaint, act):
    with pytest.raises(RequirementMissing) as missing:
        act(complaint, "yanta_handler", Action.DECLINE, note="不属于本局")
    assert "ground_code" in missing.value.fields
    with pytest.raises(RequirementMissing):
        act(complaint, "yanta_handler", Action.DECLINE, note="x", ground_code="no_such_ground")
    # Order 121 added refusal of identity verification as a ground (Art. 16(6)).
    order = act(
        complaint,
        "yanta_handler",
        Action.DECLINE,
        "2026-05-08 09:00",
        note="拒不配合身份核验",
        ground_code="identity_refused",
    )
    assert (order.state, order.ground_code, order.due_on) == (State.DECLINED, "identity_refused", None)
    event = order.events.order_by("-sequence").first()
    assert event.ground_code == "identity_refused"
    assert event.changes["state"] == ["dispatched", "declined"]


def test_order_20_items_are_judged_by_order_20_grounds_and_limits(people, org, act):
    order = register(people, complaint_input(received_at=at("2026-04-14 16:00")), when="2026-04-14 16:30")
    assert order.rule_set.code == "samr-order-20"
    order = act(order, "agent", Action.DISPATCH, "2026-04-15 09:00", handling_unit_id=org["yanta"].pk)
    with pytest.raises(RequirementMissing):
        act(order, "yanta_handler", Action.DECLINE, note="x", ground_code="identity_refused")
    order = act(order, "yanta_handler", Action.ACCEPT, "2026-04-20 09:00")
    # Order 20: 45 working days from acceptance (Mon 2026-04-20), counted by hand: 04-21..04-30 give 8; Labour
    # Day 05-01..05-05 off; 05-06..05-08 and the make-up Sat 05-09 give 12; five full weeks 05-11..06-12 give 37;
    # 06-15..06-18 give 41; Dragon Boat Fri 06-19 off; 06-22..06-25 give 45 → Thu 2026-06-25.
    assert order.due_on == date(2026, 6, 25)


def test_identity_verification_pauses_the_decision_clock(complaint, act):
    assert complaint.due_on == date(2026, 5, 14)
    order = act(
        complaint,
        "yanta_handler",
        Action.REQUEST_IDENTITY,
        "2026-05-07 09:00",
        note="限5个工作日内提供身份证明",
    )
    assert order.state == State.IDENTITY_PENDING
    assert order.due_on is None
    order = act(order, "yanta_handler", Action.CONFIRM_IDENTITY, "2026-05-12 09:00", note="已核验身份证")
    # Paused Thu 05-07 → Tue 05-12: Fri 05-08, Sat 05-09 (make-up), Mon 05-11, Tue 05-12 = 4 working days.
    assert order.is_identity_verified
    assert order.due_on == date(2026, 5, 20)
    order.refresh_from_db()
    assert order.clocks["accept_decision"]["paused_units"] == 4


def test_testing_pauses_mediation_and_termination_starts_the_notice_clock(complaint, act):
    order = act(complaint, "yanta_handler", Action.ACCEPT, "2026-05-08 09:00")
    order = act(order, "yanta_handler", Action.START_MEDIATION, "2026-05-08 10:00")
    assert order.due_on == date(2026, 7, 7)  # 60 calendar days (Order 121)
    with pytest.raises(RequirementMissing):
        act(order, "yanta_handler", Action.SUSPEND_MEDIATION, note="送检", ground_code="outside_duties")
    order = act(
        order,
        "yanta_handler",
        Action.SUSPEND_MEDIATION,
        "2026-05-11 09:00",
        note="送检",
        ground_code="testing_appraisal",
    )
    assert order.due_on is None
    order = act(order, "yanta_handler", Action.RESUME_MEDIATION, "2026-05-21 09:00", note="检测报告已出")
    assert order.due_on == date(2026, 7, 17)  # ten days of testing do not count
    order = act(
        order,
        "yanta_handler",
        Action.TERMINATE_MEDIATION,
        "2026-05-22 09:00",
        note="被投诉人明确拒绝调解",
        ground_code="party_absent_or_refuses",
    )
    assert (order.state, order.due_clock, order.due_on) == (
        State.TERMINATED,
        "termination_notice",
        date(2026, 6, 2),
    )
    assert act(order, "yanta_handler", Action.CLOSE, note="已书面告知双方").state == State.CLOSED


def test_returned_item_leaves_the_unit_and_goes_elsewhere(complaint, people, org, act):
    order = act(
        complaint,
        "yanta_handler",
        Action.RETURN,
        return_reason="not_competent",
        note="被投诉人实际经营地在碑林区",
    )
    assert order.handling_unit_id is None
    with pytest.raises(ActionForbidden):
        act(order, "yanta_handler", Action.ACCEPT)
    order = act(order, "agent", Action.REDISPATCH, handling_unit_id=org["beilin"].pk)
    assert order.handling_unit_id == org["beilin"].pk
    assert act(order, "beilin_handler", Action.ACCEPT).state == State.ACCEPTED


@pytest.mark.parametrize("who", ["agent", "analyst", "administrator", "beilin_handler", "weibin_handler"])
def test_who_may_not_accept_a_yanta_complaint(complaint, act, who):
    before = WorkOrderEvent.objects.filter(work_order=complaint).count()
    with pytest.raises(ActionForbidden):
        act(complaint, who, Action.ACCEPT)
    assert WorkOrderEvent.objects.filter(work_order=complaint).count() == before


def test_a_city_leader_may_act_on_a_county_item_below_it(complaint, act):
    assert act(complaint, "xian_leader", Action.ACCEPT).state == State.ACCEPTED


def test_an_illegal_transition_changes_nothing(complaint, act):
    with pytest.raises(IllegalTransition):
        act(complaint, "yanta_handler", Action.REACH_AGREEMENT, note="x", amount_recovered=Decimal(1))
    complaint.refresh_from_db()
    assert complaint.state == State.DISPATCHED
    assert complaint.version == 2
    assert complaint.events.count() == 2


def test_a_stale_version_is_refused(complaint, act):
    with pytest.raises(StaleWorkOrder):
        act(complaint, "yanta_handler", Action.ACCEPT, expected_version=1)
    assert act(complaint, "yanta_handler", Action.ACCEPT, expected_version=2).version == 3


def test_transfer_to_another_province_stops_every_clock(people, act):
    order = register(
        people, complaint_input(respondent_address="广东省东莞市长安镇某路1号", respondent_division_code="")
    )
    order = act(
        order, "agent", Action.TRANSFER_OUT, note="经营者在广东省", transfer_destination="广东省12315"
    )
    assert (order.state, order.due_on, order.transfer_destination) == (State.TRANSFERRED, None, "广东省12315")
    order.refresh_from_db()
    assert order.clocks
    assert all(entry["stopped_on"] for entry in order.clocks.values())


def test_related_reports_are_merged(report, people, org, act):
    second = register(people, report_input(contact_name="王芳", contact_phone="13700000000"))
    merged = act(second, "agent", Action.MERGE, note="同一超市同一问题", merge_target_id=report.pk)
    assert (merged.state, merged.merged_into_id) == (State.MERGED, report.pk)
    third = register(people, report_input())
    with pytest.raises(InvalidWorkOrder):  # not into itself, nor into a merged (terminal) one
        act(third, "agent", Action.MERGE, note="x", merge_target_id=merged.pk)


def test_events_are_append_only(complaint):
    event = complaint.events.first()
    event.note = "改写"
    with pytest.raises(ValueError, match="append-only"):
        event.save()
    with pytest.raises(ValueError, match="append-only"):
        event.delete()


def test_versions_and_event_sequences_advance_together(complaint, act):
    order = act(complaint, "yanta_handler", Action.ACCEPT)
    assert order.version == 3
    assert list(order.events.values_list("sequence", flat=True)) == [1, 2, 3]


def test_consultation_is_answered_and_closed(people, act):
    from lianxin.workorders.tests.factories import consultation_input

    order = register(people, consultation_input())
    assert order.due_on is None
    order = act(order, "agent", Action.ANSWER, note="告知《消费者权益保护法》第二十五条七日无理由退货")
    assert order.state == State.CLOSED
    assert order.outcome.startswith("告知")


def test_kinds_cover_suggestion(people, act):
    from lianxin.workorders.tests.factories import consultation_input

    order = register(people, consultation_input(kind=Kind.SUGGESTION, summary="建议延长热线夜间人工服务"))
    assert act(order, "supervisor", Action.ANSWER, note="已转中心研究").state == State.CLOSED


def test_work_order_not_found_is_its_own_error(people):
    from lianxin.workorders.errors import WorkOrderNotFound

    with pytest.raises(WorkOrderNotFound):
        work_order_transition(
            work_order_id=987654, actor=people["agent"], data=TransitionInput(Action.ACCEPT)
        )
    assert not WorkOrder.objects.exists()
