"""Mixed filings (Order 121 Art. 9): a complaint and a report in one submission, handled as two linked items."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine

from lianxin.domain.errors import IllegalTransition, RequirementMissing
from lianxin.domain.workflow import Action, State
from lianxin.workorders.errors import ActionForbidden, InvalidWorkOrder
from lianxin.workorders.models import WorkOrder, WorkOrderEvent
from lianxin.workorders.services import (
    SplitInput,
    TransitionInput,
    mixed_filing_register,
    mixed_report_input,
    work_order_register,
    work_order_split,
    work_order_transition,
)
from lianxin.workorders.tests.factories import at, complaint_input, report_input

REPORT_FACTS = "该店冰柜内的酸奶已过保质期三天仍在销售。"


def _mixed(people, **report_fields):
    complaint = complaint_input()
    report = mixed_report_input(
        complaint, facts=report_fields.pop("facts", REPORT_FACTS), issue_type_code="report_food_safety"
    )
    with time_machine.travel(at("2026-05-06 10:05"), tick=False):
        return mixed_filing_register(actor=people["agent"], complaint=complaint, report=report)


def test_a_mixed_filing_registers_a_linked_complaint_and_report_each_on_its_own_clock(people):
    filing = _mixed(people)
    complaint = WorkOrder.objects.get(pk=filing.complaint.pk)
    report = WorkOrder.objects.get(pk=filing.report.pk)
    assert (complaint.kind, report.kind) == ("complaint", "report")
    assert complaint.mixed_counterpart_id == report.pk
    assert report.mixed_counterpart_id == complaint.pk
    assert complaint.number != report.number
    # Each its own statutory clock: the decision on the complaint (7 working days), the report's verification
    # (15 working days; make-up Saturday 2026-05-09 counts).
    assert (complaint.due_clock, complaint.due_on) == ("accept_decision", date(2026, 5, 14))
    assert (report.due_clock, report.due_on) == ("verification", date(2026, 5, 26))
    assert report.facts == REPORT_FACTS
    assert (report.claims, report.amount_involved, report.is_anonymous) == ("", None, False)
    assert report.contact_phone == complaint.contact_phone  # the same person, kept confidential as reporter
    for order, other in ((complaint, report), (report, complaint)):
        event = WorkOrderEvent.objects.get(work_order=order)
        assert event.action == "register"
        assert event.changes["mixed_counterpart"] == [None, other.number]


def test_mixed_filing_errors_of_both_halves_come_back_together_and_nothing_is_written(people):
    complaint = complaint_input(claims="")
    report = mixed_report_input(complaint, facts="")
    with pytest.raises(InvalidWorkOrder) as invalid:
        mixed_filing_register(actor=people["agent"], complaint=complaint, report=report)
    assert set(invalid.value.fields) == {"claims", "report_facts"}
    assert WorkOrder.objects.count() == 0


def test_the_report_half_of_a_mixed_filing_is_not_anonymous(people):
    complaint = complaint_input()
    report = mixed_report_input(complaint, facts=REPORT_FACTS)
    from dataclasses import replace

    with pytest.raises(InvalidWorkOrder) as refused:
        mixed_filing_register(
            actor=people["agent"], complaint=complaint, report=replace(report, is_anonymous=True)
        )
    assert "is_anonymous" in refused.value.fields


def test_only_the_center_registers_mixed_filings(people):
    complaint = complaint_input()
    with pytest.raises(ActionForbidden):
        mixed_filing_register(
            actor=people["yanta_handler"],
            complaint=complaint,
            report=mixed_report_input(complaint, facts="x"),
        )


def test_each_half_goes_to_its_own_unit_and_follows_its_own_procedure(people, org):
    filing = _mixed(people)
    complaint = work_order_transition(
        work_order_id=filing.complaint.pk,
        actor=people["agent"],
        data=TransitionInput(Action.DISPATCH, handling_unit_id=org["yanta"].pk),
    )
    report = work_order_transition(
        work_order_id=filing.report.pk,
        actor=people["agent"],
        data=TransitionInput(Action.DISPATCH, handling_unit_id=org["beilin"].pk),
    )
    assert (
        work_order_transition(
            work_order_id=complaint.pk, actor=people["yanta_handler"], data=TransitionInput(Action.ACCEPT)
        ).state
        == State.ACCEPTED
    )
    assert (
        work_order_transition(
            work_order_id=report.pk,
            actor=people["beilin_handler"],
            data=TransitionInput(Action.START_VERIFICATION),
        ).state
        == State.VERIFYING
    )


@pytest.fixture
def registered_complaint(people):
    with time_machine.travel(at("2026-05-06 10:05"), tick=False):
        return work_order_register(actor=people["agent"], data=complaint_input())


def test_splitting_a_registered_complaint_registers_the_linked_report(registered_complaint, people):
    with time_machine.travel(at("2026-05-06 11:00"), tick=False):
        filing = work_order_split(
            actor=people["supervisor"],
            work_order_id=registered_complaint.pk,
            data=SplitInput(
                facts=REPORT_FACTS, issue_type_code="report_food_safety", note="来电同时举报过期食品"
            ),
        )
    complaint, report = (WorkOrder.objects.get(pk=o.pk) for o in (filing.complaint, filing.report))
    assert complaint.pk == registered_complaint.pk
    assert (complaint.state, report.state) == (State.REGISTERED, State.REGISTERED)
    assert complaint.mixed_counterpart_id == report.pk
    assert report.mixed_counterpart_id == complaint.pk
    assert report.received_at == complaint.received_at  # one submission: received once
    assert (report.due_clock, report.due_on) == ("verification", date(2026, 5, 26))
    assert complaint.due_on == date(2026, 5, 14)  # the complaint's own clock is untouched
    split = WorkOrderEvent.objects.get(work_order=complaint, action="split_mixed")
    assert (split.from_state, split.to_state, split.note) == (
        "registered",
        "registered",
        "来电同时举报过期食品",
    )
    assert split.changes["mixed_counterpart_number"] == [None, report.number]
    registered = WorkOrderEvent.objects.get(work_order=report, action="register")
    assert registered.changes["split_from"] == [None, complaint.number]


def test_splitting_a_report_needs_the_claims_of_the_complaint(people):
    with time_machine.travel(at("2026-05-06 10:05"), tick=False):
        report = work_order_register(actor=people["agent"], data=report_input())
    with pytest.raises(InvalidWorkOrder) as invalid:
        work_order_split(
            actor=people["agent"], work_order_id=report.pk, data=SplitInput(facts="牛奶过期，要求退款")
        )
    assert "claims" in invalid.value.fields
    filing = work_order_split(
        actor=people["agent"], work_order_id=report.pk, data=SplitInput(facts="牛奶过期", claims="退款")
    )
    assert filing.report.pk == report.pk
    assert (filing.complaint.kind, filing.complaint.claims) == ("complaint", "退款")


def test_an_anonymous_report_cannot_be_split_into_a_complaint(people):
    with time_machine.travel(at("2026-05-06 10:05"), tick=False):
        report = work_order_register(
            actor=people["agent"], data=report_input(is_anonymous=True, contact_name="", contact_phone="")
        )
    with pytest.raises(InvalidWorkOrder, match="匿名举报不能拆分出投诉"):
        work_order_split(
            actor=people["agent"], work_order_id=report.pk, data=SplitInput(facts="x", claims="y")
        )
    assert WorkOrder.objects.count() == 1


def test_a_split_happens_once(registered_complaint, people):
    work_order_split(
        actor=people["agent"], work_order_id=registered_complaint.pk, data=SplitInput(facts=REPORT_FACTS)
    )
    with pytest.raises(RequirementMissing) as twice:
        work_order_split(
            actor=people["agent"], work_order_id=registered_complaint.pk, data=SplitInput(facts=REPORT_FACTS)
        )
    assert twice.value.fields == {"action": ["该工单已经拆分过，关联的另一件工单已存在。"]}
    assert WorkOrder.objects.count() == 2


def test_split_is_for_the_center_before_dispatch_or_after_a_return(registered_complaint, people, org):
    with pytest.raises(ActionForbidden):
        work_order_split(
            actor=people["analyst"],
            work_order_id=registered_complaint.pk,
            data=SplitInput(facts=REPORT_FACTS),
        )
    order = work_order_transition(
        work_order_id=registered_complaint.pk,
        actor=people["agent"],
        data=TransitionInput(Action.DISPATCH, handling_unit_id=org["yanta"].pk),
    )
    with pytest.raises(IllegalTransition):
        work_order_split(actor=people["agent"], work_order_id=order.pk, data=SplitInput(facts=REPORT_FACTS))
    order = work_order_transition(
        work_order_id=order.pk,
        actor=people["yanta_handler"],
        data=TransitionInput(Action.RETURN, return_reason="outside_market_regulation"),
    )
    with pytest.raises(ActionForbidden):  # a unit reports back; it does not split or pass on (Art. 41)
        work_order_split(
            actor=people["yanta_handler"], work_order_id=order.pk, data=SplitInput(facts=REPORT_FACTS)
        )
    filing = work_order_split(
        actor=people["agent"],
        work_order_id=order.pk,
        data=SplitInput(
            facts=REPORT_FACTS, dispatch_unit_id=org["beilin"].pk, dispatch_note="举报按行为发生地"
        ),
    )
    assert WorkOrder.objects.get(pk=order.pk).state == State.RETURNED  # still waits to be redispatched
    report = WorkOrder.objects.get(pk=filing.report.pk)
    assert (report.state, report.handling_unit_id) == (State.DISPATCHED, org["beilin"].pk)


def test_the_generic_transition_refuses_a_split_without_its_counterpart(registered_complaint, people):
    with pytest.raises(RequirementMissing, match="请使用拆分功能"):
        work_order_transition(
            work_order_id=registered_complaint.pk,
            actor=people["agent"],
            data=TransitionInput(Action.SPLIT_MIXED),
        )
    assert WorkOrder.objects.count() == 1


def test_each_half_is_routed_by_its_own_jurisdiction_rule(org, people):
    from lianxin.directory.services import directory_load

    directory_load(home_province="610000")
    # A seller on a platform: complaints go by the address it publishes on the platform (Art. 13(3)), reports by
    # its actual operating place (Art. 31).
    complaint = complaint_input(
        respondent_address="西安市雁塔区长安南路88号",
        respondent_online_role="platform_seller",
        respondent_platform_name="某电商平台",
        respondent_published_address="宝鸡市渭滨区经二路1号",
        respondent_platform_address="浙江省杭州市余杭区文一西路969号",
    )
    with time_machine.travel(at("2026-05-06 10:05"), tick=False):
        filing = mixed_filing_register(
            actor=people["agent"],
            complaint=complaint,
            report=mixed_report_input(complaint, facts=REPORT_FACTS),
        )
    assert (filing.complaint.routing["unit_code"], filing.complaint.routing["basis"]) == (
        "SN-610302",
        "published_address",
    )
    assert (filing.report.routing["unit_code"], filing.report.routing["basis"]) == (
        "SN-610113",
        "operating_place",
    )
