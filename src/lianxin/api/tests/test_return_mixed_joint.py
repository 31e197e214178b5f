"""The API of issue 10's last three items: returning with a coded reason and the center's redispatch queue
(Order 121 Art. 41), mixed filings and their split (Art. 9), joint complaints and their representatives (Art. 12)."""

from __future__ import annotations

from lianxin.domain.workflow import Action
from lianxin.workorders.models import CoComplainant, WorkOrder, WorkOrderEvent
from lianxin.workorders.services import TransitionInput, work_order_transition

LIST = "/api/v1/work-orders/"
MIXED = "/api/v1/work-orders/mixed-filings/"
RETURNED = "/api/v1/work-orders/returned/"

JOINT = {
    "kind": "complaint",
    "channel": "hotline",
    "contact_name": "王芳",
    "contact_phone": "13912345678",
    "contact_is_representative": True,
    "co_complainants": [
        {
            "name": "李明",
            "phone": "13800002222",
            "is_representative": True,
            "id_type": "resident_id",
            "id_number": "11010519491231002X",
        },
        {"name": "赵强", "phone": "13800003333", "address": "西安市碑林区南大街2号"},
    ],
    "representative_election": "三人签名的推选书",
    "respondent_name": "西安某某健身有限公司",
    "respondent_address": "西安市雁塔区长安南路88号",
    "summary": "健身房闭店",
    "facts": "三人办理年卡后门店停业。",
    "claims": "退还剩余预付款",
}


def _transitions(order_id: int) -> str:
    return f"/api/v1/work-orders/{order_id}/transitions/"


# --- return with a coded reason, the redispatch queue --------------------------------------------------------


def test_the_return_offers_the_reasons_of_the_rule_set_and_requires_one(client_for, orders, org):
    yanta = orders["yanta"]
    detail = client_for("yanta_handler").get(f"/api/v1/work-orders/{yanta.pk}/").json()
    offered = next(a for a in detail["available_actions"] if a["action"] == "return")
    assert offered["requires"] == ["return_reason"]
    codes = {g["code"]: g for g in offered["grounds"]}
    assert codes["other"]["requires_note"] is True
    assert codes["not_competent"]["citation"] == "第四十一条"
    missing = client_for("yanta_handler").post(_transitions(yanta.pk), {"action": "return"}, format="json")
    assert missing.status_code == 400
    assert missing.json()["code"] == "requirement_missing"
    assert missing.json()["fields"] == {"return_reason": ["请选择退回原因。"]}
    response = client_for("yanta_handler").post(
        _transitions(yanta.pk),
        {
            "action": "return",
            "return_reason": "not_competent",
            "note": "实际在碑林区",
            "suggested_unit": org["beilin"].pk,
        },
        format="json",
    )
    assert response.status_code == 200, response.content
    assert response.json()["available_actions"] == []  # back at the intake: nothing more for this unit
    stored = WorkOrder.objects.get(pk=yanta.pk)
    assert (stored.state, stored.return_reason_code) == ("returned", "not_competent")


def test_the_center_sees_the_returned_item_with_its_reason_and_redispatches_it(client_for, orders, org):
    yanta = orders["yanta"]
    work_order_transition(
        work_order_id=yanta.pk,
        actor=client_for("yanta_handler").handler._force_user,
        data=TransitionInput(
            Action.RETURN, return_reason="not_competent", suggested_unit_id=org["beilin"].pk
        ),
    )
    body = client_for("supervisor").get(RETURNED).json()
    assert [item["number"] for item in body["results"]] == [yanta.number]
    item = body["results"][0]
    assert item["return_reason"] == {
        "code": "not_competent",
        "label": "不属于本单位管辖，应由其他市场监督管理部门处理",
        "citation": "第四十一条",
    }
    assert item["returned_from"]["id"] == org["yanta"].pk
    assert item["suggested_unit"] == {"id": org["beilin"].pk, "name": org["beilin"].name}
    detail = client_for("supervisor").get(f"/api/v1/work-orders/{yanta.pk}/").json()
    assert detail["return_reason"]["code"] == "not_competent"
    assert detail["returned_from"]["id"] == org["yanta"].pk
    assert client_for("yanta_handler").get(RETURNED).json()["results"] == []
    counts = client_for("supervisor").get(RETURNED + "reasons/?days=7").json()
    assert counts == [{"code": "not_competent", "label": item["return_reason"]["label"], "count": 1}]
    assert client_for("supervisor").get(RETURNED + "reasons/?days=0").status_code == 400
    redispatched = client_for("supervisor").post(
        _transitions(yanta.pk), {"action": "redispatch", "handling_unit": org["beilin"].pk}, format="json"
    )
    assert redispatched.status_code == 200, redispatched.content
    assert redispatched.json()["handling_unit"]["id"] == org["beilin"].pk
    assert client_for("supervisor").get(RETURNED).json()["results"] == []


def test_the_reference_lists_the_return_reasons(client_for, orders):
    grounds = client_for("agent").get("/api/v1/reference/").json()["grounds"]
    assert {g["code"] for g in grounds["return"]} >= {"not_competent", "other"}
    assert next(g for g in grounds["terminate"] if g["code"] == "withdrawn_or_settled")[
        "requires_joint_consent"
    ]


# --- mixed filings -------------------------------------------------------------------------------------------


