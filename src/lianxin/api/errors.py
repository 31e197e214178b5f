"""One error envelope for the whole API: ``{"code", "message", "fields"}`` with Chinese messages.

Every error a client can meet — DRF's own (authentication, permission, parsing, method, throttling), bad input,
and the refusals of the domain and the work-order services — leaves the API in this one shape:

- ``code``: a stable machine value from `ErrorCode` (programs branch on it, never on the message);
- ``message``: one Chinese sentence for the person at the screen;
- ``fields``: ``{field name: [Chinese messages]}`` for input errors, ``{}`` otherwise.

Status mapping (the contract `api/tests/test_errors.py` pins down):

============================================  ======  =========================
error                                         status  code
============================================  ======  =========================
serializer validation, `InvalidWorkOrder`     400     invalid
`RequirementMissing` (ground, note, amount…)  400     requirement_missing
`TooManyRepresentatives` (joint complaint:    400     too_many_representatives
more than two representatives, Art. 12)
`AllClaimsDropped` (every request dropped:    400     all_claims_dropped
a withdrawal, ended by terminate_mediation)
bad username/password at the token endpoint   400     invalid_credentials
missing/wrong TOTP code at the token endpoint  400     two_factor_required
too many failed logins (account or address)    429     account_locked
malformed JSON / form body, JSON nested       400     parse_error
deeper than `parsers.MAX_JSON_DEPTH`
body over DATA_UPLOAD_MAX_MEMORY_SIZE         413     payload_too_large
no credentials / bad token                    401     not_authenticated /
                                                      authentication_failed
DRF PermissionDenied, `ActionForbidden`,      403     permission_denied /
work order outside the user's data scope              forbidden
unknown id (`WorkOrderNotFound`, Http404)     404     not_found
method not allowed                            405     method_not_allowed
`IllegalTransition`                           409     illegal_transition
`StaleWorkOrder` (version mismatch, a         409     conflict
concurrent transition won)
`CalendarYearNotLoaded`                       409     calendar_year_not_loaded
`NoRuleSetInForce`                            409     no_rule_set_in_force
unsupported media type                        415     unsupported_media_type
throttled                                     429     throttled
`Idempotency-Key` reused for another request  422     idempotency_key_reused
the database unreachable or out of            503     service_unavailable
connections (`DATABASE_OUTAGE_ERRORS`)                (with ``Retry-After``)
============================================  ======  =========================

A database outage anywhere in a request — in a view, in DRF, or in a middleware — answers 503 in this envelope
(``lianxin.api.outage.DatabaseOutageMiddleware``), and a Chinese 503 page outside the API.

Why 409 for `CalendarYearNotLoaded` (and for `NoRuleSetInForce`): the request itself is well formed and would
succeed against a fully configured system; it conflicts with the *current state of the reference data* (the
holiday arrangement of a year, published each November, has not been loaded yet). The client cannot fix it by
changing its input — 422 would suggest it can — while an administrator can resolve the conflict
(``./lianxin calendar add-year``) after which the same request succeeds. The message names the year.

Why 401 (not DRF's 403) for missing credentials: session authentication comes first in the settings, and DRF
then answers 403 because a session has no ``WWW-Authenticate`` challenge. The token scheme has one, so we answer
401 with ``WWW-Authenticate: Token`` — the correct signal for an API client to (re)authenticate.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from enum import StrEnum
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent
from django.db import InterfaceError, OperationalError
from django.http import Http404
from rest_framework import exceptions, serializers, status
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView
from rest_framework.views import exception_handler as drf_exception_handler

from lianxin.common.idempotency import IdempotencyKeyReused, InvalidIdempotencyKey
from lianxin.domain.agent_states import IllegalAgentMove
from lianxin.domain.errors import (
    AllClaimsDropped,
    CalendarYearNotLoaded,
    DomainError,
    IllegalTransition,
    NoRuleSetInForce,
    RequirementMissing,
    TooManyRepresentatives,
)
from lianxin.intake.errors import CallNotFound, IntakeForbidden, InvalidIntakeInput
from lianxin.workorders.errors import ActionForbidden, InvalidWorkOrder, StaleWorkOrder, WorkOrderNotFound


class ErrorCode(StrEnum):
    """Every `code` the API may return. Stable: clients branch on these."""

    INVALID = "invalid"
    REQUIREMENT_MISSING = "requirement_missing"
    INVALID_CREDENTIALS = "invalid_credentials"
    PARSE_ERROR = "parse_error"
    NOT_AUTHENTICATED = "not_authenticated"
    AUTHENTICATION_FAILED = "authentication_failed"
    PERMISSION_DENIED = "permission_denied"
    FORBIDDEN = "forbidden"
    NOT_FOUND = "not_found"
    METHOD_NOT_ALLOWED = "method_not_allowed"
    NOT_ACCEPTABLE = "not_acceptable"
    UNSUPPORTED_MEDIA_TYPE = "unsupported_media_type"
    PAYLOAD_TOO_LARGE = "payload_too_large"
    THROTTLED = "throttled"
    ILLEGAL_TRANSITION = "illegal_transition"
    CONFLICT = "conflict"
    CALENDAR_YEAR_NOT_LOADED = "calendar_year_not_loaded"
    NO_RULE_SET_IN_FORCE = "no_rule_set_in_force"
    IDEMPOTENCY_KEY_REUSED = "idempotency_key_reused"
    TWO_FACTOR_REQUIRED = "two_factor_required"
    ACCOUNT_LOCKED = "account_locked"
    SERVICE_UNAVAILABLE = "service_unavailable"
    TOO_MANY_REPRESENTATIVES = "too_many_representatives"
    ALL_CLAIMS_DROPPED = "all_claims_dropped"
    ERROR = "error"


INVALID_INPUT_MESSAGE = "输入有误，请检查标出的项目。"
SERVICE_UNAVAILABLE_MESSAGE = (
    "系统暂时无法访问数据库，请稍后重试（已提交的请求可凭同一 Idempotency-Key 重试，不会重复登记）。"
)
RETRY_AFTER_SECONDS = 5

# The database is down, restarting, or has no free connection: the client should retry, not give up.
DATABASE_OUTAGE_ERRORS: tuple[type[Exception], ...] = (OperationalError, InterfaceError)


def outage_response() -> Response:
    response = Response(envelope(ErrorCode.SERVICE_UNAVAILABLE, SERVICE_UNAVAILABLE_MESSAGE), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response

# Domain and service errors: (status, code). The first matching class wins, so subclasses come first.
_DOMAIN_ERRORS: tuple[tuple[type[DomainError], int, ErrorCode], ...] = (
    (IllegalTransition, status.HTTP_409_CONFLICT, ErrorCode.ILLEGAL_TRANSITION),
    (IllegalAgentMove, status.HTTP_409_CONFLICT, ErrorCode.ILLEGAL_TRANSITION),
    (IntakeForbidden, status.HTTP_403_FORBIDDEN, ErrorCode.FORBIDDEN),
    (CallNotFound, status.HTTP_404_NOT_FOUND, ErrorCode.NOT_FOUND),
    (InvalidIntakeInput, status.HTTP_400_BAD_REQUEST, ErrorCode.INVALID),
    (StaleWorkOrder, status.HTTP_409_CONFLICT, ErrorCode.CONFLICT),
    (CalendarYearNotLoaded, status.HTTP_409_CONFLICT, ErrorCode.CALENDAR_YEAR_NOT_LOADED),
    (NoRuleSetInForce, status.HTTP_409_CONFLICT, ErrorCode.NO_RULE_SET_IN_FORCE),
    (ActionForbidden, status.HTTP_403_FORBIDDEN, ErrorCode.FORBIDDEN),
    (WorkOrderNotFound, status.HTTP_404_NOT_FOUND, ErrorCode.NOT_FOUND),
    (InvalidWorkOrder, status.HTTP_400_BAD_REQUEST, ErrorCode.INVALID),
    (RequirementMissing, status.HTTP_400_BAD_REQUEST, ErrorCode.REQUIREMENT_MISSING),
    (TooManyRepresentatives, status.HTTP_400_BAD_REQUEST, ErrorCode.TOO_MANY_REPRESENTATIVES),
    (AllClaimsDropped, status.HTTP_400_BAD_REQUEST, ErrorCode.ALL_CLAIMS_DROPPED),
    (IdempotencyKeyReused, status.HTTP_422_UNPROCESSABLE_ENTITY, ErrorCode.IDEMPOTENCY_KEY_REUSED),
    (InvalidIdempotencyKey, status.HTTP_400_BAD_REQUEST, ErrorCode.INVALID),
)


class InvalidCredentials(exceptions.APIException):
    """Wrong username or password at the token endpoint (400, like DRF's own obtain-token view)."""

    status_code = status.HTTP_400_BAD_REQUEST
    default_detail = "用户名或密码错误，或账号已停用。"
    default_code = ErrorCode.INVALID_CREDENTIALS.value


class TwoFactorRequired(exceptions.APIException):
    """The account uses two-factor authentication and the TOTP code is missing or wrong."""

    status_code = status.HTTP_400_BAD_REQUEST
    default_detail = "该账号已启用两步验证：请在 otp 中填写身份验证器上的 6 位动态验证码（未绑定的请先在网页登录时绑定）。"
    default_code = ErrorCode.TWO_FACTOR_REQUIRED.value


def _drf_message(exc: exceptions.APIException) -> tuple[int, ErrorCode, str]:
    """DRF's exceptions carry English (or library-translated) text; ours are written out here."""
    if isinstance(exc, exceptions.NotAuthenticated):
        return status.HTTP_401_UNAUTHORIZED, ErrorCode.NOT_AUTHENTICATED, "请先登录（会话或令牌）。"
    if isinstance(exc, exceptions.AuthenticationFailed):
        return (
            status.HTTP_401_UNAUTHORIZED,
            ErrorCode.AUTHENTICATION_FAILED,
            "身份认证失败：令牌无效或账号已停用，请重新登录。",
        )
    if isinstance(exc, exceptions.PermissionDenied):
        return status.HTTP_403_FORBIDDEN, ErrorCode.PERMISSION_DENIED, "您没有执行该操作的权限。"
    if isinstance(exc, exceptions.NotFound):
        return status.HTTP_404_NOT_FOUND, ErrorCode.NOT_FOUND, "请求的资源不存在。"
    if isinstance(exc, exceptions.MethodNotAllowed):
        return status.HTTP_405_METHOD_NOT_ALLOWED, ErrorCode.METHOD_NOT_ALLOWED, "该地址不支持此请求方法。"
    if isinstance(exc, exceptions.ParseError):
        return status.HTTP_400_BAD_REQUEST, ErrorCode.PARSE_ERROR, "请求内容格式错误，无法解析。"
    if isinstance(exc, exceptions.UnsupportedMediaType):
        return (
            status.HTTP_415_UNSUPPORTED_MEDIA_TYPE,
            ErrorCode.UNSUPPORTED_MEDIA_TYPE,
            "不支持的请求内容类型，请使用 application/json。",
        )
    if isinstance(exc, exceptions.NotAcceptable):
        return status.HTTP_406_NOT_ACCEPTABLE, ErrorCode.NOT_ACCEPTABLE, "无法按请求的格式返回结果。"
    if isinstance(exc, exceptions.Throttled):
        wait = f"请 {math.ceil(exc.wait)} 秒后再试。" if exc.wait is not None else "请稍后再试。"
        return status.HTTP_429_TOO_MANY_REQUESTS, ErrorCode.THROTTLED, f"请求过于频繁，{wait}"
    if isinstance(exc, InvalidCredentials):
        return exc.status_code, ErrorCode.INVALID_CREDENTIALS, str(exc.detail)
    if isinstance(exc, TwoFactorRequired):
        return exc.status_code, ErrorCode.TWO_FACTOR_REQUIRED, str(exc.detail)
    return exc.status_code, ErrorCode.ERROR, "请求处理失败。"


def flatten_fields(detail: Any, prefix: str = "") -> dict[str, list[str]]:
    """DRF's nested error detail as ``{"field": [...], "parent.child": [...], "items.0.name": [...]}``.

    A bare list (errors not tied to a field) goes under ``non_field_errors``, as DRF itself names it.
    """
    fields: dict[str, list[str]] = {}
    if isinstance(detail, Mapping):
        for key, value in detail.items():
            name = f"{prefix}.{key}" if prefix else str(key)
            for sub_name, messages in flatten_fields(value, name).items():
                fields.setdefault(sub_name, []).extend(messages)
    elif isinstance(detail, list | tuple):
        if any(isinstance(item, Mapping | list | tuple) for item in detail):
            for index, item in enumerate(detail):
                name = f"{prefix}.{index}" if prefix else str(index)
                for sub_name, messages in flatten_fields(item, name).items():
                    fields.setdefault(sub_name, []).extend(messages)
        else:
            fields.setdefault(prefix or "non_field_errors", []).extend(str(item) for item in detail)
    elif detail is not None:
        fields.setdefault(prefix or "non_field_errors", []).append(str(detail))
    return fields


def envelope(code: ErrorCode, message: str, fields: Mapping[str, list[str]] | None = None) -> dict[str, Any]:
    return {"code": code.value, "message": message, "fields": dict(fields or {})}


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """DRF's EXCEPTION_HANDLER: map every known error onto the envelope; unknown ones stay 500s."""
    if isinstance(exc, DATABASE_OUTAGE_ERRORS):
        return outage_response()
    for error_class, status_code, code in _DOMAIN_ERRORS:
        if isinstance(exc, error_class):
            assert isinstance(exc, DomainError)  # noqa: S101 - narrowing for the type checker
            return Response(envelope(code, exc.message, exc.fields), status=status_code)
    if isinstance(exc, DomainError):  # a domain refusal not mapped above: still the user's problem
        return Response(envelope(ErrorCode.INVALID, exc.message, exc.fields), status=400)
    if isinstance(exc, RequestDataTooBig | TooManyFieldsSent):
        # Django refuses to read the body (a SuspiciousOperation, otherwise an HTML 400 page).
        limit_mb = settings.DATA_UPLOAD_MAX_MEMORY_SIZE / (1024 * 1024)
        return Response(
            envelope(ErrorCode.PAYLOAD_TOO_LARGE, f"请求内容过大（上限 {limit_mb:g} MB）。"),
            status=status.HTTP_413_REQUEST_ENTITY_TOO_LARGE,
        )

    response = drf_exception_handler(exc, context)  # turns Http404 / PermissionDenied into DRF's
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        response.data = envelope(ErrorCode.INVALID, INVALID_INPUT_MESSAGE, flatten_fields(exc.detail))
        response.status_code = status.HTTP_400_BAD_REQUEST
        return response
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    assert isinstance(exc, exceptions.APIException)  # noqa: S101 - drf handled only these
    status_code, code, message = _drf_message(exc)
    response.status_code = status_code
    response.data = envelope(code, message)
    if status_code == status.HTTP_401_UNAUTHORIZED:
        response["WWW-Authenticate"] = "Token"
    return response


class ErrorSerializer(serializers.Serializer):
    """统一错误格式：code 为稳定的错误代码，message 为中文说明，fields 为逐项的输入错误。"""

    code = serializers.ChoiceField(choices=[c.value for c in ErrorCode], help_text="稳定的错误代码")
    message = serializers.CharField(help_text="面向用户的中文说明")
    fields = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        help_text="逐项的输入错误：{字段: [中文说明]}",
    )

    class Meta:
        ref_name = "Error"


class UnknownEndpointApi(APIView):
    """Any address under /api/v1/ that no endpoint serves: 404 ``not_found`` in the envelope, for every
    method and without login (it reveals nothing)."""

    schema = None  # not an endpoint: keep it out of the OpenAPI document
    authentication_classes = ()
    permission_classes = (AllowAny,)

    def _not_found(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        raise exceptions.NotFound

    get = post = put = patch = delete = head = options = _not_found
