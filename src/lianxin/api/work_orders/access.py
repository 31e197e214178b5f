"""Finding one work order for the reader, and answering with its detail after a write."""

from __future__ import annotations

from rest_framework import status
from rest_framework.response import Response

from lianxin.accounts.models import User
from lianxin.api.masking import PersonalDataView
from lianxin.audit.models import Interface
from lianxin.audit.services import clear_personal_fields, personal_data_access_record
from lianxin.workorders.errors import ActionForbidden, WorkOrderNotFound
from lianxin.workorders.models import WorkOrder
from lianxin.workorders.permissions import FREE_TEXT_FIELDS, can_see_personal_data, can_view
from lianxin.workorders.selectors import work_order_get

from .bodies import work_order_detail_body
from .serializers import WorkOrderDetailOutputSerializer


def audited_detail_body(
    user: User, work_order: WorkOrder, *, path: str, interface: Interface = Interface.API
) -> dict:
    """The detail body, and a record in the access log when it shows personal data in clear: the contact fields
    (full view) and free text that contains an identifier (shown in clear to whoever handles the item)."""
    body = work_order_detail_body(user, work_order)
    if can_see_personal_data(user, work_order):
        fields = clear_personal_fields(work_order)
        if body["personal_data"] != PersonalDataView.FULL.value:
            fields = [name for name in fields if name in FREE_TEXT_FIELDS[WorkOrder]]
        personal_data_access_record(
            user=user, work_order=work_order, interface=interface, path=path, fields=fields
        )
    return body


def detail_response(
    user: User, work_order_id: int, status_code: int = status.HTTP_200_OK, *, path: str = ""
) -> Response:
    """The detail body of a work order just written, read again through the reader's selector."""
    work_order = work_order_get(user=user, work_order_id=work_order_id)
    if work_order is None:  # pragma: no cover - only right after a write that succeeded
        raise WorkOrderNotFound("工单不存在。")
    body = audited_detail_body(user, work_order, path=path)
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
