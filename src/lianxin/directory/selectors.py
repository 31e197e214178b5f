"""Reads of the directory, cached per process: the gazetteer, the unit directory and the jurisdiction rules."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from lianxin.common.reference_cache import cached
from lianxin.domain.address import AddressMatch, Gazetteer, Level, Place, parse_address
from lianxin.domain.address import Zone as ZonePlace
from lianxin.domain.routing import JurisdictionRule, RoutingDecision, UnitRef, province_of, route_complaint

from .models import Division, FormerDivisionName, RegulatorUnit, UnitLevel, Zone
from .services import REFERENCE_DIR


def _build_gazetteer() -> Gazetteer:
    places = [
        Place(d.code, d.name, Level(d.level), d.province_code, d.city_code or None, d.is_county_level)
        for d in Division.objects.all()
    ]
    former = list(FormerDivisionName.objects.values_list("name", "division_id"))
    zones = [ZonePlace(z.key, z.name_list, z.division_id) for z in Zone.objects.filter(is_active=True)]
    return Gazetteer(places, former, zones)


def gazetteer() -> Gazetteer:
    return cached("directory.gazetteer", _build_gazetteer)


@dataclass(slots=True)
class UnitDirectorySnapshot:
    """The regulator units by division and by zone, and the 12315 centers by province (a `UnitDirectory`)."""

    places: dict[str, Place]
    units: dict[str, UnitRef] = field(default_factory=dict)  # division code → unit (county, city, province)
    zone_units: dict[str, tuple[str, UnitRef]] = field(default_factory=dict)  # zone key → (division, unit)
    centers: dict[str, UnitRef] = field(default_factory=dict)

    def unit_for(self, division_code: str, zone_key: str | None = None) -> UnitRef | None:
        if zone_key and zone_key in self.zone_units:
            return self.zone_units[zone_key][1]
        return self.units.get(division_code)

    def center_for(self, province_code: str) -> UnitRef | None:
        return self.centers.get(province_code)

    def place_name(self, division_code: str) -> str:
        place = self.places.get(division_code)
        if place is None:
            return division_code
        parts = [place.name]
        if place.city_code and place.city_code in self.places:
            parts.insert(0, self.places[place.city_code].name)
        if place.level is not Level.PROVINCE:
            parts.insert(0, self.places[place.province_code].name)
        return "".join(parts)


def _unit_ref(unit: RegulatorUnit) -> UnitRef:
    return UnitRef(unit.org_unit.code if unit.org_unit else unit.code, unit.name)


def _build_directory() -> UnitDirectorySnapshot:
    snapshot = UnitDirectorySnapshot(places=gazetteer().places)
    for unit in RegulatorUnit.objects.filter(is_active=True).select_related("org_unit"):
        if unit.level == UnitLevel.CENTER:
            snapshot.centers[unit.division_id] = _unit_ref(unit)
        elif unit.level != UnitLevel.ZONE:
            snapshot.units[unit.division_id] = _unit_ref(unit)
    for zone in Zone.objects.filter(is_active=True).select_related("unit__org_unit"):
        snapshot.zone_units[zone.key] = (zone.division_id, _unit_ref(zone.unit))
    return snapshot


def unit_directory() -> UnitDirectorySnapshot:
    return cached("directory.units", _build_directory)


@lru_cache(maxsize=1)
def jurisdiction_rules() -> tuple[JurisdictionRule, ...]:
    rows = json.loads((REFERENCE_DIR / "jurisdiction_rules.json").read_text(encoding="utf-8"))
    return tuple(JurisdictionRule.from_row(row) for row in rows)


@dataclass(frozen=True, slots=True)
class AddressRouting:
    match: AddressMatch
    decision: RoutingDecision


def address_route(
    text: str, *, received_on: date, home_province: str, context_province: str | None = None
) -> AddressRouting:
    """Parse an offline business's address and decide who handles it (territorial default)."""
    from lianxin.domain.routing import RespondentFacts

    match = parse_address(text, gazetteer(), context_province=context_province or home_province)
    facts = RespondentFacts(
        operating_place=None if match.ambiguous else match.division_code,
        zone_key=match.zone.key if match.zone else None,
        candidates=tuple(c.county_code or c.city_code or c.province_code or "" for c in match.candidates),
    )
    decision = route_complaint(
        facts,
        received_on=received_on,
        home_province=home_province,
        rules=jurisdiction_rules(),
        directory=unit_directory(),
    )
    return AddressRouting(match, decision)


