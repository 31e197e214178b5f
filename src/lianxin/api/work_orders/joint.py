"""Joint complaints after registration (共同投诉, Order 121 Art. 12) over HTTP.

POST /work-orders/{id}/co-complainants/ adds a complainant (a single complaint becomes joint);
POST /work-orders/{id}/co-complainants/{co_complainant_id}/removal/ takes one off the complaint, with the reason;
POST /work-orders/{id}/representatives/ records a new written election of the representatives.
Each answers with the work order as the reader may see it. Changing or dropping the requests is a step of the
generic transition endpoint (`action: change_claims`).
"""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from lianxin.api.idempotency import idempotent
from lianxin.api.schema import IDEMPOTENCY_KEY, error_responses
from lianxin.domain.errors import DomainError
from lianxin.domain.text_limits import FACTS_MAX, NOTE_MAX
from lianxin.workorders.services import (
    CoComplainantAddInput,
    CoComplainantInput,
    CoComplainantRemoveInput,
    RepresentativesElectInput,
    co_complainant_add,
    co_complainant_remove,
    representatives_elect,
)

from .access import detail_response
from .serializers import TAG, WORK_ORDER_ID, WorkOrderDetailOutputSerializer
from .views import CoComplainantInputSerializer

CO_COMPLAINANT_ID = OpenApiParameter(
    "co_complainant_id", OpenApiTypes.INT, OpenApiParameter.PATH, description="共同投诉人ID（详情 co_complainants 中的 id）"
)
VERSION_HELP = "读取时的版本号；若工单已被他人更新则返回 409"


def _version() -> serializers.IntegerField:
    return serializers.IntegerField(
        min_value=0, required=False, allow_null=True, default=None, help_text=VERSION_HELP
    )
ERRORS = error_responses(400, 401, 403, 404, 409, 413, 422, 503)


def _renamed(error: DomainError, names: dict[str, str]) -> DomainError:
    """The service's field names as this endpoint calls them (the reason is the step's note)."""
    error.fields = {names.get(name, name): messages for name, messages in error.fields.items()}
    return error


class CoComplainantAddApi(APIView):
    """POST /api/v1/work-orders/{id}/co-complainants/ — add a complainant (增加共同投诉人)."""

    class InputSerializer(CoComplainantInputSerializer):
        is_representative = None  # representatives are elected in writing: POST …/representatives/
        note = serializers.CharField(
            max_length=NOTE_MAX, required=False, allow_blank=True, default="", help_text="加入的方式与说明"
        )
        version = _version()

        class Meta:
            ref_name = "CoComplainantAdd"

    @extend_schema(
        operation_id="work_orders_co_complainants_add",
        summary="增加共同投诉人",
        description="为投诉增加一名投诉人（第121号令第十二条），单独投诉由此成为共同投诉；须提供真实身份信息（第十条），"
        "个人信息加密保存、按角色脱敏显示，办理记录只记序号与人数。12315中心在分送前或退回后、承办单位在作出处理决定前"
        "（已分送、待核验身份、已受理、调解中、调解中止）可以增加。新增的投诉人不是代表人（代表人须书面推选："
        "POST /work-orders/{id}/representatives/）。该投诉正在在线纠纷解决（ODR）的，转入正常分送。",
        tags=[TAG],
        parameters=[WORK_ORDER_ID, IDEMPOTENCY_KEY],
        request=InputSerializer,
        responses={201: WorkOrderDetailOutputSerializer, **ERRORS},
        examples=[
            OpenApiExample(
                "增加共同投诉人",
                request_only=True,
                value={"name": "王五", "phone": "13800004444", "note": "持购买凭证来访，申请加入投诉"},
            )
        ],
    )
    def post(self, request: Request, work_order_id: int) -> Response:
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        values = dict(serializer.validated_data)
        note, version = values.pop("note"), values.pop("version")
        data = CoComplainantAddInput(person=CoComplainantInput(**values), note=note, expected_version=version)

        def run() -> Response:
            work_order = co_complainant_add(actor=request.user, work_order_id=work_order_id, data=data)
            return detail_response(request.user, work_order.pk, status.HTTP_201_CREATED, path=request.path)

        return idempotent(request, run)


