"""The work order (工单) aggregate: the item itself, its statutory clocks, its events, and the rules it runs on."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from lianxin.accounts.models import OrgUnit
from lianxin.common.fields import BlindIndexField, EncryptedTextField
from lianxin.domain.rules import CLOCK_LABELS, START_EVENT_LABELS, ClockName, DayUnit, GroundKind, StartEvent
from lianxin.domain.workflow import (
    ACTION_LABELS,
    CHANNEL_LABELS,
    KIND_LABELS,
    STATE_LABELS,
    Action,
    Channel,
    Kind,
    State,
)

KIND_CHOICES = [(k.value, KIND_LABELS[k]) for k in Kind]
CHANNEL_CHOICES = [(c.value, CHANNEL_LABELS[c]) for c in Channel]
STATE_CHOICES = [(s.value, STATE_LABELS[s]) for s in State]
ACTION_CHOICES = [(a.value, ACTION_LABELS[a]) for a in Action]
CLOCK_CHOICES = [(c.value, CLOCK_LABELS[c]) for c in ClockName]
# The states in which a work order waits in a handling unit's inbox (dispatched, not yet closed).
HANDLING_OPEN_STATES = tuple(
    s.value for s in State if s not in (State.REGISTERED, State.CLOSED, State.TRANSFERRED, State.MERGED)
)


class Confidence(models.TextChoices):
    VERIFIED = "verified", "已核对原文"
    FIRM = "firm", "多方一致"
    LIKELY = "likely", "较可靠"
    CHECK = "check", "待核实"


class RuleSet(models.Model):
    """A statutory rule set, applied to the items received while it is in force."""

    code = models.CharField("代码", max_length=40, unique=True)
    title = models.CharField("名称", max_length=100)
    citation = models.CharField("出处", max_length=200)
    effective_from = models.DateField("施行日期")
    effective_to = models.DateField("失效日期（含）", null=True, blank=True)
    max_representatives = models.PositiveSmallIntegerField(
        "共同投诉代表人上限", default=2, help_text="共同投诉的投诉人可书面推选的代表人人数上限"
    )
    joint_complaint_citation = models.CharField("共同投诉条款", max_length=200, blank=True)

    class Meta:
        verbose_name = "规则集"
        verbose_name_plural = "规则集"
        ordering = ["effective_from"]

    def __str__(self) -> str:
        return self.title


class TimeLimitRule(models.Model):
    rule_set = models.ForeignKey(RuleSet, on_delete=models.CASCADE, related_name="time_limits")
    clock = models.CharField("时限", max_length=30, choices=CLOCK_CHOICES)
    amount = models.PositiveSmallIntegerField("天数")
    unit = models.CharField(
        "计算单位",
        max_length=20,
        choices=[(DayUnit.WORKDAYS.value, "工作日"), (DayUnit.CALENDAR_DAYS.value, "自然日")],
    )
    starts_on = models.CharField(
        "起算事件",
        max_length=40,
        choices=[(e.value, START_EVENT_LABELS[e]) for e in StartEvent],
        help_text="受理决定期限可选「12315中心收到」或「承办单位收到」（见 docs/adr/0014）",
    )
    paused_by = models.JSONField("不计入期限的情形", default=list, blank=True)
    extension_amount = models.PositiveSmallIntegerField("经批准可延长天数", default=0)
    citation = models.CharField("条款", max_length=200)
    confidence = models.CharField("核实程度", max_length=10, choices=Confidence.choices)
    is_statutory = models.BooleanField(
        "法定期限", default=True, help_text="不勾选：本中心自定的内部目标，不是法律规定的期限，显示时注明"
    )

    class Meta:
        verbose_name = "时限规则"
        verbose_name_plural = "时限规则"
        constraints = [
            models.UniqueConstraint(fields=["rule_set", "clock"], name="timelimit_one_per_clock"),
        ]

    def __str__(self) -> str:
        return f"{self.rule_set.code} {self.get_clock_display()} {self.amount}"


class GroundRule(models.Model):
    """A statutory ground (法定情形) to decline, terminate or suspend, ticked on the official notice."""

    rule_set = models.ForeignKey(RuleSet, on_delete=models.CASCADE, related_name="grounds")
    kind = models.CharField(
        "类别",
        max_length=20,
        choices=[
            (GroundKind.DECLINE.value, "不予受理"),
            (GroundKind.TERMINATE.value, "终止调解"),
            (GroundKind.SUSPEND.value, "中止（不计入期限）"),
            (GroundKind.RETURN.value, "退回原因"),
        ],
    )
    code = models.CharField("代码", max_length=40)
    label = models.CharField("情形", max_length=300)
    citation = models.CharField("条款", max_length=200)
    confidence = models.CharField("核实程度", max_length=10, choices=Confidence.choices)
    position = models.PositiveSmallIntegerField("序号", default=0)
    requires_note = models.BooleanField("须填写说明", default=False, help_text="如「其他（须说明）」")
    requires_joint_consent = models.BooleanField(
        "共同投诉须经被代表人同意",
        default=False,
        help_text="共同投诉选择此情形（如撤回投诉、和解）须记录被代表的投诉人同意",
    )

    class Meta:
        verbose_name = "法定情形"
        verbose_name_plural = "法定情形"
        ordering = ["rule_set", "kind", "position"]
        constraints = [
            models.UniqueConstraint(fields=["rule_set", "kind", "code"], name="ground_unique_code"),
        ]

    def __str__(self) -> str:
        return f"{self.rule_set.code} {self.code} {self.label}"


class Category(models.Model):
    """The consumer-association classification (商品类、服务类) — editable data."""

    code = models.CharField("代码", max_length=40, unique=True)
    name = models.CharField("名称", max_length=50)
    group = models.CharField(
        "大类", max_length=20, choices=[("goods", "商品"), ("services", "服务"), ("other", "其他")]
    )
    is_active = models.BooleanField("启用", default=True)
    position = models.PositiveSmallIntegerField("序号", default=0)

    class Meta:
        verbose_name = "投诉分类"
        verbose_name_plural = "投诉分类"
        ordering = ["position"]

    def __str__(self) -> str:
        return self.name


class IssueType(models.Model):
    """An issue type (问题类别) for complaints or a violation type (举报类别) for reports."""

    code = models.CharField("代码", max_length=40, unique=True)
    name = models.CharField("名称", max_length=50)
    applies_to = models.CharField("适用", max_length=20, choices=[("complaint", "投诉"), ("report", "举报")])
    is_active = models.BooleanField("启用", default=True)
    position = models.PositiveSmallIntegerField("序号", default=0)

    class Meta:
        verbose_name = "问题类别"
        verbose_name_plural = "问题类别"
        ordering = ["applies_to", "position"]

    def __str__(self) -> str:
        return self.name


class OnlineRole(models.TextChoices):
    NONE = "", "非网络交易"
    PLATFORM_OPERATOR = "platform_operator", "电子商务平台经营者"
    PLATFORM_SELLER = "platform_seller", "平台内经营者"
    OWN_WEBSITE = "own_website", "自建网站经营者"


class IdType(models.TextChoices):
    NONE = "", "未提供"
    RESIDENT_ID = "resident_id", "居民身份证"
    PASSPORT = "passport", "护照"
    HK_MACAO_PERMIT = "hk_macao_permit", "港澳居民来往内地通行证"
    TAIWAN_PERMIT = "taiwan_permit", "台湾居民来往大陆通行证"
    FOREIGN_PERMANENT = "foreign_permanent", "外国人永久居留身份证"
    OTHER = "other", "其他"


class WorkOrder(models.Model):
    """A consultation, complaint, report or suggestion from registration to closure."""

    number = models.CharField("工单编号", max_length=40)
    center = models.ForeignKey(
        OrgUnit, verbose_name="登记中心", on_delete=models.PROTECT, related_name="registered_work_orders"
    )
    kind = models.CharField("类型", max_length=20, choices=KIND_CHOICES)
    channel = models.CharField("渠道", max_length=20, choices=CHANNEL_CHOICES)
    received_at = models.DateTimeField("接收时间")
    state = models.CharField("状态", max_length=30, choices=STATE_CHOICES, default=State.REGISTERED)
    version = models.PositiveIntegerField(default=0, editable=False)
    rule_set = models.ForeignKey(RuleSet, verbose_name="适用规则", on_delete=models.PROTECT)

    # The complainant or reporter (投诉人/举报人): personal data, and a reporter's identity is confidential.
    contact_name = models.CharField("姓名", max_length=50, blank=True)
    # Phone and ID number are encrypted at rest (lianxin.common.fields); find them by the blind index only.
    contact_phone = EncryptedTextField("联系电话", blank=True)
    contact_phone_index = BlindIndexField("联系电话盲索引", source="contact_phone", normalizer="phone")
    contact_id_type = models.CharField("证件类型", max_length=20, choices=IdType.choices, blank=True)
    contact_id_number = EncryptedTextField("证件号码", blank=True)
    contact_id_number_index = BlindIndexField("证件号码盲索引", source="contact_id_number", normalizer="id_number")
    contact_address = models.CharField("联系地址", max_length=200, blank=True)
    is_anonymous = models.BooleanField("匿名", default=False)
    is_identity_verified = models.BooleanField("身份已核验", default=False)

    # The respondent business (被投诉人/被举报人).
    respondent_name = models.CharField("经营者名称", max_length=200, blank=True)
    respondent_credit_code = models.CharField("统一社会信用代码", max_length=18, blank=True)
    respondent_address = models.CharField("经营地址", max_length=300, blank=True)
    respondent_division_code = models.CharField("经营地行政区划代码", max_length=12, blank=True)
    respondent_online_role = models.CharField(
        "网络交易身份", max_length=20, choices=OnlineRole.choices, blank=True
    )
    respondent_published_address = models.CharField("平台公示地址", max_length=300, blank=True)
    respondent_platform_name = models.CharField("所在平台", max_length=100, blank=True)
    respondent_platform_address = models.CharField("平台经营者住所地", max_length=300, blank=True)

    category = models.ForeignKey(
        Category, verbose_name="分类", null=True, blank=True, on_delete=models.PROTECT
    )
    issue_type = models.ForeignKey(
        IssueType, verbose_name="问题类别", null=True, blank=True, on_delete=models.PROTECT
    )
    summary = models.CharField("摘要", max_length=200, blank=True)
    facts = models.TextField("事实与理由", blank=True)
    claims = models.TextField("诉求", blank=True)
    amount_involved = models.DecimalField(
        "涉及金额（元）", max_digits=14, decimal_places=2, null=True, blank=True
    )

    routing = models.JSONField(
        "管辖建议", default=dict, blank=True, help_text="登记时按被投诉人信息计算的承办单位建议及理由、依据"
    )
    is_routing_overridden = models.BooleanField("未采纳管辖建议", default=False)
    handling_unit = models.ForeignKey(
        OrgUnit,
        verbose_name="承办单位",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="handled_work_orders",
    )
    clocks = models.JSONField(
        "法定期限", default=dict, blank=True, help_text="见 workorders/clock_storage.py"
    )
    due_on = models.DateField("最近期限", null=True, blank=True, db_index=True)
    due_clock = models.CharField("最近期限类别", max_length=30, choices=CLOCK_CHOICES, blank=True)
    is_due_provisional = models.BooleanField(
        "最近期限为暂定",
        default=False,
        help_text="该日期经过尚未加载放假安排的年份，按《全国年节及纪念日放假办法》的法定节日暂定，加载后自动更新",
    )
    has_provisional_deadline = models.BooleanField("有暂定期限", default=False, db_index=True)
    deadline_problem = models.CharField("期限无法计算的原因", max_length=200, blank=True)
    amount_recovered = models.DecimalField(
        "挽回经济损失（元）", max_digits=14, decimal_places=2, null=True, blank=True
    )
    goods_value_recovered = models.DecimalField(
        "其中商品退换维修折价（元）", max_digits=14, decimal_places=2, null=True, blank=True
    )
    outcome = models.TextField("处理结果", blank=True)
    ground_code = models.CharField("法定情形", max_length=40, blank=True)
    transfer_destination = models.CharField("转往", max_length=100, blank=True)
    merged_into = models.ForeignKey(
        "self",
        verbose_name="合并到",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="merged_work_orders",
    )

    is_group_complaint = models.BooleanField("群体投诉", default=False)
    # A joint complaint (共同投诉, Order 121 Art. 12): the co-complainants are `CoComplainant` rows; the main
    # complainant (contact_*) may be one of the (at most two) representatives elected in writing.
    is_joint_complaint = models.BooleanField("共同投诉", default=False)
    contact_is_representative = models.BooleanField("投诉人为代表人", default=False)
    representative_election = models.TextField(
        "代表人书面推选记录", blank=True, help_text="推选书及其证据材料（如证据材料名称、收到日期）"
    )
    # The other half of a mixed filing (Order 121 Art. 9): a complaint and a report handled separately, linked
    # both ways.
    mixed_counterpart = models.OneToOneField(
        "self",
        verbose_name="混合诉求关联工单",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # The last return to the intake body (Order 121 Art. 41): why, by whom, when, and the unit it named.
    return_reason_code = models.CharField("退回原因", max_length=40, blank=True)
    returned_from = models.ForeignKey(
        OrgUnit,
        verbose_name="退回单位",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    returned_at = models.DateTimeField("退回时间", null=True, blank=True)
    return_suggested_unit = models.ForeignKey(
        OrgUnit,
        verbose_name="退回单位建议的承办单位",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    consents_to_publish = models.BooleanField("同意公示", default=False)
    is_delegated_mediation = models.BooleanField("委托调解", default=False)

    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="登记人",
        null=True,
        on_delete=models.PROTECT,
        related_name="registered_work_orders",
    )
    dispatched_at = models.DateTimeField(
        "分送时间", null=True, blank=True, help_text="最近一次分送（承办单位收到）的时间"
    )
    accepted_at = models.DateTimeField("受理时间", null=True, blank=True)
    closed_at = models.DateTimeField("办结时间", null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "工单"
        verbose_name_plural = "工单"
        ordering = ["-received_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["center", "number"], name="workorder_number_unique_per_center"),
            models.CheckConstraint(
                condition=Q(state__in=[s.value for s in State]), name="workorder_state_valid"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=[k.value for k in Kind]), name="workorder_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(channel__in=[c.value for c in Channel]), name="workorder_channel_valid"
            ),
            models.CheckConstraint(
                condition=Q(amount_recovered__isnull=True) | Q(amount_recovered__gte=0),
                name="workorder_amount_recovered_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(mixed_counterpart__isnull=True) | ~Q(mixed_counterpart=models.F("id")),
                name="workorder_counterpart_not_itself",
            ),
            models.CheckConstraint(
                condition=Q(is_joint_complaint=False) | Q(kind=Kind.COMPLAINT.value),
                name="workorder_joint_only_complaints",
            ),
        ]
        indexes = [
            models.Index(fields=["handling_unit", "state"], name="workorder_unit_state"),
            models.Index(fields=["center", "state"], name="workorder_center_state"),
            # The handler's inbox: a unit's open items by nearest deadline (web/handling, bench/inbox).
            models.Index(
                fields=["handling_unit", "due_on", "received_at", "id"],
                condition=Q(state__in=HANDLING_OPEN_STATES),
                name="workorder_inbox_by_due",
            ),
            # The inbox's counts per state under any of its filters (kind, category, received dates, due):
            # an index-only scan on PostgreSQL, which ignores INCLUDE elsewhere (ADR 0021). The bigram
            # indexes of the text filters are PostgreSQL-only and live in migration 0012.
            models.Index(
                fields=["handling_unit", "state"],
                include=["kind", "category", "received_at", "due_on"],
                condition=Q(state__in=HANDLING_OPEN_STATES),
                name="workorder_inbox_counts",
            ),
            # The wallboard's overdue count for a center: an index-only range (analytics/wallboard.py).
            models.Index(
                fields=["center", "due_on"],
                condition=Q(due_on__isnull=False),
                name="workorder_center_due",
            ),
        ]

    def __str__(self) -> str:
        return self.number


class CoComplainantQuerySet(models.QuerySet["CoComplainant"]):
    def current(self) -> CoComplainantQuerySet:
        """The co-complainants the complaint has now (not removed), in their order."""
        return self.filter(removed_at__isnull=True).order_by("position")


class CoComplainant(models.Model):
    """One more complainant of a joint complaint (共同投诉人, Order 121 Art. 12), with the same real-identity
    information as the main complainant (Art. 10) and the same protection: phone and ID number encrypted at rest
    and found by their blind indexes only; shown masked to readers outside the item's handlers.

    A co-complainant who leaves the complaint is marked removed, not deleted: the events keep their key (a consent
    they gave, the representatives they elected), and the timeline still names them to those who handle the item.
    """

    work_order = models.ForeignKey(WorkOrder, on_delete=models.PROTECT, related_name="co_complainants")
    position = models.PositiveSmallIntegerField("序号")
    name = models.CharField("姓名", max_length=50)
    phone = EncryptedTextField("联系电话", blank=True)
    phone_index = BlindIndexField("联系电话盲索引", source="phone", normalizer="phone")
    id_type = models.CharField("证件类型", max_length=20, choices=IdType.choices, blank=True)
    id_number = EncryptedTextField("证件号码", blank=True)
    id_number_index = BlindIndexField("证件号码盲索引", source="id_number", normalizer="id_number")
    address = models.CharField("联系地址", max_length=200, blank=True)
    is_representative = models.BooleanField("代表人", default=False)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="登记人", null=True, on_delete=models.PROTECT, related_name="+"
    )
    added_at = models.DateTimeField("登记时间")
    removed_at = models.DateTimeField("退出时间", null=True, blank=True)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="退出登记人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    objects = CoComplainantQuerySet.as_manager()

    class Meta:
        verbose_name = "共同投诉人"
        verbose_name_plural = "共同投诉人"
        ordering = ["work_order", "position"]
        constraints = [
            models.UniqueConstraint(fields=["work_order", "position"], name="cocomplainant_position_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.work_order_id}#{self.position}"


class WorkOrderEvent(models.Model):
    """An append-only record of one change: who, when, what, before → after, and why."""

    work_order = models.ForeignKey(WorkOrder, on_delete=models.PROTECT, related_name="events")
    sequence = models.PositiveIntegerField("序号")
    action = models.CharField("操作", max_length=30, choices=ACTION_CHOICES)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="操作人", null=True, on_delete=models.PROTECT, related_name="+"
    )
    approver = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="审批人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    occurred_at = models.DateTimeField("时间")
    from_state = models.CharField("原状态", max_length=30, blank=True)
    to_state = models.CharField("新状态", max_length=30)
    note = models.TextField("说明", blank=True)
    ground_code = models.CharField("法定情形", max_length=40, blank=True)
    changes = models.JSONField("变更", default=dict, blank=True)
    chain_hash = models.CharField(
        "链式校验值", max_length=64, blank=True, editable=False, help_text="sha256(上一条校验值 + 本条内容)"
    )

    class Meta:
        verbose_name = "工单记录"
        verbose_name_plural = "工单记录"
        ordering = ["work_order", "sequence"]
        constraints = [
            models.UniqueConstraint(fields=["work_order", "sequence"], name="workorderevent_sequence_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.work_order_id}#{self.sequence} {self.action}"

    def save(self, *args: object, **kwargs: object) -> None:
        # Append-only: an event, once written, is evidence and never rewritten.
        if self.pk is not None:
            raise ValueError("work order events are append-only")
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def delete(self, *args: object, **kwargs: object) -> tuple[int, dict[str, int]]:
        raise ValueError("work order events are append-only")


class WorkOrderSequence(models.Model):
    """The last number given out per center and year, taken under a row lock."""

    center = models.ForeignKey(OrgUnit, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    last_value = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["center", "year"], name="workordersequence_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.center_id}/{self.year}: {self.last_value}"


class ApprovalState(models.TextChoices):
    PENDING = "pending", "待审批"
    APPROVED = "approved", "已批准"
    REFUSED = "refused", "不予批准"


class ApprovalRequest(models.Model):
    """A request that a unit leader approve one action on a work order (e.g. extending the verification of a
    report, 处罚程序规定第十八条). The action is applied only when the leader approves it in their own session
    (`services.approval_decide`); a requester can never record an approval the approver did not give."""

    work_order = models.ForeignKey(WorkOrder, on_delete=models.PROTECT, related_name="approval_requests")
    action = models.CharField("申请的操作", max_length=30, choices=ACTION_CHOICES)
    state = models.CharField(
        "审批状态", max_length=20, choices=ApprovalState.choices, default=ApprovalState.PENDING
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="申请人", on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField("申请时间")
    note = models.TextField("申请理由")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="审批人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField("审批时间", null=True, blank=True)
    decision_note = models.TextField("审批意见", blank=True)

    class Meta:
        verbose_name = "审批申请"
        verbose_name_plural = "审批申请"
        ordering = ["-requested_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["work_order", "action"],
                condition=Q(state="pending"),
                name="approval_one_pending_per_action",
            ),
            models.CheckConstraint(
                condition=Q(state__in=["pending", "approved", "refused"]), name="approval_state_valid"
            ),
            # Nobody approves their own request, and a decided request names who decided.
            models.CheckConstraint(
                condition=Q(decided_by__isnull=True) | ~Q(decided_by=models.F("requested_by")),
                name="approval_not_by_requester",
            ),
            models.CheckConstraint(
                condition=Q(state="pending", decided_by__isnull=True)
                | (~Q(state="pending") & Q(decided_by__isnull=False, decided_at__isnull=False)),
                name="approval_decided_names_the_approver",
            ),
        ]
        indexes = [models.Index(fields=["state", "work_order"], name="approval_state_work_order")]

    def __str__(self) -> str:
        return f"{self.work_order_id} {self.action} {self.state}"
class MediationMethod(models.TextChoices):
    ON_SITE = "on_site", "现场调解"
    PHONE = "phone", "电话调解"
    ONLINE = "online", "网络调解"


class MediationSession(models.Model):
    """One mediation session (调解记录, Order 121 Art. 20–24): when, how, who, what was said, the result."""

    work_order = models.ForeignKey(WorkOrder, on_delete=models.PROTECT, related_name="mediation_sessions")
    held_on = models.DateField("调解日期")
    method = models.CharField("调解方式", max_length=20, choices=MediationMethod.choices)
    participants = models.CharField("参加人员", max_length=300)
    statements = models.TextField("调解情况（各方陈述）")
    result = models.CharField("结果", max_length=300)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="记录人", on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField("记录时间")

    class Meta:
        verbose_name = "调解记录"
        verbose_name_plural = "调解记录"
        ordering = ["work_order", "held_on", "id"]

    def __str__(self) -> str:
        return f"{self.work_order_id} {self.held_on} {self.get_method_display()}"

    def save(self, *args: object, **kwargs: object) -> None:
        if self.pk is not None:
            raise ValueError("mediation records are append-only")
        super().save(*args, **kwargs)  # type: ignore[arg-type]
