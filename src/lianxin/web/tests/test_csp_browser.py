"""The Content-Security-Policy holds in a real browser (issue 14 item 8): Chromium loads the staff frame
(web/base.html, ADR 0013), the landing page, the admin and the API docs with the policy on and reports no
violation — no inline script, no inline style, nothing from another origin."""

from __future__ import annotations

import pytest

from lianxin.accounts.services import user_create
from lianxin.domain.workflow import Action, Role
from lianxin.workorders.services import TransitionInput, work_order_register, work_order_transition
from lianxin.workorders.tests.factories import complaint_input

from .test_browser import CHROMIUM, CHROMIUM_ARGS, pytestmark  # noqa: F401 - the browser marker and skip

RECORD_VIOLATIONS = """
window.__csp = [];
document.addEventListener('securitypolicyviolation', (e) => {
  window.__csp.push(
    e.violatedDirective + ' ' + (e.blockedURI || 'inline') + ' ' + (e.sourceFile || '') + ':' + e.lineNumber
  );
});
"""


def _violations(page, url: str, console: list[str]) -> list[str]:
    console.clear()
    response = page.goto(url)
    assert response is not None
    assert response.status == 200, url
    assert "script-src 'self'" in response.headers["content-security-policy"]
    page.wait_for_load_state("networkidle")
    found = page.evaluate("window.__csp")
    return found + [line for line in console if "Content Security Policy" in line]


@pytest.mark.django_db(transaction=True)
def test_pages_satisfy_the_content_security_policy(live_server, people, org):
    order = work_order_register(actor=people["agent"], data=complaint_input())
    work_order_transition(
        work_order_id=order.pk,
        actor=people["agent"],
        data=TransitionInput(Action.DISPATCH, handling_unit_id=org["yanta"].pk),
    )
    user_create(
        username="root",
        password="pass-1234",
        role=Role.ADMINISTRATOR,
        unit=None,
        is_staff=True,
        is_superuser=True,
    )

    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        try:
            page = browser.new_page()
            page.add_init_script(RECORD_VIOLATIONS)
            console: list[str] = []
            page.on("console", lambda message: console.append(message.text))
            base = live_server.url
            assert _violations(page, f"{base}/login/", console) == []
            page.fill("#id_username", "root")
            page.fill("#id_password", "pass-1234")
            page.click("button[type=submit]")
            page.wait_for_url("**/home/")
            for path in (
                "/home/",
                "/admin/",
                "/admin/workorders/workorder/",
                f"/admin/workorders/workorder/{order.pk}/change/",
                "/admin/audit/personaldataaccess/",
                "/api/v1/docs/",
            ):
                assert _violations(page, f"{base}{path}", console) == [], path
            # The docs page really rendered Swagger UI from our own origin.
            page.goto(f"{base}/api/v1/docs/")
            page.wait_for_selector(".swagger-ui .info", timeout=15000)
            page.goto("about:blank")  # end the live-push stream while the test database is still open
            page.wait_for_timeout(300)
        finally:
            browser.close()