def home_province_code() -> str:
    from django.conf import settings

    return getattr(settings, "LIANXIN_PROVINCE_CODE", "610000")


__all__ = ["address_route", "gazetteer", "home_province_code", "province_of", "unit_directory"]


def respondent_route(
    *,
    kind: str,
    operating_address: str = "",
    domicile_address: str = "",
    published_address: str = "",
    platform_domicile_address: str = "",
    received_on: date,
    home_province: str,
    context_province: str | None = None,
    item_kind: str = "complaint",
    conduct_address: str = "",
) -> AddressRouting:
    """Parse each address given for the respondent and decide jurisdiction on all of them (platform rules).

    `item_kind` chooses the complaint rules (Order 121 Art. 13) or the report rules (Art. 29, 31); for a report,
    `conduct_address` is where the conduct occurred when it differs from the operating address.
    The returned match is the operating address's (else the first address given), for display.
    """
    from lianxin.domain.routing import ItemKind, RespondentFacts, RespondentKind

    context = context_province or home_province
    parsed: dict[str, AddressMatch] = {}
    for key, text in (
        ("operating", operating_address),
        ("domicile", domicile_address),
        ("published", published_address),
        ("platform", platform_domicile_address),
        ("conduct", conduct_address),
    ):
        if text.strip():
            parsed[key] = parse_address(text, gazetteer(), context_province=context)

    def place(key: str) -> str | None:
        match = parsed.get(key)
        return None if match is None or match.ambiguous else match.division_code

    shown = parsed.get("operating") or next(iter(parsed.values()), parse_address("", gazetteer()))
    facts = RespondentFacts(
        kind=RespondentKind(kind),
        conduct_place=place("conduct"),
        operating_place=place("operating"),
        domicile=place("domicile"),
        published_address=place("published"),
        platform_domicile=place("platform"),
        zone_key=parsed["operating"].zone.key if "operating" in parsed and parsed["operating"].zone else None,
        candidates=tuple(c.county_code or c.city_code or c.province_code or "" for c in shown.candidates),
    )
    decision = route_complaint(
        facts,
        received_on=received_on,
        home_province=home_province,
        rules=jurisdiction_rules(),
        directory=unit_directory(),
        item_kind=ItemKind(item_kind),
    )
    return AddressRouting(shown, decision)


def province_code_for(text: str) -> str | None:
    """A province as an agent types it — `61`, `610000` or `陕西`/`陕西省`/`陝西` — as its 6-digit code; None when it
    names no province (or more than one)."""
    from lianxin.domain.address_text import normalise_address

    from .models import Division

    value = normalise_address(text).replace(" ", "")
    provinces = dict(Division.objects.filter(level="province").values_list("code", "name"))
    if value.isdigit():
        code = value + "0000" if len(value) == 2 else value
        return code if code in provinces else None
    if not value:
        return None
    matches = [code for code, name in provinces.items() if name.startswith(value) or value.startswith(name)]
    return matches[0] if len(matches) == 1 else None


def division_county(code: str) -> tuple[str, str]:
    """The county-level division a division code lies in (its first six digits) and that division's full name
    (610113001 → 610113, 陕西省西安市雁塔区) — never finer than the county: what the public may see of an address.
    ("", "") for no code; (code, "") when the division is not in the directory."""
    county = (code or "").strip()[:6]
    if len(county) != 6 or not county.isdigit():
        return "", ""
    levels = (county[:2] + "0000", county[:4] + "00", county)
    names = dict(Division.objects.filter(code__in=levels).values_list("code", "name"))
    if county not in names:
        return county, ""
    return county, "".join(dict.fromkeys(names[level] for level in levels if level in names))
