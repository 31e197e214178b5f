"""Document templates (versioned), the per-unit yearly counter, and the issued documents (immutable)."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from lianxin.accounts.models import OrgUnit
from lianxin.workorders.models import WorkOrder


class DocumentKind(models.TextChoices):
    """The SAMR document forms (文书式样, April 2026) a handling unit issues (REGULATIONS.md §9)."""

    DISPATCH_NOTICE = "dispatch_notice", "投诉/举报分送通知书"
    IDENTITY_REQUEST = "identity_request", "限期提供身份证明材料通知书"
    ACCEPTANCE = "acceptance", "投诉受理决定书"
    NON_ACCEPTANCE = "non_acceptance", "投诉不予受理决定书"
    MEDIATION_NOTICE = "mediation_notice", "投诉调解通知书"
    TERMINATION = "termination", "投诉终止调解决定书"
    MEDIATION_AGREEMENT = "mediation_agreement", "投诉调解书"
    REPORT_RESULT = "report_result", "举报处理结果告知书"


class Addressee(models.TextChoices):
    """Whom a document is addressed to; decides what personal data it may carry."""

    UNIT = "unit", "承办单位"
    COMPLAINANT = "complainant", "投诉人"
    REPORTER = "reporter", "举报人"
    PARTIES = "parties", "投诉人、被投诉人"
    BUSINESS = "business", "被投诉人/被举报人"


class DocumentTemplate(models.Model):
    """One version of a document form. Editing in the admin adds a new version; issued documents keep theirs."""

    kind = models.CharField("文书", max_length=30, choices=DocumentKind.choices)
    version = models.PositiveIntegerField("版本", editable=False)
    title = models.CharField("标题", max_length=100)
    addressee = models.CharField("送达对象", max_length=20, choices=Addressee.choices)
    number_prefix = models.CharField("文号前缀", max_length=30, blank=True, help_text="如「市监投受」")
    body = models.TextField(
        "正文",
        help_text="Django 模板语法；每行一段。可用变量见 documents/context.py（如 {{ number }}、{{ respondent_name }}；"
        "共同投诉的 {{ complainant_name }} 列出全部投诉人及代表人，另有 {{ complainants }}、{{ representatives }}）。",
    )
    citation = models.CharField("依据", max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="修订人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField("修订时间", auto_now_add=True)

    class Meta:
        verbose_name = "文书模板"
        verbose_name_plural = "文书模板"
        ordering = ["kind", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "version"], name="documenttemplate_kind_version_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.title}（第{self.version}版）"


class DocumentCounter(models.Model):
    """The last document number given out by a unit in a year, taken under a row lock."""

    unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    last_value = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["unit", "year"], name="documentcounter_unit_year_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.unit_id}/{self.year}: {self.last_value}"


class Document(models.Model):
    """An issued document: numbered, its content frozen, its files stored once with their SHA-256."""

    work_order = models.ForeignKey(
        WorkOrder, verbose_name="工单", on_delete=models.PROTECT, related_name="documents"
    )
    kind = models.CharField("文书", max_length=30, choices=DocumentKind.choices)
    template = models.ForeignKey(DocumentTemplate, verbose_name="模板版本", on_delete=models.PROTECT)
    unit = models.ForeignKey(OrgUnit, verbose_name="制发单位", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField("年度")
    sequence = models.PositiveIntegerField("序号")
    number = models.CharField("文号", max_length=80)
    title = models.CharField("标题", max_length=100)
    addressee = models.CharField("送达对象", max_length=20, choices=Addressee.choices)
    paragraphs = models.JSONField("正文", default=list)
    pdf = models.FileField("PDF", upload_to="documents/%Y/", max_length=200, blank=True)
    pdf_sha256 = models.CharField("PDF SHA-256", max_length=64, blank=True)
    docx = models.FileField("DOCX", upload_to="documents/%Y/", max_length=200, blank=True)
    docx_sha256 = models.CharField("DOCX SHA-256", max_length=64, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="制发人", null=True, on_delete=models.PROTECT, related_name="+"
    )
    issued_at = models.DateTimeField("制发时间")

    class Meta:
        verbose_name = "文书"
        verbose_name_plural = "文书"
        ordering = ["work_order", "issued_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "year", "sequence"], name="document_number_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.title} {self.number}"

    def save(self, *args: object, **kwargs: object) -> None:
        # Immutable once issued: the files are attached once by `document_render` (a guarded UPDATE).
        if self.pk is not None:
            raise ValueError("issued documents are immutable")
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def delete(self, *args: object, **kwargs: object) -> tuple[int, dict[str, int]]:
        raise ValueError("issued documents are immutable")

    @property
    def is_rendered(self) -> bool:
        return bool(self.pdf_sha256 and self.docx_sha256)
