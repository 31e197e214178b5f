"""POST /api/v1/routing/resolve."""

from __future__ import annotations

import pytest

from lianxin.directory.services import directory_load

URL = "/api/v1/routing/resolve/"


@pytest.fixture
def directory(people) -> None:
    directory_load(home_province="610000")


def test_resolve_assigns_a_shaanxi_county(directory, client_for) -> None:
    response = client_for("agent").post(URL, {"address": "陝西省西安市雁塔區小寨東路１２號"}, format="json")
    assert response.status_code == 200
    body = response.json()
    assert (body["county_code"], body["outcome"], body["unit"]["code"]) == ("610113", "assign", "SN-610113")
    assert "实际经营地" in body["reason"]


def test_platform_seller_under_order_121_goes_to_platform_domicile_province(directory, client_for) -> None:
    response = client_for("agent").post(
        URL,
        {
            "address": "西安雁塔区",
            "respondent_kind": "platform_seller",
            "platform_domicile_address": "浙江省杭州市余杭区",
            "received_on": "2026-05-06",
        },
        format="json",
    )
    body = response.json()
    assert (body["outcome"], body["unit"]["code"], body["basis"]) == (
        "transfer",
        "ZJ12315",
        "platform_domicile",
    )
    assert "第121号" in body["citation"]


def test_ambiguous_name_returns_candidates(directory, client_for) -> None:
    body = (
        client_for("agent")
        .post(URL, {"address": "朝阳区", "context_province": "320000"}, format="json")
        .json()
    )
    assert body["outcome"] == "undetermined"
    assert body["ambiguous"]
    assert len(body["candidates"]) == 2


def test_no_address_is_a_validation_error(directory, client_for, api_client) -> None:
    assert client_for("agent").post(URL, {}, format="json").status_code == 400
    assert api_client.post(URL, {"address": "西安"}, format="json").status_code == 401
