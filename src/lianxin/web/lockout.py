"""The answer to a locked-out login (django-axes ``AXES_LOCKOUT_CALLABLE``): a Chinese page, or the API envelope."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from lianxin.api.errors import ErrorCode, envelope

from .forms import LoginForm


def lockout_message() -> str:
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return (
        f"登录失败次数过多，该账号或您所在的网络地址已被暂时锁定 {minutes} 分钟。"
        "请稍后再试；如忘记密码，请联系系统管理员。"
    )


def lockout_response(
    request: HttpRequest, original_response: Any = None, credentials: Any = None
) -> HttpResponse:
    if request.path.startswith("/api/"):
        response: HttpResponse = JsonResponse(
            envelope(ErrorCode.ACCOUNT_LOCKED, lockout_message()),
            status=429,
            json_dumps_params={"ensure_ascii": False},
        )
    else:
        response = render(
            request,
            "web/login.html",
            {"form": LoginForm(request), "lockout_message": lockout_message(), "next": ""},
            status=429,
        )
    response["Retry-After"] = str(int(settings.AXES_COOLOFF_TIME.total_seconds()))
    return response
