"""What every interface shares: response headers, and one reading of the reference-data token per request."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponseBase
from django.utils.cache import add_never_cache_headers

from lianxin.common.reference_cache import token_read_once


class ReferenceTokenMiddleware:
    """The reference data's version token is read at most once per request (`common.reference_cache`): a list
    screen that asks for the rule sets, the calendar or the unit directory once per row costs no query per row."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        with token_read_once():
            return self.get_response(request)


class NoStoreMiddleware:
    """``Cache-Control: no-store`` on every response to a signed-in user and on every API response.

    Such responses may carry personal data (a work order, a caller's history); no browser cache, shared proxy or
    back-button snapshot may keep them. Public pages (sign-in) and static files (served earlier by WhiteNoise,
    with their own long cache headers) are not affected.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        signed_in = user is not None and user.is_authenticated
        if (signed_in or request.path.startswith("/api/")) and "no-store" not in response.get(
            "Cache-Control", ""
        ):
            add_never_cache_headers(response)  # max-age=0, no-cache, no-store, must-revalidate, private
        return response
