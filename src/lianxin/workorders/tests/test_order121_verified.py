"""Order 121 as verified: the recusal pause, repeated reports (Art. 35), the start event of the decision clock as a
property of its row (ADR 0014), the reporter notice as the center's own target, and the shipped rows themselves."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine

from lianxin.common.reference_cache import reference_changed
from lianxin.domain.errors import RequirementMissing
from lianxin.domain.workflow import Action, State
from lianxin.workorders.errors import InvalidWorkOrder
from lianxin.workorders.models import GroundRule, RuleSet, TimeLimitRule, WorkOrder
from lianxin.workorders.selectors import acceptance_clock_readings, repeat_report_candidates
from lianxin.workorders.services import work_order_register
from lianxin.workorders.tests.factories import at, complaint_input, report_input


def register(people, data, when="2026-05-06 10:05"):
    with time_machine.travel(at(when), tick=False):
        return work_order_register(actor=people["agent"], data=data)


@pytest.fixture
def mediating(people, org, act):
    order = register(people, complaint_input())
    order = act(order, "agent", Action.DISPATCH, "2026-05-06 11:00", handling_unit_id=org["yanta"].pk)
    order = act(order, "yanta_handler", Action.ACCEPT, "2026-05-08 09:00")
    return act(order, "yanta_handler", Action.START_MEDIATION, "2026-05-08 10:00")


def test_a_recusal_application_suspends_mediation_and_its_days_do_not_count(mediating, act):
    assert mediating.due_on == date(2026, 7, 7)  # 60 days from acceptance on 05-08
    with pytest.raises(RequirementMissing):
        act(mediating, "yanta_handler", Action.REQUEST_RECUSAL, "2026-05-11 09:00")  # a note is required
    order = act(
        mediating, "yanta_handler", Action.REQUEST_RECUSAL, "2026-05-11 09:00", note="投诉人申请调解人员回避"
    )
    assert (order.state, order.due_on) == (State.MEDIATION_SUSPENDED, None)
    assert order.events.order_by("-sequence").first().action == Action.REQUEST_RECUSAL
    order = act(
        order,
        "yanta_handler",
        Action.RESUME_MEDIATION,
        "2026-05-15 09:00",
        note="回避申请已决定，更换调解人员",
    )
    # Four days of the recusal application do not count: 07-07 + 4 = Sat 07-11, so the first working day after it.
    assert order.due_on == date(2026, 7, 13)


def test_a_recusal_does_not_pause_an_order_20_item(people, org, act):
    order = register(people, complaint_input(received_at=at("2026-04-10 10:00")), when="2026-04-10 10:05")
    order = act(order, "agent", Action.DISPATCH, "2026-04-10 11:00", handling_unit_id=org["yanta"].pk)
    order = act(order, "yanta_handler", Action.ACCEPT, "2026-04-13 09:00")
    with pytest.raises(RequirementMissing) as refused:
        act(order, "yanta_handler", Action.REQUEST_RECUSAL, "2026-04-14 09:00", note="申请回避")
    assert "暂行办法" in refused.value.message


def test_a_repeated_report_is_recognised_and_not_handled_again(people, org, act):
    first = register(people, report_input(contact_phone="13700000000"))
    first = act(first, "agent", Action.DISPATCH, "2026-05-06 11:00", handling_unit_id=org["beilin"].pk)
    again = register(
        people,
        report_input(contact_phone="13700000000", received_at=at("2026-05-12 10:00")),
        when="2026-05-12 10:05",
    )
    other = register(
        people,
        report_input(contact_phone="13811112222", received_at=at("2026-05-12 10:00")),
        when="2026-05-12 10:06",
    )
    assert repeat_report_candidates(user=people["agent"], work_order=again) == [first]
    assert repeat_report_candidates(user=people["agent"], work_order=other) == []
    # Someone who may not see the reporter in clear gets no matching on the reporter.
    assert repeat_report_candidates(user=people["analyst"], work_order=again) == []
    closed = act(
        again,
        "agent",
        Action.DISMISS_REPEAT,
        "2026-05-12 11:00",
        note="同一举报人、同一事实、同一经营者",
        merge_target_id=first.pk,
    )
    assert (closed.state, closed.merged_into_id, closed.due_on) == (State.CLOSED, first.pk, None)
    first.refresh_from_db()
    assert first.state == State.DISPATCHED  # the original goes on untouched


def test_a_re_report_with_new_facts_is_merged_and_the_clock_restarts_from_the_last_report(people, org, act):
    first = register(people, report_input())
    first = act(first, "agent", Action.DISPATCH, "2026-05-06 11:00", handling_unit_id=org["beilin"].pk)
    assert first.due_on == date(2026, 5, 26)  # 15 working days from Wed 05-06
    again = register(
        people,
        report_input(received_at=at("2026-05-12 10:00"), facts="补充：冷柜里的酸奶也已过期。"),
        when="2026-05-12 10:05",
    )
    act(again, "agent", Action.MERGE, "2026-05-12 11:00", note="补充了新的事实", merge_target_id=first.pk)
    first.refresh_from_db()
    # 15 working days from Tue 05-12: 13 … 15 (3), 18 … 22 (8), 25 … 29 (13), Jun 01, 02 (15).
    assert (first.due_on, first.clocks["verification"]["started_on"]) == (date(2026, 6, 2), "2026-05-12")
    event = first.events.order_by("-sequence").first()
    assert event.action == Action.MERGE
    assert "第三十五条" in event.note
    with pytest.raises(InvalidWorkOrder):  # a merged report is no longer a target for merging
        act(first, "agent", Action.MERGE, note="x", merge_target_id=again.pk)


def test_the_decision_clock_starts_on_the_event_its_row_names_and_both_readings_are_shown(people, org, act):
    order = register(people, complaint_input())
    order = act(order, "agent", Action.DISPATCH, "2026-05-11 09:00", handling_unit_id=org["yanta"].pk)
    readings = {r.start_event: r for r in acceptance_clock_readings(order)}
    # From receipt Wed 05-06 (binding by default; make-up Sat 05-09 counts): Thu 05-14; from dispatch Mon 05-11:
    # Wed 05-20.
    assert (readings["received"].due_on, readings["received"].is_binding) == (date(2026, 5, 14), True)
    assert (readings["dispatched"].due_on, readings["dispatched"].is_binding) == (date(2026, 5, 20), False)
    assert order.due_on == date(2026, 5, 14)
    # An administrator switches the row to "receipt by the competent unit": the next dispatch starts the clock.
    TimeLimitRule.objects.filter(rule_set__code="samr-order-121", clock="accept_decision").update(
        starts_on="dispatched"
    )
    reference_changed()
    second = register(people, complaint_input())
    assert (second.due_on, second.clocks) == (None, {})
    second = act(second, "agent", Action.DISPATCH, "2026-05-11 09:00", handling_unit_id=org["yanta"].pk)
    assert second.due_on == date(2026, 5, 20)
    assert [r.is_binding for r in acceptance_clock_readings(WorkOrder.objects.get(pk=second.pk))] == [
        False,
        True,
    ]


def test_order_121_rows_carry_the_verified_citations_and_the_reporter_notice_is_the_centers_own(people):
    limits = {t.clock: t for t in TimeLimitRule.objects.filter(rule_set__code="samr-order-121")}
    assert "第十五条" in limits["accept_decision"].citation
    assert "第二十三条" in limits["termination_notice"].citation
    assert "第二十二条第三款" in limits["mediation"].citation
    assert "recusal_application" in limits["mediation"].paused_by
    assert limits["reporter_notice"].is_statutory is False
    assert "非法定" in limits["reporter_notice"].citation
    rows = TimeLimitRule.objects.filter(rule_set__code="samr-order-121")
    grounds = GroundRule.objects.filter(rule_set__code="samr-order-121")
    assert not [r for r in [*rows, *grounds] if "待核" in r.citation]
    by_code = {(g.kind, g.code): g for g in grounds}
    assert "其他调解组织" not in by_code[("decline", "already_handled")].label
    assert "任何一方" in by_code[("terminate", "party_absent_or_refuses")].label
    assert by_code[("terminate", "no_testing_agreement")].label.count("费用") == 1
    assert "技术机构" not in by_code[("terminate", "no_testing_agreement")].label
    assert by_code[("suspend", "recusal_application")].citation == "第二十一条"
    assert RuleSet.objects.get(code="samr-order-121")
