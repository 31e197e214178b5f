"""Issue 10 item 8 in a real browser: a handler works a complaint from the inbox to the 调解书, and declines another."""

from __future__ import annotations

import io
import os
import re
from datetime import timedelta

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from lianxin.calendars.selectors import working_calendar
from lianxin.common import clock
from lianxin.documents.models import Document, DocumentKind
from lianxin.domain.workflow import Action
from lianxin.notifications.models import OutboxMessage
from lianxin.web.tests.test_browser import CHROMIUM, CHROMIUM_ARGS
from lianxin.workorders.services import TransitionInput, work_order_register, work_order_transition
from lianxin.workorders.tests.factories import complaint_input

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists() and not os.environ.get("CI"),
        reason="/usr/bin/chromium 不存在（apt-get install chromium）",
    ),
]


def received_for_due_today():
    """A receipt time whose 7-working-day decision deadline is today (or the nearest working day after)."""
    today = clock.today()
    calendar = working_calendar()
    for back in range(7, 30):
        day = today - timedelta(days=back)
        if calendar.add_workdays(day, 7) == today:
            break
    return clock.now() - timedelta(days=back)


def dispatched(people, org, **overrides):
    order = work_order_register(
        actor=people["agent"],
        data=complaint_input(received_at=received_for_due_today().replace(microsecond=0), **overrides),
    )
    return work_order_transition(
        work_order_id=order.pk,
        actor=people["agent"],
        data=TransitionInput(Action.DISPATCH, handling_unit_id=org["yanta"].pk),
    )


def pdf_text(data: bytes) -> str:
    return re.sub(r"[\s\x00]+", "", "".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages))


@pytest.fixture
def browser_page(live_server):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        try:
            context = browser.new_context(accept_downloads=True, viewport={"width": 1440, "height": 900})
            page = context.new_page()
            page.on("dialog", lambda dialog: dialog.accept())
            yield page
        finally:
            browser.close()


