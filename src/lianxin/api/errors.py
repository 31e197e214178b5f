"""One error envelope for the whole API: {"code", "message", "fields"} with Chinese messages."""

from __future__ import annotations

from typing import Any

from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from lianxin.domain.errors import DomainError


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, DomainError):
        return Response({"code": exc.code, "message": exc.message, "fields": exc.fields}, status=400)
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        response.data = {
            "code": "invalid",
            "message": "输入有误，请检查标出的项目。",
            "fields": response.data,
        }
    else:
        response.data = {"code": "error", "message": str(getattr(exc, "detail", exc)), "fields": {}}
    response.status_code = response.status_code or status.HTTP_400_BAD_REQUEST
    return response
