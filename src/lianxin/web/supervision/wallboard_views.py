"""`/wallboard/`: the supervisor's panel and the full-screen kiosk. The figures refresh as a fragment when a live
message about work orders or calls arrives (web/live.js → `lx:*`), and every 2 s in any case."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from lianxin.accounts.models import User
from lianxin.analytics.wallboard import wallboard_figures
from lianxin.common import clock
from lianxin.domain.workflow import Role
from lianxin.workforce.board import duty_today

WALLBOARD_ROLES = frozenset({Role.SHIFT_SUPERVISOR, Role.CENTER_MANAGER, Role.ADMINISTRATOR})


def _viewer(request: HttpRequest) -> User:
    user = request.user
    if not isinstance(user, User) or not (user.is_superuser or user.role_enum in WALLBOARD_ROLES):
        raise PermissionDenied("只有值班长和中心管理人员可以查看实时监控。")
    return user


def _context(user: User) -> dict:
    now = clock.now()
    _, duty = duty_today(now=now)
    on_shift = [row for row in duty if row.starts_at <= now < row.ends_at]
    return {
        "board": wallboard_figures(user=user, now=now, today=clock.local_date(now)),
        "on_shift": on_shift,
        "signed_in": sum(1 for row in on_shift if row.is_signed_in),
    }


@require_GET
def wallboard(request: HttpRequest) -> HttpResponse:
    user = _viewer(request)
    kiosk = request.GET.get("kiosk") == "1"
    if request.headers.get("HX-Request"):
        return render(request, "supervision/_wallboard_figures.html", _context(user))
    return render(request, "supervision/wallboard.html", {**_context(user), "kiosk": kiosk})
