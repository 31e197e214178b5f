"""A provisional (暂定) due date — counted through a year whose holiday arrangement is not loaded — carries its mark
on every staff screen, export and document that shows it, and handlers never see an administrator's command
(issue 13 §2)."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine

from lianxin.documents.models import Document, DocumentKind
from lianxin.domain.errors import CalendarYearNotLoaded
from lianxin.web.tests.conftest import dispatched_complaint
from lianxin.workorders.services import transitions
from lianxin.workorders.tests.factories import at

pytestmark = pytest.mark.django_db

MARK = "badge-provisional"
LATE_DECEMBER = "2026-12-28 10:00"  # seven working days from here run into 2027, which is not loaded


@pytest.fixture
def provisional(people, org):
    with time_machine.travel(at(LATE_DECEMBER), tick=False):
        order = dispatched_complaint(people=people, unit=org["yanta"], received=LATE_DECEMBER, summary="跨年")
    assert (order.due_on, order.is_due_provisional) == (date(2027, 1, 7), True)
    return order


@pytest.fixture
def final(people, org):
    order = dispatched_complaint(
        people=people, unit=org["yanta"], received="2026-05-12 10:00", summary="年中"
    )
    assert order.is_due_provisional is False
    return order


def _get(client, user, url, **query):
    with time_machine.travel(at(LATE_DECEMBER), tick=False):
        client.force_login(user)
        response = client.get(url, query)
    assert response.status_code == 200, url
    return response.content.decode()


def _row(page: str, text: str) -> str:
    """The table row that contains `text`."""
    found = page.index(text)
    return page[page.rindex("<tr", 0, found) : page.index("</tr>", found)]


def test_the_handlers_inbox_marks_the_provisional_date_only(client, people, provisional, final):
    page = _get(client, people["yanta_handler"], "/handling/")
    assert "2027-01-07" in _row(page, provisional.number)
    assert MARK in _row(page, provisional.number)
    assert MARK not in _row(page, final.number)
    assert "add-year" not in page
    assert "请管理员" not in page


def test_the_handlers_page_marks_the_due_date_every_clock_and_both_acceptance_readings(
    client, people, provisional
):
    page = _get(client, people["yanta_handler"], f"/handling/{provisional.pk}/")
    header = page[page.index("工单信息") : page.index("</section>", page.index("工单信息"))]
    assert MARK in header
    clocks = page[page.index('aria-label="法定期限"') :]
    clocks = clocks[: clocks.index("</section>")]
    assert "2027-01-07" in clocks
    assert MARK in _row(clocks, "2027-01-07")
    # Both start events of the acceptance clock (ADR 0014), each with its date and, here, its mark.
    readings = clocks[clocks.index("acceptance-readings") :]
    assert "据此计算" in readings
    assert readings.count(MARK) == 2
    assert "add-year" not in page


def test_the_staff_work_order_page_marks_the_provisional_clock(client, people, provisional):
    page = _get(client, people["supervisor"], f"/work-orders/{provisional.number}/")
    clocks = page[page.index('id="wo-clocks"') :]
    clocks = clocks[: clocks.index("</section>")]
    assert MARK in _row(clocks, "2027-01-07")
    assert "acceptance-readings" in clocks


def test_the_statistics_drill_down_and_its_exports_mark_the_provisional_date(
    client, people, provisional, final
):
    query = {"start": "2026-05-01", "end": "2026-12-31", "measure": "items"}
    page = _get(client, people["manager"], "/analytics/work-orders/", **query)
    assert "2027-01-07（暂定）" in page
    csv = _get(client, people["manager"], "/analytics/export/", table="drill", **query)
    assert "2027-01-07（暂定）" in csv
    assert final.due_on.isoformat() in csv
    assert f"{final.due_on.isoformat()}（暂定）" not in csv


def test_the_identity_notice_never_states_a_provisional_date_as_final(client, people, provisional):
    with time_machine.travel(at(LATE_DECEMBER), tick=False):
        client.force_login(people["yanta_handler"])
        form = client.get(f"/handling/{provisional.pk}/").content.decode()
        response = client.post(
            f"/handling/{provisional.pk}/act/request_identity/",
            {
                "version": provisional.version,
                "request_identity-note": "请提供身份证",
                "request_identity-deadline": "2027-01-05",
            },
        )
    assert "暂定：按 5 个工作日推算" in form  # the offered default is marked in the form
    assert response.status_code == 302
    document = Document.objects.get(work_order=provisional, kind=DocumentKind.IDENTITY_REQUEST)
    text = "\n".join(document.paragraphs)
    assert "2027年1月5日（暂定）前" in text
    assert document.paragraphs[-1].startswith("注：标注“暂定”的日期")
    assert "2027年节假日安排尚未公布" in document.paragraphs[-1]


def test_a_date_in_a_loaded_year_is_stated_plainly(client, people, final):
    with time_machine.travel(at("2026-05-13 10:00"), tick=False):
        client.force_login(people["yanta_handler"])
        client.post(
            f"/handling/{final.pk}/act/request_identity/",
            {
                "version": final.version,
                "request_identity-note": "请提供身份证",
                "request_identity-deadline": "2026-05-20",
            },
        )
    text = "\n".join(Document.objects.get(work_order=final, kind=DocumentKind.IDENTITY_REQUEST).paragraphs)
    assert "2026年5月20日前" in text
    assert "暂定" not in text


def test_a_step_refused_for_a_missing_year_tells_the_handler_the_fact_not_the_command(
    client, people, final, monkeypatch
):
    def refuse(**kwargs):  # type: ignore[no-untyped-def]
        raise CalendarYearNotLoaded(2031)

    monkeypatch.setattr(transitions, "work_order_transition", refuse)
    monkeypatch.setattr("lianxin.web.handling.views.work_order_transition", refuse)
    client.force_login(people["yanta_handler"])
    response = client.post(f"/handling/{final.pk}/act/accept/", {"version": final.version}, follow=True)
    page = response.content.decode()
    assert "2031 年的节假日安排尚未加载" in page
    assert "add-year" not in page
    assert "请管理员" not in page
