"""Issuing documents: a number from the unit's yearly counter (locked row, same transaction: no gaps, no
duplicates), the text frozen at issue, the PDF and DOCX rendered once and stored with their SHA-256."""

from __future__ import annotations

import hashlib
from typing import Any

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.template import Context, Engine

from lianxin.accounts.models import User
from lianxin.accounts.selectors import unit_entry
from lianxin.common import clock
from lianxin.workorders.models import WorkOrder

from .context import assert_no_reporter_identity, chinese_date, document_context, provisional_note
from .defaults import DEFAULT_TEMPLATES
from .errors import TemplateMissing
from .models import Document, DocumentCounter, DocumentTemplate
from .rendering import Sheet, render_docx, render_pdf

_ENGINE = Engine(autoescape=False, debug=False)


def _schedule_render(document_id: int) -> None:
    """Render in the background after commit (the job engine); a download renders at once if it has not run."""
    from lianxin.common import jobs

    jobs.enqueue("lianxin.documents.tasks.render_document", document_id)


def next_sequence(unit_id: int, year: int) -> int:
    """The next number of the unit in the year. Must run inside the caller's transaction: the counter row stays
    locked until it commits, and a rollback gives the number back."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("next_sequence must run inside a transaction")
    try:
        with transaction.atomic():
            DocumentCounter.objects.get_or_create(unit_id=unit_id, year=year)
    except IntegrityError:
        pass  # created concurrently by another transaction; lock it below
    counter = DocumentCounter.objects.select_for_update().get(unit_id=unit_id, year=year)
    counter.last_value += 1
    counter.save(update_fields=["last_value"])
    return counter.last_value


def template_in_force(kind: str) -> DocumentTemplate:
    template = DocumentTemplate.objects.filter(kind=kind).order_by("-version").first()
    if template is None:
        template = _seed_default(kind)
    if template is None:
        raise TemplateMissing(f"文书模板「{kind}」不存在，请管理员在后台添加。")
    return template


def _seed_default(kind: str) -> DocumentTemplate | None:
    """The first version of a form from `defaults.py` when none is stored (a fresh or flushed database)."""
    fields = next((t for t in DEFAULT_TEMPLATES if t["kind"] == kind), None)
    if fields is None:
        return None
    template, _ = DocumentTemplate.objects.get_or_create(kind=kind, version=1, defaults=fields)
    return template


def template_revise(*, kind: str, actor: User | None, **fields: Any) -> DocumentTemplate:
    """A new version of a form; the old versions stay, and documents issued from them keep pointing at them."""
    with transaction.atomic():
        last = DocumentTemplate.objects.select_for_update().filter(kind=kind).order_by("-version").first()
        base = {
            "title": last.title if last else "",
            "addressee": last.addressee if last else "",
            "number_prefix": last.number_prefix if last else "",
            "body": last.body if last else "",
            "citation": last.citation if last else "",
        }
        base.update(fields)
        return DocumentTemplate.objects.create(
            kind=kind, version=(last.version if last else 0) + 1, created_by=actor, **base
        )


def paragraphs_from(template: DocumentTemplate, context: dict[str, Any]) -> list[str]:
    text = _ENGINE.from_string(template.body).render(Context(context))
    return [line.strip() for line in text.splitlines() if line.strip()]


def document_issue(
    *, work_order: WorkOrder, kind: str, actor: User | None, unit_id: int, extra: dict[str, Any] | None = None
) -> Document:
    """Number and freeze a document in the caller's transaction; its files are rendered after commit."""
    now = clock.now()
    today = clock.local_date(now)
    with transaction.atomic():
        template = template_in_force(kind)
        sequence = next_sequence(unit_id, today.year)
        number = f"{template.number_prefix}〔{today.year}〕第{sequence}号"
        context = document_context(
            work_order,
            kind=kind,
            addressee=template.addressee,
            number=number,
            issued_on=today,
            extra=extra or {},
        )
        paragraphs = paragraphs_from(template, context)
        if context.get("provisional_years"):
            paragraphs.append(provisional_note(context["provisional_years"]))
        assert_no_reporter_identity(work_order, template.addressee, paragraphs)
        document = Document.objects.create(
            work_order=work_order,
            kind=kind,
            template=template,
            unit_id=unit_id,
            year=today.year,
            sequence=sequence,
            number=number,
            title=template.title,
            addressee=template.addressee,
            paragraphs=paragraphs,
            issued_by=actor,
            issued_at=now,
        )
        _schedule_render(document.pk)
    return document


def sheet_of(document: Document) -> Sheet:
    unit = unit_entry(document.unit_id)
    unit_name = unit.name if unit else ""
    return Sheet(
        unit_name=unit_name,
        title=document.title,
        number=document.number,
        paragraphs=tuple(document.paragraphs),
        signature=f"{unit_name}（印章）",
        date_line=chinese_date(clock.local_date(document.issued_at)),
    )


def document_render(document_id: int) -> Document:
    """Render and store the files of a document once; a document already rendered is returned as it is."""
    document = Document.objects.get(pk=document_id)
    if document.is_rendered:
        return document
    sheet = sheet_of(document)
    pdf, docx = render_pdf(sheet), render_docx(sheet)
    stem = f"{document.work_order_id}-{document.unit_id}-{document.year}-{document.sequence}"
    pdf_name = document.pdf.field.generate_filename(document, f"{stem}.pdf")
    docx_name = document.docx.field.generate_filename(document, f"{stem}.docx")
    storage = document.pdf.storage
    with transaction.atomic():
        locked = Document.objects.select_for_update().get(pk=document_id)
        if locked.is_rendered:
            return locked
        stored_pdf = storage.save(pdf_name, ContentFile(pdf))
        stored_docx = storage.save(docx_name, ContentFile(docx))
        Document.objects.filter(pk=document_id, pdf_sha256="").update(
            pdf=stored_pdf,
            pdf_sha256=hashlib.sha256(pdf).hexdigest(),
            docx=stored_docx,
            docx_sha256=hashlib.sha256(docx).hexdigest(),
        )
    return Document.objects.get(pk=document_id)


def document_file(document: Document, fmt: str) -> bytes:
    """The stored bytes of a rendered document (rendering it first if the job has not run yet), checked
    against the SHA-256 recorded at issue."""
    if not document.is_rendered:
        document = document_render(document.pk)
    field, digest = (
        (document.pdf, document.pdf_sha256) if fmt == "pdf" else (document.docx, document.docx_sha256)
    )
    with field.storage.open(field.name, "rb") as handle:
        data = handle.read()
    if hashlib.sha256(data).hexdigest() != digest:
        raise ValueError(f"文书文件校验失败：{document.number}")
    return data