def sign_in(page, base, username):
    page.goto(f"{base}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "pass-1234")
    page.click("button[type=submit]")
    page.wait_for_url("**/home/")


def test_a_handler_accepts_mediates_agrees_and_downloads_the_mediation_agreement(
    live_server, browser_page, people, org
):
    order = dispatched(people, org)
    page = browser_page
    sign_in(page, live_server.url, "yanta_handler")
    page.goto(f"{live_server.url}/handling/?due=soon")
    first = page.locator("#inbox-table tbody tr").first
    assert first.locator("td.number").inner_text() == order.number
    assert "即将到期" in first.inner_text()
    first.locator("td.number a").click()
    page.wait_for_url(f"**/handling/{order.pk}/")

    page.click("#action-accept > summary")
    page.click("button[name=submit-accept]")
    page.wait_for_selector(".state-accepted")
    page.click("#action-start_mediation > summary")
    page.click("button[name=submit-start_mediation]")
    page.wait_for_selector(".state-mediating")

    page.select_option("#id_method", "phone")
    page.fill("#id_participants", "投诉人张伟；被投诉人店长王某")
    page.fill("#id_statements", "商家同意退还货款。")
    page.fill("#id_result", "双方同意调解方案")
    page.click("button[name=record]")
    page.wait_for_selector("#mediation-session li")

    # Another consumer joins during mediation (共同投诉, Order 121 Art. 12): the agreement then needs the consent of
    # both complainants (no representatives elected), and the agreement names them both.
    page.click("#joint-add_co_complainant > summary")
    page.fill("#id_add_co_complainant-name", "王五")
    page.fill("#id_add_co_complainant-phone", "13800004444")
    page.click("button[name=submit-add_co_complainant]")
    expect(page.locator("#co-complainants")).to_contain_text("王五")

    page.click("#action-reach_agreement > summary")
    page.fill("#id_reach_agreement-money", "1280")
    page.fill("#id_reach_agreement-note", "商家退还货款1280元。")
    page.check("#id_reach_agreement-consented_0")
    page.check("#id_reach_agreement-consented_1")
    page.fill("#id_reach_agreement-consent_record", "两人在调解协议上签字")
    page.click("button[name=submit-reach_agreement]")
    page.wait_for_selector(".state-agreed")
    assert "¥1280.00" in page.inner_text("#amount-recovered")

    with page.expect_download() as info:
        page.click("a.doc-pdf[data-kind=mediation_agreement]")
    data = open(info.value.path(), "rb").read()  # noqa: SIM115
    document = Document.objects.get(work_order=order, kind=DocumentKind.MEDIATION_AGREEMENT)
    text = pdf_text(data)
    assert "投诉人：张伟、王五（共同投诉）" in text
    assert "被投诉人：西安某某电器有限公司" in text
    assert "1,280.00元" in text
    assert document.number in text

    sms = OutboxMessage.objects.get(work_order=order, code="agreed")
    assert sms.recipient == "13912345678"
    assert "1,280.00" in sms.body


def test_a_decline_on_an_article_16_ground_produces_the_non_acceptance_decision(
    live_server, browser_page, people, org
):
    order = dispatched(people, org, summary="超期投诉")
    page = browser_page
    sign_in(page, live_server.url, "yanta_handler")
    page.goto(f"{live_server.url}/handling/{order.pk}/")
    page.click("#action-decline > summary")
    page.click("button[name=submit-decline]")  # nothing chosen: the browser refuses to submit
    assert page.locator("#action-decline :invalid").count() >= 1
    assert page.locator(".state-dispatched").count() == 1
    page.check("input[name=decline-ground_code][value=time_barred]")
    page.fill("#id_decline-note", "消费者知道权益受损已超过三年。")
    page.click("button[name=submit-decline]")
    page.wait_for_selector(".state-declined")
    with page.expect_download() as info:
        page.click("a.doc-pdf[data-kind=non_acceptance]")
    text = pdf_text(open(info.value.path(), "rb").read())  # noqa: SIM115
    assert "■除法律另有规定外，投诉人知道或者应当知道自己的权益受到被投诉人侵害之日起超过三年" in text
    assert "第三十九条" in text


def test_a_handler_returns_with_a_coded_reason_and_the_supervisor_redispatches_it_from_the_queue(
    live_server, browser_page, people, org
):
    from lianxin.workorders.models import WorkOrder

    order = dispatched(people, org, summary="退回演练")
    page = browser_page
    sign_in(page, live_server.url, "yanta_handler")
    page.goto(f"{live_server.url}/handling/{order.pk}/")
    page.click("#action-return > summary")
    page.click("button[name=submit-return]")  # no reason chosen: the browser refuses to submit
    assert page.locator("#action-return :invalid").count() >= 1
    page.check("input[name=return-return_reason][value=not_competent]")
    page.select_option("#id_return-suggested_unit", str(org["beilin"].pk))
    page.fill("#id_return-note", "经核实被投诉人实际经营地在碑林区。")
    page.click("button[name=submit-return]")
    page.wait_for_url("**/handling/")
    assert "已退回12315中心" in page.inner_text(".messages")
    stored = WorkOrder.objects.get(pk=order.pk)
    assert (stored.state, stored.return_reason_code) == ("returned", "not_competent")

    # The shift supervisor finds it in the center's queue with its reason and the unit the county named.
    supervisor = page.context.browser.new_context(viewport={"width": 1440, "height": 900}).new_page()
    sign_in(supervisor, live_server.url, "supervisor")
    supervisor.click("nav >> text=待分送")
    row = supervisor.locator(f"tr[data-number='{order.number}']")
    expect(row.locator(".return-reason")).to_contain_text("不属于本单位管辖，应由其他市场监督管理部门处理")
    expect(row.locator(".return-reason")).to_contain_text("建议：西安市碑林区市场监督管理局")
    expect(row.locator("select")).to_have_value(str(org["beilin"].pk))
    expect(supervisor.locator("#return-reason-counts tr[data-code=not_competent]")).to_contain_text("1")
    row.locator("button[name=do][value=dispatch]").click()
    expect(supervisor.locator(".messages")).to_contain_text(
        f"工单 {order.number} 已分送到西安市碑林区市场监督管理局"
    )
    expect(supervisor.locator(f"tr[data-number='{order.number}']")).to_have_count(0)
    stored = WorkOrder.objects.get(pk=order.pk)
    assert (stored.state, stored.handling_unit_id) == ("dispatched", org["beilin"].pk)
