"""Mixed filings (混合诉求, Order 121 Art. 9) over HTTP: register both halves at once, or split an item.

POST /work-orders/mixed-filings/ registers a complaint and a report linked to each other from one submission;
POST /work-orders/{id}/split/ registers the other half beside an item already registered (before dispatch, or after
a unit returned it). Both answer 201 with the two items as the reader may see them.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from lianxin.api.idempotency import idempotent
from lianxin.api.schema import IDEMPOTENCY_KEY, error_responses
from lianxin.common import clock
from lianxin.domain.text_limits import CLAIMS_MAX, FACTS_MAX, NOTE_MAX
from lianxin.domain.workflow import Channel, Kind
from lianxin.workorders.services import (
    MixedFiling,
    SplitInput,
    WorkOrderInput,
    mixed_filing_register,
    mixed_report_input,
    work_order_split,
)

from .access import audited_detail_body
from .serializers import TAG, WORK_ORDER_ID, WorkOrderDetailOutputSerializer
from .views import WorkOrderCreateApi, co_complainant_inputs


class MixedFilingOutputSerializer(serializers.Serializer):
    complaint = WorkOrderDetailOutputSerializer(help_text="投诉（按投诉程序处理）")
    report = WorkOrderDetailOutputSerializer(help_text="举报（按举报程序处理，举报人身份保密）")

    class Meta:
        ref_name = "MixedFiling"


def _filing_response(request: Request, filing: MixedFiling) -> Response:
    body = {
        "complaint": audited_detail_body(request.user, filing.complaint, path=request.path),
        "report": audited_detail_body(request.user, filing.report, path=request.path),
    }
    return Response(MixedFilingOutputSerializer(body).data, status=status.HTTP_201_CREATED)


def _reload(filing: MixedFiling) -> MixedFiling:
    """Both halves read again with what their detail shows (units, the counterpart)."""
    from lianxin.workorders.models import WorkOrder

    related = ("handling_unit", "center", "category", "issue_type", "rule_set", "mixed_counterpart")
    orders = WorkOrder.objects.select_related(*related).in_bulk([filing.complaint.pk, filing.report.pk])
    return MixedFiling(complaint=orders[filing.complaint.pk], report=orders[filing.report.pk])


class MixedFilingInputSerializer(WorkOrderCreateApi.InputSerializer):
    """The registration of the complaint (its own facts and claims), plus the report's own facts."""

    kind = None  # always a complaint and a report
    is_anonymous = (
        None  # the same person files both: the report half is confidential, not anonymous (Art. 37)
    )
    # Blank passes here so that the service reports it together with the complaint's own errors.
    report_facts = serializers.CharField(
        max_length=FACTS_MAX, allow_blank=True, help_text="举报部分的事实（违法行为线索），必填"
    )
    report_summary = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    report_issue_type_code = serializers.CharField(
        max_length=40, required=False, allow_blank=True, default="", help_text="举报类别代码"
    )

    class Meta:
        ref_name = "MixedFilingCreate"


