"""The workstation's API: agent state, calls, caller history, registration from a call, drafts, blocked numbers."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema
from rest_framework import exceptions, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from lianxin.api.schema import error_responses
from lianxin.api.work_orders.access import detail_response, work_order_in_scope
from lianxin.api.work_orders.serializers import WorkOrderDetailOutputSerializer
from lianxin.api.work_orders.views import WorkOrderCreateApi
from lianxin.domain.agent_states import AGENT_STATE_LABELS, CALL_CAUSE_LABELS, AgentState, CallCause
from lianxin.intake.models import AgentSession, BlockedNumber, Call, CallDraft
from lianxin.intake.selectors import (
    agent_session_open,
    agent_sessions_open,
    break_reasons,
    caller_history,
    calls_visible_to,
)
from lianxin.intake.services import (
    RegistrationFromCall,
    agent_set_state,
    agent_sign_in,
    blocked_number_add,
    blocked_number_remove,
    call_answer,
    call_draft_delete,
    call_draft_save,
    call_register,
    work_order_reference_add,
)
from lianxin.intake.services.agents import agent_state_payload
from lianxin.intake.services.calls import SUPERVISOR_ROLES
from lianxin.workorders.models import WorkOrder
from lianxin.workorders.permissions import masked_fields

TAG = "坐席工作台"


def session_body(session: AgentSession | None) -> dict[str, Any]:
    if session is None:
        return {
            "state": AgentState.SIGNED_OUT.value,
            "state_label": AGENT_STATE_LABELS[AgentState.SIGNED_OUT],
            "extension": None,
            "since": None,
            "reason_code": "",
            "call_id": None,
            "wrap_up_until": None,
            "user_id": None,
        }
    return agent_state_payload(session)


class AgentStateOutputSerializer(serializers.Serializer):
    user_id = serializers.IntegerField(allow_null=True)
    extension = serializers.CharField(allow_null=True)
    state = serializers.CharField(help_text="signed_out、ready、ringing、talking、wrap_up、break")
    state_label = serializers.CharField()
    since = serializers.CharField(allow_null=True)
    reason_code = serializers.CharField(allow_blank=True)
    call_id = serializers.CharField(allow_null=True)
    wrap_up_until = serializers.CharField(allow_null=True)

    class Meta:
        ref_name = "AgentState"


class AgentMeApi(APIView):
    """GET /api/v1/agent/ — my seat and state, and the break reasons."""

    @extend_schema(operation_id="agent_me", summary="我的坐席状态", tags=[TAG], responses={200: dict})
    def get(self, request: Request) -> Response:
        return Response(
            {
                "session": session_body(agent_session_open(request.user)),
                "break_reasons": [{"code": r.code, "label": r.label} for r in break_reasons()],
            }
        )


class AgentSignInApi(APIView):
    class InputSerializer(serializers.Serializer):
        extension = serializers.CharField(max_length=20, help_text="分机号")

        class Meta:
            ref_name = "AgentSignIn"

    @extend_schema(
        operation_id="agent_sign_in",
        summary="签入坐席",
        description="在分机号对应的坐席签入，随即进入就绪。",
        tags=[TAG],
        request=InputSerializer,
        responses={200: AgentStateOutputSerializer, **error_responses(400, 401, 403)},
        examples=[OpenApiExample("签入", value={"extension": "8001"}, request_only=True)],
    )
    def post(self, request: Request) -> Response:
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        session = agent_sign_in(user=request.user, extension=serializer.validated_data["extension"])
        return Response(session_body(session))


class AgentStateApi(APIView):
    class InputSerializer(serializers.Serializer):
        state = serializers.CharField(
            max_length=20, help_text="目标状态：ready（就绪）、break（小休）、signed_out（签出）"
        )
        reason_code = serializers.CharField(
            max_length=30, required=False, allow_blank=True, help_text="小休原因代码"
        )

        class Meta:
            ref_name = "AgentStateChange"

    @extend_schema(
        operation_id="agent_state_change",
        summary="切换坐席状态（就绪、小休、签出）",
        tags=[TAG],
        request=InputSerializer,
        responses={200: AgentStateOutputSerializer, **error_responses(400, 401, 409)},
        examples=[OpenApiExample("小休", value={"state": "break", "reason_code": "meal"}, request_only=True)],
    )
    def post(self, request: Request) -> Response:
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        if data["state"] not in {s.value for s in AgentState}:
            raise exceptions.ValidationError({"state": ["状态应为 ready、break 或 signed_out。"]})
        session = agent_set_state(
            user=request.user, state=AgentState(data["state"]), reason_code=data.get("reason_code", "")
        )
        return Response(session_body(session if session.ended_at is None else None))


class AgentListApi(APIView):
    @extend_schema(
        operation_id="agents_list",
        summary="在线坐席及其状态（值班长）",
        tags=[TAG],
        responses={200: AgentStateOutputSerializer(many=True), **error_responses(401, 403)},
    )
    def get(self, request: Request) -> Response:
        if request.user.role_enum not in SUPERVISOR_ROLES and not request.user.is_superuser:
            raise exceptions.PermissionDenied
        return Response([session_body(s) for s in agent_sessions_open().order_by("seat__extension")])


def call_body(call: Call) -> dict[str, Any]:
    return {
        "id": call.pk,
        "call_id": call.call_id,
        "direction": call.direction,
        "from": call.from_number,
        "to": call.to_number,
        "queue": call.queue,
        "offered_at": call.offered_at,
        "answered_at": call.answered_at,
        "ended_at": call.ended_at,
        "wait_seconds": call.wait_seconds,
        "talk_seconds": call.talk_seconds,
        "agent": call.agent.username if call.agent_id and call.agent else None,
        "cause": call.cause,
        "cause_label": CALL_CAUSE_LABELS[CallCause(call.cause)] if call.cause else "",
        "work_orders": [w.number for w in call.work_orders.all()],
    }


class CallListApi(APIView):
    @extend_schema(
        operation_id="calls_list",
        summary="来电记录",
        description="值班长与中心管理人员看全部，话务员看分配给自己或自己接听的来电；最近200条。",
        tags=[TAG],
        responses={200: dict, **error_responses(401)},
    )
    def get(self, request: Request) -> Response:
        calls = calls_visible_to(request.user).select_related("agent").prefetch_related("work_orders")[:200]
        return Response([call_body(c) for c in calls])


def _call_visible(request: Request, call_id: str) -> Call:
    call = calls_visible_to(request.user).select_related("agent").filter(call_id=call_id).first()
    if call is None:
        raise exceptions.NotFound
    return call


class CallDetailApi(APIView):
    @extend_schema(
        operation_id="calls_retrieve",
        summary="来电详情",
        tags=[TAG],
        responses={200: dict, **error_responses(401, 404)},
    )
    def get(self, request: Request, call_id: str) -> Response:
        return Response(call_body(_call_visible(request, call_id)))


class CallAnswerApi(APIView):
    @extend_schema(
        operation_id="calls_answer",
        summary="接听振铃中的来电",
        description="坐席接听分配给自己的来电（交换机随后的 answer 事件不再改变记录）。",
        tags=[TAG],
        request=None,
        responses={200: dict, **error_responses(401, 403, 404)},
    )
    def post(self, request: Request, call_id: str) -> Response:
        call = call_answer(user=request.user, call_id=call_id)
        return Response(call_body(call))


class CallerHistoryApi(APIView):
    @extend_schema(
        operation_id="caller_history",
        summary="来电人历史（弹屏内容）",
        description=(
            "号码归属地、黑名单标记、该号码的工单（未办结在前；来电人为共同投诉人的共同投诉一并列出，"
            "is_co_complainant 为 true、party_label 为「共同投诉人」）、重复来电等提示。只含本人数据范围内的工单。"
        ),
        tags=[TAG],
        parameters=[OpenApiParameter("phone", str, required=True, description="来电号码")],
        responses={200: dict, **error_responses(400, 401, 403)},
    )
    def get(self, request: Request) -> Response:
        # Masked means masked everywhere: a lookup by phone answers "does this number have complaints, and
        # which" — for a reader who sees phones masked (an analyst) that is a search on a hidden field.
        if "contact_phone" in masked_fields(request.user, WorkOrder):
            raise exceptions.PermissionDenied()
        phone = request.query_params.get("phone", "").strip()
        if not phone:
            raise exceptions.ValidationError({"phone": ["此项为必填项。"]})
        return Response(caller_history(phone, user=request.user).as_dict())


class CallRegistrationInputSerializer(WorkOrderCreateApi.InputSerializer):
    call_id = serializers.CharField(max_length=250, required=False, allow_blank=True, help_text="来电标识")
    dispatch_unit_id = serializers.IntegerField(
        required=False, allow_null=True, help_text="投诉、举报：同时分送到该承办单位"
    )
    dispatch_note = serializers.CharField(
        required=False, allow_blank=True, help_text="未采纳管辖建议时的理由"
    )
    answer_note = serializers.CharField(
        required=False, allow_blank=True, help_text="咨询、建议：当场解答的内容"
    )
    answer_entry_id = serializers.IntegerField(required=False, allow_null=True, help_text="解答所用口径")
    article_ids = serializers.ListField(
        child=serializers.IntegerField(min_value=1), required=False, default=list, help_text="引用的法条"
    )
    link_work_order_id = serializers.IntegerField(
        required=False, allow_null=True, help_text="关联同一来电人的工单"
    )

    class Meta:
        ref_name = "CallRegistration"


_EXTRA = (
    "call_id",
    "dispatch_unit_id",
    "dispatch_note",
    "answer_note",
    "answer_entry_id",
    "article_ids",
    "link_work_order_id",
)


class CallRegistrationApi(APIView):
    @extend_schema(
        operation_id="calls_register",
        summary="来电登记并分送（或当场解答办结）",
        description="登记工单并在同一事务中：投诉、举报分送到 dispatch_unit_id（未采纳管辖建议须填写 dispatch_note）；"
        "咨询、建议以 answer_note / answer_entry_id 当场解答办结。同时关联来电、引用法条。",
        tags=[TAG],
        request=CallRegistrationInputSerializer,
        responses={201: WorkOrderDetailOutputSerializer, **error_responses(400, 401, 403, 404, 409)},
        examples=[
            OpenApiExample(
                "投诉登记并分送",
                request_only=True,
                value={
                    "call_id": "307fa962-de8d-4ffc-817b-7f6993204159",
                    "kind": "complaint",
                    "channel": "hotline",
                    "contact_name": "王芳",
                    "contact_phone": "13912345678",
                    "respondent_name": "西安市雁塔区某某电器商行",
                    "respondent_address": "陕西省西安市雁塔区小寨东路1号",
                    "summary": "空调安装后不制冷，商家拒绝退货",
                    "facts": "5月1日购买空调，安装后不制冷，商家拒绝退货。",
                    "claims": "退货退款",
                },
            )
        ],
    )
    def post(self, request: Request) -> Response:
        serializer = CallRegistrationInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        values = dict(serializer.validated_data)
        extra = {name: values.pop(name, None) for name in _EXTRA}
        work_order = call_register(
            actor=request.user,
            data=RegistrationFromCall(
                data=WorkOrderCreateApi.to_input(values),
                call_id=extra["call_id"] or "",
                dispatch_unit_id=extra["dispatch_unit_id"],
                dispatch_note=extra["dispatch_note"] or "",
                answer_note=extra["answer_note"] or "",
                answer_entry_id=extra["answer_entry_id"],
                article_ids=tuple(extra["article_ids"] or ()),
                link_work_order_id=extra["link_work_order_id"],
            ),
        )
        return detail_response(request.user, work_order.pk, status.HTTP_201_CREATED)


class WorkOrderReferenceApi(APIView):
    class InputSerializer(serializers.Serializer):
        article_id = serializers.IntegerField(required=False, allow_null=True, help_text="法条ID")
        entry_id = serializers.IntegerField(required=False, allow_null=True, help_text="口径ID")

        class Meta:
            ref_name = "WorkOrderReferenceInput"

    @extend_schema(
        operation_id="work_orders_reference_add",
        summary="为工单引用法条或口径",
        tags=[TAG],
        request=InputSerializer,
        responses={201: dict, **error_responses(400, 401, 403, 404)},
        examples=[OpenApiExample("引用法条", value={"article_id": 1}, request_only=True)],
    )
    def post(self, request: Request, work_order_id: int) -> Response:
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        work_order = work_order_in_scope(request.user, work_order_id)
        reference = work_order_reference_add(
            actor=request.user,
            work_order=work_order,
            article_id=serializer.validated_data.get("article_id"),
            entry_id=serializer.validated_data.get("entry_id"),
        )
        return Response({"id": reference.pk, "citation": reference.citation}, status=status.HTTP_201_CREATED)


class DraftApi(APIView):
    """GET/PUT/DELETE /api/v1/drafts/<key>/ — what the agent typed for a call, kept across reloads."""

    @extend_schema(operation_id="drafts_retrieve", summary="读取登记草稿", tags=[TAG], responses={200: dict})
    def get(self, request: Request, key: str) -> Response:
        draft = CallDraft.objects.filter(user=request.user, key=key).first()
        return Response(
            {
                "key": key,
                "data": draft.data if draft else {},
                "updated_at": draft.updated_at if draft else None,
            }
        )

    @extend_schema(
        operation_id="drafts_save", summary="保存登记草稿", tags=[TAG], request=dict, responses={200: dict}
    )
    def put(self, request: Request, key: str) -> Response:
        data = request.data.get("data", {}) if isinstance(request.data, dict) else {}
        if not isinstance(data, dict):
            raise exceptions.ValidationError({"data": ["草稿内容应为对象。"]})
        draft = call_draft_save(user=request.user, key=key, data=data)
        return Response({"key": key, "data": draft.data, "updated_at": draft.updated_at})

    @extend_schema(operation_id="drafts_delete", summary="删除登记草稿", tags=[TAG], responses={204: None})
    def delete(self, request: Request, key: str) -> Response:
        call_draft_delete(user=request.user, key=key)
        return Response(status=status.HTTP_204_NO_CONTENT)


class BlockedNumberApi(APIView):
    class InputSerializer(serializers.Serializer):
        number = serializers.CharField(max_length=40, help_text="号码")
        reason = serializers.CharField(max_length=200, help_text="原因")
        expires_at = serializers.DateTimeField(
            required=False, allow_null=True, help_text="到期时间，留空为长期"
        )

        class Meta:
            ref_name = "BlockedNumberInput"

    @extend_schema(
        operation_id="blocked_numbers_list", summary="黑名单号码", tags=[TAG], responses={200: dict}
    )
    def get(self, request: Request) -> Response:
        if request.user.role_enum not in SUPERVISOR_ROLES and not request.user.is_superuser:
            raise exceptions.PermissionDenied
        return Response(
            [
                {
                    "number": b.number,
                    "reason": b.reason,
                    "expires_at": b.expires_at,
                    "created_at": b.created_at,
                }
                for b in BlockedNumber.objects.all()[:500]
            ]
        )

    @extend_schema(
        operation_id="blocked_numbers_add",
        summary="加入黑名单（值班长）",
        tags=[TAG],
        request=InputSerializer,
        responses={201: dict, **error_responses(400, 401, 403)},
        examples=[
            OpenApiExample(
                "骚扰电话", value={"number": "13800000000", "reason": "反复辱骂话务员"}, request_only=True
            )
        ],
    )
    def post(self, request: Request) -> Response:
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        entry = blocked_number_add(actor=request.user, **serializer.validated_data)
        return Response(
            {"number": entry.number, "reason": entry.reason, "expires_at": entry.expires_at}, status=201
        )


class BlockedNumberDetailApi(APIView):
    @extend_schema(
        operation_id="blocked_numbers_remove",
        summary="解除黑名单（值班长）",
        tags=[TAG],
        responses={204: None, **error_responses(401, 403, 404)},
    )
    def delete(self, request: Request, number: str) -> Response:
        if not blocked_number_remove(actor=request.user, number=number):
            raise exceptions.NotFound
        return Response(status=status.HTTP_204_NO_CONTENT)
