"""Jurisdiction (属地管辖): from the respondent's facts to the unit that must handle the item, with the reason.

The rules are data (`JurisdictionRule`, rows with effective dates and citations, loaded by the directory app from
`directory/reference/jurisdiction_rules.json`): an item is judged by the rule in force on the day it was received.
What they encode (docs REGULATIONS §4):

- complaints: an ordinary business — the county-level regulator where it actually operates, or of its domicile
  (Order 121 Art. 13(1)); a platform operator or a seller on its own website — its domicile (Art. 13(2)); a seller on
  a platform — Order 20: its actual operating place or the platform's domicile; Order 121 (from 2026-04-15): the
  address it publishes on the platform, else the platform's domicile (Art. 13(3));
- reports: where the conduct occurred (Art. 29; the respondent's operating address stands for it unless the place
  of the conduct is given); platform operators and own-website sellers — domicile; a seller on a platform — its
  actual operating place (Art. 31), the platform's domicile department handling a report it received first.

Each rule row names the kind of item it applies to (`item_kind`: complaint or report).

The place chosen decides the outcome: inside the center's province → assign to that place's unit (a special zone's
bureau when the address lies in one); in another province → transfer to that province's 12315; no usable place →
undetermined, with the candidate places for the agent to choose from.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any, Final, Protocol

from .errors import DomainError


class RespondentKind(StrEnum):
    BUSINESS = "business"  # 经营者（线下或未说明）
    PLATFORM_OPERATOR = "platform_operator"  # 电子商务平台经营者
    OWN_WEBSITE_SELLER = "own_website_seller"  # 通过自建网站、其他网络服务销售的经营者
    PLATFORM_SELLER = "platform_seller"  # 平台内经营者


class ItemKind(StrEnum):
    COMPLAINT = "complaint"  # 投诉
    REPORT = "report"  # 举报


class Basis(StrEnum):
    CONDUCT_PLACE = "conduct_place"  # 违法行为发生地（举报）
    OPERATING_PLACE = "operating_place"  # 实际经营地
    DOMICILE = "domicile"  # 住所地
    PUBLISHED_ADDRESS = "published_address"  # 公示的地址
    PLATFORM_DOMICILE = "platform_domicile"  # 平台经营者住所地


BASIS_LABELS: Final[Mapping[Basis, str]] = {
    Basis.CONDUCT_PLACE: "违法行为发生地",
    Basis.OPERATING_PLACE: "实际经营地",
    Basis.DOMICILE: "住所地",
    Basis.PUBLISHED_ADDRESS: "平台公示的经营地址",
    Basis.PLATFORM_DOMICILE: "平台经营者住所地",
}

RESPONDENT_KIND_LABELS: Final[Mapping[RespondentKind, str]] = {
    RespondentKind.BUSINESS: "经营者",
    RespondentKind.PLATFORM_OPERATOR: "电子商务平台经营者",
    RespondentKind.OWN_WEBSITE_SELLER: "自建网站经营者",
    RespondentKind.PLATFORM_SELLER: "平台内经营者",
}


class Outcome(StrEnum):
    ASSIGN = "assign"  # 分派本省承办单位
    TRANSFER = "transfer"  # 移送外省 12315
    UNDETERMINED = "undetermined"  # 无法确定，由话务员选择


class NoJurisdictionRule(DomainError):
    code = "no_jurisdiction_rule"


@dataclass(frozen=True, slots=True)
class JurisdictionRule:
    """Which places decide jurisdiction over one kind of respondent, in order of preference, and why."""

    key: str
    respondent_kind: RespondentKind
    bases: tuple[Basis, ...]
    effective_from: date
    effective_until: date | None
    citation: str
    item_kind: ItemKind = ItemKind.COMPLAINT

    def in_force_on(self, day: date) -> bool:
        return self.effective_from <= day and (self.effective_until is None or day <= self.effective_until)

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> JurisdictionRule:
        until = row.get("effective_until")
        return cls(
            key=row["key"],
            respondent_kind=RespondentKind(row["respondent_kind"]),
            bases=tuple(Basis(b) for b in row["bases"]),
            effective_from=date.fromisoformat(row["effective_from"]),
            effective_until=date.fromisoformat(until) if until else None,
            citation=row["citation"],
            item_kind=ItemKind(row.get("item_kind", ItemKind.COMPLAINT.value)),
        )


@dataclass(frozen=True, slots=True)
class RespondentFacts:
    """What is known of the respondent. Places are 6-digit division codes (county, else city, else province)
    from the address parser; `candidates` are the places an ambiguous operating address could mean."""

    kind: RespondentKind = RespondentKind.BUSINESS
    conduct_place: str | None = None  # where the reported conduct occurred, when given apart from the address
    operating_place: str | None = None
    domicile: str | None = None
    published_address: str | None = None
    platform_domicile: str | None = None
    zone_key: str | None = None  # the special zone the operating place lies in, if any
    candidates: tuple[str, ...] = ()

    def place_for(self, basis: Basis) -> str | None:
        return {
            # Without a separate place of the conduct, the operating address the reporter names stands for it.
            Basis.CONDUCT_PLACE: self.conduct_place or self.operating_place,
            Basis.OPERATING_PLACE: self.operating_place,
            Basis.DOMICILE: self.domicile,
            Basis.PUBLISHED_ADDRESS: self.published_address,
            Basis.PLATFORM_DOMICILE: self.platform_domicile,
        }[basis]


@dataclass(frozen=True, slots=True)
class UnitRef:
    code: str
    name: str


class UnitDirectory(Protocol):
    """What the decision needs from the directory app."""

    def unit_for(self, division_code: str, zone_key: str | None = None) -> UnitRef | None: ...

    def center_for(self, province_code: str) -> UnitRef | None: ...

    def place_name(self, division_code: str) -> str: ...


@dataclass(frozen=True, slots=True)
class RoutingDecision:
    outcome: Outcome
    unit: UnitRef | None
    division_code: str | None
    basis: Basis | None
    rule_key: str
    reason: str
    citation: str
    candidates: tuple[str, ...] = ()


def province_of(division_code: str) -> str:
    return f"{division_code[:2]}0000"


def rule_for(
    rules: Iterable[JurisdictionRule],
    kind: RespondentKind,
    received_on: date,
    item_kind: ItemKind = ItemKind.COMPLAINT,
) -> JurisdictionRule:
    """The rule in force on `received_on` for this kind of item and respondent; refuses rather than guesses."""
    for rule in rules:
        if rule.item_kind is item_kind and rule.respondent_kind is kind and rule.in_force_on(received_on):
            return rule
    what = "举报" if item_kind is ItemKind.REPORT else "投诉"
    raise NoJurisdictionRule(
        f"{received_on.isoformat()} 没有适用于「{RESPONDENT_KIND_LABELS[kind]}」{what}的管辖规则。"
    )


def route_complaint(
    facts: RespondentFacts,
    *,
    received_on: date,
    home_province: str,
    rules: Sequence[JurisdictionRule],
    directory: UnitDirectory,
    item_kind: ItemKind = ItemKind.COMPLAINT,
) -> RoutingDecision:
    """Decide who handles an item about this respondent. Pure: no I/O beyond the `directory` lookups."""
    rule = rule_for(rules, facts.kind, received_on, item_kind)
    who = RESPONDENT_KIND_LABELS[facts.kind]
    for basis in rule.bases:
        place = facts.place_for(basis)
        if not place:
            continue
        place_name = directory.place_name(place)
        label = BASIS_LABELS[basis]
        province = province_of(place)
        if province != province_of(home_province):
            center = directory.center_for(province)
            return RoutingDecision(
                Outcome.TRANSFER,
                center,
                place,
                basis,
                rule.key,
                f"{who}的{label}在{place_name}，不属本省管辖，移送{center.name if center else '该省 12315'}处理。",
                rule.citation,
            )
        from_operating_address = basis is Basis.OPERATING_PLACE or (
            basis is Basis.CONDUCT_PLACE and facts.conduct_place is None
        )
        zone_key = facts.zone_key if from_operating_address else None
        unit = directory.unit_for(place, zone_key)
        if unit is None:
            continue
        return RoutingDecision(
            Outcome.ASSIGN,
            unit,
            place,
            basis,
            rule.key,
            f"{who}的{label}在{place_name}，由{unit.name}处理。",
            rule.citation,
        )
    wanted = "或".join(BASIS_LABELS[b] for b in rule.bases)
    return RoutingDecision(
        Outcome.UNDETERMINED,
        None,
        None,
        None,
        rule.key,
        f"无法确定{who}的{wanted}，请话务员从候选地中选择或补充地址。",
        rule.citation,
        facts.candidates,
    )
