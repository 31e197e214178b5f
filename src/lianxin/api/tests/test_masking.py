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
