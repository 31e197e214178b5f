"""Work orders over HTTP: list and register, detail.

Each view parses its input, calls one service or selector of `lianxin.workorders`, and renders its output.
Who may see or do what is decided by `workorders.permissions`; this package only translates.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.conf import settings
from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from lianxin.api.idempotency import idempotent
from lianxin.api.pagination import WorkOrderCursorPagination
from lianxin.api.schema import IDEMPOTENCY_KEY, error_responses
from lianxin.common import clock
from lianxin.domain.personal_data import mask_identifiers
from lianxin.domain.rules import RuleSet
from lianxin.domain.text_limits import CLAIMS_MAX, FACTS_MAX
from lianxin.domain.workflow import CHANNEL_LABELS, KIND_LABELS, STATE_LABELS, Channel, Kind, State
from lianxin.workorders.models import (
    CHANNEL_CHOICES,
    KIND_CHOICES,
    STATE_CHOICES,
    IdType,
    OnlineRole,
    WorkOrder,
)
from lianxin.workorders.permissions import ensure_no_masked_lookups, sees_personal_data
from lianxin.workorders.selectors import clock_label, rule_sets_all, work_order_list
from lianxin.workorders.services import CoComplainantInput, WorkOrderInput, work_order_register

from .access import audited_detail_body, detail_response, work_order_in_scope
from .bodies import code_name, unit_ref
from .serializers import (
    TAG,
    WORK_ORDER_ID,
    CodeNameSerializer,
    UnitRefSerializer,
    WorkOrderDetailOutputSerializer,
)

# ---------------------------------------------------------------------------------------------------------
# GET /work-orders/ and POST /work-orders/
# ---------------------------------------------------------------------------------------------------------


class WorkOrderListApi(APIView):
    """GET /api/v1/work-orders/ — the work orders in the user's scope, newest first, cursor-paginated."""

    pagination_class = WorkOrderCursorPagination

    class FilterSerializer(serializers.Serializer):
        state = serializers.ChoiceField(choices=STATE_CHOICES, required=False, help_text="状态")
        kind = serializers.ChoiceField(choices=KIND_CHOICES, required=False, help_text="类型")
        unit = serializers.IntegerField(min_value=1, required=False, help_text="承办单位ID（含其下级单位）")
        due_soon = serializers.BooleanField(
            required=False, default=False, help_text="即将到期（今天起若干个工作日内）"
        )
        overdue = serializers.BooleanField(required=False, default=False, help_text="已超期")

        class Meta:
            ref_name = "WorkOrderListFilter"

    class OutputSerializer(serializers.Serializer):
        id = serializers.IntegerField()
        number = serializers.CharField()
        version = serializers.IntegerField()
        kind = serializers.ChoiceField(choices=KIND_CHOICES)
        kind_label = serializers.CharField()
        channel = serializers.ChoiceField(choices=CHANNEL_CHOICES)
        channel_label = serializers.CharField()
        received_at = serializers.DateTimeField()
        state = serializers.ChoiceField(choices=STATE_CHOICES)
        state_label = serializers.CharField()
        summary = serializers.CharField(allow_blank=True)
        respondent_name = serializers.CharField(allow_blank=True)
        category = CodeNameSerializer(allow_null=True)
        handling_unit = UnitRefSerializer(allow_null=True)
        due_on = serializers.DateField(allow_null=True)
        due_clock = serializers.CharField(allow_blank=True)
        due_clock_label = serializers.CharField(allow_blank=True)
        is_due_provisional = serializers.BooleanField(help_text="最近期限为暂定")
        is_overdue = serializers.BooleanField()
        deadline_problem = serializers.CharField(allow_blank=True)

        class Meta:
            ref_name = "WorkOrderListItem"

    @staticmethod
    def list_item(
        work_order: WorkOrder, today: date, rule_sets: dict[int, RuleSet] | None = None, *, masked: bool
    ) -> dict[str, Any]:
        w = work_order
        return {
            "id": w.pk,
            "number": w.number,
            "version": w.version,
            "kind": w.kind,
            "kind_label": KIND_LABELS[Kind(w.kind)],
            "channel": w.channel,
            "channel_label": CHANNEL_LABELS[Channel(w.channel)],
            "received_at": w.received_at,
            "state": w.state,
            "state_label": STATE_LABELS[State(w.state)],
            "summary": mask_identifiers(w.summary) if masked else w.summary,
            "respondent_name": w.respondent_name,
            "category": code_name(w.category),
            "handling_unit": unit_ref(w.handling_unit),
            "due_on": w.due_on,
            "due_clock": w.due_clock,
            "due_clock_label": clock_label(w.rule_set_id, w.due_clock, rule_sets),
            "is_due_provisional": w.is_due_provisional,
            "is_overdue": w.due_on is not None and w.due_on < today,
            "deadline_problem": w.deadline_problem,
        }

    PAGING_PARAMETERS = frozenset({"cursor", "page_size", "format"})

    def check_query_parameters(self, request: Request) -> None:
        """Only the declared filters and the paging parameters; a parameter naming a personal or free-text field
        the user sees masked is refused by the shared rule (`workorders.permissions`), any other unknown one too,
        so that no client believes it filtered when it did not."""
        names = list(request.query_params.keys())
        ensure_no_masked_lookups(request.user, WorkOrder, names)
        known = set(self.FilterSerializer().fields) | self.PAGING_PARAMETERS
        unknown = [name for name in names if name not in known]
        if unknown:
            raise serializers.ValidationError({key: ["不支持的查询参数。"] for key in unknown})

    @extend_schema(
        operation_id="work_orders_list",
        summary="工单列表",
        description="当前用户数据范围内的工单，按接收时间倒序，游标分页。unit 含其下级单位；"
        "due_soon 为最近期限在今天起若干个工作日内（LIANXIN_DUE_SOON_WORKDAYS），overdue 为已超过最近期限。",
        tags=[TAG],
        parameters=[FilterSerializer],
        responses={200: OutputSerializer(many=True), **error_responses(400, 401, 409)},
    )
    def get(self, request: Request) -> Response:
        self.check_query_parameters(request)
        filters = self.FilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        data = filters.validated_data
        today = clock.today()
        queryset = work_order_list(
            user=request.user,
            state=data.get("state"),
            kind=data.get("kind"),
            unit_id=data.get("unit"),
            due_soon=data["due_soon"],
            overdue=data["overdue"],
            today=today,
            due_soon_workdays=settings.LIANXIN_DUE_SOON_WORKDAYS,
        )
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(queryset, request, view=self)
        assert page is not None  # noqa: S101 - the cursor paginator always pages
        rule_sets = rule_sets_all()
        masked = not sees_personal_data(request.user)
        items = [self.list_item(w, today, rule_sets, masked=masked) for w in page]
        return paginator.get_paginated_response(self.OutputSerializer(items, many=True).data)


