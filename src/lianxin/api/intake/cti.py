"""The PBX's side: `POST /api/v1/cti/<token>` (Zammad's generic CTI API) and `POST /api/v1/cti/<token>/route`.

Authentication is the token in the address (as in Zammad); a wrong or revoked token answers 404 like any unknown
address, so it reveals nothing. Bodies may be JSON or form data (`user[]` repeated for several users).
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import exceptions, serializers
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from lianxin.api.schema import error_responses
from lianxin.intake.models import PbxToken
from lianxin.intake.selectors import intake_policy
from lianxin.intake.services import CtiPayload, call_route, cti_event_receive, pbx_token_check

TAG = "CTI（交换机对接）"


def _token_or_404(token: str) -> PbxToken:
    found = pbx_token_check(token)
    if found is None:
        raise exceptions.NotFound
    return found


def _text(data: Any, name: str) -> str:
    value = data.get(name, "")
    if isinstance(value, list):
        value = value[0] if value else ""
    return "" if value is None else str(value).strip()


def _users(data: Any) -> list[str]:
    """`user[]` (form, repeated) or `user` (JSON: a string or a list)."""
    if hasattr(data, "getlist"):
        values = data.getlist("user[]") or data.getlist("user")
    else:
        raw = data.get("user[]", data.get("user", []))
        values = raw if isinstance(raw, list) else [raw]
    return [str(v).strip() for v in values if v is not None and str(v).strip()]


def payload_from(data: Any) -> CtiPayload:
    return CtiPayload(
        event=_text(data, "event"),
        call_id=_text(data, "callId"),
        from_number=_text(data, "from"),
        to_number=_text(data, "to"),
        direction=_text(data, "direction") or "in",
        users=_users(data),
        queue=_text(data, "queue"),
        cause=_text(data, "cause"),
        answering_number=_text(data, "answeringNumber"),
    )


class CtiEventInputSerializer(serializers.Serializer):
    event = serializers.ChoiceField(choices=["newCall", "answer", "hangup"], help_text="事件")
    callId = serializers.CharField(max_length=250, help_text="呼叫唯一标识")  # noqa: N815 - Zammad's field name
    to = serializers.CharField(required=False, help_text="被叫号码")
    direction = serializers.ChoiceField(choices=["in", "out"], required=False, help_text="方向，缺省 in")
    user = serializers.ListField(
        child=serializers.CharField(), required=False, help_text="涉及的坐席（表单为 user[]）"
    )
    queue = serializers.CharField(required=False, help_text="队列")
    cause = serializers.CharField(
        required=False, help_text="挂机原因：normalClearing、cancel、noAnswer、busy…"
    )
    answeringNumber = serializers.CharField(  # noqa: N815 - Zammad's field name
        required=False, help_text="接听者：分机号、用户名或用户ID"
    )

    class Meta:
        ref_name = "CtiEvent"

    def get_fields(self) -> dict[str, serializers.Field]:
        fields = super().get_fields()
        fields["from"] = serializers.CharField(required=False, help_text="主叫号码（anonymous 为隐藏号码）")
        return fields


class CtiEventApi(APIView):
    """POST /api/v1/cti/<token> — newCall / answer / hangup from the PBX."""

    authentication_classes = ()
    permission_classes = (AllowAny,)
    parser_classes = (JSONParser, FormParser, MultiPartParser)

    @extend_schema(
        operation_id="cti_event",
        summary="交换机 CTI 事件（兼容 Zammad generic CTI）",
        description="事件 newCall、answer、hangup；JSON 或表单。每个 (callId, event) 只处理一次，重复或乱序均可。"
        '黑名单号码的 newCall 返回 {"action": "reject", "reason": "busy"}，其余返回 {}。令牌错误返回 404。',
        tags=[TAG],
        request=CtiEventInputSerializer,
        responses={200: dict, **error_responses(400, 404)},
        examples=[
            OpenApiExample(
                "来电",
                request_only=True,
                value={
                    "event": "newCall",
                    "from": "8613912345678",
                    "to": "12315",
                    "direction": "in",
                    "callId": "307fa962-de8d-4ffc-817b-7f6993204159",
                    "user": ["张丽"],
                    "queue": "12315",
                },
            ),
            OpenApiExample(
                "挂机",
                request_only=True,
                value={
                    "event": "hangup",
                    "from": "8613912345678",
                    "to": "12315",
                    "direction": "in",
                    "callId": "307fa962-de8d-4ffc-817b-7f6993204159",
                    "answeringNumber": "8001",
                    "cause": "normalClearing",
                },
            ),
        ],
    )
    def post(self, request: Request, token: str) -> Response:
        pbx = _token_or_404(token)
        return Response(cti_event_receive(token=pbx, payload=payload_from(request.data)))


class CtiRouteApi(APIView):
    """POST /api/v1/cti/<token>/route — "which agent for this call?" (Lianxin as the routing brain)."""

    authentication_classes = ()
    permission_classes = (AllowAny,)
    parser_classes = (JSONParser, FormParser, MultiPartParser)

    class InputSerializer(serializers.Serializer):
        callId = serializers.CharField(max_length=250, help_text="newCall 中的呼叫标识")  # noqa: N815

        class Meta:
            ref_name = "CtiRouteInput"

    @extend_schema(
        operation_id="cti_route",
        summary="来电分配：该由哪位坐席接听",
        description='先发送 newCall，再询问。返回 {"action": "dial", "extension", "user", "timeout"}：'
        "最长空闲的就绪坐席（优先登记过来电人未办结工单的坐席；配置技能时重点来电人优先分给具备技能的坐席）；"
        'timeout 秒内未接听再次询问即转下一位。无人就绪时返回 {"action": "queue"}。',
        tags=[TAG],
        request=InputSerializer,
        responses={200: dict, **error_responses(400, 404)},
    )
    def post(self, request: Request, token: str) -> Response:
        _token_or_404(token)
        serializer = self.InputSerializer(data={"callId": _text(request.data, "callId")})
        serializer.is_valid(raise_exception=True)
        session = call_route(call_id=serializer.validated_data["callId"])
        if session is None:
            return Response({"action": "queue"})
        return Response(
            {
                "action": "dial",
                "extension": session.seat.extension,
                "user": session.user.username,
                "timeout": intake_policy().ring_seconds,
            }
        )
