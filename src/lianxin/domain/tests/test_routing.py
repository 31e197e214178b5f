"""The jurisdiction decision: rules by received date, bases by respondent kind, transfer and undetermined."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from lianxin.domain.errors import DomainError
from lianxin.domain.routing import (
    Basis,
    ItemKind,
    JurisdictionRule,
    Outcome,
    RespondentFacts,
    RespondentKind,
    UnitRef,
    route_complaint,
)

RULES_FILE = Path(__file__).resolve().parents[2] / "directory" / "reference" / "jurisdiction_rules.json"
RULES = tuple(JurisdictionRule.from_row(row) for row in json.loads(RULES_FILE.read_text(encoding="utf-8")))
BEFORE_121 = date(2026, 4, 14)
UNDER_121 = date(2026, 4, 15)


class FakeDirectory:
    names = {"610113": "陕西省西安市雁塔区", "610103": "陕西省西安市碑林区", "330110": "浙江省杭州市余杭区"}

    def unit_for(self, division_code: str, zone_key: str | None = None) -> UnitRef | None:
        if zone_key == "610100-gaoxin":
            return UnitRef("SN-610100-gaoxin", "西安高新区市场监督管理局")
        return (
            UnitRef(f"SN-{division_code}", f"{self.names[division_code]}局")
            if division_code in self.names
            else None
        )

    def center_for(self, province_code: str) -> UnitRef | None:
        return UnitRef("ZJ12315", "浙江省12315指挥中心") if province_code == "330000" else None

    def place_name(self, division_code: str) -> str:
        return self.names.get(division_code, division_code)


def decide(facts: RespondentFacts, received_on: date = UNDER_121):
    return route_complaint(
        facts, received_on=received_on, home_province="610000", rules=RULES, directory=FakeDirectory()
    )


def test_territorial_default_assigns_the_county_of_the_operating_place() -> None:
    decision = decide(RespondentFacts(operating_place="610113", domicile="610103"))
    assert (decision.outcome, decision.unit.code, decision.basis) == (
        Outcome.ASSIGN,
        "SN-610113",
        Basis.OPERATING_PLACE,
    )
    assert "实际经营地" in decision.reason
    assert "121" in decision.citation


def test_platform_operator_goes_by_domicile() -> None:
    facts = RespondentFacts(
        kind=RespondentKind.PLATFORM_OPERATOR, operating_place="610113", domicile="610103"
    )
    assert decide(facts).unit.code == "SN-610103"


def test_platform_seller_order_20_uses_operating_place_order_121_the_published_address() -> None:
    facts = RespondentFacts(
        kind=RespondentKind.PLATFORM_SELLER,
        operating_place="610113",
        published_address="610103",
        platform_domicile="330110",
    )
    old = decide(facts, BEFORE_121)
    assert (old.unit.code, old.rule_key) == ("SN-610113", "order20-platform-seller")
    assert "第20号" in old.citation
    new = decide(facts, UNDER_121)
    assert (new.unit.code, new.basis) == ("SN-610103", Basis.PUBLISHED_ADDRESS)


def test_platform_seller_without_published_address_goes_to_platform_domicile_out_of_province() -> None:
    facts = RespondentFacts(
        kind=RespondentKind.PLATFORM_SELLER, operating_place="610113", platform_domicile="330110"
    )
    decision = decide(facts, UNDER_121)
    assert (decision.outcome, decision.unit.code, decision.basis) == (
        Outcome.TRANSFER,
        "ZJ12315",
        Basis.PLATFORM_DOMICILE,
    )
    assert "移送浙江省12315指挥中心" in decision.reason


def test_zone_unit_takes_businesses_in_the_zone() -> None:
    decision = decide(RespondentFacts(operating_place="610113", zone_key="610100-gaoxin"))
    assert decision.unit.code == "SN-610100-gaoxin"


def test_undeterminable_returns_the_candidates() -> None:
    decision = decide(RespondentFacts(candidates=("610102", "150102")))
    assert (decision.outcome, decision.unit, decision.candidates) == (
        Outcome.UNDETERMINED,
        None,
        ("610102", "150102"),
    )


def test_no_rule_before_order_20_is_refused() -> None:
    with pytest.raises(DomainError):
        decide(RespondentFacts(operating_place="610113"), date(2019, 12, 31))


def decide_report(facts: RespondentFacts, received_on: date = UNDER_121):
    return route_complaint(
        facts,
        received_on=received_on,
        home_province="610000",
        rules=RULES,
        directory=FakeDirectory(),
        item_kind=ItemKind.REPORT,
    )


def test_a_report_about_a_platform_seller_goes_by_its_actual_operating_place_not_the_published_address() -> (
    None
):
    facts = RespondentFacts(
        kind=RespondentKind.PLATFORM_SELLER,
        operating_place="610113",
        published_address="610103",
        platform_domicile="330110",
    )
    report = decide_report(facts)
    assert (report.unit.code, report.basis, report.rule_key) == (
        "SN-610113",
        Basis.OPERATING_PLACE,
        "order121-report-platform-seller",
    )
    assert "第三十一条" in report.citation
    # The same seller, as a complaint: the address published on the platform (Art. 13(3)).
    complaint = decide(facts)
    assert (complaint.unit.code, complaint.basis) == ("SN-610103", Basis.PUBLISHED_ADDRESS)
    assert "第十三条第三款" in complaint.citation


def test_a_report_about_a_platform_seller_without_an_operating_place_falls_to_the_platform_domicile() -> None:
    facts = RespondentFacts(
        kind=RespondentKind.PLATFORM_SELLER, published_address="610103", platform_domicile="330110"
    )
    assert decide_report(facts).outcome is Outcome.TRANSFER


def test_a_report_goes_where_the_conduct_occurred() -> None:
    decision = decide_report(
        RespondentFacts(conduct_place="610103", operating_place="610113", domicile="610113")
    )
    assert (decision.unit.code, decision.basis) == ("SN-610103", Basis.CONDUCT_PLACE)
    assert "第二十九条" in decision.citation
    assert "违法行为发生地" in decision.reason
    # Without a separate place of the conduct, the operating address named in the report stands for it.
    assert decide_report(RespondentFacts(operating_place="610113")).unit.code == "SN-610113"


def test_no_order_121_rule_cites_an_unsettled_article_where_the_text_is_verified() -> None:
    verified = [
        r
        for r in RULES
        if r.key.startswith("order121") and r.respondent_kind is not RespondentKind.PLATFORM_OPERATOR
    ]
    settled = [
        r
        for r in verified
        if r.respondent_kind is not RespondentKind.OWN_WEBSITE_SELLER or r.item_kind is ItemKind.COMPLAINT
    ]
    assert all("待核" not in r.citation for r in settled)
