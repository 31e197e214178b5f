"""Whole routing decisions — outcome, unit, place, basis, rule, the reason the agent reads and the citation —
on rules written here, and the rule rows as the directory app loads them."""

from __future__ import annotations

from datetime import date

import pytest

from lianxin.domain.routing import (
    Basis,
    JurisdictionRule,
    NoJurisdictionRule,
    Outcome,
    RespondentFacts,
    RespondentKind,
    RoutingDecision,
    UnitRef,
    province_of,
    route_complaint,
    rule_for,
)

ROWS = [
    {
        "key": "old-business",
        "respondent_kind": "business",
        "bases": ["operating_place", "domicile"],
        "effective_from": "2020-01-01",
        "effective_until": "2026-04-14",
        "citation": "旧办法第八条",
    },
    {
        "key": "new-business",
        "respondent_kind": "business",
        "bases": ["operating_place", "domicile"],
        "effective_from": "2026-04-15",
        "citation": "新办法",
    },
    {
        "key": "new-platform-seller",
        "respondent_kind": "platform_seller",
        "bases": ["published_address", "platform_domicile"],
        "effective_from": "2026-04-15",
        "effective_until": None,
        "citation": "新办法（平台内经营者）",
    },
]
ON = date(2026, 5, 6)
YANTA, BEILIN, YUHANG, XIAN = "610113", "610103", "330110", "610100"


def test_a_rule_row_loads_every_field():
    old, new, seller = (JurisdictionRule.from_row(row) for row in ROWS)
    assert old == JurisdictionRule(
        "old-business",
        RespondentKind.BUSINESS,
        (Basis.OPERATING_PLACE, Basis.DOMICILE),
        date(2020, 1, 1),
        date(2026, 4, 14),
        "旧办法第八条",
    )
    assert new.effective_until is None  # no end date given
    assert seller.effective_until is None  # an explicit null
    assert seller.bases == (Basis.PUBLISHED_ADDRESS, Basis.PLATFORM_DOMICILE)


RULES = tuple(JurisdictionRule.from_row(row) for row in ROWS)


@pytest.mark.parametrize(
    ("day", "key"),
    [
        (date(2020, 1, 1), "old-business"),
        (date(2026, 4, 14), "old-business"),
        (date(2026, 4, 15), "new-business"),
    ],
)
def test_the_rule_in_force_on_the_day_received(day, key):
    assert rule_for(RULES, RespondentKind.BUSINESS, day).key == key


def test_no_rule_is_refused_with_the_day_and_the_kind():
    with pytest.raises(NoJurisdictionRule, match="2019-12-31 没有适用于「经营者」投诉的管辖规则。") as refused:
        rule_for(RULES, RespondentKind.BUSINESS, date(2019, 12, 31))
    assert refused.value.code == "no_jurisdiction_rule"
    with pytest.raises(NoJurisdictionRule, match="「电子商务平台经营者」"):
        rule_for(RULES, RespondentKind.PLATFORM_OPERATOR, ON)


def test_province_of_a_county_city_or_province():
    assert province_of(YANTA) == "610000"
    assert province_of(XIAN) == "610000"
    assert province_of("610000") == "610000"


class Directory:
    names = {YANTA: "西安市雁塔区", BEILIN: "西安市碑林区", YUHANG: "杭州市余杭区", "440305": "深圳市南山区"}
    units = {YANTA: UnitRef("U-YT", "雁塔区局"), BEILIN: UnitRef("U-BL", "碑林区局")}

    def __init__(self) -> None:
        self.asked: list[tuple[str, str | None]] = []

    def unit_for(self, division_code: str, zone_key: str | None = None) -> UnitRef | None:
        self.asked.append((division_code, zone_key))
        if zone_key == "xian-gaoxin":
            return UnitRef("U-GX", "高新区局")
        return self.units.get(division_code)

    def center_for(self, province_code: str) -> UnitRef | None:
        return UnitRef("ZJ12315", "浙江省12315中心") if province_code == "330000" else None

    def place_name(self, division_code: str) -> str:
        return self.names.get(division_code, f"?{division_code}")


def route(
    facts: RespondentFacts, directory: Directory | None = None, home: str = "610000"
) -> RoutingDecision:
    return route_complaint(
        facts, received_on=ON, home_province=home, rules=RULES, directory=directory or Directory()
    )


def test_assigned_to_the_county_of_the_operating_place():
    assert route(RespondentFacts(operating_place=YANTA, domicile=BEILIN)) == RoutingDecision(
        Outcome.ASSIGN,
        UnitRef("U-YT", "雁塔区局"),
        YANTA,
        Basis.OPERATING_PLACE,
        "new-business",
        "经营者的实际经营地在西安市雁塔区，由雁塔区局处理。",
        "新办法",
    )


def test_a_place_without_a_unit_falls_through_to_the_next_basis():
    directory = Directory()
    decision = route(RespondentFacts(operating_place=XIAN, domicile=BEILIN), directory)
    assert (decision.unit, decision.division_code, decision.basis) == (
        UnitRef("U-BL", "碑林区局"),
        BEILIN,
        Basis.DOMICILE,
    )
    assert decision.reason == "经营者的住所地在西安市碑林区，由碑林区局处理。"
    assert directory.asked == [(XIAN, None), (BEILIN, None)]


def test_the_zone_only_counts_for_the_operating_place():
    directory = Directory()
    decision = route(RespondentFacts(operating_place=YANTA, zone_key="xian-gaoxin"), directory)
    assert decision.unit == UnitRef("U-GX", "高新区局")
    directory = Directory()
    decision = route(RespondentFacts(domicile=BEILIN, zone_key="xian-gaoxin"), directory)
    assert decision.unit == UnitRef("U-BL", "碑林区局")
    assert directory.asked == [(BEILIN, None)]


def test_another_province_transfers_to_its_12315_center():
    facts = RespondentFacts(kind=RespondentKind.PLATFORM_SELLER, platform_domicile=YUHANG)
    assert route(facts) == RoutingDecision(
        Outcome.TRANSFER,
        UnitRef("ZJ12315", "浙江省12315中心"),
        YUHANG,
        Basis.PLATFORM_DOMICILE,
        "new-platform-seller",
        "平台内经营者的平台经营者住所地在杭州市余杭区，不属本省管辖，移送浙江省12315中心处理。",
        "新办法（平台内经营者）",
    )


def test_a_province_without_a_known_center_is_still_transferred():
    decision = route(RespondentFacts(operating_place="440305"))
    assert (decision.outcome, decision.unit, decision.division_code) == (Outcome.TRANSFER, None, "440305")
    assert decision.reason == "经营者的实际经营地在深圳市南山区，不属本省管辖，移送该省 12315处理。"


def test_the_home_province_is_compared_by_its_first_two_digits():
    assert route(RespondentFacts(operating_place=YANTA), home="610100").outcome is Outcome.ASSIGN


def test_nothing_usable_is_undetermined_with_the_candidates():
    facts = RespondentFacts(operating_place=XIAN, candidates=(YANTA, BEILIN))
    assert route(facts) == RoutingDecision(
        Outcome.UNDETERMINED,
        None,
        None,
        None,
        "new-business",
        "无法确定经营者的实际经营地或住所地，请话务员从候选地中选择或补充地址。",
        "新办法",
        (YANTA, BEILIN),
    )
