"""Finding one work order for the reader, and answering with its detail after a write."""

from __future__ import annotations

from rest_framework import status
from rest_framework.response import Response

from lianxin.accounts.models import User
from lianxin.workorders.errors import ActionForbidden, WorkOrderNotFound
from lianxin.workorders.models import WorkOrder
from lianxin.workorders.permissions import can_view
from lianxin.workorders.selectors import work_order_get

from .bodies import work_order_detail_body
from .serializers import WorkOrderDetailOutputSerializer


def detail_response(user: User, work_order_id: int, status_code: int = status.HTTP_200_OK) -> Response:
    """The detail body of a work order just written, read again through the reader's selector."""
    work_order = work_order_get(user=user, work_order_id=work_order_id)
    if work_order is None:  # pragma: no cover - only right after a write that succeeded
        raise WorkOrderNotFound("工单不存在。")
    body = work_order_detail_body(user, work_order)
    return Response(WorkOrderDetailOutputSerializer(body).data, status=status_code)


def work_order_in_scope(user: User, work_order_id: int) -> WorkOrder:
    """The work order, or 404 when the id does not exist, or 403 when it lies outside the user's scope.

    403 rather than 404 outside the scope: staff know work orders exist beyond their unit; telling them it is
    not theirs is more useful than pretending it does not exist, and the number reveals nothing personal.
    """
    work_order = work_order_get(user=user, work_order_id=work_order_id)
    if work_order is None:
        raise WorkOrderNotFound("工单不存在。")
    if not can_view(user, work_order):
        raise ActionForbidden("该工单不在您的数据范围内。")
    return work_order
