"""The API of joint complaints after registration (共同投诉, Order 121 Art. 12): adding and removing co-complainants,
re-electing representatives, and changing or dropping the requests — with their stable 400 codes."""

from __future__ import annotations

import pytest

from lianxin.workorders.models import CoComplainant, WorkOrder, WorkOrderEvent


def _url(order_id: int, tail: str) -> str:
    return f"/api/v1/work-orders/{order_id}/{tail}"


@pytest.fixture
def joint(client_for, orders):
    """The 雁塔 complaint (张伟) joined by 李明 and 赵强."""
    order = orders["yanta"]
    for name, phone in (("李明", "13800002222"), ("赵强", "13800003333")):
        response = client_for("yanta_handler").post(
            _url(order.pk, "co-complainants/"), {"name": name, "phone": phone}, format="json"
        )
        assert response.status_code == 201, response.content
    return WorkOrder.objects.get(pk=order.pk)


def _id(order: WorkOrder, name: str) -> str:
    return str(CoComplainant.objects.get(work_order=order, name=name).pk)


def test_adding_a_co_complainant_answers_with_the_joint_complaint(client_for, orders):
    order = orders["yanta"]
    response = client_for("yanta_handler").post(
        _url(order.pk, "co-complainants/"),
        {"name": "李明", "phone": "13800002222", "note": "来访申请加入", "version": order.version},
        format="json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["is_joint_complaint"] is True
    assert [(p["name"], p["phone"], p["is_representative"]) for p in body["co_complainants"]] == [
        ("李明", "13800002222", False)
    ]
    actions = {a["action"] for a in body["available_actions"]}
    assert {"add_co_complainant", "remove_co_complainant", "elect_representatives", "change_claims"} <= actions
    events = client_for("yanta_handler").get(_url(order.pk, "events/")).json()
    assert events[-1]["action"] == "add_co_complainant"
    assert events[-1]["action_label"] == "增加共同投诉人"
    assert "李明" not in str(events[-1]["changes"])


def test_bad_identity_stale_version_and_other_units_are_refused(client_for, orders):
    order = orders["yanta"]
    bad = client_for("yanta_handler").post(
        _url(order.pk, "co-complainants/"), {"name": "李明", "phone": "12"}, format="json"
    )
    assert (bad.status_code, bad.json()["code"]) == (400, "invalid")
    assert bad.json()["fields"] == {"phone": ["联系电话格式不正确。"]}
    stale = client_for("yanta_handler").post(
        _url(order.pk, "co-complainants/"),
        {"name": "李明", "phone": "13800002222", "version": order.version - 1},
        format="json",
    )
    assert (stale.status_code, stale.json()["code"]) == (409, "conflict")
    other = client_for("beilin_handler").post(
        _url(order.pk, "co-complainants/"), {"name": "李明", "phone": "13800002222"}, format="json"
    )
    assert other.status_code == 403
    assert not WorkOrder.objects.get(pk=order.pk).is_joint_complaint


def test_a_third_representative_is_a_400_with_its_own_code(client_for, joint):
    response = client_for("yanta_handler").post(
        _url(joint.pk, "representatives/"),
        {
            "representatives": ["contact", _id(joint, "李明"), _id(joint, "赵强")],
            "representative_election": "三人签名的推选书",
        },
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["code"] == "too_many_representatives"
    assert response.json()["fields"] == {"representatives": ["代表人不能超过2名。"]}


def test_an_election_without_its_written_record_is_a_requirement_missing(client_for, joint):
    response = client_for("yanta_handler").post(
        _url(joint.pk, "representatives/"), {"representatives": ["contact"]}, format="json"
    )
    assert (response.status_code, response.json()["code"]) == (400, "requirement_missing")
    assert "representative_election" in response.json()["fields"]
    elected = client_for("yanta_handler").post(
        _url(joint.pk, "representatives/"),
        {"representatives": ["contact", _id(joint, "赵强")], "representative_election": "推选书"},
        format="json",
    )
    assert elected.status_code == 200, elected.content
    body = elected.json()
    assert body["contact_is_representative"] is True
    assert [p["is_representative"] for p in body["co_complainants"]] == [False, True]


def test_removing_needs_a_reason_named_as_this_endpoint_names_it(client_for, joint):
    url = _url(joint.pk, f"co-complainants/{_id(joint, '赵强')}/removal/")
    missing = client_for("yanta_handler").post(url, {"reason": ""}, format="json")
    assert (missing.status_code, missing.json()["code"]) == (400, "requirement_missing")
    assert set(missing.json()["fields"]) == {"reason"}
    removed = client_for("yanta_handler").post(url, {"reason": "本人书面撤回"}, format="json")
    assert removed.status_code == 200, removed.content
    assert [p["name"] for p in removed.json()["co_complainants"]] == ["李明"]


def test_changing_requests_on_a_joint_complaint_needs_the_consent_through_the_transition(client_for, joint):
    change = {"action": "change_claims", "claims": "退还货款", "claims_change": "changed", "note": "书面变更"}
    missing = client_for("yanta_handler").post(_url(joint.pk, "transitions/"), change, format="json")
    assert (missing.status_code, missing.json()["code"]) == (400, "requirement_missing")
    assert "joint_consent" in missing.json()["fields"]
    short = client_for("yanta_handler").post(
        _url(joint.pk, "transitions/"),
        {**change, "joint_consent": {"complainants": ["contact", _id(joint, "李明")], "record": "签字"}},
        format="json",
    )
    assert short.status_code == 400
    assert short.json()["fields"] == {"joint_consent": ["尚未记录同意：赵强。"]}
    consent = {"complainants": ["contact", _id(joint, "李明"), _id(joint, "赵强")], "record": "三人签字"}
    done = client_for("yanta_handler").post(
        _url(joint.pk, "transitions/"), {**change, "joint_consent": consent}, format="json"
    )
    assert done.status_code == 200, done.content
    assert (done.json()["claims"], done.json()["state"]) == ("退还货款", "dispatched")
    event = WorkOrderEvent.objects.filter(work_order=joint).order_by("-sequence").first()
    assert event.changes["claims"] == ["退货退款", "退还货款"]


def test_dropping_every_request_is_a_400_that_points_to_the_withdrawal(client_for, orders):
    response = client_for("yanta_handler").post(
        _url(orders["yanta"].pk, "transitions/"),
        {"action": "change_claims", "claims_change": "all_dropped", "note": "投诉人放弃全部请求"},
        format="json",
    )
    assert (response.status_code, response.json()["code"]) == (400, "all_claims_dropped")
    assert "终止调解" in response.json()["message"]
    assert response.json()["fields"] == {"claims_change": ["全部放弃请以「终止调解（撤回投诉）」办理。"]}


def test_the_generic_transition_refuses_a_change_of_complainants(client_for, joint):
    response = client_for("yanta_handler").post(
        _url(joint.pk, "transitions/"), {"action": "elect_representatives"}, format="json"
    )
    assert (response.status_code, response.json()["code"]) == (400, "requirement_missing")
    assert "/representatives/" in response.json()["message"]


def test_an_analyst_reads_added_co_complainants_masked(client_for, joint):
    body = client_for("analyst").get(_url(joint.pk, "")).json()
    assert [p["phone"] for p in body["co_complainants"]] == ["138****2222", "138****3333"]
    assert all(p["name"] != name for p, name in zip(body["co_complainants"], ("李明", "赵强"), strict=True))
    assert client_for("analyst").post(
        _url(joint.pk, "co-complainants/"), {"name": "王五", "phone": "13800004444"}, format="json"
    ).status_code == 403
