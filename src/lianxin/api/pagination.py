from typing import Any

from rest_framework import serializers
from rest_framework.exceptions import NotFound
from rest_framework.pagination import Cursor, CursorPagination
from rest_framework.request import Request


class WorkOrderCursorPagination(CursorPagination):
    """Stable paging over a list that grows while an agent reads it. A cursor that does not decode is bad input
    (400 ``invalid`` on the ``cursor`` field), not a missing page (DRF's own answer is 404)."""

    page_size = 50
    max_page_size = 200
    page_size_query_param = "page_size"
    ordering = ("-received_at", "-id")
    cursor_query_description = "上一页响应中 next / previous 链接里的游标；无法解析时返回 400。"

    def decode_cursor(self, request: Request) -> Cursor | None:
        try:
            return super().decode_cursor(request)
        except NotFound as error:
            raise serializers.ValidationError(
                {self.cursor_query_param: ["游标无效，请使用上一页返回的链接。"]}
            ) from error

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"] = {"type": "integer", "minimum": 1, "maximum": self.max_page_size}
        return parameters
