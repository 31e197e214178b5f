"""The workstation and the work-order detail page, rendered through Django's test client (the browser tests drive
the same pages in Chromium)."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from lianxin.intake.models import AgentSeat, Call
from lianxin.intake.services import CtiPayload, agent_sign_in, cti_event_receive
from lianxin.workorders.models import WorkOrder
from lianxin.workorders.services import work_order_register
from lianxin.workorders.tests.factories import complaint_input

pytestmark = pytest.mark.django_db


@pytest.fixture
def agent_client(people) -> Client:
    client = Client()
    client.force_login(people["agent"])
    return client


def test_workstation_page_for_agents_only(people, agent_client):
    page = agent_client.get("/workstation/")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'id="statebar"' in html
    assert "Ctrl+Enter" in html
    handler = Client()
    handler.force_login(people["yanta_handler"])
    assert handler.get("/workstation/").status_code in (302, 403)


def test_pages_have_no_inline_script_or_style(people, agent_client):
    work_order = work_order_register(actor=people["agent"], data=complaint_input())
    for url in ("/workstation/", f"/work-orders/{work_order.number}/"):
        html = agent_client.get(url).content.decode()
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), url
        assert " style=" not in html, url
        assert not re.search(r"\son[a-z]+=", html), url


def test_call_panel_pops_history(people, org, agent_client):
    AgentSeat.objects.create(extension="8001")
    work_order_register(
        actor=people["agent"], data=complaint_input(contact_phone="13912345678", summary="冰箱")
    )
    agent_sign_in(user=people["agent"], extension="8001")
    cti_event_receive(
        token=None, payload=CtiPayload(event="newCall", call_id="p1", from_number="13912345678")
    )
    assert Call.objects.get(call_id="p1").offered_to == people["agent"]
    html = agent_client.get("/workstation/calls/p1/panel/").content.decode()
    assert "13912345678" in html
    assert "冰箱" in html
    assert 'id="btn-answer"' in html
    other = Client()
    other.force_login(people["supervisor"])
    assert other.get("/workstation/calls/p1/panel/").status_code == 403


def test_a_co_complainant_calling_gets_the_joint_complaint_in_the_pop_marked(
    people, org, agent_client, monkeypatch
):
    """Order 121 Art. 12: the joint complaint is the co-complainant's too; the pushed pop and the panel show it
    with the mark 「共同投诉人」, the complainant's own items without it."""
    from lianxin.intake.services import distribution
    from lianxin.workorders.services import CoComplainantInput

    pushed: list[dict] = []
    monkeypatch.setattr(distribution, "publish", lambda channels, kind, data: pushed.append(data))
    AgentSeat.objects.create(extension="8001")
    joint = work_order_register(
        actor=people["agent"],
        data=complaint_input(
            contact_phone="13912345678",
            summary="同批次冰箱不制冷",
            co_complainants=(CoComplainantInput(name="李明", phone="13800002222"),),
        ),
    )
    agent_sign_in(user=people["agent"], extension="8001")
    cti_event_receive(
        token=None, payload=CtiPayload(event="newCall", call_id="co1", from_number="13800002222")
    )
    assert [(w["number"], w["party_label"]) for w in pushed[-1]["history"]["work_orders"]] == [
        (joint.number, "共同投诉人")
    ]
    html = agent_client.get("/workstation/calls/co1/panel/").content.decode()
    row = re.search(r'<tr class="ws-open">(.*?)</tr>', html, re.S).group(1)
    assert joint.number in row
    assert 'data-party="co_complainant"' in row
    assert "共同投诉人" in row


def test_register_and_dispatch_from_the_form(people, org, agent_client):
    form = {
        "kind": "complaint",
        "contact_name": "王芳",
        "contact_phone": "13912345678",
        "respondent_name": "西安某某电器有限公司",
        "respondent_address": "西安市雁塔区长安南路88号",
        "facts": "冰箱不制冷。",
        "claims": "退货",
        "dispatch_unit_id": str(org["yanta"].pk),
    }
    response = agent_client.post("/workstation/register/", form)
    html = response.content.decode()
    assert 'id="registered"' in html, html
    work_order = WorkOrder.objects.get()
    assert work_order.state == "dispatched"
    assert work_order.handling_unit == org["yanta"]
    assert work_order.due_on is not None


def test_form_errors_are_chinese_and_per_field(people, org, agent_client):
    response = agent_client.post("/workstation/register/", {"kind": "complaint", "contact_phone": "12"})
    html = response.content.decode()
    assert response["HX-Retarget"] == "#form-errors"
    assert 'data-field="facts"' in html
    assert "此项为必填项" in html
    assert 'data-field="dispatch_unit_id"' in html
    assert not WorkOrder.objects.exists()


def test_routing_panel_suggests_from_traditional_address(people, org, agent_client):
    from django.core.management import call_command

    call_command("load_directory", verbosity=0)
    html = agent_client.get(
        "/workstation/routing/", {"kind": "complaint", "respondent_address": "西安市雁塔區長安南路88號"}
    ).content.decode()
    assert "雁塔区市场监督管理局" in html


