"""One real browser: Debian's Chromium, driven by Playwright, signs in and sees the landing page."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from lianxin.domain.workflow import Action
from lianxin.workorders.services import TransitionInput, work_order_register, work_order_transition
from lianxin.workorders.tests.factories import complaint_input

# Playwright's sync API runs an event loop in this thread; Django refuses ORM calls from one unless told.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

# Skipped only on a developer machine without Chromium; in CI (CI set) a missing browser is a failure.
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists() and not os.environ.get("CI"),
        reason="/usr/bin/chromium 不存在（apt-get install chromium）",
    ),
]


def test_sign_in_through_the_form_and_see_my_work_orders(live_server, people, org):
    from lianxin.common import clock

    order = work_order_register(
        actor=people["agent"], data=complaint_input(received_at=clock.now().replace(microsecond=0))
    )
    order = work_order_transition(
        work_order_id=order.pk,
        actor=people["agent"],
        data=TransitionInput(Action.DISPATCH, handling_unit_id=org["yanta"].pk),
    )

    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        try:
            page = browser.new_page()
            page.goto(f"{live_server.url}/")
            assert page.url.endswith("/login/")
            assert "连心 12315 工单系统" in page.title()

            page.fill("#id_username", "yanta_handler")
            page.fill("#id_password", "wrong")
            page.click("button[type=submit]")
            assert "用户名或密码不正确" in page.inner_text("[role=alert]")

            page.fill("#id_username", "yanta_handler")
            page.fill("#id_password", "pass-1234")
            page.click("button[type=submit]")
            page.wait_for_url("**/home/")
            assert "承办人" in page.inner_text(".whoami")
            assert page.inner_text("td.number") == order.number
            assert page.evaluate("getComputedStyle(document.querySelector('.topbar')).display") == "flex"
        finally:
            browser.close()
