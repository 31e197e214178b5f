"""Session timeouts and the two-factor gate (issue 14 item 3), as middleware after authentication.

- Idle timeout: no request for ``LIANXIN_SESSION_IDLE_SECONDS`` signs the user out; absolute timeout: the session
  ends ``LIANXIN_SESSION_ABSOLUTE_SECONDS`` after sign-in, however active. Pages redirect to the login page with a
  message; the API then answers 401 like any anonymous request.
- Two-factor: an administrator or unit leader (`accounts.two_factor.requires_two_factor`) who signed in with a
  password reaches nothing but the verify / enrol pages and sign-out until a TOTP code is accepted — this covers
  the admin too, whose login leads here. Token-authenticated API requests are not affected (the token endpoint
  asked for the code).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse

from lianxin.accounts.two_factor import confirmed_device, requires_two_factor
from lianxin.api.errors import ErrorCode, envelope

AUTH_AT = "_lx_auth_at"
SEEN_AT = "_lx_seen_at"
SEEN_RESOLUTION = 60  # seconds: the session is written at most once a minute to record activity
TIMED_OUT = "timeout"


def _start_session_clock(sender: object, request: HttpRequest, **kwargs: object) -> None:
    now = time.time()
    request.session[AUTH_AT] = now
    request.session[SEEN_AT] = now


user_logged_in.connect(_start_session_clock, dispatch_uid="lianxin.web.session_clock")


class SessionTimeoutMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated and "HTTP_AUTHORIZATION" not in request.META:
            now = time.time()
            session = request.session
            auth_at = session.setdefault(AUTH_AT, now)
            seen_at = session.get(SEEN_AT, now)
            idle = now - seen_at > settings.LIANXIN_SESSION_IDLE_SECONDS
            expired = now - auth_at > settings.LIANXIN_SESSION_ABSOLUTE_SECONDS
            if idle or expired:
                logout(request)
                if not request.path.startswith("/api/"):
                    query = urlencode({"next": request.get_full_path(), "reason": TIMED_OUT})
                    return redirect(f"{reverse('web:login')}?{query}")
            elif now - seen_at >= SEEN_RESOLUTION or SEEN_AT not in session:
                session[SEEN_AT] = now
        return self.get_response(request)


def _exempt(path: str) -> bool:
    allowed = (reverse("web:two-factor"), reverse("web:two-factor-enrol"), reverse("web:logout"))
    return path in allowed or path.startswith(
        settings.STATIC_URL if settings.STATIC_URL.startswith("/") else "/static/"
    )


class TwoFactorRequiredMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            "HTTP_AUTHORIZATION" not in request.META
            and requires_two_factor(user)  # type: ignore[arg-type]
            and not user.is_verified()  # type: ignore[union-attr]
            and not _exempt(request.path)
        ):
            if request.path.startswith("/api/"):
                body = envelope(ErrorCode.TWO_FACTOR_REQUIRED, "请先在网页上完成两步验证。")
                return JsonResponse(body, status=403, json_dumps_params={"ensure_ascii": False})
            target = "web:two-factor" if confirmed_device(user) else "web:two-factor-enrol"  # type: ignore[arg-type]
            return redirect(f"{reverse(target)}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)
