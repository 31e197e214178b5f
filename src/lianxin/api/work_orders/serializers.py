"""Output shapes shared by several work-order endpoints, and the OpenAPI bits they all use.

Each serializer names its component (`Meta.ref_name`), so the schema does not depend on the module it lives in.
"""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, OpenApiTypes
from rest_framework import serializers

from lianxin.api.masking import PersonalDataView
from lianxin.domain.routing import Outcome
from lianxin.domain.rules import ClockName
from lianxin.workorders.models import ACTION_CHOICES, CHANNEL_CHOICES, KIND_CHOICES, STATE_CHOICES

TAG = "工单"
WORK_ORDER_ID = OpenApiParameter(
    "work_order_id", OpenApiTypes.INT, OpenApiParameter.PATH, description="工单ID"
)


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
    label = serializers.CharField(help_text="非法定的内部目标会注明「本中心内部目标，非法定期限」")
    is_statutory = serializers.BooleanField(help_text="法律规定的期限；false 为本中心自定的内部目标")
    starts_on = serializers.CharField(allow_blank=True, help_text="起算事件（时限规则的 starts_on）")
    citation = serializers.CharField(allow_blank=True)
    started_on = serializers.DateField()
    due_on = serializers.DateField(allow_null=True)
    is_provisional = serializers.BooleanField(
        help_text="暂定：经过尚未加载放假安排的年份，按《全国年节及纪念日放假办法》的法定节日计算，加载后自动更新"
    )
    paused = serializers.BooleanField(help_text="暂停中（检测鉴定、身份核验等不计入期限）")
    paused_on = serializers.DateField(allow_null=True)
    stopped = serializers.BooleanField()
    stopped_on = serializers.DateField(allow_null=True)
    extended = serializers.BooleanField(help_text="已经批准延长")

    class Meta:
        ref_name = "WorkOrderClock"


class AcceptanceReadingSerializer(serializers.Serializer):
    start_event = serializers.ChoiceField(choices=["received", "dispatched"])
    start_event_label = serializers.CharField()
    started_on = serializers.DateField(allow_null=True)
    due_on = serializers.DateField(allow_null=True)
    is_provisional = serializers.BooleanField()
    is_binding = serializers.BooleanField(help_text="规则采用的起算事件（决定 due_on），见 ADR 0014")

    class Meta:
        ref_name = "AcceptanceReading"


class RepeatCandidateSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.CharField()
    received_at = serializers.DateTimeField()
    state = serializers.CharField()

    class Meta:
        ref_name = "RepeatReportCandidate"