# Examples that pass validation as they stand (tests/test_schema checks each against the service).
REGISTRATION_EXAMPLES = [
    OpenApiExample(
        "投诉",
        request_only=True,
        value={
            "kind": "complaint",
            "channel": "hotline",
            "contact_name": "王芳",
            "contact_phone": "13912345678",
            "respondent_name": "西安某某电器有限公司",
            "respondent_address": "陕西省西安市雁塔区长安南路88号",
            "summary": "新买冰箱不制冷，商家拒绝退货",
            "facts": "2026年5月1日在该店购买冰箱一台，使用三天后不制冷，商家拒绝退换。",
            "claims": "退货退款",
            "amount_involved": "3999.00",
        },
    ),
    OpenApiExample(
        "匿名举报",
        request_only=True,
        value={
            "kind": "report",
            "channel": "hotline",
            "is_anonymous": True,
            "respondent_name": "碑林区某超市",
            "respondent_address": "陕西省西安市碑林区东大街1号",
            "facts": "超市销售过期食品，货架上的牛奶已过保质期十天。",
        },
    ),
    OpenApiExample(
        "共同投诉",
        request_only=True,
        value={
            "kind": "complaint",
            "channel": "hotline",
            "contact_name": "王芳",
            "contact_phone": "13912345678",
            "contact_is_representative": True,
            "co_complainants": [
                {"name": "李明", "phone": "13800002222", "is_representative": True},
                {"name": "赵强", "phone": "13800003333"},
            ],
            "representative_election": "三名投诉人签名的书面推选书，推选王芳、李明为代表人",
            "respondent_name": "西安某某健身有限公司",
            "respondent_address": "陕西省西安市雁塔区长安南路88号",
            "summary": "健身房闭店，预付卡无法退费",
            "facts": "三人于2026年3月在该店办理年卡，5月起门店停业，商家拒绝退还剩余费用。",
            "claims": "退还剩余预付款",
        },
    ),
    OpenApiExample(
        "咨询",
        request_only=True,
        value={
            "kind": "consultation",
            "channel": "hotline",
            "contact_phone": "13800001111",
            "summary": "网购退货的条件",
        },
    ),
]


