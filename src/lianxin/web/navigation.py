"""The staff navigation: one list of entries, each shown to the roles it serves (ADR 0013).

A screen package adds its entry here with its URL name; an entry whose URL does not resolve (its screen is not
installed) is left out, so the list may name screens that other packages provide.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse

from lianxin.domain.workflow import Role

CENTER_STAFF = frozenset({Role.AGENT, Role.SHIFT_SUPERVISOR})
UNIT_STAFF = frozenset({Role.UNIT_HANDLER, Role.UNIT_LEADER})
MANAGERS = frozenset({Role.SHIFT_SUPERVISOR, Role.CENTER_MANAGER})
READERS = frozenset({Role.SHIFT_SUPERVISOR, Role.CENTER_MANAGER, Role.ANALYST, Role.ADMINISTRATOR})
EVERYONE = frozenset(Role)


@dataclass(frozen=True, slots=True)
class NavItem:
    label: str
    url_name: str
    roles: frozenset[Role]
    key: str = ""  # the access key (Alt+key in Chromium) for keyboard users


NAV_ITEMS: tuple[NavItem, ...] = (
    NavItem("坐席工作台", "workstation:index", CENTER_STAFF, "1"),
    NavItem("承办工作", "handling:inbox", UNIT_STAFF, "1"),
    NavItem("待我审批", "handling:approvals", frozenset({Role.UNIT_LEADER})),
    NavItem("待分送", "work_orders:dispatch_queue", CENTER_STAFF | {Role.CENTER_MANAGER}),
    NavItem("我的工单", "web:home", EVERYONE, "2"),
    NavItem("回访", "callbacks:list", CENTER_STAFF),
    NavItem("实时监控", "supervision:wallboard", MANAGERS, "3"),
    NavItem("排班", "supervision:rosters", MANAGERS, "4"),
    NavItem("统计分析", "supervision:analytics", READERS, "5"),
)


def _resolve(url_name: str) -> str | None:
    try:
        return reverse(url_name)
    except NoReverseMatch:
        return None


def navigation(request: HttpRequest) -> dict:
    """Context processor: ``nav_items`` (label, url, is_current, key) for the signed-in user."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    try:
        role = Role(user.role)
    except ValueError:
        return {"nav_items": []}
    items = []
    for item in NAV_ITEMS:
        if role not in item.roles and not (user.is_superuser and item.roles is READERS):
            continue
        url = _resolve(item.url_name)
        if url is None:
            continue
        items.append({"label": item.label, "url": url, "key": item.key, "is_current": False})
    # One current item: the longest address the page lies under (/handling/approvals/ is 待我审批, not also 承办工作).
    matching = [entry for entry in items if request.path.startswith(entry["url"])]
    if matching:
        max(matching, key=lambda entry: len(entry["url"]))["is_current"] = True
    return {"nav_items": items}
