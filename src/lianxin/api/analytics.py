"""/api/v1/analytics/: the statistics screen's figures (scoped like the work orders), the drill-down and hot spots."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from lianxin.accounts.models import User
from lianxin.analytics.permissions import can_read_statistics
from lianxin.analytics.selectors import (
    VOLUME_BREAKDOWNS,
    DrillDown,
    StatisticsFilter,
    hotspot_alerts,
    statistics_satisfaction,
    statistics_timeliness,
    statistics_volumes,
    statistics_work_orders,
)
from lianxin.common import clock

from .schema import error_responses

DRILL_LIMIT = 1000

TAG = "统计分析"


class FilterInput(serializers.Serializer):
    start = serializers.DateField()
    end = serializers.DateField()
    kind = serializers.CharField(required=False, allow_blank=True, default="")
    unit = serializers.IntegerField(required=False, allow_null=True, default=None)

    def filter(self) -> StatisticsFilter:
        data = self.validated_data
        return StatisticsFilter(start=data["start"], end=data["end"], kind=data["kind"], unit_id=data["unit"])


class _ReaderApi(APIView):
    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        if not isinstance(request.user, User) or not can_read_statistics(request.user):
            raise exceptions.PermissionDenied()


_PARAMS = [
    OpenApiParameter("start", date, required=True),
    OpenApiParameter("end", date, required=True),
    OpenApiParameter("kind", str),
    OpenApiParameter("unit", int),
]


class FigureOutput(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    current = serializers.IntegerField()
    previous = serializers.IntegerField()
    change = serializers.FloatField(allow_null=True)


class VolumesApi(_ReaderApi):
    @extend_schema(
        tags=[TAG],
        parameters=[*_PARAMS, OpenApiParameter("by", str, enum=list(VOLUME_BREAKDOWNS), required=True)],
        responses={200: FigureOutput(many=True), **error_responses(400, 401, 403)},
        summary="登记量（环比）",
    )
    def get(self, request: Request) -> Response:
        query = FilterInput(data=request.query_params)
        query.is_valid(raise_exception=True)
        figures = statistics_volumes(
            user=request.user, flt=query.filter(), by=request.query_params.get("by", "")
        )
        return Response(FigureOutput(figures, many=True).data)


class TimelinessOutput(serializers.Serializer):
    unit_id = serializers.IntegerField()
    label = serializers.CharField()
    items = serializers.IntegerField()
    decided = serializers.IntegerField()
    decided_in_time = serializers.IntegerField()
    mediated = serializers.IntegerField()
    mediated_in_time = serializers.IntegerField()
    agreed = serializers.IntegerField()
    closed = serializers.IntegerField()
    amount_recovered = serializers.DecimalField(max_digits=16, decimal_places=2)
    overdue_now = serializers.IntegerField()


class TimelinessApi(_ReaderApi):
    @extend_schema(
        tags=[TAG],
        parameters=_PARAMS,
        responses={200: TimelinessOutput(many=True), **error_responses(400, 401, 403)},
        summary="时效与结果（按承办单位）",
    )
    def get(self, request: Request) -> Response:
        query = FilterInput(data=request.query_params)
        query.is_valid(raise_exception=True)
        rows = statistics_timeliness(user=request.user, flt=query.filter(), today=clock.today())
        return Response(TimelinessOutput(rows, many=True).data)


class SatisfactionCountsOutput(serializers.Serializer):
    satisfied = serializers.IntegerField()
    basically = serializers.IntegerField()
    dissatisfied = serializers.IntegerField()
    total = serializers.IntegerField()
    rate = serializers.FloatField(allow_null=True, help_text="满意率 =（满意 + 基本满意）÷ 评价件数")


class SatisfactionOutput(serializers.Serializer):
    unit_id = serializers.IntegerField(allow_null=True, help_text="空：用户数据范围内的合计；0：未分送")
    label = serializers.CharField()
    source = serializers.ChoiceField(choices=[("rating", "网上评价"), ("callback", "电话回访")])
    source_label = serializers.CharField()
    current = SatisfactionCountsOutput()
    previous = SatisfactionCountsOutput()
    change_points = serializers.FloatField(allow_null=True, help_text="满意率环比（百分点）")


class SatisfactionApi(_ReaderApi):
    @extend_schema(
        tags=[TAG],
        parameters=_PARAMS,
        responses={200: SatisfactionOutput(many=True), **error_responses(400, 401, 403)},
        summary="满意度（网上评价与电话回访，按承办单位，环比）",
    )
    def get(self, request: Request) -> Response:
        query = FilterInput(data=request.query_params)
        query.is_valid(raise_exception=True)
        rows = statistics_satisfaction(user=request.user, flt=query.filter())
        return Response(SatisfactionOutput(rows, many=True).data)


class DrillOutput(serializers.Serializer):
    count = serializers.IntegerField()
    work_orders = serializers.ListField(child=serializers.DictField())


class DrillApi(_ReaderApi):
    @extend_schema(
        tags=[TAG],
        parameters=[
            *_PARAMS,
            OpenApiParameter("by", str),
            OpenApiParameter("key", str),
            OpenApiParameter("measure", str),
        ],
        responses={200: DrillOutput, **error_responses(400, 401, 403)},
        summary="数字背后的工单",
    )
    def get(self, request: Request) -> Response:
        query = FilterInput(data=request.query_params)
        query.is_valid(raise_exception=True)
        params = request.query_params
        drill = DrillDown(
            flt=query.filter(),
            by=params.get("by", ""),
            key=params.get("key", ""),
            measure=params.get("measure") or "items",
        )
        orders = statistics_work_orders(user=request.user, drill=drill, today=clock.today())
        rows = [
            {"id": pk, "number": number, "state": state}
            for pk, number, state in orders.values_list("pk", "number", "state")[:DRILL_LIMIT]
        ]
        return Response({"count": orders.count(), "work_orders": rows})


class AlertOutput(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField()
    detected_on = serializers.DateField()
    subject_kind = serializers.CharField()
    subject_label = serializers.CharField()
    observed = serializers.IntegerField()
    baseline = serializers.FloatField(allow_null=True)
    upper_limit = serializers.IntegerField(allow_null=True)
    p_value = serializers.FloatField(allow_null=True)
    visible_work_orders = serializers.IntegerField()


class HotspotsApi(_ReaderApi):
    @extend_schema(
        tags=[TAG],
        responses={200: AlertOutput(many=True), **error_responses(401, 403)},
        summary="近 30 日热点预警",
    )
    def get(self, request: Request) -> Response:
        today = clock.today()
        alerts = hotspot_alerts(user=request.user, since=today - timedelta(days=30), until=today)
        data = [
            {
                **{
                    field: getattr(alert, field)
                    for field in AlertOutput().fields
                    if field != "visible_work_orders"
                },
                "visible_work_orders": seen,
            }
            for alert, seen in alerts
        ]
        return Response(AlertOutput(data, many=True).data)
