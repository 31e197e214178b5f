"""Personal data of the complainant or reporter: full for those who handle the item, masked for other readers,
never shown for an anonymous report."""

from __future__ import annotations

import pytest

from lianxin.api.masking import mask_address, mask_id_number, mask_name, mask_phone
from lianxin.workorders.services import work_order_register
from lianxin.workorders.tests.factories import report_input


@pytest.mark.parametrize(
    ("value", "masked"),
    [("张伟", "张*"), ("欧阳娜娜", "欧***"), ("李", "*"), ("", "")],
)
def test_mask_name(value, masked):
    assert mask_name(value) == masked


@pytest.mark.parametrize(
    ("value", "masked"),
    [("13912345678", "139****5678"), ("029-88886666", "029*****6666"), ("12315", "*****"), ("", "")],
)
def test_mask_phone(value, masked):
    assert mask_phone(value) == masked


@pytest.mark.parametrize(
    ("value", "masked"),
    [("11010519491231002X", "1*************002X"), ("E1234567", "E***4567"), ("12345", "*****")],
)
def test_mask_id_number(value, masked):
    assert mask_id_number(value) == masked


def test_mask_address_keeps_only_the_district():
    assert mask_address("西安市雁塔区小寨东路1号") == "西安市雁塔区****"


FULL = {
    "personal_data": "full",
    "contact_name": "张伟",
    "contact_phone": "13912345678",
    "contact_id_type": "resident_id",
    "contact_id_number": "11010519491231002X",
    "contact_address": "西安市雁塔区小寨东路1号",
}
MASKED = {
    "personal_data": "masked",
    "contact_name": "张*",
    "contact_phone": "139****5678",
    "contact_id_type": "resident_id",
    "contact_id_number": "1*************002X",
    "contact_address": "西安市雁塔区****",
}


def _contact(body):
    return {key: body[key] for key in FULL}


@pytest.mark.parametrize(
    ("person", "expected"),
    [
        ("agent", FULL),
        ("manager", FULL),
        ("yanta_handler", FULL),
        ("xian_leader", FULL),
        ("analyst", MASKED),
        ("administrator", MASKED),
    ],
)
def test_detail_shows_personal_data_only_to_handlers(client_for, orders, person, expected):
    response = client_for(person).get(f"/api/v1/work-orders/{orders['yanta'].pk}/")
    assert response.status_code == 200
    body = response.json()
    assert _contact(body) == expected
    # Everything else is read in full by everyone who may read the item.
    assert body["facts"] == orders["yanta"].facts
    assert body["respondent_name"] == "西安某某电器有限公司"


def test_analyst_never_gets_personal_data_from_any_endpoint(client_for, orders):
    client = client_for("analyst")
    texts = [
        client.get("/api/v1/work-orders/").content.decode(),
        client.get(f"/api/v1/work-orders/{orders['yanta'].pk}/").content.decode(),
        client.get(f"/api/v1/work-orders/{orders['yanta'].pk}/events/").content.decode(),
    ]
    for text in texts:
        for secret in ("张伟", "13912345678", "11010519491231002X", "小寨东路"):
            assert secret not in text


@pytest.mark.parametrize("person", ["agent", "analyst", "administrator"])
def test_anonymous_report_never_shows_identity(people, client_for, person):
    report = work_order_register(
        actor=people["agent"],
        data=report_input(is_anonymous=True, contact_name="王五", contact_phone="13700001234"),
    )
    body = client_for(person).get(f"/api/v1/work-orders/{report.pk}/").json()
    assert body["personal_data"] == "anonymous"
    assert body["is_anonymous"] is True
    assert [body[k] for k in FULL if k != "personal_data"] == ["", "", "", "", ""]


# --- issue 14: no filter on a masked field; identifiers in free text masked (items 1 and 5) ----------------


@pytest.mark.parametrize(
    "parameter", ["contact_phone", "contact_phone__startswith", "facts__contains", "ordering"]
)
def test_list_refuses_parameters_it_does_not_declare(client_for, orders, parameter):
    response = client_for("analyst").get("/api/v1/work-orders/", {parameter: "139"})
    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
    assert parameter in response.json()["fields"]


def test_list_refuses_a_personal_field_with_its_own_message(client_for, orders):
    response = client_for("analyst").get("/api/v1/work-orders/", {"contact_phone__startswith": "139"})
    assert "个人信息" in response.json()["message"]


def test_free_text_identifiers_are_masked_for_masked_readers(client_for, people, org):
    from lianxin.workorders.services import work_order_register
    from lianxin.workorders.tests.factories import complaint_input

    order = work_order_register(
        actor=people["agent"],
        data=complaint_input(
            summary="来电13912345678",
            facts="另一个号码１３９－１２３４－５６７８",
            claims="退款到卡6222021234567890123",
        ),
    )
    analyst = client_for("analyst").get(f"/api/v1/work-orders/{order.pk}/").json()
    assert analyst["facts"] == "另一个号码１３９－****－５６７８"
    assert analyst["claims"] == "退款到卡***************0123"
    assert analyst["summary"] == "来电139****5678"
    listed = client_for("analyst").get("/api/v1/work-orders/").json()["results"]
    assert [item["summary"] for item in listed if item["id"] == order.pk] == ["来电139****5678"]
    agent = client_for("agent").get(f"/api/v1/work-orders/{order.pk}/").json()
    assert agent["facts"] == "另一个号码１３９－１２３４－５６７８"  # the handler sees the original
    order.refresh_from_db()
    assert order.summary == "来电13912345678"  # and it is stored unchanged


def test_event_notes_are_masked_for_masked_readers(client_for, orders, org):
    order = orders["registered"]
    response = client_for("agent").post(
        f"/api/v1/work-orders/{order.pk}/transitions/",
        {"action": "dispatch", "handling_unit": org["yanta"].pk, "note": "请回电13912345678"},
        format="json",
    )
    assert response.status_code == 200, response.json()
    events = client_for("analyst").get(f"/api/v1/work-orders/{order.pk}/events/").json()
    assert "13912345678" not in str(events)
    assert any(e["note"] == "请回电139****5678" for e in events)
