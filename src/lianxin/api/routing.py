"""POST /api/v1/routing/resolve — respondent's address(es) → division codes, handling unit or transfer, reason."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from lianxin.common import clock
from lianxin.directory.selectors import home_province_code, respondent_route
from lianxin.domain.routing import RespondentKind

from .schema import error_responses


class RoutingResolveApi(APIView):
    class InputSerializer(serializers.Serializer):
        address = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")
        respondent_kind = serializers.ChoiceField(
            choices=[k.value for k in RespondentKind], default=RespondentKind.BUSINESS.value
        )
        domicile_address = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")
        published_address = serializers.CharField(
            max_length=500, required=False, allow_blank=True, default=""
        )
        platform_domicile_address = serializers.CharField(
            max_length=500, required=False, allow_blank=True, default=""
        )
        item_kind = serializers.ChoiceField(
            choices=["complaint", "report"],
            default="complaint",
            help_text="complaint 按投诉管辖（第121号令第十三条），report 按举报管辖（第二十九条、第三十一条）",
        )
        conduct_address = serializers.CharField(
            max_length=500,
            required=False,
            allow_blank=True,
            default="",
            help_text="举报：违法行为发生地（与经营地址不同时）",
        )
        context_province = serializers.RegexField(r"^\d{6}$", required=False, allow_null=True, default=None)
        received_on = serializers.DateField(required=False, allow_null=True, default=None)

        def validate(self, attrs: dict) -> dict:
            fields = ("address", "domicile_address", "published_address", "platform_domicile_address")
            if not any(attrs[f].strip() for f in fields):
                raise serializers.ValidationError({"address": ["请至少提供一个地址。"]})
            return attrs

    class CandidateSerializer(serializers.Serializer):
        name = serializers.CharField()
        province_code = serializers.CharField(allow_null=True)
        city_code = serializers.CharField(allow_null=True)
        county_code = serializers.CharField(allow_null=True)

    class OutputSerializer(serializers.Serializer):
        province_code = serializers.CharField(allow_null=True)
        city_code = serializers.CharField(allow_null=True)
        county_code = serializers.CharField(allow_null=True)
        confidence = serializers.FloatField()
        ambiguous = serializers.BooleanField()
        candidates = serializers.ListField(child=serializers.DictField())
        outcome = serializers.CharField()
        unit = serializers.DictField(allow_null=True)
        basis = serializers.CharField(allow_null=True)
        rule = serializers.CharField()
        reason = serializers.CharField()
        citation = serializers.CharField()

    @extend_schema(
        operation_id="routing_resolve",
        summary="管辖判定",
        description="按被投诉（举报）经营者的经营地址、住所地或网络交易信息判定承办单位，返回理由与依据；"
        "地址有歧义时返回候选；外省经营者返回转外省12315。地址可用繁体。",
        tags=["管辖判定"],
        request=InputSerializer,
        responses={200: OutputSerializer, **error_responses(400, 401)},
        examples=[
            OpenApiExample("实体店", request_only=True, value={"address": "陕西省西安市雁塔区长安南路88号"}),
        ],
    )
    def post(self, request: Request) -> Response:
        body = self.InputSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        routing = respondent_route(
            kind=data["respondent_kind"],
            operating_address=data["address"],
            domicile_address=data["domicile_address"],
            published_address=data["published_address"],
            platform_domicile_address=data["platform_domicile_address"],
            received_on=data["received_on"] or clock.today(),
            home_province=home_province_code(),
            context_province=data["context_province"],
            item_kind=data["item_kind"],
            conduct_address=data["conduct_address"],
        )
        match, decision = routing.match, routing.decision
        payload = {
            "province_code": match.province_code,
            "city_code": match.city_code,
            "county_code": match.county_code,
            "confidence": match.confidence,
            "ambiguous": match.ambiguous,
            "candidates": [
                {
                    "name": c.name,
                    "province_code": c.province_code,
                    "city_code": c.city_code,
                    "county_code": c.county_code,
                }
                for c in match.candidates
            ],
            "outcome": decision.outcome.value,
            "unit": {"code": decision.unit.code, "name": decision.unit.name} if decision.unit else None,
            "basis": decision.basis.value if decision.basis else None,
            "rule": decision.rule_key,
            "reason": decision.reason,
            "citation": decision.citation,
        }
        return Response(self.OutputSerializer(payload).data)