MIXED_BODY = {
    "channel": "hotline",
    "contact_name": "王芳",
    "contact_phone": "13912345678",
    "respondent_name": "碑林区某超市",
    "respondent_address": "陕西省西安市碑林区东大街1号",
    "summary": "买到过期牛奶要求退款",
    "facts": "购买的牛奶已过保质期。",
    "claims": "退款",
    "report_facts": "货架上仍有多箱过期牛奶在售。",
    "report_issue_type_code": "report_food_safety",
}


def test_a_mixed_filing_is_registered_as_a_linked_complaint_and_report(client_for, people):
    response = client_for("agent").post(MIXED, MIXED_BODY, format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    complaint, report = body["complaint"], body["report"]
    assert (complaint["kind"], report["kind"]) == ("complaint", "report")
    assert complaint["mixed_counterpart"]["number"] == report["number"]
    assert report["mixed_counterpart"]["number"] == complaint["number"]
    assert report["facts"] == "货架上仍有多箱过期牛奶在售。"
    assert (complaint["due_clock"], report["due_clock"]) == ("accept_decision", "verification")
    assert WorkOrderEvent.objects.filter(action="register").count() == 2


def test_mixed_filing_errors_name_the_report_fields(client_for, people):
    response = client_for("agent").post(
        MIXED, {**MIXED_BODY, "report_facts": " ", "claims": ""}, format="json"
    )
    assert response.status_code == 400
    assert {"claims", "report_facts"} <= set(response.json()["fields"])
    assert WorkOrder.objects.count() == 0
    assert client_for("yanta_handler").post(MIXED, MIXED_BODY, format="json").status_code == 403


def test_split_through_the_api_and_the_link_on_both_details(client_for, orders, org):
    registered = orders["registered"]
    response = client_for("agent").post(
        f"/api/v1/work-orders/{registered.pk}/split/",
        {"facts": "该店还销售过期食品。", "note": "来电同时举报", "dispatch_unit": org["yanta"].pk},
        format="json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["complaint"]["id"] == registered.pk
    assert body["report"]["state"] == "dispatched"
    assert body["report"]["handling_unit"]["id"] == org["yanta"].pk
    again = client_for("agent").post(
        f"/api/v1/work-orders/{registered.pk}/split/", {"facts": "x"}, format="json"
    )
    assert again.status_code == 400
    assert again.json()["code"] == "requirement_missing"
    # The unit that handles the report sees the link, and may not open the complaint it does not handle.
    report = client_for("yanta_handler").get(f"/api/v1/work-orders/{body['report']['id']}/").json()
    assert report["mixed_counterpart"]["number"] == registered.number
    assert report["mixed_counterpart"]["is_visible"] is False
    generic = client_for("agent").post(
        _transitions(orders["registered"].pk), {"action": "split_mixed"}, format="json"
    )
    assert generic.status_code == 400


# --- joint complaints ----------------------------------------------------------------------------------------


def test_a_joint_complaint_with_its_representatives_masked_by_role(client_for, people):
    response = client_for("agent").post(LIST, JOINT, format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["is_joint_complaint"] is True
    assert body["contact_is_representative"] is True
    assert [(p["name"], p["phone"], p["is_representative"]) for p in body["co_complainants"]] == [
        ("李明", "13800002222", True),
        ("赵强", "13800003333", False),
    ]
    analyst = client_for("analyst").get(f"/api/v1/work-orders/{body['id']}/").json()
    assert [(p["name"], p["phone"], p["id_number"]) for p in analyst["co_complainants"]] == [
        ("李*", "138****2222", "1*************002X"),
        ("赵*", "138****3333", ""),
    ]
    assert analyst["co_complainants"][1]["address"] == "西安市碑林区****"


def test_a_third_representative_is_refused_with_a_stable_code(client_for, people):
    body = {**JOINT, "co_complainants": [{**p, "is_representative": True} for p in JOINT["co_complainants"]]}
    response = client_for("agent").post(LIST, body, format="json")
    assert response.status_code == 400
    envelope = response.json()
    assert envelope["code"] == "too_many_representatives"
    assert "最多推选2名代表人" in envelope["message"]
    assert envelope["fields"]["representatives"] == ["代表人不能超过2名。"]
    assert CoComplainant.objects.count() == 0


def test_agreement_on_a_joint_complaint_through_the_api_needs_consent(client_for, people, org):
    created = client_for("agent").post(LIST, JOINT, format="json").json()
    order_id = created["id"]
    agent, handler = client_for("agent"), client_for("yanta_handler")
    agent.post(
        _transitions(order_id), {"action": "dispatch", "handling_unit": org["yanta"].pk}, format="json"
    )
    handler.post(_transitions(order_id), {"action": "accept"}, format="json")
    handler.post(_transitions(order_id), {"action": "start_mediation"}, format="json")
    agreement = {"action": "reach_agreement", "note": "退还预付款", "amount_recovered": "1280.00"}
    refused = handler.post(_transitions(order_id), agreement, format="json")
    assert refused.status_code == 400
    assert "joint_consent" in refused.json()["fields"]
    zhao = next(p for p in created["co_complainants"] if p["name"] == "赵强")
    done = handler.post(
        _transitions(order_id),
        {**agreement, "joint_consent": {"complainants": [str(zhao["id"])], "record": "赵强签字的同意书"}},
        format="json",
    )
    assert done.status_code == 200, done.content
    assert done.json()["state"] == "agreed"


def test_co_complainant_lookups_are_refused_to_readers_who_see_them_masked(client_for, orders):
    response = client_for("analyst").get(LIST + "?co_complainants__name=李明")
    assert response.status_code == 400
