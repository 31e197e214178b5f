"""Registering work orders: validation, numbering, the rule set of the day, and a calendar that is not loaded."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine

from lianxin.calendars.services import YearArrangement, calendar_year_save
from lianxin.domain.workflow import Action, Kind
from lianxin.workorders.errors import ActionForbidden, InvalidWorkOrder
from lianxin.workorders.models import WorkOrder, WorkOrderEvent
from lianxin.workorders.services import work_order_register
from lianxin.workorders.services.recompute import (
    recompute_provisional_deadlines,
    work_order_deadlines_recompute,
)
from lianxin.workorders.tests.factories import at, complaint_input, report_input


def register(people, data, who="agent", when="2026-05-06 10:05"):
    with time_machine.travel(at(when), tick=False):
        return work_order_register(actor=people[who], data=data)


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"contact_name": ""}, "contact_name"),
        ({"contact_phone": "139-12"}, "contact_phone"),
        ({"contact_id_number": "110105194912310021"}, "contact_id_number"),
        ({"respondent_name": ""}, "respondent_name"),
        ({"claims": ""}, "claims"),
        ({"is_anonymous": True}, "is_anonymous"),
        ({"respondent_credit_code": "91350100M000100Y44"}, "respondent_credit_code"),
        ({"respondent_online_role": "platform_seller"}, "respondent_platform_name"),
        ({"received_at": at("2026-05-07 10:00")}, "received_at"),
        ({"category_code": "no_such"}, "category_code"),
        ({"amount_involved": -1}, "amount_involved"),
    ],
)
def test_bad_registration_is_refused_field_by_field_and_nothing_is_written(people, overrides, field):
    with pytest.raises(InvalidWorkOrder) as refused:
        register(people, complaint_input(**overrides))
    assert field in refused.value.fields
    assert all(message for messages in refused.value.fields.values() for message in messages)
    assert not WorkOrder.objects.exists()
    assert not WorkOrderEvent.objects.exists()


def test_an_anonymous_report_needs_no_identity(people):
    order = register(people, report_input(is_anonymous=True, contact_name="", contact_phone=""))
    assert order.is_anonymous
    assert order.kind == Kind.REPORT


def test_only_center_staff_register(people):
    for who in ("yanta_handler", "analyst", "administrator"):
        with pytest.raises(ActionForbidden):
            register(people, complaint_input(), who=who)


def test_numbers_run_per_center_and_year(people):
    first = register(people, complaint_input())
    second = register(people, report_input())
    earlier = register(people, complaint_input(received_at=at("2025-12-30 09:00")))
    assert [first.number, second.number, earlier.number] == [
        "SN12315-2026-000001",
        "SN12315-2026-000002",
        "SN12315-2025-000001",
    ]


def test_registration_records_the_first_event_and_the_rule_set(people):
    order = register(people, complaint_input())
    event = order.events.get()
    assert (event.sequence, event.action, event.to_state, event.actor.username) == (
        1,
        "register",
        "registered",
        "agent",
    )
    assert event.changes["rule_set"] == [None, "samr-order-121"]
    assert event.changes["due_on"] == [None, "2026-05-14"]


def test_phone_numbers_are_stored_normalised(people):
    assert register(people, complaint_input(contact_phone="+86 139 1234 5678")).contact_phone == "13912345678"


def test_a_deadline_in_an_unloaded_year_is_provisional_and_replaced_when_the_year_is_loaded(
    people, act, org, django_capture_on_commit_callbacks
):
    # Received Mon 2026-12-28: seven working days run into 2027, whose arrangement is not published in the package.
    order = register(people, complaint_input(received_at=at("2026-12-28 09:00")), when="2026-12-28 09:30")
    # Provisional, on the 放假办法's festival days: 12-29, 12-30, 12-31, (01-01 元旦), 01-04 … 01-07.
    assert (order.due_on, order.is_due_provisional, order.has_provisional_deadline) == (
        date(2027, 1, 7),
        True,
        True,
    )
    assert order.clocks["accept_decision"]["provisional"] is True
    # A handler is never told to run an administrator's command.
    assert order.deadline_problem == ""
    assert "add-year" not in order.events.get().note
    # The work goes on: the item can still be dispatched, and the date stays provisional.
    order = act(order, "agent", Action.DISPATCH, "2026-12-28 10:00", handling_unit_id=org["yanta"].pk)
    assert (order.due_on, order.is_due_provisional) == (date(2027, 1, 7), True)
    # An administrator loads 2027 (a made-up arrangement: 01-01 and 01-04 off); loading replaces the date itself.
    with django_capture_on_commit_callbacks(execute=True):
        calendar_year_save(
            YearArrangement(
                year=2027,
                holidays={date(2027, 1, 1): "元旦", date(2027, 1, 4): "测试"},
                makeup_workdays={},
                source="测试",
            )
        )
    order.refresh_from_db()
    assert (order.due_on, order.is_due_provisional, order.has_provisional_deadline) == (
        date(2027, 1, 8),
        False,
        False,
    )
    assert order.clocks["accept_decision"]["provisional"] is False
    assert recompute_provisional_deadlines().changed == 0


def test_an_item_registered_with_an_empty_due_date_before_the_upgrade_gets_its_provisional_date(people):
    order = register(people, complaint_input(received_at=at("2026-12-28 09:00")), when="2026-12-28 09:30")
    WorkOrder.objects.filter(pk=order.pk).update(due_on=None, is_due_provisional=False, deadline_problem="旧")
    with time_machine.travel(at("2026-12-28 10:00"), tick=False):
        report = work_order_deadlines_recompute()
    assert (report.changed, report.still_unknown, report.still_provisional) == (1, 0, 1)


def test_the_daily_job_replaces_provisional_dates(people):
    from lianxin.common.jobs import SCHEDULES, ensure_schedules

    ensure_schedules()
    job = SCHEDULES["暂定期限更新"]
    assert job.func == "lianxin.workorders.tasks.recompute_provisional_deadlines_task"
    order = register(people, complaint_input(received_at=at("2026-12-28 09:00")), when="2026-12-28 09:30")
    WorkOrder.objects.filter(pk=order.pk).update(
        due_on=None, is_due_provisional=False, deadline_problem="旧的原因"
    )
    from lianxin.workorders.tasks import recompute_provisional_deadlines_task

    assert recompute_provisional_deadlines_task()["changed"] == 1
    order.refresh_from_db()
    assert (order.due_on, order.is_due_provisional, order.deadline_problem) == (date(2027, 1, 7), True, "")
