"""In a real browser (Debian's Chromium through Playwright): an analyst opens the monthly statistics, drills into
one county's overdue items and downloads the report; a supervisor plans and publishes a week's roster and switches
the special period on."""

from __future__ import annotations

import os
from datetime import datetime

import pytest
import time_machine
from playwright.sync_api import expect

from lianxin.analytics.tests.conftest import cohort, satisfaction  # noqa: F401 - fixtures
from lianxin.web.tests.test_browser import CHROMIUM, CHROMIUM_ARGS
from lianxin.workforce.demo import demo_agents_ensure, history_rows
from lianxin.workforce.models import RosterVersion
from lianxin.workforce.supervision import call_history_store, special_period_is_on
from lianxin.workorders.tests.factories import at

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists() and not os.environ.get("CI"),
        reason="/usr/bin/chromium 不存在（apt-get install chromium）",
    ),
]


def _sign_in(page, base_url: str, username: str) -> None:
    page.goto(f"{base_url}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "pass-1234")
    page.click("button[type=submit]")
    page.wait_for_url("**/home/")


def test_analyst_reads_the_month_drills_into_overdue_items_and_downloads_the_report(
    live_server,
    people,
    org,
    cohort,  # noqa: F811
    tmp_path,
):
    from playwright.sync_api import sync_playwright

    with time_machine.travel(at("2026-07-01 09:00"), tick=True), sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        try:
            page = browser.new_page(viewport={"width": 1440, "height": 900})
            _sign_in(page, live_server.url, "analyst")
            page.click("text=统计分析")
            page.fill("input[name=start]", "2026-05-01")
            page.fill("input[name=end]", "2026-05-31")
            page.click("#statistics-filters button[type=submit]")
            page.wait_for_selector("#timeliness-table")
            assert page.locator(".stat-value").first.inner_text().strip().startswith("5")
            row = page.locator("#timeliness-table tr", has_text="碑林")
            assert row.locator("td.overdue-cell").inner_text() == "2"
            row.locator("td.overdue-cell a").click()
            page.wait_for_selector("#drill-table")
            assert page.inner_text("#drill-count") == "2"
            assert page.locator("#drill-table tbody tr").count() == 2
            assert "碑林" in page.inner_text("#drill-table")

            page.click("text=返回统计")
            page.click("text=月度报告")
            page.fill("input[name=month]", "2026-05")
            page.click("#report-form button[type=submit]")
            page.wait_for_selector("#reports-table")
            with page.expect_download() as download:
                page.click("#reports-table >> text=PDF")
            path = tmp_path / "report.pdf"
            download.value.save_as(path)
            assert path.read_bytes().startswith(b"%PDF")
        finally:
            browser.close()


def test_supervisor_reads_satisfaction_drills_into_it_and_reviews_the_dissatisfied_callback(
    live_server,
    people,
    org,
    satisfaction,  # noqa: F811
):
    from playwright.sync_api import sync_playwright

    with time_machine.travel(at("2026-07-01 09:00"), tick=True), sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        try:
            page = browser.new_page(viewport={"width": 1440, "height": 900})
            _sign_in(page, live_server.url, "supervisor")
            page.goto(f"{live_server.url}/analytics/?start=2026-05-01&end=2026-05-31")
            card = page.locator("#satisfaction")
            expect(card).to_be_visible()
            expect(card).to_contain_text("网上评价满意率")
            online = page.locator('#satisfaction-table tr[data-unit="合计"][data-source="rating"]')
            expect(online.locator("td").nth(6)).to_have_text("50.0%")
            online.locator("td").nth(5).locator("a").click()  # 不满意
            expect(page.locator("#drill-count")).to_have_text("1")
            expect(page.locator("#drill-table")).to_contain_text("碑林")
            page.click("text=返回统计")
            pending = page.locator("#satisfaction .stat", has_text="回访不满意待复核")
            expect(pending.locator(".stat-value")).to_have_text("1")
            pending.locator("a").click()
            page.wait_for_url("**/callbacks/")
            number = satisfaction["beilin_closed"].number
            review = page.locator("tr", has_text=number)
            review.locator("input[name=review_note]").fill("已督促碑林区局回复消费者")
            review.locator("button[type=submit]").click()
            expect(page.locator(".messages")).to_contain_text("复核意见已记录")
            page.goto(f"{live_server.url}/analytics/?start=2026-05-01&end=2026-05-31")
            expect(
                page.locator("#satisfaction .stat", has_text="回访不满意待复核").locator(".stat-value")
            ).to_have_text("0")
        finally:
            browser.close()


def test_supervisor_plans_and_publishes_a_week_and_switches_the_special_period_on(live_server, people, org):
    with time_machine.travel(at("2026-05-20 10:00"), tick=True):
        demo_agents_ensure(14)
        call_history_store(history_rows(datetime(2026, 4, 6), 42, calls_per_day=300))  # noqa: DTZ001 - local
    from playwright.sync_api import sync_playwright

    with time_machine.travel(at("2026-05-20 10:00"), tick=True), sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        try:
            page = browser.new_page(viewport={"width": 1440, "height": 900})
            page.set_default_timeout(
                120_000
            )  # CP-SAT runs inside the request in tests (jobs are synchronous)
            _sign_in(page, live_server.url, "supervisor")
            page.click("text=排班")
            assert page.input_value("#plan-start") == "2026-05-25"
            page.fill("#plan-plus", "10")
            page.click("#plan-form button[type=submit]")
            page.wait_for_selector("#versions-table")
            page.click("#versions-table >> text=第 1 版")
            page.wait_for_selector("#roster-grid")
            assert page.locator("#roster-grid tbody tr").count() == 14
            assert page.locator("#roster-grid td.night").count() > 0  # nights visible
            page.click("#publish")
            page.wait_for_selector("text=已发布")
            page.click("text=返回排班")
            page.fill("#special-form input[name=note]", "疫情封控")
            page.click("#special-on")
            page.wait_for_selector("#special-badge")
            assert "特殊时期已开启" in page.inner_text(".messages")
        finally:
            browser.close()
    assert RosterVersion.objects.get().published_at is not None
    assert special_period_is_on()


def _stat_value(page, label: str):
    return page.locator("#wallboard-calls .stat", has_text=label).locator(".stat-value")


def _stat(page, label: str) -> str:
    return _stat_value(page, label).inner_text().strip()


def test_supervisor_wallboard_shows_the_simulated_calls(live_server, people, org):
    """Calls arrive through the CTI service while the supervisor watches: the figures follow the call records
    (pushed live, or at the latest by the 2 s refresh)."""
    from playwright.sync_api import sync_playwright

    from lianxin.analytics.wallboard import wallboard_figures
    from lianxin.common import clock
    from lianxin.intake.models import AgentSeat
    from lianxin.intake.services import agent_sign_in
    from lianxin.intake.services.cti import CtiPayload, cti_event_receive

    AgentSeat.objects.create(extension="8001")
    agent_sign_in(user=people["agent"], extension="8001")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        try:
            page = browser.new_page(viewport={"width": 1440, "height": 900})
            errors: list[str] = []
            page.on(
                "console", lambda message: errors.append(message.text) if message.type == "error" else None
            )
            _sign_in(page, live_server.url, "supervisor")
            page.goto(f"{live_server.url}/wallboard/")
            assert _stat(page, "今日呼入") == "0"
            assert "就绪" in page.inner_text("#wallboard-agents")
            for call_id in ("b1", "b2", "b3"):
                cti_event_receive(
                    token=None, payload=CtiPayload(event="newCall", call_id=call_id, to_number="12315")
                )
            cti_event_receive(token=None, payload=CtiPayload(event="answer", call_id="b1"))
            cti_event_receive(token=None, payload=CtiPayload(event="hangup", call_id="b2", cause="cancel"))
            # A locator wait, not wait_for_function: the page's CSP forbids evaluating strings as script.
            now = clock.now()
            board = wallboard_figures(user=people["supervisor"], now=now, today=clock.local_date(now))
            assert (
                board.calls.offered_today,
                board.calls.answered_today,
                board.calls.abandoned_today,
                board.calls.waiting,
            ) == (3, 1, 1, 1)
            # Each figure is waited for, not read once after a pause: on a loaded machine the pushes and the 2 s
            # refresh may arrive one by one.
            for label, figure in (("今日呼入", "3"), ("今日接听", "1"), ("今日放弃", "1"), ("排队等待", "1")):
                expect(_stat_value(page, label)).to_have_text(figure, timeout=10_000)
            expect(page.locator("#wallboard-agents")).to_contain_text("通话", timeout=10_000)
            assert people["agent"].full_name in page.inner_text("#wallboard-agents")
            assert not [e for e in errors if "Content Security Policy" in e]
        finally:
            browser.close()
