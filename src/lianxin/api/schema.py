"""Shared OpenAPI pieces: the error responses each endpoint documents."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiResponse

from .errors import ErrorSerializer

_DESCRIPTIONS = {
    400: "输入有误（code=invalid / requirement_missing / parse_error），逐项说明见 fields",
    401: "未登录或令牌无效（code=not_authenticated / authentication_failed）",
    403: "无权执行该操作，或工单不在您的数据范围内（code=forbidden / permission_denied）",
    404: "工单或审批申请不存在（code=not_found）",
    413: "请求内容过大（code=payload_too_large）",
    409: "状态冲突：非法流转（illegal_transition）、工单已被他人更新（conflict）、"
    "节假日安排未加载（calendar_year_not_loaded）或无生效规则（no_rule_set_in_force）",
    429: "请求过于频繁（code=throttled）",
}


def error_responses(*status_codes: int) -> dict[int, OpenApiResponse]:
    """`{status: the error envelope}` for `extend_schema(responses=...)`."""
    return {
        code: OpenApiResponse(response=ErrorSerializer, description=_DESCRIPTIONS[code])
        for code in status_codes
    }
