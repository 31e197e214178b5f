"""Evidence: type from content, executables and unknown types refused, size limits, SHA-256, thumbnails, scoped reads."""

from __future__ import annotations

import hashlib
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from PIL import Image

from lianxin.domain.workflow import Action
from lianxin.evidence.models import AttachmentAccess, AttachmentKind
from lianxin.evidence.services import EvidenceRefused, attachment_add, attachment_open
from lianxin.workorders.errors import ActionForbidden
from lianxin.workorders.services import TransitionInput, work_order_register, work_order_transition
from lianxin.workorders.tests.factories import complaint_input

pytestmark = pytest.mark.django_db


def png_bytes(size=(800, 600)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(out, format="PNG")
    return out.getvalue()


@pytest.fixture
def order(people, org):
    order = work_order_register(actor=people["agent"], data=complaint_input())
    return work_order_transition(
        work_order_id=order.pk,
        actor=people["agent"],
        data=TransitionInput(Action.DISPATCH, handling_unit_id=org["yanta"].pk),
    )


def test_an_image_named_pdf_is_stored_as_an_image_with_digest_and_thumbnail(order, people):
    data = png_bytes()
    attachment = attachment_add(
        work_order_id=order.pk, actor=people["yanta_handler"], upload=SimpleUploadedFile("收据.pdf", data)
    )
    assert attachment.kind == AttachmentKind.IMAGE
    assert attachment.content_type == "image/png"
    assert attachment.sha256 == hashlib.sha256(data).hexdigest()
    assert attachment.size == len(data)
    _, thumb = attachment_open(attachment_id=attachment.pk, user=people["yanta_handler"], variant="thumbnail")
    with Image.open(io.BytesIO(thumb)) as image:
        assert max(image.size) <= 320


@pytest.mark.parametrize(
    "content",
    [
        b"MZ\x90\x00" + b"\x00" * 200,
        b"\x7fELF\x02\x01\x01" + b"\x00" * 200,
        b"#!/bin/sh\nrm -rf /\n",
        b"just text",
    ],
)
def test_executables_and_unrecognised_content_are_refused_whatever_the_name(order, people, content):
    with pytest.raises(EvidenceRefused):
        attachment_add(
            work_order_id=order.pk,
            actor=people["yanta_handler"],
            upload=SimpleUploadedFile("photo.jpg", content),
        )


@override_settings(LIANXIN_EVIDENCE_MAX_MB={"image": 0})
def test_files_over_the_limit_are_refused(order, people):
    with pytest.raises(EvidenceRefused, match="大小上限"):
        attachment_add(
            work_order_id=order.pk,
            actor=people["yanta_handler"],
            upload=SimpleUploadedFile("a.png", png_bytes()),
        )


def test_reads_are_scoped_and_logged(order, people):
    attachment = attachment_add(
        work_order_id=order.pk, actor=people["yanta_handler"], upload=SimpleUploadedFile("a.png", png_bytes())
    )
    with pytest.raises(ActionForbidden):
        attachment_open(attachment_id=attachment.pk, user=people["beilin_handler"])
    with pytest.raises(ActionForbidden):
        attachment_add(
            work_order_id=order.pk,
            actor=people["beilin_handler"],
            upload=SimpleUploadedFile("a.png", png_bytes()),
        )
    attachment_open(attachment_id=attachment.pk, user=people["yanta_leader"])
    assert list(AttachmentAccess.objects.values_list("user__username", flat=True)) == ["yanta_leader"]
