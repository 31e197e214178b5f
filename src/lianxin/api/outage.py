"""A database outage answers 503, never an HTML 500: the envelope under /api/, a Chinese page elsewhere.

Django turns an exception raised in a view *or in any middleware* into a 500 response before an outer middleware
could catch it, but it first sends ``got_request_exception`` with the request. The receiver marks the request when
the exception is a database outage; this middleware (the outermost) then replaces the 500 with the 503.
"""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Callable
from typing import Any

from asgiref.sync import iscoroutinefunction, markcoroutinefunction
from django.core.signals import got_request_exception
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string

from .errors import (
    DATABASE_OUTAGE_ERRORS,
    RETRY_AFTER_SECONDS,
    SERVICE_UNAVAILABLE_MESSAGE,
    ErrorCode,
    envelope,
)

logger = logging.getLogger(__name__)
_MARK = "_lianxin_database_outage"


def _mark_outage(sender: Any, request: HttpRequest | None = None, **kwargs: Any) -> None:
    error = sys.exc_info()[1]
    if request is not None and isinstance(error, DATABASE_OUTAGE_ERRORS):
        setattr(request, _MARK, True)
        logger.warning("database outage during %s %s: %s", request.method, request.path, error)


got_request_exception.connect(_mark_outage, dispatch_uid="lianxin.api.outage")


def outage_page(request: HttpRequest) -> HttpResponse:
    if request.path.startswith("/api/"):
        body = json.dumps(
            envelope(ErrorCode.SERVICE_UNAVAILABLE, SERVICE_UNAVAILABLE_MESSAGE), ensure_ascii=False
        )
        response = HttpResponse(body, status=503, content_type="application/json")
    else:
        # A page that needs no database: no user, no navigation, no session.
        response = HttpResponse(render_to_string("web/503.html"), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


class DatabaseOutageMiddleware:
    sync_capable = True
    async_capable = True

    def __init__(self, get_response: Callable[[HttpRequest], Any]) -> None:
        self.get_response = get_response
        self.is_async = iscoroutinefunction(get_response)
        if self.is_async:
            markcoroutinefunction(self)

    def __call__(self, request: HttpRequest) -> Any:
        if self.is_async:
            return self._acall(request)
        response = self.get_response(request)
        return outage_page(request) if getattr(request, _MARK, False) else response

    async def _acall(self, request: HttpRequest) -> HttpResponse:
        response = await self.get_response(request)  # type: ignore[misc]
        return outage_page(request) if getattr(request, _MARK, False) else response
