from rest_framework.pagination import CursorPagination


class WorkOrderCursorPagination(CursorPagination):
    """Stable paging over a list that grows while an agent reads it."""

    page_size = 50
    max_page_size = 200
    page_size_query_param = "page_size"
    ordering = ("-received_at", "-id")