def test_detail_page_masks_for_other_roles(people, org):
    work_order = work_order_register(actor=people["agent"], data=complaint_input())
    agent = Client()
    agent.force_login(people["agent"])
    html = agent.get(f"/work-orders/{work_order.number}/").content.decode()
    assert "13912345678" in html
    assert "受理期限" in html or "期限" in html
    analyst = Client()
    analyst.force_login(people["analyst"])
    masked = analyst.get(f"/work-orders/{work_order.number}/").content.decode()
    assert "13912345678" not in masked
    assert "139****5678" in masked
    outsider = Client()
    outsider.force_login(people["weibin_handler"])
    assert outsider.get(f"/work-orders/{work_order.number}/").status_code == 403


# --- mixed filings and joint complaints from the registration form (Order 121 Art. 9, Art. 12) -------------------

BASE = {
    "kind": "complaint",
    "contact_name": "王芳",
    "contact_phone": "13912345678",
    "respondent_name": "碑林区某超市",
    "respondent_address": "陕西省西安市碑林区东大街1号",
    "facts": "买到过期牛奶。",
    "claims": "退款",
}


def _co_rows(*rows: dict) -> dict:
    data = {
        "co-TOTAL_FORMS": str(len(rows)),
        "co-INITIAL_FORMS": "0",
        "co-MIN_NUM_FORMS": "0",
        "co-MAX_NUM_FORMS": "30",
    }
    for index, row in enumerate(rows):
        data.update({f"co-{index}-{name}": value for name, value in row.items()})
    return data


def test_a_mixed_filing_from_the_form_registers_and_dispatches_both_halves(people, org, agent_client):
    response = agent_client.post(
        "/workstation/register/",
        {
            **BASE,
            "is_mixed": "on",
            "report_facts": "货架上仍有多箱过期牛奶在售。",
            "report_issue_type_code": "report_food_safety",
            "dispatch_unit_id": str(org["beilin"].pk),
            "report_dispatch_unit_id": str(org["beilin"].pk),
        },
    )
    html = response.content.decode()
    assert 'id="registered-counterpart"' in html, html
    complaint = WorkOrder.objects.get(kind="complaint")
    report = WorkOrder.objects.get(kind="report")
    assert complaint.mixed_counterpart_id == report.pk
    assert (complaint.state, report.state) == ("dispatched", "dispatched")
    assert report.facts == "货架上仍有多箱过期牛奶在售。"
    assert report.number in html


def test_a_mixed_filing_needs_the_report_facts_and_its_unit(people, org, agent_client):
    response = agent_client.post(
        "/workstation/register/", {**BASE, "is_mixed": "on", "dispatch_unit_id": str(org["beilin"].pk)}
    )
    html = response.content.decode()
    assert 'data-field="report_facts"' in html
    assert 'data-field="report_dispatch_unit_id"' in html
    assert not WorkOrder.objects.exists()


def test_the_routing_panel_suggests_the_report_half_by_its_own_rule(people, org, agent_client):
    from django.core.management import call_command

    call_command("load_directory", verbosity=0)
    html = agent_client.get(
        "/workstation/routing/",
        {"kind": "complaint", "is_mixed": "on", "respondent_address": "西安市碑林区东大街1号"},
    ).content.decode()
    assert 'id="report-dispatch-unit"' in html
    assert "举报部分的管辖建议" in html
    plain = agent_client.get(
        "/workstation/routing/", {"kind": "complaint", "respondent_address": "西安市碑林区东大街1号"}
    ).content.decode()
    assert 'id="report-dispatch-unit"' not in plain


def test_a_joint_complaint_from_the_form(people, org, agent_client):
    response = agent_client.post(
        "/workstation/register/",
        {
            **BASE,
            "is_joint": "on",
            "contact_is_representative": "on",
            "representative_election": "三人签名的推选书",
            "dispatch_unit_id": str(org["beilin"].pk),
            **_co_rows(
                {"name": "李明", "phone": "13800002222", "is_representative": "on"},
                {"name": "赵强", "phone": "13800003333"},
                {"name": "", "phone": ""},
            ),
        },
    )
    assert 'id="registered"' in response.content.decode(), response.content.decode()
    order = WorkOrder.objects.get()
    assert order.is_joint_complaint
    assert [(p.name, p.is_representative) for p in order.co_complainants.all()] == [
        ("李明", True),
        ("赵强", False),
    ]


def test_a_third_representative_is_refused_on_the_form(people, org, agent_client):
    response = agent_client.post(
        "/workstation/register/",
        {
            **BASE,
            "is_joint": "on",
            "contact_is_representative": "on",
            "representative_election": "推选书",
            "dispatch_unit_id": str(org["beilin"].pk),
            **_co_rows(
                {"name": "李明", "phone": "13800002222", "is_representative": "on"},
                {"name": "赵强", "phone": "13800003333", "is_representative": "on"},
            ),
        },
    )
    html = response.content.decode()
    assert "共同投诉最多推选2名代表人" in html
    assert not WorkOrder.objects.exists()


def test_a_co_complainant_without_a_phone_is_shown_on_its_row(people, org, agent_client):
    response = agent_client.post(
        "/workstation/register/",
        {
            **BASE,
            "is_joint": "on",
            "dispatch_unit_id": str(org["beilin"].pk),
            **_co_rows({"name": "", "phone": ""}, {"name": "李明", "phone": ""}),
        },
    )
    html = response.content.decode()
    assert 'data-field="co-1-phone"' in html  # the second row: the blank first row is a spare one
    assert not WorkOrder.objects.exists()
