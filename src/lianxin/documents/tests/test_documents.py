"""Documents issued by the steps: numbered per unit and year, the right content, reporters kept confidential."""

from __future__ import annotations

import io
import re
from decimal import Decimal

import pytest
from pypdf import PdfReader

from lianxin.documents.errors import ConfidentialityBreach
from lianxin.documents.models import Document, DocumentKind, DocumentTemplate
from lianxin.documents.services import document_file, template_revise
from lianxin.domain.workflow import Action, Role
from lianxin.workorders.services import TransitionInput, work_order_register, work_order_transition
from lianxin.workorders.tests.factories import complaint_input, joint_complaint_input, report_input

pytestmark = pytest.mark.django_db


def pdf_text(data: bytes) -> str:
    """The PDF's text read back, without the spaces extraction puts between CJK glyphs."""
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    return re.sub(r"[\s\x00]+", "", text)


def step(order, actor, action, **kwargs):
    return work_order_transition(work_order_id=order.pk, actor=actor, data=TransitionInput(action, **kwargs))


@pytest.fixture
def dispatched(people, org):
    order = work_order_register(actor=people["agent"], data=complaint_input())
    return step(order, people["agent"], Action.DISPATCH, handling_unit_id=org["yanta"].pk)


def test_accept_issues_the_acceptance_decision_numbered_by_the_unit(dispatched, people, org):
    step(dispatched, people["yanta_handler"], Action.ACCEPT)
    acceptance = Document.objects.get(work_order=dispatched, kind=DocumentKind.ACCEPTANCE)
    assert acceptance.unit_id == org["yanta"].pk
    assert acceptance.number == f"受理〔{acceptance.year}〕第1号"
    assert acceptance.paragraphs[0] == "张伟："
    assert "西安某某电器有限公司" in acceptance.paragraphs[1]
    # The dispatch notice was numbered by the center: its own counter.
    notice = Document.objects.get(work_order=dispatched, kind=DocumentKind.DISPATCH_NOTICE)
    assert notice.unit_id == org["center"].pk
    assert notice.sequence == 1


def test_numbers_run_on_per_unit_and_year_across_kinds(dispatched, people):
    step(dispatched, people["yanta_handler"], Action.ACCEPT)
    step(dispatched, people["yanta_handler"], Action.START_MEDIATION)
    numbers = list(
        Document.objects.filter(work_order=dispatched, unit=people["yanta_handler"].unit)
        .order_by("sequence")
        .values_list("sequence", flat=True)
    )
    assert numbers == [1, 2]


def test_decline_ticks_the_ground_of_the_rule_set_in_force_and_states_the_routes(dispatched, people):
    step(
        dispatched,
        people["yanta_handler"],
        Action.DECLINE,
        ground_code="not_consumer_dispute",
        note="购买数量明显超出生活消费需要。",
    )
    document = Document.objects.get(work_order=dispatched, kind=DocumentKind.NON_ACCEPTANCE)
    ticked = [p for p in document.paragraphs if p.startswith("■")]
    unticked = [p for p in document.paragraphs if p.startswith("□")]
    assert len(ticked) == 1
    assert "不是为生活消费需要" in ticked[0]
    assert len(unticked) >= 5
    body = "".join(document.paragraphs)
    assert "第三十九条" in body
    assert "购买数量明显超出生活消费需要" in body
    text = pdf_text(document_file(document, "pdf"))
    assert document.number in text
    assert "■不是为生活消费需要" in text


def test_the_mediation_agreement_pdf_carries_parties_amount_and_number(dispatched, people):
    from lianxin.workorders.services.mediation import MediationSessionInput, mediation_session_record

    handler = people["yanta_handler"]
    step(dispatched, handler, Action.ACCEPT)
    step(dispatched, handler, Action.START_MEDIATION)
    from lianxin.common import clock

    mediation_session_record(
        work_order_id=dispatched.pk,
        actor=handler,
        data=MediationSessionInput(
            held_on=clock.today(),
            method="phone",
            participants="张伟；商家店长王某",
            statements="商家同意退款。",
            result="达成一致",
        ),
    )
    step(
        dispatched,
        handler,
        Action.REACH_AGREEMENT,
        note="商家退还货款1280元。",
        amount_recovered=Decimal("1280"),
    )
    document = Document.objects.get(work_order=dispatched, kind=DocumentKind.MEDIATION_AGREEMENT)
    text = pdf_text(document_file(document, "pdf"))
    assert "投诉人：张伟" in text
    assert "被投诉人：西安某某电器有限公司" in text
    assert "1,280.00元" in text
    assert document.number in text
    assert "电话调解" in text
    docx = document_file(document, "docx")
    assert docx[:2] == b"PK"
    document.refresh_from_db()
    assert len(document.pdf_sha256) == 64
    assert document.is_rendered


def test_issued_documents_are_immutable(dispatched, people):
    document = Document.objects.get(work_order=dispatched)
    document.title = "改"
    with pytest.raises(ValueError, match="immutable"):
        document.save()


