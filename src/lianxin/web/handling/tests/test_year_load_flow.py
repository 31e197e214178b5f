"""End to end: an administrator loads next year's arrangement with `calendar add-year`; every provisional (暂定)
due date — work orders' clocks and ODR settlement periods — is recounted on it at once and loses its mark
(issue 13 §2: "replace it automatically when the year is loaded")."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from django.core.management import call_command

from lianxin.portal.models import Business, OdrEvent
from lianxin.portal.services.odr import odr_offer
from lianxin.web.tests.conftest import dispatched_complaint
from lianxin.workorders.services import work_order_register
from lianxin.workorders.tests.factories import at, complaint_input

pytestmark = pytest.mark.django_db

# A made-up 2027 (not the real notice): New Year's Day and, unlike the festival rule alone, Mon 01-04 off.
ARRANGEMENT_2027 = "date,kind,name\n2027-01-01,holiday,元旦\n2027-01-04,holiday,测试调休\n"


def test_loading_the_year_replaces_every_provisional_date(
    people, org, tmp_path, django_capture_on_commit_callbacks
):
    business = Business.objects.create(
        credit_code="91610113MA6TXXXX1X", name="某某电器", is_odr_enrolled=True
    )
    with time_machine.travel(at("2026-12-28 10:00"), tick=False):
        order = dispatched_complaint(
            people=people, unit=org["yanta"], received="2026-12-28 09:00", summary="跨年"
        )
        offered = work_order_register(
            actor=people["agent"], data=complaint_input(received_at=at("2026-12-28 09:30"))
        )
        case = odr_offer(work_order=offered, business=business)
    # Counted on the 放假办法's festival days alone: 7 working days → 01-07; 10 working days → 01-12.
    assert (order.due_on, order.is_due_provisional, order.clocks["accept_decision"]["provisional"]) == (
        date(2027, 1, 7),
        True,
        True,
    )
    assert (case.due_on, case.due_is_provisional) == (date(2027, 1, 12), True)

    path = tmp_path / "2027.csv"
    path.write_text(ARRANGEMENT_2027, encoding="utf-8")
    with (
        time_machine.travel(at("2026-12-29 09:00"), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        call_command("calendar", "add-year", "2027", "--file", str(path), "--source", "测试通知")

    order.refresh_from_db()
    case.refresh_from_db()
    assert (order.due_on, order.is_due_provisional, order.has_provisional_deadline) == (
        date(2027, 1, 8),
        False,
        False,
    )
    assert order.clocks["accept_decision"]["provisional"] is False
    assert (case.due_on, case.due_is_provisional) == (date(2027, 1, 13), False)
    assert OdrEvent.objects.filter(case=case, kind="due_recounted").count() == 1

    # The handler's inbox shows the final date, without the mark.
    from django.test import Client

    client = Client()
    with time_machine.travel(at("2026-12-29 09:00"), tick=False):
        client.force_login(people["yanta_handler"])
        page = client.get("/handling/").content.decode()
    assert "2027-01-08" in page
    assert "badge-provisional" not in page