class CoComplainantRemovalApi(APIView):
    """POST /api/v1/work-orders/{id}/co-complainants/{co_complainant_id}/removal/ — 减少共同投诉人."""

    class InputSerializer(serializers.Serializer):
        reason = serializers.CharField(
            max_length=NOTE_MAX, allow_blank=True, help_text="原因（如本人书面撤回、误登记），必填"
        )
        version = _version()

        class Meta:
            ref_name = "CoComplainantRemoval"

    @extend_schema(
        operation_id="work_orders_co_complainants_remove",
        summary="减少共同投诉人",
        description="一名共同投诉人退出投诉（第121号令第十二条），须说明原因（缺少时 400 requirement_missing，"
        "fields.reason）。该投诉人的记录保留并标记退出；只剩投诉人本人时不再是共同投诉，代表人随之取消。"
        "只有共同投诉可以减少投诉人。",
        tags=[TAG],
        parameters=[WORK_ORDER_ID, CO_COMPLAINANT_ID, IDEMPOTENCY_KEY],
        request=InputSerializer,
        responses={200: WorkOrderDetailOutputSerializer, **ERRORS},
    )
    def post(self, request: Request, work_order_id: int, co_complainant_id: int) -> Response:
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = CoComplainantRemoveInput(
            co_complainant_id=co_complainant_id,
            reason=serializer.validated_data["reason"],
            expected_version=serializer.validated_data["version"],
        )

        def run() -> Response:
            try:
                work_order = co_complainant_remove(actor=request.user, work_order_id=work_order_id, data=data)
            except DomainError as error:
                raise _renamed(error, {"note": "reason"}) from None
            return detail_response(request.user, work_order.pk, path=request.path)

        return idempotent(request, run)


class RepresentativeElectionApi(APIView):
    """POST /api/v1/work-orders/{id}/representatives/ — 重新推选代表人."""

    class InputSerializer(serializers.Serializer):
        representatives = serializers.ListField(
            child=serializers.CharField(max_length=20),
            allow_empty=True,
            help_text="推选的代表人：投诉人本人为 contact，其他为 co_complainants 中的 id；空列表表示不设代表人",
        )
        representative_election = serializers.CharField(
            max_length=FACTS_MAX,
            required=False,
            allow_blank=True,
            default="",
            help_text="书面推选的记录（推选书及其证据材料）；推选了代表人时必填",
        )
        note = serializers.CharField(max_length=NOTE_MAX, required=False, allow_blank=True, default="")
        version = _version()

        class Meta:
            ref_name = "RepresentativeElection"

    @extend_schema(
        operation_id="work_orders_representatives_elect",
        summary="重新推选代表人",
        description="共同投诉的投诉人书面推选代表人（第121号令第十二条）：最多为适用规则集规定的人数（2名），超过时 400，"
        "code 为 too_many_representatives；推选了代表人的须填写书面推选记录（缺少时 400 requirement_missing）。"
        "办理记录只记代表人的序号（contact 或 id），推选记录保存在工单上。",
        tags=[TAG],
        parameters=[WORK_ORDER_ID, IDEMPOTENCY_KEY],
        request=InputSerializer,
        responses={200: WorkOrderDetailOutputSerializer, **ERRORS},
        examples=[
            OpenApiExample(
                "推选两名代表人",
                request_only=True,
                value={
                    "representatives": ["contact", "12"],
                    "representative_election": "三名投诉人签名的推选书（证据材料：推选书.jpg）",
                },
            )
        ],
    )
    def post(self, request: Request, work_order_id: int) -> Response:
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        values = serializer.validated_data
        data = RepresentativesElectInput(
            representative_keys=tuple(values["representatives"]),
            election_record=values["representative_election"],
            note=values["note"],
            expected_version=values["version"],
        )

        def run() -> Response:
            work_order = representatives_elect(actor=request.user, work_order_id=work_order_id, data=data)
            return detail_response(request.user, work_order.pk, path=request.path)

        return idempotent(request, run)
