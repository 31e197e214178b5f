"""Approvals over HTTP: a handler asks (POST /work-orders/{id}/approvals/), a unit leader lists the queue
(GET /approvals/) and decides in their own session (POST /approvals/{id}/decision/).

The decision is the approver's own act (`workorders.services.approval_decide`): there is no way to name an
approver in a request (issue 14 item 4).
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiParameter, OpenApiTypes, extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from lianxin.accounts.models import User
from lianxin.domain.text_limits import NOTE_MAX
from lianxin.domain.workflow import ACTION_LABELS, TRANSITIONS, Action, Requirement
from lianxin.workorders.models import ApprovalRequest, ApprovalState
from lianxin.workorders.permissions import can_see_personal_data
from lianxin.workorders.selectors import approval_queue, approvals_of_work_order
from lianxin.workorders.services import approval_decide, approval_request

from .schema import error_responses
from .work_orders.access import work_order_in_scope
from .work_orders.bodies import free_text
from .work_orders.serializers import WORK_ORDER_ID

TAG = "审批"
APPROVABLE_ACTIONS = sorted({t.action.value for t in TRANSITIONS if Requirement.APPROVER in t.requires})
APPROVAL_ID = OpenApiParameter(
    "approval_id", OpenApiTypes.INT, OpenApiParameter.PATH, description="审批申请ID"
)


class ApprovalOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    work_order_id = serializers.IntegerField()
    work_order_number = serializers.CharField()
    action = serializers.ChoiceField(choices=APPROVABLE_ACTIONS)
    action_label = serializers.CharField()
    state = serializers.ChoiceField(choices=ApprovalState.choices)
    state_label = serializers.CharField()
    requested_by_name = serializers.CharField()
    requested_at = serializers.DateTimeField()
    note = serializers.CharField(help_text="申请理由")
    due_on = serializers.DateField(allow_null=True, help_text="工单当前最近期限")
    decided_by_name = serializers.CharField(allow_null=True)
    decided_at = serializers.DateTimeField(allow_null=True)
    decision_note = serializers.CharField(allow_blank=True)

    class Meta:
        ref_name = "Approval"


def _name(user: User | None) -> str | None:
    return None if user is None else (user.full_name or user.username)


def approval_body(user: User, approval: ApprovalRequest) -> dict[str, Any]:
    work_order = approval.work_order
    masked = not can_see_personal_data(user, work_order)
    return {
        "id": approval.pk,
        "work_order_id": work_order.pk,
        "work_order_number": work_order.number,
        "action": approval.action,
        "action_label": ACTION_LABELS[Action(approval.action)],
        "state": approval.state,
        "state_label": ApprovalState(approval.state).label,
        "requested_by_name": _name(approval.requested_by),
        "requested_at": approval.requested_at,
        "note": free_text(approval.note, masked=masked),
        "due_on": work_order.due_on,
        "decided_by_name": _name(approval.decided_by),
        "decided_at": approval.decided_at,
        "decision_note": free_text(approval.decision_note, masked=masked),
    }


class WorkOrderApprovalsApi(APIView):
    """GET/POST /api/v1/work-orders/{id}/approvals/ — the approval requests of one work order; ask for one."""

    class InputSerializer(serializers.Serializer):
        action = serializers.ChoiceField(choices=APPROVABLE_ACTIONS, help_text="须经负责人批准的操作")
        note = serializers.CharField(max_length=NOTE_MAX, help_text="申请理由")

        class Meta:
            ref_name = "ApprovalCreate"

    @extend_schema(
        operation_id="work_orders_approvals_list",
        summary="工单的审批申请",
        tags=[TAG],
        parameters=[WORK_ORDER_ID],
        responses={200: ApprovalOutputSerializer(many=True), **error_responses(401, 403, 404)},
    )
    def get(self, request: Request, work_order_id: int) -> Response:
        work_order = work_order_in_scope(request.user, work_order_id)
        items = [approval_body(request.user, a) for a in approvals_of_work_order(work_order=work_order)]
        return Response(ApprovalOutputSerializer(items, many=True).data)

    @extend_schema(
        operation_id="work_orders_approvals_create",
        summary="提交审批申请",
        description="承办人申请须经单位负责人批准的操作（如延长举报核查期限）。申请待审批期间工单不变；"
        "负责人批准后操作才生效。期限已届满的不能申请延长（400 requirement_missing）；已有待审批申请 409。",
        tags=[TAG],
        parameters=[WORK_ORDER_ID],
        request=InputSerializer,
        responses={201: ApprovalOutputSerializer, **error_responses(400, 401, 403, 404, 409, 413)},
    )
    def post(self, request: Request, work_order_id: int) -> Response:
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        approval = approval_request(
            actor=request.user,
            work_order_id=work_order_id,
            action=Action(serializer.validated_data["action"]),
            note=serializer.validated_data["note"],
        )
        return Response(
            ApprovalOutputSerializer(approval_body(request.user, approval)).data,
            status=status.HTTP_201_CREATED,
        )


class ApprovalQueueApi(APIView):
    """GET /api/v1/approvals/ — the pending requests the signed-in unit leader may decide, oldest first."""

    @extend_schema(
        operation_id="approvals_queue",
        summary="待我审批",
        description="当前单位负责人可审批的待审批申请（本单位及下级单位承办的工单，不含本人提交的申请），先到先列。",
        tags=[TAG],
        responses={200: ApprovalOutputSerializer(many=True), **error_responses(401)},
    )
    def get(self, request: Request) -> Response:
        items = [approval_body(request.user, a) for a in approval_queue(user=request.user)[:500]]
        return Response(ApprovalOutputSerializer(items, many=True).data)


class ApprovalDecisionApi(APIView):
    """POST /api/v1/approvals/{id}/decision/ — approve (the action takes effect) or refuse (with a reason)."""

    class InputSerializer(serializers.Serializer):
        decision = serializers.ChoiceField(choices=[("approve", "批准"), ("refuse", "不予批准")])
        note = serializers.CharField(
            max_length=NOTE_MAX,
            required=False,
            allow_blank=True,
            default="",
            help_text="审批意见；不予批准时必填",
        )

        class Meta:
            ref_name = "ApprovalDecision"

    @extend_schema(
        operation_id="approvals_decide",
        summary="审批",
        description="单位负责人在本人账号中批准或不予批准。批准即执行所申请的操作，办理记录以负责人为操作人和审批人。"
        "非承办单位（或其上级）负责人、或审批本人申请 403；已审批过 409；工单状态已变 409（illegal_transition）；"
        "期限已届满 400（requirement_missing）。",
        tags=[TAG],
        parameters=[APPROVAL_ID],
        request=InputSerializer,
        responses={200: ApprovalOutputSerializer, **error_responses(400, 401, 403, 404, 409, 413)},
    )
    def post(self, request: Request, approval_id: int) -> Response:
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        approval = approval_decide(
            actor=request.user,
            approval_id=approval_id,
            approve=serializer.validated_data["decision"] == "approve",
            note=serializer.validated_data["note"],
        )
        return Response(ApprovalOutputSerializer(approval_body(request.user, approval)).data)
