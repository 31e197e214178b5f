"""Shared OpenAPI pieces: the error responses each endpoint documents."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse

from .errors import ErrorSerializer

_DESCRIPTIONS = {
    400: "输入有误（code=invalid / requirement_missing / parse_error），逐项说明见 fields",
    401: "未登录或令牌无效（code=not_authenticated / authentication_failed）",
    403: "无权执行该操作，或工单不在您的数据范围内（code=forbidden / permission_denied）",
    404: "工单或审批申请不存在（code=not_found）",
    413: "请求内容过大（code=payload_too_large）",
    409: "状态冲突：非法流转（illegal_transition）、工单已被他人更新（conflict）、"
    "节假日安排未加载（calendar_year_not_loaded）或无生效规则（no_rule_set_in_force）",
    422: "Idempotency-Key 已用于另一个内容不同的请求（code=idempotency_key_reused）",
    429: "请求过于频繁（code=throttled）",
    503: "数据库暂时不可用（code=service_unavailable），请按 Retry-After 稍后用同一 Idempotency-Key 重试",
}


def error_responses(*status_codes: int) -> dict[int, OpenApiResponse]:
    """`{status: the error envelope}` for `extend_schema(responses=...)`."""
    return {
        code: OpenApiResponse(response=ErrorSerializer, description=_DESCRIPTIONS[code])
        for code in status_codes
    }


IDEMPOTENCY_KEY = OpenApiParameter(
    name="Idempotency-Key",
    type=OpenApiTypes.STR,
    location=OpenApiParameter.HEADER,
    required=False,
    description="幂等键（1～100 个可见 ASCII 字符，建议 UUID）。同一用户以同一键重发同一请求时，"
    "返回第一次的结果（响应头 Idempotent-Replayed: true），不会重复创建；同一键用于不同内容的请求返回 422。",
)
