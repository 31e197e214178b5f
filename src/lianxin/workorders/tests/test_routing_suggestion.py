"""Registration suggests the handling unit from the respondent's facts; a different choice is an override."""

from __future__ import annotations

import pytest
import time_machine

from lianxin.directory.services import directory_load
from lianxin.domain.errors import RequirementMissing
from lianxin.domain.workflow import Action
from lianxin.workorders.services import work_order_register
from lianxin.workorders.tests.factories import at, complaint_input, consultation_input


@pytest.fixture
def directory(org):
    directory_load(home_province="610000")
    return org


def register(people, data):
    with time_machine.travel(at("2026-05-06 10:05"), tick=False):
        return work_order_register(actor=people["agent"], data=data)


def test_a_local_business_is_suggested_to_its_county_bureau(directory, people):
    order = register(people, complaint_input(respondent_address="西安市雁塔区长安南路88号"))
    assert order.routing["outcome"] == "assign"
    assert order.routing["unit_code"] == "SN-610113"
    assert order.routing["reason"]
    assert order.routing["citation"]
    assert order.events.get().changes["routing"] == [None, "SN-610113"]


def test_a_business_in_another_province_is_suggested_for_transfer(directory, people):
    order = register(people, complaint_input(respondent_address="广东省东莞市长安镇某路1号"))
    assert order.routing["outcome"] == "transfer"
    assert "广东" in order.routing["unit_name"]


def test_an_ambiguous_name_leaves_candidates_for_the_agent(directory, people):
    order = register(people, complaint_input(respondent_address="朝阳区某商场"))
    assert order.routing["outcome"] == "undetermined"
    assert len(order.routing["candidates"]) >= 2


def test_a_seller_on_a_platform_goes_by_its_published_address_under_order_121(directory, people):
    order = register(
        people,
        complaint_input(
            respondent_address="",
            respondent_online_role="platform_seller",
            respondent_platform_name="某电商平台",
            respondent_published_address="宝鸡市渭滨区经二路1号",
            respondent_platform_address="浙江省杭州市余杭区文一西路969号",
        ),
    )
    assert order.routing["outcome"] == "assign"
    assert order.routing["unit_code"] == "SN-610302"
    assert order.routing["basis"] == "published_address"


def test_consultations_get_no_suggestion(directory, people):
    assert register(people, consultation_input()).routing == {}


def test_dispatching_elsewhere_is_an_override_and_needs_a_reason(directory, people, act):
    order = register(people, complaint_input(respondent_address="西安市雁塔区长安南路88号"))
    beilin = directory["beilin"].pk
    with pytest.raises(RequirementMissing) as missing:
        act(order, "agent", Action.DISPATCH, handling_unit_id=beilin)
    assert "note" in missing.value.fields
    order = act(order, "agent", Action.DISPATCH, handling_unit_id=beilin, note="经核实实际经营地在碑林区")
    assert order.is_routing_overridden
    assert order.events.order_by("-sequence").first().changes["is_routing_overridden"] == [False, True]


def test_following_the_suggestion_is_not_an_override(directory, people, act):
    order = register(people, complaint_input(respondent_address="西安市雁塔区长安南路88号"))
    order = act(order, "agent", Action.DISPATCH, handling_unit_id=directory["yanta"].pk)
    assert not order.is_routing_overridden
