"""The data of the public side: businesses enrolled in online dispute resolution (ODR, 在线消费纠纷解决) and their
cases, consumers' phone confirmations and tracking codes, ratings, callbacks (回访) and the published disclosure."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from lianxin.workorders.models import Category, IssueType, WorkOrder


class Business(models.Model):
    """A business known to the center; enrolled ones settle complaints against them directly first (Order 121 Art. 6)."""

    credit_code = models.CharField("统一社会信用代码", max_length=18, unique=True)
    name = models.CharField("名称", max_length=200, db_index=True)
    address = models.CharField("住所或经营场所", max_length=300, blank=True)
    is_odr_enrolled = models.BooleanField("已加入在线纠纷解决（ODR）", default=False)
    enrolled_on = models.DateField("加入日期", null=True, blank=True)
    settle_workdays = models.PositiveSmallIntegerField(
        "自行和解期限（工作日）",
        null=True,
        blank=True,
        help_text="空则用默认值（LIANXIN_ODR_SETTLE_WORKDAYS）。令121号第六条鼓励经营者与消费者先行和解，未规定期限。",
    )

    class Meta:
        verbose_name = "经营者"
        verbose_name_plural = "经营者（ODR）"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class BusinessAccount(models.Model):
    """A person of an enrolled business who signs in to the ODR portal; never a staff user."""

    business = models.ForeignKey(Business, on_delete=models.CASCADE, related_name="accounts")
    username = models.CharField("登录名", max_length=60, unique=True)
    password = models.CharField("密码（散列）", max_length=128)
    full_name = models.CharField("姓名", max_length=50, blank=True)
    is_active = models.BooleanField("启用", default=True)
    last_login_at = models.DateTimeField("最近登录", null=True, blank=True)

    class Meta:
        verbose_name = "经营者账号"
        verbose_name_plural = "经营者账号"

    def __str__(self) -> str:
        return f"{self.business.name} · {self.username}"


class OdrState(models.TextChoices):
    AWAITING_BUSINESS = "awaiting_business", "待经营者处理"
    ANSWERED = "answered", "经营者已答复，待消费者确认"
    SETTLED = "settled", "已和解"
    REJECTED = "rejected", "消费者不接受，转入正常分送"
    EXPIRED = "expired", "逾期未和解，转入正常分送"
    # Co-complainants joined: a joint complaint settles only with the represented complainants' written consent
    # (Order 121 Art. 12), which direct settlement with the business does not collect.
    JOINT_COMPLAINT = "joint_complaint", "成为共同投诉，转入正常分送"
    # The center dispatched (or transferred, merged…) the complaint while the case was open: a unit handles it now.
    TAKEN_OVER = "taken_over", "已由12315中心转入正常处理"


# A case in these states is with the business or waiting for the consumer: the complaint is being settled online.
ODR_OPEN_STATES = (OdrState.AWAITING_BUSINESS, OdrState.ANSWERED)


class OdrOutcome(models.TextChoices):
    REFUND = "refund", "退货退款"
    EXCHANGE = "exchange", "换货"
    REPAIR = "repair", "维修"
    COMPENSATION = "compensation", "赔偿"
    OTHER = "other", "其他方式"
    REFUSE = "refuse", "不同意（说明理由）"


class OdrCase(models.Model):
    """A complaint against an enrolled business, offered to it for direct settlement before dispatch."""

    work_order = models.OneToOneField(WorkOrder, on_delete=models.PROTECT, related_name="odr_case")
    business = models.ForeignKey(Business, on_delete=models.PROTECT, related_name="odr_cases")
    state = models.CharField(
        "状态", max_length=20, choices=OdrState.choices, default=OdrState.AWAITING_BUSINESS
    )
    due_on = models.DateField("和解期限")
    due_is_provisional = models.BooleanField("期限为暂定", default=False)
    # The working days the period was counted with, so that a provisional date is recounted the same way when its
    # year is loaded (the business's setting may have changed since). Empty on cases offered before it was kept.
    settle_workdays = models.PositiveSmallIntegerField("和解期限（工作日）", null=True, blank=True)
    outcome = models.CharField("处理方式", max_length=20, choices=OdrOutcome.choices, blank=True)
    amount = models.DecimalField("金额（元）", max_digits=12, decimal_places=2, null=True, blank=True)
    answer = models.TextField("经营者答复", blank=True)
    answered_at = models.DateTimeField("答复时间", null=True, blank=True)
    consumer_decided_at = models.DateTimeField("消费者确认时间", null=True, blank=True)
    consumer_reason = models.CharField("不接受的理由", max_length=300, blank=True)
    created_at = models.DateTimeField("提交时间")

    class Meta:
        verbose_name = "在线纠纷解决"
        verbose_name_plural = "在线纠纷解决"
        ordering = ["due_on", "id"]
        indexes = [models.Index(fields=["business", "state"], name="odrcase_business_state")]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__isnull=True) | Q(amount__gte=0), name="odrcase_amount_positive"
            )
        ]

    def __str__(self) -> str:
        return f"{self.business.name} · {self.get_state_display()}"


class OdrEvent(models.Model):
    """Append-only: what happened to an ODR case, by whom (business account, consumer, system)."""

    case = models.ForeignKey(OdrCase, on_delete=models.PROTECT, related_name="events")
    kind = models.CharField("事件", max_length=30)
    actor = models.CharField("操作方", max_length=100)
    note = models.TextField("说明", blank=True)
    occurred_at = models.DateTimeField("时间")

    class Meta:
        verbose_name = "纠纷解决记录"
        verbose_name_plural = "纠纷解决记录"
        ordering = ["case", "occurred_at", "id"]

    def __str__(self) -> str:
        return f"{self.case_id} {self.kind}"


class ChallengePurpose(models.TextChoices):
    FILE = "file", "网上投诉举报"
    TRACK = "track", "查询办理进度"


class PhoneChallenge(models.Model):
    """A one-time code sent to a phone; the phone and the code are kept only as keyed hashes."""

    phone_digest = models.CharField(max_length=64, db_index=True)
    purpose = models.CharField(max_length=10, choices=ChallengePurpose.choices)
    code_digest = models.CharField(max_length=64)
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    attempts = models.PositiveSmallIntegerField(default=0)
    confirmed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "短信验证码"
        verbose_name_plural = "短信验证码"

    def __str__(self) -> str:
        return f"{self.get_purpose_display()} {self.created_at:%Y-%m-%d %H:%M}"


class PortalAttempt(models.Model):
    """One counted action (a code sent, a filing, a failed code) for the rate limits, per phone or address digest."""

    scope = models.CharField(max_length=30)
    key_digest = models.CharField(max_length=64)
    at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["scope", "key_digest", "at"], name="portalattempt_window")]

    def __str__(self) -> str:
        return f"{self.scope} {self.at:%Y-%m-%d %H:%M}"


class OnlineFiling(models.Model):
    """What the public side knows of a work order filed online: how to find it again, and what the consumer did."""

    work_order = models.OneToOneField(WorkOrder, on_delete=models.PROTECT, related_name="online_filing")
    phone_digest = models.CharField(max_length=64, blank=True, db_index=True)
    query_code_digest = models.CharField("查询码（散列）", max_length=64, blank=True)
    client_digest = models.CharField(max_length=64, blank=True)
    filed_at = models.DateTimeField("提交时间")
    withdrawn_at = models.DateTimeField("撤回时间", null=True, blank=True)
    withdrawal_reason = models.CharField("撤回理由", max_length=300, blank=True)

    class Meta:
        verbose_name = "网上提交"
        verbose_name_plural = "网上提交"

    def __str__(self) -> str:
        return f"网上提交 {self.work_order_id}"


class Satisfaction(models.TextChoices):
    SATISFIED = "satisfied", "满意"
    BASICALLY = "basically", "基本满意"
    DISSATISFIED = "dissatisfied", "不满意"


class Rating(models.Model):
    """The consumer's own rating of the handling after closure, online. (A callback's result stays on the
    `Callback`; until migration 0002 a callback also wrote a rating here, with source "callback".)"""

    work_order = models.OneToOneField(WorkOrder, on_delete=models.PROTECT, related_name="rating")
    satisfaction = models.CharField("评价", max_length=20, choices=Satisfaction.choices)
    remarks = models.TextField("意见", blank=True)
    source = models.CharField(
        "来源", max_length=20, choices=[("online", "网上评价"), ("callback", "电话回访")]
    )
    rated_at = models.DateTimeField("评价时间")

    class Meta:
        verbose_name = "满意度评价"
        verbose_name_plural = "满意度评价"

    def __str__(self) -> str:
        return self.get_satisfaction_display()


class CallbackRule(models.Model):
    """Which closed items are called back (回访, Order 121 Art. 26: spot checks and callbacks evaluate handling)."""

    is_active = models.BooleanField("启用", default=True)
    include_dissatisfied = models.BooleanField("不满意的全部回访", default=True)
    sample_percent = models.PositiveSmallIntegerField("其余抽取比例（%）", default=10)
    citation = models.CharField(
        "依据", max_length=200, default="《市场监督管理投诉举报处理办法》（令121号）第二十六条"
    )

    class Meta:
        verbose_name = "回访规则"
        verbose_name_plural = "回访规则"

    def __str__(self) -> str:
        return f"不满意全部回访={self.include_dissatisfied}，抽取 {self.sample_percent}%"


class CallbackState(models.TextChoices):
    PENDING = "pending", "待回访"
    DONE = "done", "已回访"
    UNREACHABLE = "unreachable", "联系不上"


class Callback(models.Model):
    work_order = models.OneToOneField(WorkOrder, on_delete=models.PROTECT, related_name="callback")
    reason = models.CharField(
        "抽取原因", max_length=20, choices=[("dissatisfied", "消费者不满意"), ("sample", "随机抽查")]
    )
    state = models.CharField(
        "状态", max_length=20, choices=CallbackState.choices, default=CallbackState.PENDING
    )
    satisfaction = models.CharField("回访结果", max_length=20, choices=Satisfaction.choices, blank=True)
    remarks = models.TextField("回访记录", blank=True)
    agent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="回访人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField("列入时间")
    called_at = models.DateTimeField("回访时间", null=True, blank=True)
    needs_review = models.BooleanField("待值班长复核", default=False)
    review_note = models.TextField("复核意见", blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="复核人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reviewed_at = models.DateTimeField("复核时间", null=True, blank=True)

    class Meta:
        verbose_name = "回访"
        verbose_name_plural = "回访"
        ordering = ["state", "created_at"]

    def __str__(self) -> str:
        return f"回访 {self.work_order_id} {self.get_state_display()}"


class DisclosurePolicy(models.Model):
    """How long after closure an item may be disclosed (《市场监督管理投诉信息公示暂行规则》)."""

    delay_days = models.PositiveSmallIntegerField("办结后公示延迟（日）", default=30)
    is_active = models.BooleanField("启用公示", default=True)
    citation = models.CharField(
        "依据", max_length=200, default="《市场监督管理投诉信息公示暂行规则》（2023）；令121号第三十八条"
    )

    class Meta:
        verbose_name = "公示规则"
        verbose_name_plural = "公示规则"

    def __str__(self) -> str:
        return f"办结 {self.delay_days} 日后公示"


class DisclosedComplaint(models.Model):
    """A closed complaint as published: the business, what it was about and how it ended, scrubbed of personal data.
    Public pages read only this table, never the work orders."""

    work_order = models.OneToOneField(WorkOrder, on_delete=models.PROTECT, related_name="+")
    public_id = models.CharField("公示编号", max_length=20, unique=True)
    business_name = models.CharField("经营者", max_length=200, db_index=True)
    credit_code = models.CharField("统一社会信用代码", max_length=18, blank=True, db_index=True)
    category = models.ForeignKey(Category, verbose_name="分类", null=True, on_delete=models.PROTECT)
    issue_type = models.ForeignKey(IssueType, verbose_name="问题类别", null=True, on_delete=models.PROTECT)
    summary = models.TextField("投诉内容摘要（已去除个人信息）")
    result = models.CharField("处理结果", max_length=30)
    is_mediated = models.BooleanField("调解成功", default=False)
    received_month = models.CharField("投诉月份", max_length=7)
    # Where the business operates, never finer than the county (Open311 `address`; ADR 0017).
    county_code = models.CharField("经营地（县级）代码", max_length=6, blank=True, db_index=True)
    county = models.CharField("经营地（县级）", max_length=60, blank=True)
    closed_on = models.DateField("办结日期")
    published_at = models.DateTimeField("公示时间")
    is_withdrawn = models.BooleanField("已撤下", default=False)

    class Meta:
        verbose_name = "已公示投诉"
        verbose_name_plural = "已公示投诉"
        ordering = ["-closed_on", "-id"]

    def __str__(self) -> str:
        return f"{self.public_id} {self.business_name}"


class DisclosedBusinessFigure(models.Model):
    """Per business and year: complaints closed (all of them, consent or not) and how many mediations succeeded."""

    business_name = models.CharField("经营者", max_length=200, db_index=True)
    credit_code = models.CharField("统一社会信用代码", max_length=18, blank=True, db_index=True)
    year = models.PositiveSmallIntegerField("年度")
    complaints = models.PositiveIntegerField("投诉件数")
    mediated = models.PositiveIntegerField("调解件数")
    mediation_succeeded = models.PositiveIntegerField("调解成功件数")
    published_at = models.DateTimeField("更新时间")

    class Meta:
        verbose_name = "经营者投诉公示统计"
        verbose_name_plural = "经营者投诉公示统计"
        ordering = ["-year", "-complaints"]
        constraints = [
            models.UniqueConstraint(
                fields=["business_name", "credit_code", "year"], name="disclosedfigure_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.business_name} {self.complaints}"

    @property
    def success_rate(self) -> float | None:
        return self.mediation_succeeded / self.mediated if self.mediated else None
