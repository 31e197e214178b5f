"""GET /api/v1/reference/ — the choices a client needs to fill the registration and transition forms."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from lianxin.accounts.models import OrgUnit, UnitKind, User
from lianxin.common import clock
from lianxin.domain.rules import GroundKind
from lianxin.domain.workflow import (
    ACTION_LABELS,
    CHANNEL_LABELS,
    KIND_LABELS,
    STATE_LABELS,
    TRANSITIONS,
    Action,
    Channel,
    Kind,
    State,
)
from lianxin.workorders.models import Category, IdType, IssueType, OnlineRole
from lianxin.workorders.selectors import rule_set_for

from .schema import error_responses

# Who may dispatch is the transition table's answer, not a second list kept here.
_DISPATCH_ROLES = next(t.roles for t in TRANSITIONS if t.action is Action.DISPATCH)


@dataclass(frozen=True, slots=True)
class Reference:
    rule_set: dict[str, str]
    grounds: dict[str, list[dict[str, Any]]]
    categories: list[dict[str, str]]
    issue_types: list[dict[str, str]]
    dispatch_units: list[dict[str, Any]]


def reference_get(*, user: User, today: date) -> Reference:
    """The taxonomy in use, the grounds of the rule set in force `today` by kind, and the units `user` may
    dispatch to (none unless the user is center staff who may dispatch: the transition table decides).

    A read model for this interface only; every query is a small reference table.
    """
    _, rule_set = rule_set_for(today)
    grounds: dict[str, list[dict[str, Any]]] = {kind.value: [] for kind in GroundKind}
    for ground in rule_set.grounds:
        grounds[ground.kind.value].append(
            {
                "code": ground.code,
                "label": ground.label,
                "citation": ground.citation,
                "requires_note": ground.requires_note,
                "requires_joint_consent": ground.requires_joint_consent,
            }
        )
    may_dispatch = user.role_enum in _DISPATCH_ROLES and user.unit is not None and user.unit.is_center
    units = (
        # Every active unit but a 12315 center may handle a work order (the service refuses the rest).
        OrgUnit.objects.filter(is_active=True).exclude(kind=UnitKind.CENTER).order_by("path")
        if may_dispatch
        else OrgUnit.objects.none()
    )
    return Reference(
        rule_set={"code": rule_set.code, "title": rule_set.title, "citation": rule_set.citation},
        grounds=grounds,
        categories=[
            {"code": c.code, "name": c.name, "group": c.group}
            for c in Category.objects.filter(is_active=True).order_by("position", "code")
        ],
        issue_types=[
            {"code": i.code, "name": i.name, "applies_to": i.applies_to}
            for i in IssueType.objects.filter(is_active=True).order_by("applies_to", "position", "code")
        ],
        dispatch_units=[
            {"id": u.pk, "name": u.name, "code": u.code, "kind": u.kind, "parent": u.parent_id} for u in units
        ],
    )


def _choices(labels: dict[Any, str]) -> list[dict[str, str]]:
    return [{"value": str(value), "label": label} for value, label in labels.items()]


class ChoiceSerializer(serializers.Serializer):
    value = serializers.CharField()
    label = serializers.CharField()

    class Meta:
        ref_name = "Choice"


class GroundItemSerializer(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.CharField()
    citation = serializers.CharField()
    requires_note = serializers.BooleanField(help_text="选择此项须填写说明")
    requires_joint_consent = serializers.BooleanField(help_text="共同投诉选择此项须记录被代表的投诉人同意")

    class Meta:
        ref_name = "ReferenceGround"


class CategorySerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    group = serializers.CharField()

    class Meta:
        ref_name = "ReferenceCategory"


class IssueTypeSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    applies_to = serializers.CharField()

    class Meta:
        ref_name = "ReferenceIssueType"


class UnitSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    code = serializers.CharField()
    kind = serializers.CharField()
    parent = serializers.IntegerField(allow_null=True)

    class Meta:
        ref_name = "ReferenceUnit"


class GroundsByKindSerializer(serializers.Serializer):
    decline = serializers.ListField(child=GroundItemSerializer(), help_text="不予受理情形")
    terminate = serializers.ListField(child=GroundItemSerializer(), help_text="终止调解情形")
    suspend = serializers.ListField(child=GroundItemSerializer(), help_text="调解中止（不计入期限）情形")

    def get_fields(self) -> dict[str, serializers.Field]:
        # "return" is a Python keyword, so that field cannot be a class attribute.
        fields = super().get_fields()
        fields["return"] = serializers.ListField(
            child=GroundItemSerializer(),
            help_text="退回原因（第121号令第四十一条：无管辖权的单位向12315中心报告，不得自行移送）",
        )
        return fields

    class Meta:
        ref_name = "ReferenceGroundsByKind"


class RuleSetSerializer(serializers.Serializer):
    code = serializers.CharField()
    title = serializers.CharField()
    citation = serializers.CharField()

    class Meta:
        ref_name = "ReferenceRuleSet"


class ReferenceApi(APIView):
    """GET /api/v1/reference/ — 表单所需的选项（类型、渠道、状态、操作、分类、法定情形、可分送单位）."""

    class OutputSerializer(serializers.Serializer):
        kinds = serializers.ListField(child=ChoiceSerializer())
        channels = serializers.ListField(child=ChoiceSerializer())
        states = serializers.ListField(child=ChoiceSerializer())
        actions = serializers.ListField(child=ChoiceSerializer())
        id_types = serializers.ListField(child=ChoiceSerializer())
        online_roles = serializers.ListField(child=ChoiceSerializer())
        rule_set = RuleSetSerializer(help_text="今天生效的规则集")
        grounds = GroundsByKindSerializer(help_text="今天生效规则集的法定情形，按类别分组")
        categories = serializers.ListField(child=CategorySerializer())
        issue_types = serializers.ListField(child=IssueTypeSerializer())
        dispatch_units = serializers.ListField(child=UnitSerializer(), help_text="可分送的承办单位")

        class Meta:
            ref_name = "Reference"

    @extend_schema(
        operation_id="reference_retrieve",
        summary="表单选项",
        tags=["基础数据"],
        responses={200: OutputSerializer, **error_responses(401, 409)},
    )
    def get(self, request: Request) -> Response:
        reference = reference_get(user=request.user, today=clock.today())
        body = {
            "kinds": _choices({k: KIND_LABELS[k] for k in Kind}),
            "channels": _choices({c: CHANNEL_LABELS[c] for c in Channel}),
            "states": _choices({s: STATE_LABELS[s] for s in State}),
            "actions": _choices({a: ACTION_LABELS[a] for a in Action}),
            "id_types": _choices(dict(IdType.choices)),
            "online_roles": _choices(dict(OnlineRole.choices)),
            "rule_set": reference.rule_set,
            "grounds": reference.grounds,
            "categories": reference.categories,
            "issue_types": reference.issue_types,
            "dispatch_units": reference.dispatch_units,
        }
        return Response(self.OutputSerializer(body).data)
