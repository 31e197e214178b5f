"""Notice templates (editable), the outbox of SMS and e-mail, and in-app notifications for staff."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from lianxin.common.fields import BlindIndexField, EncryptedTextField
from lianxin.workorders.models import WorkOrder


class Channel(models.TextChoices):
    SMS = "sms", "短信"
    EMAIL = "email", "电子邮件"


class NoticeTemplate(models.Model):
    """The text sent at one statutory point (Django template syntax; variables in notifications/services.py)."""

    code = models.CharField("通知节点", max_length=40)
    channel = models.CharField("渠道", max_length=10, choices=Channel.choices)
    subject = models.CharField("主题（邮件）", max_length=200, blank=True)
    body = models.TextField("正文")
    is_active = models.BooleanField("启用", default=True)
    updated_at = models.DateTimeField("修改时间", auto_now=True)

    class Meta:
        verbose_name = "通知模板"
        verbose_name_plural = "通知模板"
        ordering = ["code", "channel"]
        constraints = [
            models.UniqueConstraint(fields=["code", "channel"], name="noticetemplate_code_channel_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.get_channel_display()}"


class MessageState(models.TextChoices):
    PENDING = "pending", "待发送"
    SENT = "sent", "已发送"
    RETRYING = "retrying", "发送失败，待重试"
    DEAD = "dead", "发送失败，已放弃"


class OutboxMessage(models.Model):
    """One message to one person, written in the transaction of the step that calls for it and delivered after
    commit; a failure is retried with growing pauses until LIANXIN_NOTICE_MAX_ATTEMPTS."""

    work_order = models.ForeignKey(
        WorkOrder,
        verbose_name="工单",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="notices",
    )
    code = models.CharField("通知节点", max_length=40)
    channel = models.CharField("渠道", max_length=10, choices=Channel.choices)
    # The recipient's number and the text (names, one-time codes) are personal data: encrypted at rest, found
    # by the blind index (ADR 0019 §4).
    recipient = EncryptedTextField("接收人")
    recipient_index = BlindIndexField("接收人盲索引", source="recipient", normalizer="contact")
    subject = models.CharField("主题", max_length=200, blank=True)
    body = EncryptedTextField("内容")
    state = models.CharField(
        "状态", max_length=10, choices=MessageState.choices, default=MessageState.PENDING
    )
    attempts = models.PositiveSmallIntegerField("尝试次数", default=0)
    next_attempt_at = models.DateTimeField("下次尝试", db_index=True)
    last_error = models.CharField("最近错误", max_length=500, blank=True)
    gateway_reference = models.CharField("网关回执", max_length=100, blank=True)
    created_at = models.DateTimeField("生成时间")
    sent_at = models.DateTimeField("发送时间", null=True, blank=True)

    class Meta:
        verbose_name = "待发通知"
        verbose_name_plural = "通知发件箱"
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["state", "next_attempt_at"], name="outbox_due")]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} {self.code} {self.get_state_display()}"


class NotificationKind(models.TextChoices):
    NEW_ITEM = "new_item", "新分送工单"
    DUE_SOON = "due_soon", "即将到期"
    OVERDUE = "overdue", "已超期"
    APPROVAL_NEEDED = "approval_needed", "待审批"
    NOTICE_FAILED = "notice_failed", "通知发送失败"


class Notification(models.Model):
    """An in-app notification for a handler or a leader."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField("类别", max_length=20, choices=NotificationKind.choices)
    title = models.CharField("标题", max_length=200)
    work_order = models.ForeignKey(
        WorkOrder, verbose_name="工单", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField("时间")
    read_at = models.DateTimeField("已读", null=True, blank=True)
    dedupe_key = models.CharField(max_length=100, blank=True)

    class Meta:
        verbose_name = "站内通知"
        verbose_name_plural = "站内通知"
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "read_at"], name="notification_unread")]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "dedupe_key"],
                condition=~models.Q(dedupe_key=""),
                name="notification_dedupe",
            ),
        ]

    def __str__(self) -> str:
        return self.title
