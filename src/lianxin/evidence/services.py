"""Adding evidence and reading it back. The type is sniffed from the content (never the file name), executables
and anything unrecognised are refused, sizes are limited per kind, and every read is scoped and logged."""

from __future__ import annotations

import hashlib
import io
from pathlib import PurePath
from typing import IO

from django.conf import settings
from django.core.files.base import ContentFile, File
from django.db import transaction

from lianxin.accounts.models import User
from lianxin.common import clock
from lianxin.domain.errors import DomainError
from lianxin.domain.workflow import CENTER_ROLES, UNIT_ROLES
from lianxin.workorders.errors import ActionForbidden, WorkOrderNotFound
from lianxin.workorders.models import WorkOrder
from lianxin.workorders.permissions import can_view

from .models import Attachment, AttachmentAccess, AttachmentKind

MB = 1024 * 1024
ALLOWED: dict[str, AttachmentKind] = {
    "image/jpeg": AttachmentKind.IMAGE,
    "image/png": AttachmentKind.IMAGE,
    "image/gif": AttachmentKind.IMAGE,
    "image/webp": AttachmentKind.IMAGE,
    "image/bmp": AttachmentKind.IMAGE,
    "image/heic": AttachmentKind.IMAGE,
    "application/pdf": AttachmentKind.PDF,
    "audio/mpeg": AttachmentKind.AUDIO,
    "audio/x-wav": AttachmentKind.AUDIO,
    "audio/amr": AttachmentKind.AUDIO,
    "audio/mp4": AttachmentKind.AUDIO,
    "audio/x-m4a": AttachmentKind.AUDIO,
    "audio/ogg": AttachmentKind.AUDIO,
    "audio/aac": AttachmentKind.AUDIO,
    "video/mp4": AttachmentKind.VIDEO,
}
EXECUTABLES = frozenset(
    {
        "application/x-msdownload",
        "application/x-executable",
        "application/x-elf",
        "application/x-mach-binary",
        "application/x-sharedlib",
        "application/vnd.microsoft.portable-executable",
        "application/x-shockwave-flash",
        "application/x-deb",
        "application/x-rpm",
    }
)
THUMBNAIL_SIZE = (320, 320)


class EvidenceRefused(DomainError):
    code = "evidence_refused"


def size_limit(kind: AttachmentKind) -> int:
    limits = getattr(settings, "LIANXIN_EVIDENCE_MAX_MB", {})
    default = {
        AttachmentKind.IMAGE: 15,
        AttachmentKind.PDF: 20,
        AttachmentKind.AUDIO: 50,
        AttachmentKind.VIDEO: 200,
    }
    return int(limits.get(kind.value, default[kind])) * MB


def sniff(head: bytes) -> tuple[str, AttachmentKind]:
    import filetype

    guess = filetype.guess(head)
    mime = guess.mime if guess else ""
    if mime in EXECUTABLES or head.startswith((b"MZ", b"\x7fELF", b"#!")):
        raise EvidenceRefused("不接受可执行文件。", fields={"file": ["不接受可执行文件。"]})
    if mime not in ALLOWED:
        raise EvidenceRefused(
            "只接受图片、PDF、录音和视频文件（按文件内容识别，不看扩展名）。",
            fields={"file": ["文件类型无法识别或不被接受。"]},
        )
    return mime, ALLOWED[mime]


def _thumbnail(data: IO[bytes]) -> bytes | None:
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(data) as image:
            image.thumbnail(THUMBNAIL_SIZE)
            out = io.BytesIO()
            image.convert("RGB").save(out, format="JPEG", quality=80)
            return out.getvalue()
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError):
        return None


def _may_attach(user: User, work_order: WorkOrder) -> bool:
    return user.role_enum in (UNIT_ROLES | CENTER_ROLES) and can_view(user, work_order)


def attachment_add(*, work_order_id: int, actor: User, upload: File, description: str = "") -> Attachment:
    work_order = WorkOrder.objects.filter(pk=work_order_id).first()
    if work_order is None:
        raise WorkOrderNotFound("工单不存在。")
    if not _may_attach(actor, work_order):
        raise ActionForbidden("您不能为该工单添加证据材料。")
    upload.seek(0)
    head = upload.read(8192)
    mime, kind = sniff(head)
    limit = size_limit(kind)
    digest = hashlib.sha256(head)
    size = len(head)
    for chunk in iter(lambda: upload.read(1024 * 1024), b""):
        size += len(chunk)
        if size > limit:
            break
        digest.update(chunk)
    if size > limit:
        raise EvidenceRefused(
            f"文件超过大小上限（{kind.label}最大 {limit // MB} MB）。", fields={"file": ["文件过大。"]}
        )
    upload.seek(0)
    thumbnail = _thumbnail(upload) if kind is AttachmentKind.IMAGE else None
    upload.seek(0)
    name = PurePath(upload.name or "file").name[-150:]
    with transaction.atomic():
        attachment = Attachment(
            work_order=work_order,
            kind=kind,
            original_name=name,
            content_type=mime,
            size=size,
            sha256=digest.hexdigest(),
            description=description.strip()[:200],
            uploaded_by=actor,
            uploaded_at=clock.now(),
        )
        stem = digest.hexdigest()[:16]
        attachment.file.save(f"{stem}.{mime.split('/')[-1]}", upload, save=False)
        if thumbnail:
            attachment.thumbnail.save(f"{stem}.jpg", ContentFile(thumbnail), save=False)
        attachment.save()
    return attachment


def attachment_open(*, attachment_id: int, user: User, variant: str = "file") -> tuple[Attachment, bytes]:
    """The bytes of an attachment (or its thumbnail) for a user who may see the work order; the read is logged."""
    attachment = Attachment.objects.select_related("work_order").filter(pk=attachment_id).first()
    if attachment is None:
        raise WorkOrderNotFound("材料不存在。")
    if not can_view(user, attachment.work_order):
        raise ActionForbidden("该材料不在您的数据范围内。")
    field = attachment.thumbnail if variant == "thumbnail" and attachment.thumbnail else attachment.file
    with field.storage.open(field.name, "rb") as handle:
        data = handle.read()
    if field is attachment.file and hashlib.sha256(data).hexdigest() != attachment.sha256:
        raise EvidenceRefused("文件校验失败（SHA-256 不符），请联系管理员。")
    AttachmentAccess.objects.create(
        attachment=attachment, user=user, variant=variant, accessed_at=clock.now()
    )
    return attachment, data
