from datetime import date

import pytest
import time_machine
from django.urls import reverse

from lianxin.workorders.services import work_order_register
from lianxin.workorders.tests.factories import at, complaint_input, consultation_input

from .conftest import TODAY_AT

DUE_SOON_BADGE = 'badge-due_soon">即将到期'
OVERDUE_BADGE = 'badge-overdue">已超期'


def test_anonymous_root_leads_to_the_login_page(client, db):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == reverse("web:login")
    page = client.get(response["Location"])
    text = page.content.decode()
    assert page.status_code == 200
    assert "连心 12315 工单系统" in text
    assert "用户名" in text
    assert "密码" in text


def test_signed_in_root_leads_to_the_landing_page(client, people):
    client.force_login(people["agent"])
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == reverse("web:home")


def test_landing_page_requires_sign_in(client, db):
    response = client.get(reverse("web:home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("web:login"))


def test_bad_password_shows_a_chinese_error(client, people):
    response = client.post(reverse("web:login"), {"username": "agent", "password": "wrong-password"})
    assert response.status_code == 200
    assert "用户名或密码不正确，请重新输入。" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_good_password_signs_in_and_lands(client, people):
    response = client.post(reverse("web:login"), {"username": "agent", "password": "pass-1234"})
    assert response.status_code == 302
    assert response["Location"] == reverse("web:home")
    assert int(client.session["_auth_user_id"]) == people["agent"].pk


def test_logout_is_a_post_that_signs_out(client, people):
    client.force_login(people["agent"])
    response = client.post(reverse("web:logout"))
    assert response.status_code == 302
    assert client.get(reverse("web:home")).status_code == 302


def test_landing_shows_who_i_am_and_only_my_scope(client, people, landing_orders):
    client.force_login(people["yanta_handler"])
    with time_machine.travel(at(TODAY_AT), tick=False):
        response = client.get(reverse("web:home"))
    text = response.content.decode()
    assert response.status_code == 200
    assert "承办人" in text
    assert "西安市雁塔区市场监督管理局" in text
    assert landing_orders["due_soon"].number in text
    assert landing_orders["overdue"].number in text
    assert landing_orders["elsewhere"].number not in text
    assert DUE_SOON_BADGE in text
    assert OVERDUE_BADGE in text
    assert "2026-05-21" in text
    # No personal data of the complainant on this page.
    assert "13912345678" not in text
    assert "11010519491231002X" not in text
    assert "张伟" not in text


def test_center_agent_sees_every_work_order_of_the_center(client, people, landing_orders):
    client.force_login(people["agent"])
    with time_machine.travel(at(TODAY_AT), tick=False):
        text = client.get(reverse("web:home")).content.decode()
    for order in landing_orders.values():
        assert order.number in text


@pytest.mark.parametrize(
    ("query", "shown", "hidden"),
    [
        ({"overdue": "1"}, ["overdue"], ["due_soon", "elsewhere"]),
        ({"due_soon": "1"}, ["due_soon"], ["overdue", "elsewhere"]),
        ({"state": "dispatched"}, ["due_soon", "overdue", "elsewhere"], []),
        ({"state": "accepted"}, [], ["due_soon", "overdue", "elsewhere"]),
        ({"state": "no-such-state"}, ["due_soon", "overdue", "elsewhere"], []),
    ],
)
def test_landing_filters(client, people, landing_orders, query, shown, hidden):
    client.force_login(people["supervisor"])
    with time_machine.travel(at(TODAY_AT), tick=False):
        text = client.get(reverse("web:home"), query).content.decode()
    for key in shown:
        assert landing_orders[key].number in text
    for key in hidden:
        assert landing_orders[key].number not in text


def test_landing_pages_by_fifty(client, people):
    with time_machine.travel(at(TODAY_AT), tick=False):
        numbers = [
            work_order_register(
                actor=people["agent"], data=consultation_input(received_at=at("2026-05-20 09:00"))
            ).number
            for _ in range(51)
        ]
    client.force_login(people["agent"])
    with time_machine.travel(at(TODAY_AT), tick=False):
        first = client.get(reverse("web:home")).content.decode()
        second = client.get(reverse("web:home"), {"page": "2"}).content.decode()
    assert first.count('<td class="number">') == 50
    assert second.count('<td class="number">') == 1
    assert "第 1 / 2 页" in first
    assert "共 51 件" in first
    assert "page=2" in first
    # Newest first among items without a deadline, with the id breaking the tie.
    assert numbers[0] in second


def test_landing_shows_why_a_deadline_cannot_be_computed(client, people):
    # Received 2026-12-28: seven working days reach into 2027, which the calendar does not hold.
    with time_machine.travel(at("2026-12-28 10:00"), tick=False):
        order = work_order_register(
            actor=people["agent"], data=complaint_input(received_at=at("2026-12-28 09:00"))
        )
        client.force_login(people["agent"])
        text = client.get(reverse("web:home")).content.decode()
    assert order.due_on is None
    assert order.deadline_problem
    assert order.number in text
    assert order.deadline_problem in text


def test_landing_says_when_due_soon_cannot_be_judged(client, people):
    # On 2026-12-31 "two working days ahead" lies in 2027: say so, and refuse to guess.
    with time_machine.travel(at("2026-12-31 10:00"), tick=False):
        client.force_login(people["agent"])
        page = client.get(reverse("web:home"))
        filtered = client.get(reverse("web:home"), {"due_soon": "1"})
    assert page.status_code == 200
    assert "无法判断「即将到期」" in page.content.decode()
    assert "2027" in page.content.decode()
    assert filtered.status_code == 200
    assert "没有符合条件的工单" in filtered.content.decode()


def test_landing_links_admin_only_for_staff(client, people, admin_user):
    client.force_login(people["agent"])
    assert reverse("admin:index") not in client.get(reverse("web:home")).content.decode()
    client.force_login(admin_user)
    text = client.get(reverse("web:home")).content.decode()
    assert reverse("admin:index") in text
    assert reverse("api:docs") in text


def test_due_soon_badge_uses_the_configured_horizon(client, people, landing_orders, settings):
    # With zero working days only items due today count as due soon; 2026-05-21 no longer does.
    settings.LIANXIN_DUE_SOON_WORKDAYS = 0
    client.force_login(people["yanta_handler"])
    with time_machine.travel(at(TODAY_AT), tick=False):
        text = client.get(reverse("web:home")).content.decode()
    assert landing_orders["due_soon"].due_on == date(2026, 5, 21)
    assert DUE_SOON_BADGE not in text
    assert OVERDUE_BADGE in text


# --- issue 14: the landing page refuses filters on masked fields and masks identifiers in summaries ---------


def test_landing_refuses_a_filter_on_a_masked_field(client, people):
    client.force_login(people["analyst"])
    response = client.get(reverse("web:home"), {"contact_phone__startswith": "139"})
    assert response.status_code == 400
    assert "个人信息" in response.content.decode()


def test_landing_masks_identifiers_in_the_summary_for_masked_readers(client, people):
    with time_machine.travel(TODAY_AT, tick=False):
        work_order_register(actor=people["agent"], data=complaint_input(summary="请回电13912345678"))
    client.force_login(people["analyst"])
    text = client.get(reverse("web:home")).content.decode()
    assert "请回电139****5678" in text
    assert "13912345678" not in text
    client.force_login(people["agent"])
    assert "请回电13912345678" in client.get(reverse("web:home")).content.decode()
