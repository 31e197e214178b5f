"""The public sites in a real browser at a phone's viewport: a consumer files a complaint typed in Traditional
characters, confirms the code from the outbox, gets a number and tracks it; the business settles it in the ODR
portal and the consumer accepts; the disclosure shows it scrubbed; an agent records the callback."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

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
PHONE = {"width": 390, "height": 844}
ODR_PASSWORD = "Odr-Secret-2026!"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists() and not os.environ.get("CI"),
        reason="/usr/bin/chromium 不存在（apt-get install chromium）",
    ),
]


def _latest_code(phone: str) -> str:
    from lianxin.notifications.selectors import messages_to

    message = messages_to(phone).filter(code="portal_code").first()
    assert message is not None, "no code in the outbox"
    return re.search(r"\d{6}", message.body).group(0)


def test_file_confirm_track_settle_disclose_and_call_back(live_server, people, org):
    from playwright.sync_api import sync_playwright

    from lianxin.portal.models import Business, Callback, CallbackRule, DisclosurePolicy
    from lianxin.portal.services.callbacks import callbacks_select
    from lianxin.portal.services.disclosure import disclosure_publish
    from lianxin.portal.services.odr import business_account_create
    from lianxin.workorders.models import WorkOrder

    business = Business.objects.create(
        credit_code="91610113MA6W4X1Y2K", name="西安某某电器有限公司", is_odr_enrolled=True
    )
    business_account_create(business=business, username="dianqi", password=ODR_PASSWORD)

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        try:
            consumer = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True).new_page()
            consumer.goto(f"{live_server.url}/consumer/")
            consumer.click("text=我要投诉")
            assert "/consumer/verify/" in consumer.url
            consumer.fill("#phone", "139 1234 5678")
            consumer.fill("#id_captcha_1", "passed")
            consumer.click("button[value=send]")
            consumer.fill("#code", _latest_code("13912345678"))
            consumer.click("button[value=confirm]")
            assert "/consumer/file/complaint/" in consumer.url

            consumer.fill("#f-contact_name", "張偉")
            consumer.fill("#f-respondent_name", "西安某某電器有限公司")
            consumer.fill("#f-respondent_address", "西安市雁塔區長安南路88號")
            consumer.fill("#f-summary", "新買冰箱不製冷")
            consumer.fill(
                "#f-facts", "我叫張偉，電話13912345678，5月1日購買冰箱，三天後不製冷，商家拒絕退貨。"
            )
            consumer.fill("#f-claims", "退貨退款")
            consumer.fill("#f-amount_involved", "1280")
            consumer.check("input[name=consents_to_publish]")
            consumer.click("text=提交投诉")
            number = consumer.inner_text("#work-order-number")
            order = WorkOrder.objects.get(number=number)
            assert order.contact_name == "张伟"  # typed in Traditional characters
            assert (order.respondent_name, order.summary) == ("西安某某电器有限公司", "新买冰箱不制冷")
            assert order.handling_unit_id is None  # the enrolled business settles first
            consumer.click("text=查看办理进度")
            assert "待经营者处理" in consumer.inner_text("main")

            shop = browser.new_context(viewport=PHONE, is_mobile=True).new_page()
            shop.goto(f"{live_server.url}/odr/login/")
            shop.fill("#username", "dianqi")
            shop.fill("#password", ODR_PASSWORD)
            shop.click("button[type=submit]")
            shop.click(f"text={number}")
            page_text = shop.inner_text("main")
            assert "139****5678" in page_text
            assert "13912345678" not in page_text
            shop.select_option("#outcome", "refund")
            shop.fill("#amount", "1280")
            shop.fill("#answer", "同意全额退款，三日内原路退回")
            shop.click("text=提交答复")
            assert "等待消费者确认" in shop.inner_text("main")

            consumer.reload()
            consumer.click("text=接受方案，结束投诉")
            assert "已办结" in consumer.inner_text("#public-state")

            DisclosurePolicy.objects.create(delay_days=0)
            disclosure_publish()
            public = browser.new_context(viewport=PHONE).new_page()
            public.goto(f"{live_server.url}/disclosure/?q=某某电器")
            public.click("text=西安某某电器有限公司")
            text = public.inner_text("main")
            assert "我叫张某，电话【电话】" in text
            assert "13912345678" not in text
            assert "张伟" not in text

            CallbackRule.objects.create(sample_percent=100)
            assert callbacks_select() == 1
            agent = browser.new_page()
            agent.goto(f"{live_server.url}/login/")
            agent.fill("#id_username", "agent")
            agent.fill("#id_password", "pass-1234")
            agent.click("button[type=submit]")
            agent.goto(f"{live_server.url}/callbacks/")
            callback = Callback.objects.get()
            agent.select_option(f"#satisfaction-{callback.pk}", "satisfied")
            agent.fill(f"#remarks-{callback.pk}", "退款已到账，满意")
            agent.click("text=记录回访结果")
            assert "回访结果已记录" in agent.inner_text("main")
        finally:
            browser.close()
    callback.refresh_from_db()
    assert callback.satisfaction == "satisfied"