class GroundSerializer(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.CharField()
    citation = serializers.CharField()
    requires_note = serializers.BooleanField(
        default=False, help_text="选择此项须填写说明（如「其他（须说明）」）"
    )
    requires_joint_consent = serializers.BooleanField(
        default=False, help_text="共同投诉选择此项须记录被代表的投诉人同意（第121号令第十二条）"
    )

    class Meta:
        ref_name = "Ground"


class AvailableActionSerializer(serializers.Serializer):
    action = serializers.ChoiceField(choices=ACTION_CHOICES)
    label = serializers.CharField()
    requires = serializers.ListField(child=serializers.CharField(), help_text="需要提供的项目")
    grounds = GroundSerializer(
        many=True,
        help_text="须选择的法定情形或退回原因（按该工单适用的规则集；退回时为 return_reason 的可选值）",
    )

    class Meta:
        ref_name = "AvailableAction"


class RoutingCandidateSerializer(serializers.Serializer):
    name = serializers.CharField()
    county_code = serializers.CharField(allow_null=True)
    city_code = serializers.CharField(allow_null=True)

    class Meta:
        ref_name = "RoutingCandidate"


class RoutingSuggestionSerializer(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=[o.value for o in Outcome])
    unit_id = serializers.IntegerField(allow_null=True, help_text="分送时可直接作为 handling_unit")
    unit_code = serializers.CharField(allow_null=True)
    unit_name = serializers.CharField(allow_null=True)
    division_code = serializers.CharField(allow_null=True)
    basis = serializers.CharField(allow_null=True)
    rule = serializers.CharField()
    reason = serializers.CharField()
    citation = serializers.CharField()
    candidates = RoutingCandidateSerializer(many=True)

    class Meta:
        ref_name = "RoutingSuggestion"


class CoComplainantSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    position = serializers.IntegerField()
    name = serializers.CharField(allow_blank=True)
    phone = serializers.CharField(allow_blank=True)
    id_type = serializers.CharField(allow_blank=True)
    id_number = serializers.CharField(allow_blank=True)
    address = serializers.CharField(allow_blank=True)
    is_representative = serializers.BooleanField(help_text="经书面推选的代表人")

    class Meta:
        ref_name = "CoComplainant"


class MixedCounterpartSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.CharField()
    kind = serializers.ChoiceField(choices=KIND_CHOICES)
    kind_label = serializers.CharField()
    state = serializers.ChoiceField(choices=STATE_CHOICES)
    state_label = serializers.CharField()
    handling_unit = UnitRefSerializer(allow_null=True)
    is_visible = serializers.BooleanField(help_text="当前用户能否打开该工单（可能由其他单位承办）")

    class Meta:
        ref_name = "MixedCounterpart"


class ReturnReasonSerializer(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.CharField()
    citation = serializers.CharField(allow_blank=True)

    class Meta:
        ref_name = "ReturnReason"


class OnlineSettlementEventSerializer(serializers.Serializer):
    occurred_at = serializers.DateTimeField()
    kind = serializers.CharField()
    label = serializers.CharField()
    actor = serializers.CharField()
    note = serializers.CharField(allow_blank=True)

    class Meta:
        ref_name = "OnlineSettlementEvent"


class OnlineSettlementSerializer(serializers.Serializer):
    business = serializers.CharField(help_text="入驻在线纠纷解决（ODR）的经营者")
    state = serializers.CharField()
    state_label = serializers.CharField()
    is_open = serializers.BooleanField(help_text="仍在经营者或消费者处（尚未和解或转入正常分送）")
    offered_at = serializers.DateTimeField()
    due_on = serializers.DateField(help_text="和解期限")
    is_due_provisional = serializers.BooleanField()
    outcome = serializers.CharField(allow_blank=True)
    outcome_label = serializers.CharField(allow_blank=True)
    amount = serializers.DecimalField(max_digits=12, decimal_places=2, allow_null=True)
    answer = serializers.CharField(allow_blank=True, help_text="经营者答复")
    answered_at = serializers.DateTimeField(allow_null=True)
    consumer_decided_at = serializers.DateTimeField(allow_null=True)
    consumer_reason = serializers.CharField(allow_blank=True, help_text="消费者不接受的理由")
    events = OnlineSettlementEventSerializer(many=True)

    class Meta:
        ref_name = "OnlineSettlement"


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
    respondent_platform_address = serializers.CharField(allow_blank=True)

    category = CodeNameSerializer(allow_null=True)
    issue_type = CodeNameSerializer(allow_null=True)
    summary = serializers.CharField(allow_blank=True)
    facts = serializers.CharField(allow_blank=True)
    claims = serializers.CharField(allow_blank=True)
    amount_involved = serializers.DecimalField(max_digits=14, decimal_places=2, allow_null=True)

    routing = RoutingSuggestionSerializer(
        allow_null=True, help_text="登记时的管辖建议：承办单位或外省12315，及理由与依据"
    )
    is_routing_overridden = serializers.BooleanField(help_text="分送时未采纳管辖建议")
    handling_unit = UnitRefSerializer(allow_null=True)
    due_on = serializers.DateField(allow_null=True, help_text="最近的法定期限")
    due_clock = serializers.CharField(allow_blank=True)
    due_clock_label = serializers.CharField(allow_blank=True)
    is_due_provisional = serializers.BooleanField(help_text="最近期限为暂定（所在年份放假安排尚未加载）")
    deadline_problem = serializers.CharField(allow_blank=True, help_text="期限无法计算的原因")
    clocks = WorkOrderClockSerializer(many=True)
    acceptance_clock = AcceptanceReadingSerializer(
        many=True, help_text="投诉受理决定期限的两种起算：12315中心收到之日与承办单位收到（分送）之日"
    )
    repeat_candidates = RepeatCandidateSerializer(
        many=True,
        help_text="同一举报人就同一经营者的在先举报（第121号令第三十五条），仅对可见举报人信息者列出",
    )

    amount_recovered = serializers.DecimalField(max_digits=14, decimal_places=2, allow_null=True)
    outcome = serializers.CharField(allow_blank=True)
    ground_code = serializers.CharField(allow_blank=True)
    transfer_destination = serializers.CharField(allow_blank=True)
    merged_into = serializers.IntegerField(allow_null=True)
    is_group_complaint = serializers.BooleanField()
    is_joint_complaint = serializers.BooleanField(help_text="共同投诉（第121号令第十二条）")
    contact_is_representative = serializers.BooleanField(help_text="投诉人为书面推选的代表人")
    representative_election = serializers.CharField(allow_blank=True, help_text="代表人书面推选的记录")
    co_complainants = CoComplainantSerializer(many=True, help_text="共同投诉人（按角色完整或脱敏显示）")
    mixed_counterpart = MixedCounterpartSerializer(
        allow_null=True, help_text="混合诉求的另一件（投诉或举报，第121号令第九条）"
    )
    return_reason = ReturnReasonSerializer(
        allow_null=True, help_text="最近一次退回的原因（第121号令第四十一条）"
    )
    online_settlement = OnlineSettlementSerializer(
        allow_null=True, help_text="分送前与经营者的在线纠纷解决（ODR）经过；没有则为空"
    )
    returned_from = UnitRefSerializer(allow_null=True, help_text="最近一次退回的单位")
    returned_at = serializers.DateTimeField(allow_null=True)
    return_suggested_unit = UnitRefSerializer(allow_null=True, help_text="退回单位建议的承办单位")
    consents_to_publish = serializers.BooleanField()
    is_delegated_mediation = serializers.BooleanField()
    dispatched_at = serializers.DateTimeField(allow_null=True, help_text="最近一次分送时间")
    accepted_at = serializers.DateTimeField(allow_null=True)
    closed_at = serializers.DateTimeField(allow_null=True)
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()
    available_actions = AvailableActionSerializer(many=True, help_text="当前用户可执行的操作")

    class Meta:
        ref_name = "WorkOrderDetail"
