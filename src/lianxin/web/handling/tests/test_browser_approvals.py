"""Issue 10 item 2 in a real browser: a handler asks to extend a report's verification; the leader, with the queue
open, sees the request arrive live, approves it with a note; the verification clock is extended and the event
names the leader as approver."""

from __future__ import annotations

import os

import pytest

from lianxin.calendars.selectors import deadline_calendar
from lianxin.domain.rules import ClockName
from lianxin.domain.workflow import Action
from lianxin.web.handling.tests.test_approvals import verifying_report
from lianxin.web.handling.tests.test_browser import CHROMIUM, CHROMIUM_ARGS, sign_in
from lianxin.workorders.clock_storage import clocks_load
from lianxin.workorders.models import ApprovalRequest, ApprovalState, WorkOrder

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists() and not os.environ.get("CI"),
        reason="/usr/bin/chromium 不存在（apt-get install chromium）",
    ),
]


@pytest.fixture
def two_pages(live_server):
    """The handler's and the leader's browsers (separate contexts: separate sessions)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        try:
            pages = [
                browser.new_context(viewport={"width": 1440, "height": 900}).new_page() for _ in range(2)
            ]
            yield pages
        finally:
            browser.close()


def verification_due(order: WorkOrder):
    return clocks_load(WorkOrder.objects.get(pk=order.pk).clocks)[ClockName.VERIFICATION].due_on


def test_a_leader_approves_an_extension_from_the_queue(live_server, two_pages, people, org):
    order = verifying_report(people, org)
    due_before = verification_due(order)
    handler, leader = two_pages

    sign_in(leader, live_server.url, "yanta_leader")
    leader.goto(f"{live_server.url}/handling/approvals/")
    leader.wait_for_selector("#approval-queue-empty")
    leader.wait_for_selector("html[data-live='open']", state="attached", timeout=15_000)

    sign_in(handler, live_server.url, "yanta_handler")
    handler.goto(f"{live_server.url}/handling/{order.pk}/")
    handler.click("#action-extend_verification > summary")
    handler.fill("#id_extend_verification-note", "需调取商场监控录像，核查期限不足")
    handler.click("button[name=submit-extend_verification]")
    handler.wait_for_selector("#approvals .approval-pending")
    approval = ApprovalRequest.objects.get(work_order=order)

    row = leader.wait_for_selector(f"#approval-{approval.pk}", timeout=15_000)  # arrives live, no reload
    text = row.inner_text()
    assert order.number in text
    assert "需调取商场监控录像" in text
    assert "yanta_handler" in text
    assert (
        f"{due_before:%Y-%m-%d}" in row.query_selector(".approval-due").inner_text()
    )  # the period to extend
    leader.fill(f"#id_a{approval.pk}-note", "同意延长十五个工作日")
    leader.click(f"#approval-{approval.pk} button[value=approve]")
    leader.wait_for_selector("#approval-queue-empty")
    assert "已批准" in leader.inner_text(".messages")

    approval.refresh_from_db()
    assert (approval.state, approval.decided_by) == (ApprovalState.APPROVED, people["yanta_leader"])
    due_after = verification_due(order)
    assert due_after == deadline_calendar().add_workdays(due_before, 15)
    event = WorkOrder.objects.get(pk=order.pk).events.order_by("-sequence").first()
    assert (event.action, event.actor, event.approver) == (
        Action.EXTEND_VERIFICATION.value,
        people["yanta_leader"],
        people["yanta_leader"],
    )

    handler.goto(f"{live_server.url}/handling/{order.pk}/")
    assert f"{due_after:%Y-%m-%d}" in handler.inner_text("body")
    assert "同意延长十五个工作日" in handler.inner_text("#approvals")
    assert "（审批人：yanta_leader）" in handler.inner_text("body")
