"""Work orders over HTTP: list and register, detail, transitions, history.

Each view parses its input, calls one service or selector of `lianxin.workorders`, and renders its output.
Who may see or do what is decided by `workorders.permissions`; this module only translates.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.conf import settings
from drf_spectacular.utils import OpenApiParameter, OpenApiTypes, extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from lianxin.accounts.models import User
from lianxin.common import clock
from lianxin.domain.rules import ClockName
from lianxin.domain.workflow import (
    ACTION_LABELS,
    CHANNEL_LABELS,
    KIND_LABELS,
    STATE_LABELS,
    Action,
    Channel,
    Kind,
    State,
    available_actions,
    plan_transition,
)
from lianxin.workorders.clock_storage import clocks_load
from lianxin.workorders.errors import ActionForbidden, WorkOrderNotFound
from lianxin.workorders.models import (
    ACTION_CHOICES,
    CHANNEL_CHOICES,
    CLOCK_CHOICES,
    KIND_CHOICES,
    STATE_CHOICES,
    IdType,
    OnlineRole,
    WorkOrder,
)
from lianxin.workorders.permissions import can_act, can_see_personal_data, can_view
from lianxin.workorders.selectors import work_order_events, work_order_get, work_order_list
from lianxin.workorders.services import (
    TransitionInput,
    WorkOrderInput,
    work_order_register,
    work_order_transition,
)

from .masking import PersonalDataView, mask_address, mask_id_number, mask_name, mask_phone
from .pagination import WorkOrderCursorPagination
from .schema import error_responses

CLOCK_LABELS: dict[str, str] = dict(CLOCK_CHOICES)
TAG = "工单"
WORK_ORDER_ID = OpenApiParameter(
    "work_order_id", OpenApiTypes.INT, OpenApiParameter.PATH, description="工单ID"
)


# ---------------------------------------------------------------------------------------------------------
# Output shapes shared by several endpoints
# ---------------------------------------------------------------------------------------------------------


class UnitRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()

    class Meta:
        ref_name = "UnitRef"


class CodeNameSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()

    class Meta:
        ref_name = "CodeName"


class RuleSetRefSerializer(serializers.Serializer):
    code = serializers.CharField()
    title = serializers.CharField()

    class Meta:
        ref_name = "RuleSetRef"


class WorkOrderClockSerializer(serializers.Serializer):
    clock = serializers.ChoiceField(choices=[c.value for c in ClockName])
    label = serializers.CharField()
    started_on = serializers.DateField()
    due_on = serializers.DateField(allow_null=True)
    paused = serializers.BooleanField(help_text="暂停中（检测鉴定、身份核验等不计入期限）")
    paused_on = serializers.DateField(allow_null=True)
    stopped = serializers.BooleanField()
    stopped_on = serializers.DateField(allow_null=True)
    extended = serializers.BooleanField(help_text="已经批准延长")

    class Meta:
        ref_name = "WorkOrderClock"


class GroundSerializer(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.CharField()
    citation = serializers.CharField()

    class Meta:
        ref_name = "Ground"


class AvailableActionSerializer(serializers.Serializer):
    action = serializers.ChoiceField(choices=ACTION_CHOICES)
    label = serializers.CharField()
    requires = serializers.ListField(child=serializers.CharField(), help_text="需要提供的项目")
    grounds = GroundSerializer(many=True, help_text="须选择的法定情形（按该工单适用的规则集）")

    class Meta:
        ref_name = "AvailableAction"


class WorkOrderDetailOutputSerializer(serializers.Serializer):
    """The whole work order as the reader may see it (the body of detail, create and transition)."""

    id = serializers.IntegerField()
    number = serializers.CharField(help_text="工单编号")
    version = serializers.IntegerField(help_text="版本号：提交流转时回传以防并发覆盖")
    kind = serializers.ChoiceField(choices=KIND_CHOICES)
    kind_label = serializers.CharField()
    channel = serializers.ChoiceField(choices=CHANNEL_CHOICES)
    channel_label = serializers.CharField()
    received_at = serializers.DateTimeField()
    state = serializers.ChoiceField(choices=STATE_CHOICES)
    state_label = serializers.CharField()
    center = UnitRefSerializer()
    rule_set = RuleSetRefSerializer()

    personal_data = serializers.ChoiceField(
        choices=[v.value for v in PersonalDataView],
        help_text="投诉人/举报人信息：full 完整，masked 脱敏，anonymous 匿名不显示",
    )
    contact_name = serializers.CharField(allow_blank=True)
    contact_phone = serializers.CharField(allow_blank=True)
    contact_id_type = serializers.CharField(allow_blank=True)
    contact_id_number = serializers.CharField(allow_blank=True)
    contact_address = serializers.CharField(allow_blank=True)
    is_anonymous = serializers.BooleanField()
    is_identity_verified = serializers.BooleanField()

    respondent_name = serializers.CharField(allow_blank=True)
    respondent_credit_code = serializers.CharField(allow_blank=True)
    respondent_address = serializers.CharField(allow_blank=True)
    respondent_division_code = serializers.CharField(allow_blank=True)
    respondent_online_role = serializers.CharField(allow_blank=True)
    respondent_published_address = serializers.CharField(allow_blank=True)
    respondent_platform_name = serializers.CharField(allow_blank=True)

    category = CodeNameSerializer(allow_null=True)
    issue_type = CodeNameSerializer(allow_null=True)
    summary = serializers.CharField(allow_blank=True)
    facts = serializers.CharField(allow_blank=True)
    claims = serializers.CharField(allow_blank=True)
    amount_involved = serializers.DecimalField(max_digits=14, decimal_places=2, allow_null=True)

    handling_unit = UnitRefSerializer(allow_null=True)
    due_on = serializers.DateField(allow_null=True, help_text="最近的法定期限")
    due_clock = serializers.CharField(allow_blank=True)
    due_clock_label = serializers.CharField(allow_blank=True)
    deadline_problem = serializers.CharField(allow_blank=True, help_text="期限无法计算的原因（如日历未加载）")
    clocks = WorkOrderClockSerializer(many=True)

    amount_recovered = serializers.DecimalField(max_digits=14, decimal_places=2, allow_null=True)
    outcome = serializers.CharField(allow_blank=True)
    ground_code = serializers.CharField(allow_blank=True)
    transfer_destination = serializers.CharField(allow_blank=True)
    merged_into = serializers.IntegerField(allow_null=True)
    is_group_complaint = serializers.BooleanField()
    consents_to_publish = serializers.BooleanField()
    is_delegated_mediation = serializers.BooleanField()
    accepted_at = serializers.DateTimeField(allow_null=True)
    closed_at = serializers.DateTimeField(allow_null=True)
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()
    available_actions = AvailableActionSerializer(many=True, help_text="当前用户可执行的操作")

    class Meta:
        ref_name = "WorkOrderDetail"


# ---------------------------------------------------------------------------------------------------------
# Rendering (pure: a loaded work order and the reader in, a dict out)
# ---------------------------------------------------------------------------------------------------------


def _unit_ref(unit: Any) -> dict[str, Any] | None:
    return None if unit is None else {"id": unit.pk, "name": unit.name}


def _code_name(item: Any) -> dict[str, str] | None:
    return None if item is None else {"code": item.code, "name": item.name}


def personal_data_view(user: User, work_order: WorkOrder) -> PersonalDataView:
    if work_order.is_anonymous:
        return PersonalDataView.ANONYMOUS
    if can_see_personal_data(user, work_order):
        return PersonalDataView.FULL
    return PersonalDataView.MASKED


def _contact(user: User, work_order: WorkOrder) -> dict[str, Any]:
    view = personal_data_view(user, work_order)
    if view is PersonalDataView.ANONYMOUS:
        values = dict.fromkeys(
            ("contact_name", "contact_phone", "contact_id_type", "contact_id_number", "contact_address"), ""
        )
    elif view is PersonalDataView.FULL:
        values = {
            "contact_name": work_order.contact_name,
            "contact_phone": work_order.contact_phone,
            "contact_id_type": work_order.contact_id_type,
            "contact_id_number": work_order.contact_id_number,
            "contact_address": work_order.contact_address,
        }
    else:
        values = {
            "contact_name": mask_name(work_order.contact_name),
            "contact_phone": mask_phone(work_order.contact_phone),
            "contact_id_type": work_order.contact_id_type,
            "contact_id_number": mask_id_number(work_order.contact_id_number),
            "contact_address": mask_address(work_order.contact_address),
        }
    return {"personal_data": view.value, **values}


def _available_actions(user: User, work_order: WorkOrder) -> list[dict[str, Any]]:
    """The actions the transition table allows in this state, kept only where `can_act` lets this user."""
    kind, state = Kind(work_order.kind), State(work_order.state)
    result = []
    grounds: list[Any] | None = None
    for action in available_actions(kind, state):
        transition = plan_transition(kind, state, action)
        if not can_act(user, work_order, transition):
            continue
        offered: list[dict[str, str]] = []
        if transition.ground_kind is not None:
            if grounds is None:  # one query, and only when an action needs a ground
                grounds = list(work_order.rule_set.grounds.all())
            offered = [
                {"code": g.code, "label": g.label, "citation": g.citation}
                for g in grounds
                if g.kind == transition.ground_kind.value
            ]
        result.append(
            {
                "action": action.value,
                "label": ACTION_LABELS[action],
                "requires": sorted(r.value for r in transition.requires),
                "grounds": offered,
            }
        )
    return result


def _clocks(work_order: WorkOrder) -> list[dict[str, Any]]:
    return [
        {
            "clock": clock.value,
            "label": CLOCK_LABELS.get(clock.value, clock.value),
            "started_on": entry.state.started_on,
            "due_on": entry.due_on,
            "paused": entry.state.is_paused,
            "paused_on": entry.state.paused_on,
            "stopped": entry.state.stopped_on is not None,
            "stopped_on": entry.state.stopped_on,
            "extended": entry.state.is_extended,
        }
        for clock, entry in clocks_load(work_order.clocks).items()
    ]


def work_order_detail_body(user: User, work_order: WorkOrder) -> dict[str, Any]:
    """Everything the reader may see of one work order (personal data masked where the law says so)."""
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
        "center": _unit_ref(w.center),
        "rule_set": {"code": w.rule_set.code, "title": w.rule_set.title},
        **_contact(user, w),
        "is_anonymous": w.is_anonymous,
        "is_identity_verified": w.is_identity_verified,
        "respondent_name": w.respondent_name,
        "respondent_credit_code": w.respondent_credit_code,
        "respondent_address": w.respondent_address,
        "respondent_division_code": w.respondent_division_code,
        "respondent_online_role": w.respondent_online_role,
        "respondent_published_address": w.respondent_published_address,
        "respondent_platform_name": w.respondent_platform_name,
        "category": _code_name(w.category),
        "issue_type": _code_name(w.issue_type),
        "summary": w.summary,
        "facts": w.facts,
        "claims": w.claims,
        "amount_involved": w.amount_involved,
        "handling_unit": _unit_ref(w.handling_unit),
        "due_on": w.due_on,
        "due_clock": w.due_clock,
        "due_clock_label": CLOCK_LABELS.get(w.due_clock, ""),
        "deadline_problem": w.deadline_problem,
        "clocks": _clocks(w),
        "amount_recovered": w.amount_recovered,
        "outcome": w.outcome,
        "ground_code": w.ground_code,
        "transfer_destination": w.transfer_destination,
        "merged_into": w.merged_into_id,
        "is_group_complaint": w.is_group_complaint,
        "consents_to_publish": w.consents_to_publish,
        "is_delegated_mediation": w.is_delegated_mediation,
        "accepted_at": w.accepted_at,
        "closed_at": w.closed_at,
        "created_at": w.created_at,
        "updated_at": w.updated_at,
        "available_actions": _available_actions(user, w),
    }


def _detail_response(user: User, work_order_id: int, status_code: int = status.HTTP_200_OK) -> Response:
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
        is_overdue = serializers.BooleanField()
        deadline_problem = serializers.CharField(allow_blank=True)

        class Meta:
            ref_name = "WorkOrderListItem"

    @staticmethod
    def list_item(work_order: WorkOrder, today: date) -> dict[str, Any]:
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
            "summary": w.summary,
            "respondent_name": w.respondent_name,
            "category": _code_name(w.category),
            "handling_unit": _unit_ref(w.handling_unit),
            "due_on": w.due_on,
            "due_clock": w.due_clock,
            "due_clock_label": CLOCK_LABELS.get(w.due_clock, ""),
            "is_overdue": w.due_on is not None and w.due_on < today,
            "deadline_problem": w.deadline_problem,
        }

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
        items = [self.list_item(w, today) for w in page]
        return paginator.get_paginated_response(self.OutputSerializer(items, many=True).data)


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
        category_code = serializers.CharField(max_length=40, required=False, allow_blank=True)
        issue_type_code = serializers.CharField(max_length=40, required=False, allow_blank=True)
        summary = serializers.CharField(max_length=200, required=False, allow_blank=True)
        facts = serializers.CharField(required=False, allow_blank=True)
        claims = serializers.CharField(required=False, allow_blank=True)
        amount_involved = serializers.DecimalField(
            max_digits=14, decimal_places=2, min_value=0, required=False, allow_null=True
        )
        is_group_complaint = serializers.BooleanField(required=False, default=False)
        consents_to_publish = serializers.BooleanField(required=False, default=False)
        is_delegated_mediation = serializers.BooleanField(required=False, default=False)

        class Meta:
            ref_name = "WorkOrderCreate"

    @staticmethod
    def to_input(data: dict[str, Any]) -> WorkOrderInput:
        values = dict(data)
        values["kind"] = Kind(values["kind"])
        values["channel"] = Channel(values["channel"])
        values["received_at"] = values.get("received_at") or clock.now()
        return WorkOrderInput(**values)

    @extend_schema(
        operation_id="work_orders_create",
        summary="登记工单",
        description="在当前用户所属12315中心登记工单（仅话务员、值班长、中心管理人员）。"
        "接收时间缺省为当前时间；适用规则集按接收日期确定。成功返回 201 与工单详情。",
        tags=[TAG],
        request=InputSerializer,
        responses={201: WorkOrderDetailOutputSerializer, **error_responses(400, 401, 403, 409)},
    )
    def post(self, request: Request) -> Response:
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        work_order = work_order_register(actor=request.user, data=self.to_input(serializer.validated_data))
        return _detail_response(request.user, work_order.pk, status.HTTP_201_CREATED)


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
        body = work_order_detail_body(request.user, work_order)
        return Response(WorkOrderDetailOutputSerializer(body).data)


# ---------------------------------------------------------------------------------------------------------
# POST /work-orders/{id}/transitions/
# ---------------------------------------------------------------------------------------------------------


class WorkOrderTransitionApi(APIView):
    """POST /api/v1/work-orders/{id}/transitions/ — take one action (分送、受理、不予受理、调解、办结…)."""

    class InputSerializer(serializers.Serializer):
        action = serializers.ChoiceField(
            choices=ACTION_CHOICES,
            help_text="操作；当前状态下不允许的操作返回 409",
        )
        note = serializers.CharField(required=False, allow_blank=True, default="", help_text="办理说明")
        ground_code = serializers.CharField(
            max_length=40, required=False, allow_blank=True, default="", help_text="法定情形代码"
        )
        amount_recovered = serializers.DecimalField(
            max_digits=14, decimal_places=2, min_value=0, required=False, allow_null=True, default=None
        )
        handling_unit = serializers.IntegerField(
            min_value=1, required=False, allow_null=True, default=None, help_text="承办单位ID（分送时）"
        )
        approver = serializers.IntegerField(
            min_value=1, required=False, allow_null=True, default=None, help_text="审批人（单位负责人）ID"
        )
        transfer_destination = serializers.CharField(
            max_length=100, required=False, allow_blank=True, default="", help_text="接收的外省12315"
        )
        merge_target = serializers.IntegerField(
            min_value=1, required=False, allow_null=True, default=None, help_text="合并到的工单ID"
        )
        version = serializers.IntegerField(
            min_value=0,
            required=False,
            allow_null=True,
            default=None,
            help_text="读取时的版本号；若工单已被他人更新则返回 409",
        )

        class Meta:
            ref_name = "WorkOrderTransition"

    @staticmethod
    def to_input(data: dict[str, Any]) -> TransitionInput:
        return TransitionInput(
            action=Action(data["action"]),
            note=data["note"],
            ground_code=data["ground_code"],
            amount_recovered=data["amount_recovered"],
            handling_unit_id=data["handling_unit"],
            approver_id=data["approver"],
            transfer_destination=data["transfer_destination"],
            merge_target_id=data["merge_target"],
            expected_version=data["version"],
        )

    @extend_schema(
        operation_id="work_orders_transition",
        summary="工单流转",
        description="对工单执行一项操作。非法流转 409（illegal_transition）；无权或超出数据范围 403；"
        "缺少法定情形、说明、金额等 400（requirement_missing）；传入 version 且工单已被他人更新 409（conflict）。",
        tags=[TAG],
        parameters=[WORK_ORDER_ID],
        request=InputSerializer,
        responses={200: WorkOrderDetailOutputSerializer, **error_responses(400, 401, 403, 404, 409)},
    )
    def post(self, request: Request, work_order_id: int) -> Response:
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        work_order = work_order_transition(
            work_order_id=work_order_id, actor=request.user, data=self.to_input(serializer.validated_data)
        )
        return _detail_response(request.user, work_order.pk)


# ---------------------------------------------------------------------------------------------------------
# GET /work-orders/{id}/events/
# ---------------------------------------------------------------------------------------------------------


class WorkOrderEventListApi(APIView):
    """GET /api/v1/work-orders/{id}/events/ — the append-only history, oldest first."""

    class OutputSerializer(serializers.Serializer):
        sequence = serializers.IntegerField()
        action = serializers.ChoiceField(choices=ACTION_CHOICES)
        action_label = serializers.CharField()
        actor_name = serializers.CharField(allow_blank=True)
        approver_name = serializers.CharField(allow_null=True)
        occurred_at = serializers.DateTimeField()
        from_state = serializers.CharField(allow_blank=True)
        from_state_label = serializers.CharField(allow_blank=True)
        to_state = serializers.CharField()
        to_state_label = serializers.CharField()
        note = serializers.CharField(allow_blank=True)
        ground_code = serializers.CharField(allow_blank=True)
        changes = serializers.DictField(help_text="变更：{字段: [原值, 新值]}")

        class Meta:
            ref_name = "WorkOrderEvent"

    @staticmethod
    def _state_label(value: str) -> str:
        return STATE_LABELS[State(value)] if value else ""

    @extend_schema(
        operation_id="work_orders_events_list",
        summary="工单办理记录",
        tags=[TAG],
        parameters=[WORK_ORDER_ID],
        responses={200: OutputSerializer(many=True), **error_responses(401, 403, 404)},
    )
    def get(self, request: Request, work_order_id: int) -> Response:
        work_order = work_order_in_scope(request.user, work_order_id)
        events = [
            {
                "sequence": e.sequence,
                "action": e.action,
                "action_label": ACTION_LABELS[Action(e.action)],
                "actor_name": str(e.actor) if e.actor else "",
                "approver_name": str(e.approver) if e.approver else None,
                "occurred_at": e.occurred_at,
                "from_state": e.from_state,
                "from_state_label": self._state_label(e.from_state),
                "to_state": e.to_state,
                "to_state_label": self._state_label(e.to_state),
                "note": e.note,
                "ground_code": e.ground_code,
                "changes": e.changes,
            }
            for e in work_order_events(work_order=work_order)
        ]
        return Response(self.OutputSerializer(events, many=True).data)
