"""Files attached to a work order (photos, receipts, chat screenshots, PDFs, call recordings) and who read them."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from lianxin.workorders.models import WorkOrder


class AttachmentKind(models.TextChoices):
    IMAGE = "image", "图片"
    PDF = "pdf", "PDF 文件"
    AUDIO = "audio", "录音"
    VIDEO = "video", "视频"


class Attachment(models.Model):
    work_order = models.ForeignKey(
        WorkOrder, verbose_name="工单", on_delete=models.PROTECT, related_name="attachments"
    )
    kind = models.CharField("类别", max_length=10, choices=AttachmentKind.choices)
    file = models.FileField("文件", upload_to="evidence/%Y/%m/", max_length=200)
    thumbnail = models.FileField("缩略图", upload_to="evidence/thumbs/%Y/%m/", max_length=200, blank=True)
    original_name = models.CharField("原文件名", max_length=200)
    content_type = models.CharField("类型（按内容识别）", max_length=100)
    size = models.PositiveBigIntegerField("大小（字节）")
    sha256 = models.CharField("SHA-256", max_length=64, db_index=True)
    description = models.CharField("说明", max_length=200, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="上传人", on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField("上传时间")

    class Meta:
        verbose_name = "证据材料"
        verbose_name_plural = "证据材料"
        ordering = ["work_order", "uploaded_at", "id"]

    def __str__(self) -> str:
        return f"{self.original_name} ({self.get_kind_display()})"


class AttachmentAccess(models.Model):
    """Every download or view of an attachment: who, when, which file."""

    attachment = models.ForeignKey(Attachment, on_delete=models.PROTECT, related_name="accesses")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    variant = models.CharField("内容", max_length=10, default="file")
    accessed_at = models.DateTimeField("时间")

    class Meta:
        verbose_name = "证据调阅记录"
        verbose_name_plural = "证据调阅记录"
        ordering = ["-accessed_at", "-id"]

    def __str__(self) -> str:
        return f"{self.attachment_id} {self.user_id} {self.accessed_at}"
