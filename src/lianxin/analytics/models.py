"""Analytics: volume rollups kept incrementally from the work-order events, hot-spot alerts, consumer warnings
(消费提示) and the archived monthly reports. See docs/adr/0016-analytics-rollups.md."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q


class Period(models.TextChoices):
    DAY = "day", "日"
    MONTH = "month", "月"


class Dimension(models.TextChoices):
    ALL = "all", "合计"
    CHANNEL = "channel", "渠道"
    CATEGORY = "category", "分类"
    ISSUE_TYPE = "issue_type", "问题类别"


class VolumeRollup(models.Model):
    """The counts of one cell: work orders *received* in the period (the cohort), registered by `center_id`,
    handled by `handling_unit_id` (0: not dispatched), of one kind, broken down by one dimension.

    Every measure is attributed to the received day, so a figure is exactly the number of work orders the
    drill-down lists for the same filter. Rows are replaced whole (delete + insert per day), never edited.

    Satisfaction is counted per source: `rating_*` from the consumer's own rating online (`portal.Rating`), and
    `callback_*` from the result an agent recorded on a callback (回访, `portal.Callback`)."""

    period = models.CharField("粒度", max_length=8, choices=Period.choices)
    period_start = models.DateField("起始日")
    center_id = models.IntegerField("登记中心")
    handling_unit_id = models.IntegerField("承办单位（0 = 未分送）")
    kind = models.CharField("类型", max_length=20)
    dimension = models.CharField("维度", max_length=12, choices=Dimension.choices)
    value = models.CharField("维度取值", max_length=40, blank=True)
    items = models.PositiveIntegerField("件数", default=0)
    group_items = models.PositiveIntegerField("群体投诉", default=0)
    decided = models.PositiveIntegerField("已作受理决定", default=0)
    decided_in_time = models.PositiveIntegerField("按时作受理决定", default=0)
    mediated = models.PositiveIntegerField("调解已结束", default=0)
    mediated_in_time = models.PositiveIntegerField("按时结束调解", default=0)
    agreed = models.PositiveIntegerField("调解成功", default=0)
    closed = models.PositiveIntegerField("已办结", default=0)
    amount_recovered = models.DecimalField("挽回经济损失（元）", max_digits=16, decimal_places=2, default=0)
    rating_satisfied = models.PositiveIntegerField("网上评价：满意", default=0)
    rating_basically = models.PositiveIntegerField("网上评价：基本满意", default=0)
    rating_dissatisfied = models.PositiveIntegerField("网上评价：不满意", default=0)
    callback_satisfied = models.PositiveIntegerField("电话回访：满意", default=0)
    callback_basically = models.PositiveIntegerField("电话回访：基本满意", default=0)
    callback_dissatisfied = models.PositiveIntegerField("电话回访：不满意", default=0)

    class Meta:
        verbose_name = "统计汇总"
        verbose_name_plural = "统计汇总"
        indexes = [
            models.Index(fields=["period", "dimension", "period_start"], name="rollup_period_dim_start"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=[
                    "period",
                    "period_start",
                    "center_id",
                    "handling_unit_id",
                    "kind",
                    "dimension",
                    "value",
                ],
                name="rollup_cell_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.period} {self.period_start} {self.dimension}={self.value}: {self.items}"


class RollupState(models.Model):
    """How far the rollups have read the work-order event log and the consumers' ratings (one row)."""

    last_event_id = models.BigIntegerField(default=0)
    last_rating_id = models.BigIntegerField(default=0)
    refreshed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "汇总进度"
        verbose_name_plural = "汇总进度"

    def __str__(self) -> str:
        return f"events ≤ {self.last_event_id}"


class AlertKind(models.TextChoices):
    VOLUME_SPIKE = "volume_spike", "数量异常上升"
    GROUP_COMPLAINT = "group_complaint", "群体投诉"
    REPEAT_COMPLAINANT = "repeat_complainant", "同一人短期内多次投诉"
    SHARED_CONTACT = "shared_contact", "多人使用同一联系方式"


class SubjectKind(models.TextChoices):
    BUSINESS = "business", "经营者"
    CATEGORY = "category", "分类"
    ISSUE_TYPE = "issue_type", "问题类别"
    PERSON = "person", "投诉人"
    PHONE = "phone", "联系电话"
    ADDRESS = "address", "联系地址"


class AlertStatus(models.TextChoices):
    OPEN = "open", "待处理"
    DISMISSED = "dismissed", "已排除"
    WARNED = "warned", "已发消费提示"


class HotSpotAlert(models.Model):
    """One finding of the daily detection, with the work orders behind it.

    `subject_key` never holds personal data in clear: for a person, phone or address it is a keyed hash
    (HMAC with the secret key), so the same contact can be matched across items without being stored or shown;
    `subject_label` then holds only a description ("3 位投诉人使用同一联系电话")."""

    kind = models.CharField("类别", max_length=24, choices=AlertKind.choices)
    detected_on = models.DateField("发现日期")
    subject_kind = models.CharField("对象", max_length=12, choices=SubjectKind.choices)
    subject_key = models.CharField("对象键", max_length=128)
    subject_label = models.CharField("对象", max_length=200)
    observed = models.PositiveIntegerField("件数")
    baseline = models.FloatField("基线（日均）", null=True, blank=True)
    upper_limit = models.PositiveIntegerField("控制上限", null=True, blank=True)
    p_value = models.FloatField("P 值", null=True, blank=True)
    work_order_ids = models.JSONField("涉及工单", default=list)
    status = models.CharField("状态", max_length=12, choices=AlertStatus.choices, default=AlertStatus.OPEN)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "热点预警"
        verbose_name_plural = "热点预警"
        ordering = ["-detected_on", "kind", "-observed"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "detected_on", "subject_kind", "subject_key"], name="hotspot_unique_per_day"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.detected_on} {self.get_kind_display()} {self.subject_label}"


class WarningStatus(models.TextChoices):
    DRAFT = "draft", "草稿"
    PUBLISHED = "published", "已发布"


class ConsumerWarning(models.Model):
    """A consumer warning (消费提示, Order 121 Art. 38), drafted from a hot spot, edited and published by an analyst."""

    alert = models.ForeignKey(
        HotSpotAlert,
        verbose_name="来源预警",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="warnings",
    )
    title = models.CharField("标题", max_length=100)
    body = models.TextField("正文")
    status = models.CharField(
        "状态", max_length=12, choices=WarningStatus.choices, default=WarningStatus.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="起草人", null=True, on_delete=models.PROTECT, related_name="+"
    )
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="发布人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    published_at = models.DateTimeField("发布时间", null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "消费提示"
        verbose_name_plural = "消费提示"
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="draft") | Q(published_at__isnull=False), name="warning_published_has_time"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class MonthlyReport(models.Model):
    """An archived monthly report: the Excel and PDF exactly as generated (a later correction makes a new row)."""

    month = models.DateField("月份（1 日）")
    xlsx = models.BinaryField("Excel")
    pdf = models.BinaryField("PDF")
    generated_at = models.DateTimeField("生成时间", auto_now_add=True)
    generated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="生成人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    seconds = models.FloatField("用时（秒）", default=0.0)

    class Meta:
        verbose_name = "月度报告"
        verbose_name_plural = "月度报告"
        ordering = ["-month", "-generated_at"]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} 月报"
