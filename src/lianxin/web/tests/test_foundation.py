"""The shared staff frame: Chinese error pages inside the app, navigation by role, no inline script or style."""

from __future__ import annotations

import re

from django.test import override_settings

from lianxin.web import navigation


def test_an_unknown_address_answers_a_chinese_404_inside_the_frame(client, people):
    client.force_login(people["agent"])
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "页面不存在" in html
    assert "连心 12315 工单系统" in html  # the app's frame, not Django's bare "Not Found"
    assert "Not Found" not in html


def test_a_server_error_answers_a_chinese_500_page(db, rf):
    from django.views.defaults import server_error

    response = server_error(rf.get("/"))
    assert response.status_code == 500
    assert "系统出错" in response.content.decode()


def test_navigation_shows_each_role_only_its_screens(client, people, monkeypatch):
    monkeypatch.setattr(
        navigation,
        "NAV_ITEMS",
        (
            navigation.NavItem("我的工单", "web:home", navigation.EVERYONE, "2"),
            navigation.NavItem("接口文档X", "api:docs", frozenset({navigation.Role.ANALYST})),
            navigation.NavItem("未安装的页面", "nowhere:index", navigation.EVERYONE),
        ),
    )
    client.force_login(people["agent"])
    html = client.get("/home/").content.decode()
    assert 'accesskey="2"' in html
    assert "我的工单" in html
    assert "接口文档X" not in html  # another role's screen
    assert "未安装的页面" not in html  # a screen whose URL does not resolve is left out
    client.force_login(people["analyst"])
    assert "接口文档X" in client.get("/home/").content.decode()


def test_only_the_most_specific_navigation_item_is_current(client, people):
    client.force_login(people["yanta_leader"])
    html = client.get("/handling/approvals/").content.decode()
    current = re.findall(r'<a href="([^"]+)" aria-current="page"', html)
    assert current == ["/handling/approvals/"]  # 待我审批 only, not also 承办工作 (/handling/)
    html = client.get("/handling/").content.decode()
    assert re.findall(r'<a href="([^"]+)" aria-current="page"', html) == ["/handling/"]


@override_settings(DEBUG=False)
def test_staff_pages_carry_no_inline_script_or_style(client, people):
    """The Content-Security-Policy allows scripts and styles from our own static files only."""
    client.force_login(people["agent"])
    for url in ["/home/", "/no-such-page/"]:
        html = client.get(url).content.decode()
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), url
        assert " style=" not in html, url
        assert not re.search(r"\son[a-z]+=", html), url
    client.logout()
    html = client.get("/login/").content.decode()
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html)
