"""The center's redispatch queue over HTTP: items units returned with a coded reason (Order 121 Art. 41), and how
often each reason is given."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from drf_spectacular.utils import OpenApiParameter, OpenApiTypes, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from lianxin.api.pagination import WorkOrderCursorPagination
from lianxin.api.schema import error_responses
from lianxin.common import clock
from lianxin.domain.workflow import KIND_LABELS, Kind
from lianxin.workorders.models import KIND_CHOICES, WorkOrder
from lianxin.workorders.selectors import return_reason_counts, returned_work_orders

from .bodies import counterpart_body, return_reason_body, unit_ref
from .serializers import TAG, MixedCounterpartSerializer, ReturnReasonSerializer, UnitRefSerializer


class ReturnedCursorPagination(WorkOrderCursorPagination):
    ordering = ("returned_at", "id")  # the longest waiting first


class ReturnedWorkOrderListApi(APIView):
    """GET /api/v1/work-orders/returned/ — returned items waiting to be redispatched, with their reason."""

    pagination_class = ReturnedCursorPagination

    class OutputSerializer(serializers.Serializer):
        id = serializers.IntegerField()
        number = serializers.CharField()
        version = serializers.IntegerField()
        kind = serializers.ChoiceField(choices=KIND_CHOICES)
        kind_label = serializers.CharField()
        received_at = serializers.DateTimeField()
        respondent_name = serializers.CharField(allow_blank=True)
        return_reason = ReturnReasonSerializer(allow_null=True)
        returned_from = UnitRefSerializer(allow_null=True)
        returned_at = serializers.DateTimeField(allow_null=True)
        return_suggested_unit = UnitRefSerializer(allow_null=True, help_text="退回单位建议的承办单位")
        suggested_unit = UnitRefSerializer(
            allow_null=True,
            help_text="重新分送的建议单位：退回单位所建议的，否则登记时的管辖建议（不是退回单位时）",
        )
        mixed_counterpart = MixedCounterpartSerializer(allow_null=True)
        due_on = serializers.DateField(allow_null=True)

        class Meta:
            ref_name = "ReturnedWorkOrder"

    @staticmethod
    def item(request: Request, w: WorkOrder) -> dict[str, Any]:
        return {
            "id": w.pk,
            "number": w.number,
            "version": w.version,
            "kind": w.kind,
            "kind_label": KIND_LABELS[Kind(w.kind)],
            "received_at": w.received_at,
            "respondent_name": w.respondent_name,
            "return_reason": return_reason_body(w),
            "returned_from": unit_ref(w.returned_from),
            "returned_at": w.returned_at,
            "return_suggested_unit": unit_ref(w.return_suggested_unit),
            "suggested_unit": redispatch_suggestion(w),
            "mixed_counterpart": counterpart_body(request.user, w),
            "due_on": w.due_on,
        }

    @extend_schema(
        operation_id="work_orders_returned_list",
        summary="退回待重新分送",
        description="承办单位认为不属其管辖而退回12315中心的工单（第121号令第四十一条），按退回时间先后；"
        "含退回原因、退回单位和建议的承办单位。重新分送用 POST /work-orders/{id}/transitions/（redispatch）。",
        tags=[TAG],
        responses={200: OutputSerializer(many=True), **error_responses(401)},
    )
    def get(self, request: Request) -> Response:
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(returned_work_orders(user=request.user), request, view=self)
        assert page is not None  # noqa: S101 - the cursor paginator always pages
        items = [self.item(request, w) for w in page]
        return paginator.get_paginated_response(self.OutputSerializer(items, many=True).data)


def redispatch_suggestion(work_order: WorkOrder) -> dict[str, Any] | None:
    """Where to send a returned item: the unit the returning unit named, else the registration's jurisdiction
    suggestion unless that is the unit that returned it."""
    if work_order.return_suggested_unit is not None:
        return unit_ref(work_order.return_suggested_unit)
    unit_id = work_order.routing.get("unit_id") if work_order.routing.get("outcome") == "assign" else None
    if unit_id and unit_id != work_order.returned_from_id:
        return {"id": unit_id, "name": work_order.routing.get("unit_name") or ""}
    return None


class ReturnReasonCountsApi(APIView):
    """GET /api/v1/work-orders/returned/reasons/ — how often each return reason was given."""

    class OutputSerializer(serializers.Serializer):
        code = serializers.CharField()
        label = serializers.CharField()
        count = serializers.IntegerField()

        class Meta:
            ref_name = "ReturnReasonCount"

    @extend_schema(
        operation_id="work_orders_return_reason_counts",
        summary="退回原因统计",
        description="最近 days 天（默认30）数据范围内各退回原因的次数（同一工单退回两次计两次），多者在前。",
        tags=[TAG],
        parameters=[OpenApiParameter("days", OpenApiTypes.INT, description="统计天数，1–366，默认30")],
        responses={200: OutputSerializer(many=True), **error_responses(400, 401)},
    )
    def get(self, request: Request) -> Response:
        days = serializers.IntegerField(min_value=1, max_value=366).run_validation(
            request.query_params.get("days", 30)
        )
        rows = return_reason_counts(user=request.user, since=clock.now() - timedelta(days=days))
        body = [{"code": r.code, "label": r.label, "count": r.count} for r in rows]
        return Response(self.OutputSerializer(body, many=True).data)