def test_a_reporters_identity_never_reaches_the_unit_or_the_business(people, org):
    report = work_order_register(actor=people["agent"], data=report_input())
    step(report, people["agent"], Action.DISPATCH, handling_unit_id=org["beilin"].pk)
    notice = Document.objects.get(work_order=report, kind=DocumentKind.DISPATCH_NOTICE)
    text = "".join(notice.paragraphs)
    assert "李娜" not in text
    assert "88886666" not in text
    assert "保密" in text
    # An administrator's template that asks for the reporter's data gets nothing …
    template_revise(
        kind=DocumentKind.DISPATCH_NOTICE,
        actor=people["administrator"],
        body="{{ unit_name }}：{{ complainant_name }}{{ complainant_phone }}{{ facts }}",
    )
    step(
        report, people["beilin_handler"], Action.RETURN, return_reason="not_competent", note="不属本单位管辖"
    )
    step(
        report,
        people["agent"],
        Action.REDISPATCH,
        handling_unit_id=org["beilin"].pk,
        note="经核实属碑林区管辖",
    )
    again = Document.objects.filter(work_order=report, kind=DocumentKind.DISPATCH_NOTICE).latest("id")
    assert again.template.version == 2
    assert "李娜" not in "".join(again.paragraphs)
    # … and one that writes it in literally is refused (and the step with it).
    template_revise(kind=DocumentKind.DISPATCH_NOTICE, actor=people["administrator"], body="举报人李娜")
    step(
        report, people["beilin_handler"], Action.RETURN, return_reason="not_competent", note="不属本单位管辖"
    )
    with pytest.raises(ConfidentialityBreach):
        step(report, people["agent"], Action.REDISPATCH, handling_unit_id=org["beilin"].pk, note="仍属碑林区")


def test_the_reporter_is_named_only_in_the_result_letter_to_the_reporter(people, org):
    report = work_order_register(actor=people["agent"], data=report_input())
    step(report, people["agent"], Action.DISPATCH, handling_unit_id=org["beilin"].pk)
    step(report, people["beilin_handler"], Action.START_VERIFICATION)
    step(report, people["xian_leader"], Action.OPEN_CASE, note="已立案调查。")
    step(report, people["beilin_handler"], Action.INFORM_REPORTER, note="已立案调查。")
    letter = Document.objects.get(work_order=report, kind=DocumentKind.REPORT_RESULT)
    assert letter.paragraphs[0] == "李娜："


def test_revising_a_template_keeps_the_old_version(people):
    old = DocumentTemplate.objects.get(kind=DocumentKind.ACCEPTANCE, version=1)
    new = template_revise(
        kind=DocumentKind.ACCEPTANCE, actor=people["administrator"], title="受理决定书（新）"
    )
    assert new.version == 2
    assert new.body == old.body
    assert DocumentTemplate.objects.filter(kind=DocumentKind.ACCEPTANCE).count() == 2


def test_export_writes_every_document_of_the_work_order(dispatched, people, tmp_path):
    import json

    from django.core.management import call_command

    step(dispatched, people["yanta_handler"], Action.ACCEPT)
    call_command("documents", "export", "--work-order", dispatched.number, "--dir", str(tmp_path))
    manifest = json.loads((tmp_path / "manifest.json").read_text(encoding="utf-8"))
    assert [m["title"] for m in manifest] == ["投诉/举报分送通知书", "投诉受理决定书"]
    import hashlib

    for entry in manifest:
        for fmt, info in entry["files"].items():
            data = (tmp_path / info["file"]).read_bytes()
            assert hashlib.sha256(data).hexdigest() == info["sha256"]
            assert data[:4] == (b"%PDF" if fmt == "pdf" else b"PK\x03\x04")


def test_saving_a_form_in_the_admin_adds_a_version(client, people):
    from lianxin.accounts.services import user_create

    admin_user = user_create(
        username="root",
        password="pass-1234",
        role=Role.ADMINISTRATOR,
        unit=None,
        is_staff=True,
        is_superuser=True,
    )
    client.force_login(admin_user)
    old = DocumentTemplate.objects.get(kind=DocumentKind.ACCEPTANCE, version=1)
    response = client.post(
        f"/admin/documents/documenttemplate/{old.pk}/change/",
        {
            "kind": old.kind,
            "title": old.title,
            "addressee": old.addressee,
            "number_prefix": "新受理",
            "citation": old.citation,
            "body": old.body,
        },
    )
    assert response.status_code == 302
    assert DocumentTemplate.objects.get(pk=old.pk).number_prefix == old.number_prefix
    assert DocumentTemplate.objects.get(kind=DocumentKind.ACCEPTANCE, version=2).number_prefix == "新受理"


def test_documents_to_a_joint_complaints_complainants_name_them_all_and_the_representatives(people, org):
    from decimal import Decimal

    from lianxin.workorders.services import JointConsentInput

    order = work_order_register(actor=people["agent"], data=joint_complaint_input())
    step(order, people["agent"], Action.DISPATCH, handling_unit_id=org["yanta"].pk)
    step(order, people["yanta_handler"], Action.ACCEPT)
    acceptance = Document.objects.get(work_order=order, kind=DocumentKind.ACCEPTANCE)
    assert acceptance.paragraphs[0] == "张伟、李明、赵强（共同投诉，代表人：张伟、李明）："
    step(order, people["yanta_handler"], Action.START_MEDIATION)
    zhao = order.co_complainants.get(name="赵强")
    step(
        order,
        people["yanta_handler"],
        Action.REACH_AGREEMENT,
        note="退还预付款",
        amount_recovered=Decimal(300),
        joint_consent=JointConsentInput(complainant_keys=(str(zhao.pk),), record="赵强书面同意"),
    )
    agreement = Document.objects.get(work_order=order, kind=DocumentKind.MEDIATION_AGREEMENT)
    assert agreement.paragraphs[0].startswith("投诉人：张伟、李明、赵强（共同投诉，代表人：张伟、李明）")
    # Nothing of the kind on a document to the unit (the dispatch notice): it has no complainant field.
    dispatch = Document.objects.get(work_order=order, kind=DocumentKind.DISPATCH_NOTICE)
    assert "李明" not in "".join(dispatch.paragraphs)
