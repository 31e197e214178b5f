"""POST /work-orders/{id}/transitions/: one action on one work order (分送、受理、不予受理、调解、办结…)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from lianxin.api.idempotency import idempotent
from lianxin.api.schema import IDEMPOTENCY_KEY, error_responses
from lianxin.domain.claims import CLAIMS_CHANGE_LABELS, ClaimsChange
from lianxin.domain.text_limits import CLAIMS_MAX, NOTE_MAX
from lianxin.domain.workflow import Action
from lianxin.workorders.models import ACTION_CHOICES
from lianxin.workorders.services import JointConsentInput, TransitionInput, work_order_transition

from .access import detail_response
from .serializers import TAG, WORK_ORDER_ID, WorkOrderDetailOutputSerializer


class JointConsentSerializer(serializers.Serializer):
    complainants = serializers.ListField(
        child=serializers.CharField(max_length=20),
        help_text="表示同意的被代表投诉人：投诉人本人为 contact，其他为 co_complainants 中的 id",
    )
    record = serializers.CharField(
        max_length=NOTE_MAX, help_text="同意的方式与凭据（书面同意书、通话录音等）"
    )

    class Meta:
        ref_name = "JointConsent"


class WorkOrderTransitionApi(APIView):
    """POST /api/v1/work-orders/{id}/transitions/ — take one action (分送、受理、不予受理、调解、办结…)."""

    class InputSerializer(serializers.Serializer):
        action = serializers.ChoiceField(
            choices=ACTION_CHOICES,
            help_text="操作；当前状态下不允许的操作返回 409",
        )
        note = serializers.CharField(
            max_length=NOTE_MAX, required=False, allow_blank=True, default="", help_text="办理说明"
        )
        ground_code = serializers.CharField(
            max_length=40, required=False, allow_blank=True, default="", help_text="法定情形代码"
        )
        amount_recovered = serializers.DecimalField(
            max_digits=14, decimal_places=2, min_value=0, required=False, allow_null=True, default=None
        )
        handling_unit = serializers.IntegerField(
            min_value=1, required=False, allow_null=True, default=None, help_text="承办单位ID（分送时）"
        )
        transfer_destination = serializers.CharField(
            max_length=100, required=False, allow_blank=True, default="", help_text="接收的外省12315"
        )
        merge_target = serializers.IntegerField(
            min_value=1, required=False, allow_null=True, default=None, help_text="合并到的工单ID"
        )
        return_reason = serializers.CharField(
            max_length=40,
            required=False,
            allow_blank=True,
            default="",
            help_text="退回原因代码（退回时必填；可选值见 available_actions 中 return 的 grounds）",
        )
        suggested_unit = serializers.IntegerField(
            min_value=1,
            required=False,
            allow_null=True,
            default=None,
            help_text="退回时建议的承办单位ID（可选）",
        )
        joint_consent = JointConsentSerializer(
            required=False,
            allow_null=True,
            default=None,
            help_text="共同投诉达成调解协议、撤回或和解、变更或者放弃投诉请求时，被代表的投诉人同意的记录（第121号令第十二条）",
        )
        claims = serializers.CharField(
            max_length=CLAIMS_MAX,
            required=False,
            allow_blank=True,
            default="",
            help_text="变更或者放弃投诉请求（change_claims）：变更后的投诉请求",
        )
        claims_change = serializers.ChoiceField(
            choices=[(c.value, CLAIMS_CHANGE_LABELS[c]) for c in ClaimsChange],
            required=False,
            allow_blank=True,
            default="",
            help_text="变更方式：changed 变更，partly_dropped 放弃部分；all_dropped（放弃全部）即撤回投诉，"
            "返回 400 all_claims_dropped，请以 terminate_mediation 选择撤回投诉的情形办理",
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
            transfer_destination=data["transfer_destination"],
            merge_target_id=data["merge_target"],
            expected_version=data["version"],
            return_reason=data["return_reason"],
            suggested_unit_id=data["suggested_unit"],
            claims=data["claims"],
            claims_change=data["claims_change"],
            joint_consent=JointConsentInput(
                complainant_keys=tuple(data["joint_consent"]["complainants"]),
                record=data["joint_consent"]["record"],
            )
            if data["joint_consent"]
            else None,
        )

    @extend_schema(
        operation_id="work_orders_transition",
        summary="工单流转",
        description="对工单执行一项操作。非法流转 409（illegal_transition）；无权或超出数据范围 403；"
        "缺少法定情形、说明、金额等 400（requirement_missing）；传入 version 且工单已被他人更新 409（conflict）。"
        "退回（return）须给出 return_reason（原因为「其他」时另须 note）；共同投诉达成协议、撤回或者变更投诉请求"
        "（change_claims，须给出 claims、claims_change 与 note）时须给出 joint_consent；"
        "拆分混合诉求请用 POST /work-orders/{id}/split/；增加、减少共同投诉人或推选代表人请用 "
        "POST /work-orders/{id}/co-complainants/、…/co-complainants/{co_complainant_id}/removal/、…/representatives/。",
        tags=[TAG],
        parameters=[WORK_ORDER_ID, IDEMPOTENCY_KEY],
        request=InputSerializer,
        responses={
            200: WorkOrderDetailOutputSerializer,
            **error_responses(400, 401, 403, 404, 409, 413, 422, 503),
        },
    )
    def post(self, request: Request, work_order_id: int) -> Response:
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)

        def transition() -> Response:
            work_order = work_order_transition(
                work_order_id=work_order_id, actor=request.user, data=self.to_input(serializer.validated_data)
            )
            return detail_response(request.user, work_order.pk, path=request.path)

        return idempotent(request, transition)