class MixedFilingCreateApi(APIView):
    """POST /api/v1/work-orders/mixed-filings/ — register a mixed filing as a linked complaint and report."""

    @extend_schema(
        operation_id="work_orders_mixed_filing_create",
        summary="登记混合诉求（投诉＋举报，分别处理）",
        description="一份诉求同时包含投诉和举报时，按第121号令第九条分别处理：在同一事务中登记一件投诉和一件举报，"
        "两者互相关联，各自适用接收之日的规则集、各自的法定期限和管辖规则（投诉第十三条，举报第二十九条、第三十一条），"
        "各有登记记录。举报部分的错误以 report_ 前缀的字段返回。",
        tags=[TAG],
        request=MixedFilingInputSerializer,
        parameters=[IDEMPOTENCY_KEY],
        responses={201: MixedFilingOutputSerializer, **error_responses(400, 401, 403, 409, 413, 422, 503)},
        examples=[
            OpenApiExample(
                "投诉＋举报",
                request_only=True,
                value={
                    "channel": "hotline",
                    "contact_name": "王芳",
                    "contact_phone": "13912345678",
                    "respondent_name": "碑林区某超市",
                    "respondent_address": "陕西省西安市碑林区东大街1号",
                    "summary": "买到过期牛奶要求退款",
                    "facts": "2026年5月1日在该超市购买牛奶一箱，回家发现已过保质期。",
                    "claims": "退款并赔偿",
                    "report_facts": "货架上仍有多箱过期牛奶在售，请求查处。",
                    "report_issue_type_code": "report_food_safety",
                },
            )
        ],
    )
    def post(self, request: Request) -> Response:
        serializer = MixedFilingInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        values: dict[str, Any] = dict(serializer.validated_data)
        report_facts = values.pop("report_facts")
        report_summary = values.pop("report_summary")
        report_issue_type_code = values.pop("report_issue_type_code")
        values["kind"] = Kind.COMPLAINT
        values["channel"] = Channel(values["channel"])
        values["received_at"] = values.get("received_at") or clock.now()
        values["co_complainants"] = co_complainant_inputs(values.get("co_complainants") or [])
        complaint = WorkOrderInput(**values)
        report = mixed_report_input(
            complaint, facts=report_facts, summary=report_summary, issue_type_code=report_issue_type_code
        )

        def register() -> Response:
            filing = mixed_filing_register(actor=request.user, complaint=complaint, report=report)
            return _filing_response(request, _reload(filing))

        return idempotent(request, register)


class WorkOrderSplitApi(APIView):
    """POST /api/v1/work-orders/{id}/split/ — split a mixed filing into a linked complaint and report."""

    class InputSerializer(serializers.Serializer):
        facts = serializers.CharField(max_length=FACTS_MAX, help_text="另一件（举报或投诉）的事实与理由")
        summary = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
        claims = serializers.CharField(
            max_length=CLAIMS_MAX, required=False, allow_blank=True, default="", help_text="拆出投诉时必填"
        )
        issue_type_code = serializers.CharField(max_length=40, required=False, allow_blank=True, default="")
        category_code = serializers.CharField(max_length=40, required=False, allow_blank=True, default="")
        amount_involved = serializers.DecimalField(
            max_digits=14, decimal_places=2, min_value=0, required=False, allow_null=True, default=None
        )
        note = serializers.CharField(max_length=NOTE_MAX, required=False, allow_blank=True, default="")
        dispatch_unit = serializers.IntegerField(
            min_value=1,
            required=False,
            allow_null=True,
            default=None,
            help_text="拆出的工单立即分送到的单位ID",
        )
        dispatch_note = serializers.CharField(
            max_length=NOTE_MAX,
            required=False,
            allow_blank=True,
            default="",
            help_text="未采纳管辖建议时的理由",
        )
        version = serializers.IntegerField(min_value=0, required=False, allow_null=True, default=None)

        class Meta:
            ref_name = "WorkOrderSplit"

    @extend_schema(
        operation_id="work_orders_split",
        summary="拆分混合诉求",
        description="12315中心在分送前或承办单位退回后，将同时含投诉和举报的工单拆分（第121号令第九条）："
        "登记另一件（原工单为投诉则登记举报，反之登记投诉），两者互相关联，原工单状态不变并记录拆分。"
        "只能拆分一次；匿名举报不能拆出投诉。可同时将新工单分送（dispatch_unit）。",
        tags=[TAG],
        parameters=[WORK_ORDER_ID, IDEMPOTENCY_KEY],
        request=InputSerializer,
        responses={
            201: MixedFilingOutputSerializer,
            **error_responses(400, 401, 403, 404, 409, 413, 422, 503),
        },
    )
    def post(self, request: Request, work_order_id: int) -> Response:
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        split = SplitInput(
            facts=data["facts"],
            summary=data["summary"],
            claims=data["claims"],
            issue_type_code=data["issue_type_code"],
            category_code=data["category_code"],
            amount_involved=data["amount_involved"],
            note=data["note"],
            dispatch_unit_id=data["dispatch_unit"],
            dispatch_note=data["dispatch_note"],
            expected_version=data["version"],
        )

        def run() -> Response:
            filing = work_order_split(actor=request.user, work_order_id=work_order_id, data=split)
            return _filing_response(request, _reload(filing))

        return idempotent(request, run)
