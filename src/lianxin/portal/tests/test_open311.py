"""Open311 GeoReport v2 read endpoints over the published disclosure: only published, scrubbed items, no personal
or staff data, the place only to the county; the spec's filters, paging and error list; JSON and XML."""

from __future__ import annotations

import json
from xml.etree import ElementTree

import pytest
import time_machine

from lianxin.directory.models import Division
from lianxin.portal.models import DisclosedComplaint, DisclosurePolicy
from lianxin.portal.services.disclosure import disclosure_publish
from lianxin.workorders.tests.factories import at, report_input


@pytest.fixture
def published(closed_complaint, people):
    """Three consented complaints published (one a food complaint, one received in April) and one without consent;
    a report closed too (reports are never published)."""
    for code, name, level in (
        ("610000", "陕西省", "province"),
        ("610100", "西安市", "city"),
        ("610113", "雁塔区", "county"),
    ):
        Division.objects.create(code=code, name=name, level=level, province_code="610000", city_code="610100")
    orders = {
        "fridge": closed_complaint(
            facts="我叫张伟，电话13912345678，住小寨东路12号3单元502室，在西安某某电器有限公司买的冰箱不制冷。"
        ),
        "food": closed_complaint(
            category_code="food", summary="过期食品", facts="买到过期牛奶，手机139 1234 5678"
        ),
        "april": closed_complaint(received_at=at("2026-04-20 09:00"), respondent_division_code="610113001"),
        "private": closed_complaint(consents=False),
    }
    DisclosurePolicy.objects.create(delay_days=0)
    with time_machine.travel(at("2026-07-11 12:00"), tick=False):
        from lianxin.workorders.services import work_order_register

        work_order_register(actor=people["agent"], data=report_input())
        disclosure_publish()
    return orders


def _json(client, url: str, **params):
    response = client.get(url, params)
    assert response["Content-Type"].startswith("application/json")
    return response.status_code, json.loads(response.content)


def test_services_are_the_categories_of_published_items(client, published):
    status, services = _json(client, "/open311/v2/services.json")
    assert status == 200
    assert {s["service_code"] for s in services} == {"household_appliances", "food"}
    assert all(s["metadata"] is False and s["service_name"] for s in services)


def test_requests_show_only_published_scrubbed_items_with_the_county_as_address(client, published):
    status, items = _json(client, "/open311/v2/requests.json")
    assert status == 200
    assert len(items) == 3  # not the one without consent, never the report
    text = json.dumps(items, ensure_ascii=False)
    for secret in ("张伟", "13912345678", "139 1234 5678", "12号3单元502室", "11010519491231002X"):
        assert secret not in text
    for order in published.values():
        assert order.number not in text  # the public number only
    assert "agent" not in text  # no staff
    published_row = DisclosedComplaint.objects.get(work_order=published["fridge"])
    fridge = next(item for item in items if item["service_request_id"] == published_row.public_id)
    assert fridge["description"] == published_row.summary  # the same text as /disclosure/
    assert (fridge["status"], fridge["status_notes"]) == ("closed", "调解成功")
    assert (fridge["address"], fridge["address_id"]) == ("陕西省西安市雁塔区", "610113")
    assert (fridge["lat"], fridge["long"], fridge["agency_responsible"]) == (None, None, None)
    assert fridge["requested_datetime"] == "2026-05-01T00:00:00+08:00"  # the month only
    assert fridge["updated_datetime"] == "2026-06-10T00:00:00+08:00"
    assert fridge["extended_attributes"]["business_name"] == "西安某某电器有限公司"
    april = next(item for item in items if item["requested_datetime"].startswith("2026-04"))
    assert april["address_id"] == "610113"  # a township code (610113001) is cut to its county


def test_the_spec_filters_and_paging(client, published):
    def ids(**params):
        status, items = _json(client, "/open311/v2/requests.json", **params)
        assert status == 200, items
        return [item["service_request_id"] for item in items]

    assert len(ids(service_code="food")) == 1
    assert len(ids(service_code="food,household_appliances")) == 3
    assert len(ids(start_date="2026-05-01T00:00:00+08:00")) == 2  # received in May
    assert len(ids(start_date="2026-04-01T00:00:01+08:00")) == 2  # April began before the start
    assert len(ids(start_date="2026-03-31T16:00:00Z")) == 3  # = 2026-04-01 00:00 in Shanghai
    assert len(ids(end_date="2026-04-30T23:59:59+08:00")) == 1
    assert len(ids(start_date="2026-05-01", end_date="2026-05-31")) == 2
    assert ids(status="open") == []
    assert len(ids(status="open,closed")) == 3
    first, second = ids(page_size=2), ids(page_size=2, page=2)
    assert (len(first), len(second)) == (2, 1)
    assert set(first) | set(second) == set(ids())
    assert ids(page=9) == []


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"start_date": "昨天"}, "start_date"),
        ({"start_date": "2026-06-01", "end_date": "2026-05-01"}, "不能晚于"),
        ({"status": "pending"}, "open 或 closed"),
        ({"page_size": "5000"}, "page_size"),
        ({"page": "0"}, "page"),
    ],
)
def test_bad_parameters_get_the_specs_error_list_in_chinese(client, published, params, message):
    status, errors = _json(client, "/open311/v2/requests.json", **params)
    assert status == 400
    assert errors[0]["code"] == 400
    assert message in errors[0]["description"]


def test_one_request_by_its_public_number_and_a_withdrawn_one_is_gone(client, published):
    row = DisclosedComplaint.objects.get(work_order=published["food"])
    status, items = _json(client, f"/open311/v2/requests/{row.public_id}.json")
    assert (status, [item["service_code"] for item in items]) == (200, ["food"])
    row.is_withdrawn = True
    row.save()
    status, errors = _json(client, f"/open311/v2/requests/{row.public_id}.json")
    assert (status, errors[0]["code"]) == (404, 404)
    status, _ = _json(client, f"/open311/v2/requests/{published['fridge'].number}.json")
    assert status == 404  # a work-order number finds nothing


def test_xml_as_the_spec_requires_and_nothing_else(client, published):
    response = client.get("/open311/v2/requests.xml", {"service_code": "food"})
    assert response["Content-Type"].startswith("text/xml")
    assert response.content.startswith(b'<?xml version="1.0" encoding="UTF-8"?>')
    root = ElementTree.fromstring(response.content)  # noqa: S314 - our own response
    assert root.tag == "service_requests"
    (request,) = root.findall("request")
    assert request.findtext("service_code") == "food"
    assert request.findtext("extended_attributes/is_mediated") == "true"
    services = ElementTree.fromstring(client.get("/open311/v2/services.xml").content)  # noqa: S314
    assert {s.findtext("service_code") for s in services.findall("service")} == {
        "household_appliances",
        "food",
    }
    assert client.get("/open311/v2/requests.csv").status_code == 404
