"""The handler's inbox and work-order page, through the Django test client."""

from __future__ import annotations

import pytest

from lianxin.documents.models import Document, DocumentKind
from lianxin.domain.workflow import State
from lianxin.notifications.models import OutboxMessage
from lianxin.web.tests.conftest import dispatched_complaint

pytestmark = pytest.mark.django_db


@pytest.fixture
def order(people, org):
    return dispatched_complaint(
        people=people, unit=org["yanta"], received="2026-05-12 10:00", summary="冰箱不制冷"
    )


def signed_in(client, user):
    client.force_login(user)
    return client


def test_the_inbox_lists_my_units_open_items_with_counts(client, people, org, order):
    other = dispatched_complaint(
        people=people, unit=org["weibin"], received="2026-05-12 10:00", summary="外单位"
    )
    page = signed_in(client, people["yanta_handler"]).get("/handling/").content.decode()
    assert order.number in page
    assert other.number not in page
    assert "已分送" in page


def test_a_leader_above_sees_the_units_below(client, people, order):
    page = signed_in(client, people["xian_leader"]).get("/handling/").content.decode()
    assert order.number in page


def test_filters_by_business_and_keyword(client, people, order):
    client = signed_in(client, people["yanta_handler"])
    assert order.number in client.get("/handling/", {"business": "某某电器"}).content.decode()
    assert order.number not in client.get("/handling/", {"business": "不存在的公司"}).content.decode()
    assert order.number in client.get("/handling/", {"q": "冰箱"}).content.decode()


def test_center_staff_are_sent_elsewhere(client, people):
    assert signed_in(client, people["agent"]).get("/handling/").status_code == 403


def test_accept_from_the_page_issues_the_decision_and_the_sms(client, people, order):
    client = signed_in(client, people["yanta_handler"])
    page = client.get(f"/handling/{order.pk}/").content.decode()
    assert "受理" in page
    assert "不予受理" in page
    response = client.post(f"/handling/{order.pk}/act/accept/", {"version": order.version + 0})
    assert response.status_code == 302
    order.refresh_from_db()
    assert order.state == State.ACCEPTED
    assert Document.objects.filter(work_order=order, kind=DocumentKind.ACCEPTANCE).exists()
    assert OutboxMessage.objects.filter(work_order=order, code="accepted").exists()


def test_decline_offers_only_the_grounds_of_the_rule_set_and_refuses_without_one(client, people, order):
    client = signed_in(client, people["yanta_handler"])
    page = client.get(f"/handling/{order.pk}/").content.decode()
    assert 'value="time_barred"' in page
    response = client.post(
        f"/handling/{order.pk}/act/decline/", {"version": order.version, "decline-note": "x"}
    )
    assert response.status_code == 400
    assert "field-error" in response.content.decode()
    response = client.post(
        f"/handling/{order.pk}/act/decline/",
        {"version": order.version, "decline-note": "超过三年", "decline-ground_code": "time_barred"},
    )
    assert response.status_code == 302
    document = Document.objects.get(work_order=order, kind=DocumentKind.NON_ACCEPTANCE)
    assert any(p.startswith("■") and "三年" in p for p in document.paragraphs)


def test_documents_download_only_within_scope(client, people, order):
    document = Document.objects.get(work_order=order, kind=DocumentKind.DISPATCH_NOTICE)
    response = signed_in(client, people["yanta_handler"]).get(f"/handling/documents/{document.pk}/pdf/")
    assert response.status_code == 200
    assert response.content[:4] == b"%PDF"
    client.logout()
    assert (
        signed_in(client, people["beilin_handler"]).get(f"/handling/documents/{document.pk}/pdf/").status_code
        == 403
    )


def test_evidence_uploads_and_downloads_through_the_page(client, people, order):
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    from lianxin.evidence.models import Attachment, AttachmentAccess

    out = io.BytesIO()
    Image.new("RGB", (400, 300), (10, 120, 10)).save(out, format="JPEG")
    client = signed_in(client, people["yanta_handler"])
    response = client.post(
        f"/handling/{order.pk}/evidence/", {"file": SimpleUploadedFile("聊天截图.jpg", out.getvalue())}
    )
    assert response.status_code == 302
    attachment = Attachment.objects.get(work_order=order)
    page = client.get(f"/handling/{order.pk}/").content.decode()
    assert "聊天截图.jpg" in page
    assert client.get(f"/handling/evidence/{attachment.pk}/file/").content == out.getvalue()
    assert AttachmentAccess.objects.filter(attachment=attachment).count() == 1
    bad = client.post(
        f"/handling/{order.pk}/evidence/", {"file": SimpleUploadedFile("a.jpg", b"MZ" + b"\0" * 100)}
    )
    assert bad.status_code == 302
    assert Attachment.objects.filter(work_order=order).count() == 1