class CoComplainantInputSerializer(serializers.Serializer):
    """One more complainant of a joint complaint (共同投诉人, Order 121 Art. 12)."""

    name = serializers.CharField(max_length=50)
    phone = serializers.CharField(max_length=30)
    id_type = serializers.ChoiceField(choices=IdType.choices, required=False, allow_blank=True, default="")
    id_number = serializers.CharField(max_length=40, required=False, allow_blank=True, default="")
    address = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    is_representative = serializers.BooleanField(required=False, default=False, help_text="书面推选的代表人")

    class Meta:
        ref_name = "CoComplainantCreate"


def co_complainant_inputs(items: list[dict[str, Any]]) -> tuple[CoComplainantInput, ...]:
    return tuple(CoComplainantInput(**item) for item in items)


class WorkOrderCreateApi(APIView):
    """POST /api/v1/work-orders/ — register (登记) a work order at the user's 12315 center."""

    class InputSerializer(serializers.Serializer):
        kind = serializers.ChoiceField(choices=KIND_CHOICES)
        channel = serializers.ChoiceField(choices=CHANNEL_CHOICES)
        received_at = serializers.DateTimeField(required=False, help_text="接收时间，缺省为当前时间")
        contact_name = serializers.CharField(max_length=50, required=False, allow_blank=True)
        contact_phone = serializers.CharField(max_length=30, required=False, allow_blank=True)
        contact_id_type = serializers.ChoiceField(choices=IdType.choices, required=False, allow_blank=True)
        contact_id_number = serializers.CharField(max_length=40, required=False, allow_blank=True)
        contact_address = serializers.CharField(max_length=200, required=False, allow_blank=True)
        is_anonymous = serializers.BooleanField(required=False, default=False)
        is_identity_verified = serializers.BooleanField(required=False, default=False)
        respondent_name = serializers.CharField(max_length=200, required=False, allow_blank=True)
        respondent_credit_code = serializers.CharField(max_length=18, required=False, allow_blank=True)
        respondent_address = serializers.CharField(max_length=300, required=False, allow_blank=True)
        respondent_division_code = serializers.CharField(max_length=12, required=False, allow_blank=True)
        respondent_online_role = serializers.ChoiceField(
            choices=OnlineRole.choices, required=False, allow_blank=True
        )
        respondent_published_address = serializers.CharField(max_length=300, required=False, allow_blank=True)
        respondent_platform_name = serializers.CharField(max_length=100, required=False, allow_blank=True)
        respondent_platform_address = serializers.CharField(max_length=300, required=False, allow_blank=True)
        category_code = serializers.CharField(max_length=40, required=False, allow_blank=True)
        issue_type_code = serializers.CharField(max_length=40, required=False, allow_blank=True)
        summary = serializers.CharField(max_length=200, required=False, allow_blank=True)
        facts = serializers.CharField(max_length=FACTS_MAX, required=False, allow_blank=True)
        claims = serializers.CharField(max_length=CLAIMS_MAX, required=False, allow_blank=True)
        amount_involved = serializers.DecimalField(
            max_digits=14, decimal_places=2, min_value=0, required=False, allow_null=True
        )
        is_group_complaint = serializers.BooleanField(required=False, default=False)
        consents_to_publish = serializers.BooleanField(required=False, default=False)
        is_delegated_mediation = serializers.BooleanField(required=False, default=False)
        co_complainants = CoComplainantInputSerializer(
            many=True,
            required=False,
            default=list,
            help_text="共同投诉的其他投诉人（仅投诉；第121号令第十二条）",
        )
        contact_is_representative = serializers.BooleanField(
            required=False, default=False, help_text="投诉人为书面推选的代表人"
        )
        representative_election = serializers.CharField(
            max_length=FACTS_MAX,
            required=False,
            allow_blank=True,
            default="",
            help_text="代表人书面推选的记录（推选书、证据材料）；推选代表人时必填，代表人最多2名",
        )

        class Meta:
            ref_name = "WorkOrderCreate"

    @staticmethod
    def to_input(data: dict[str, Any]) -> WorkOrderInput:
        values = dict(data)
        values["kind"] = Kind(values["kind"])
        values["channel"] = Channel(values["channel"])
        values["received_at"] = values.get("received_at") or clock.now()
        values["co_complainants"] = co_complainant_inputs(values.get("co_complainants") or [])
        return WorkOrderInput(**values)

    @extend_schema(
        operation_id="work_orders_create",
        summary="登记工单",
        description="在当前用户所属12315中心登记工单（仅话务员、值班长、中心管理人员）。"
        "接收时间缺省为当前时间；适用规则集按接收日期确定。成功返回 201 与工单详情。"
        "共同投诉（第121号令第十二条）：co_complainants 列出其他投诉人，代表人（含投诉人本人）最多2名，"
        "须填写 representative_election；超过时返回 400，code 为 too_many_representatives。",
        tags=[TAG],
        request=InputSerializer,
        parameters=[IDEMPOTENCY_KEY],
        responses={
            201: WorkOrderDetailOutputSerializer,
            **error_responses(400, 401, 403, 409, 413, 422, 503),
        },
        examples=REGISTRATION_EXAMPLES,
    )
    def post(self, request: Request) -> Response:
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)

        def register() -> Response:
            work_order = work_order_register(actor=request.user, data=self.to_input(serializer.validated_data))
            return detail_response(request.user, work_order.pk, status.HTTP_201_CREATED, path=request.path)

        return idempotent(request, register)


class WorkOrderCollectionApi(WorkOrderListApi, WorkOrderCreateApi):
    """/api/v1/work-orders/: GET is `WorkOrderListApi`, POST is `WorkOrderCreateApi` (one URL, two views)."""


# ---------------------------------------------------------------------------------------------------------
# GET /work-orders/{id}/
# ---------------------------------------------------------------------------------------------------------


class WorkOrderDetailApi(APIView):
    """GET /api/v1/work-orders/{id}/ — one work order, its clocks and what the user may do next."""

    @extend_schema(
        operation_id="work_orders_retrieve",
        summary="工单详情",
        tags=[TAG],
        parameters=[WORK_ORDER_ID],
        responses={200: WorkOrderDetailOutputSerializer, **error_responses(401, 403, 404)},
    )
    def get(self, request: Request, work_order_id: int) -> Response:
        work_order = work_order_in_scope(request.user, work_order_id)
        body = audited_detail_body(request.user, work_order, path=request.path)
        return Response(WorkOrderDetailOutputSerializer(body).data)
