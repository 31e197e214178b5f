"""Writes to the directory: import the divisions, generate the regulator units, link them to the org tree."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from lianxin.accounts.models import OrgUnit, UnitKind
from lianxin.accounts.services import org_unit_ensure
from lianxin.common.reference_cache import reference_changed
from lianxin.domain.address import Level

from . import sources
from .models import DirectorySource, Division, FormerDivisionName, RegulatorUnit, UnitLevel, Zone

REFERENCE_DIR = Path(__file__).resolve().parent / "reference"


@dataclass(frozen=True, slots=True)
class LoadReport:
    skipped: bool
    divisions: int = 0
    former_names: int = 0
    units: int = 0
    zones: int = 0
    org_units: int = 0


def province_abbreviations() -> dict[str, str]:
    data = json.loads((REFERENCE_DIR / "provinces.json").read_text(encoding="utf-8"))
    return {code: abbr for code, abbr in data.items() if not code.startswith("_")}


def unit_code(division: Division | sources.DivisionRow, abbreviations: dict[str, str]) -> str:
    """`SN` (province bureau), `SN-6101` (city), `SN-610113` (county) — the organisation tree's convention."""
    abbr = abbreviations[division.province_code]
    if division.level == Level.PROVINCE:
        return abbr
    if division.level == Level.CITY:
        return f"{abbr}-{division.code[:4]}"
    return f"{abbr}-{division.code}"


def _unit_name(row: sources.DivisionRow, names: dict[str, str]) -> str:
    if row.level is Level.COUNTY and row.city_code:
        return f"{names[row.city_code]}{row.name}市场监督管理局"
    if row.level is Level.COUNTY and row.province_code in {"110000", "120000", "310000", "500000"}:
        return f"{names[row.province_code]}{row.name}市场监督管理局"
    return f"{row.name}市场监督管理局"


def directory_load(*, home_province: str = "610000", force: bool = False) -> LoadReport:
    """Import divisions and former names, generate units and zones, and link the home province's units (and every
    province's 12315 center) to the organisation tree. Idempotent; skipped when the package versions are unchanged."""
    versions = sources.source_versions()
    recorded = dict(DirectorySource.objects.values_list("package", "version"))
    if not force and recorded == versions and Division.objects.exists():
        return LoadReport(skipped=True)
    with transaction.atomic():
        return _load(versions, home_province)


def _load(versions: dict[str, str], home_province: str) -> LoadReport:
    abbreviations = province_abbreviations()
    rows = list(sources.current_divisions())
    names = {row.code: row.name for row in rows}
    existing = set(Division.objects.values_list("code", flat=True))
    Division.objects.bulk_create(
        [
            Division(
                code=row.code,
                name=row.name,
                level=row.level.value,
                kind=row.kind,
                province_code=row.province_code,
                city_code=row.city_code or "",
                is_county_level=row.is_county_level,
            )
            for row in rows
            if row.code not in existing
        ]
    )
    for row in rows:
        if row.code in existing:
            Division.objects.filter(code=row.code).exclude(name=row.name).update(name=row.name, kind=row.kind)
    codes = set(names)
    have_former = set(FormerDivisionName.objects.values_list("name", "division_id"))
    former = [
        FormerDivisionName(name=f.name, former_code=f.former_code, division_id=f.code, last_year=f.last_year)
        for f in sources.former_names(codes)
        if f.name != names[f.code] and (f.name, f.code) not in have_former
    ]
    FormerDivisionName.objects.bulk_create(former, batch_size=500)

    have_units = set(RegulatorUnit.objects.values_list("code", flat=True))
    new_units = []
    for row in rows:
        if row.province_code not in abbreviations:
            continue
        code = unit_code(row, abbreviations)
        if code not in have_units:
            level = {Level.PROVINCE: UnitLevel.PROVINCE, Level.CITY: UnitLevel.CITY}.get(
                row.level, UnitLevel.COUNTY
            )
            new_units.append(
                RegulatorUnit(code=code, name=_unit_name(row, names), level=level, division_id=row.code)
            )
        if row.level is Level.PROVINCE and f"{code}12315" not in have_units:
            new_units.append(
                RegulatorUnit(
                    code=f"{code}12315",
                    name=f"{row.name}12315指挥中心",
                    level=UnitLevel.CENTER,
                    division_id=row.code,
                )
            )
    RegulatorUnit.objects.bulk_create(new_units, batch_size=500)

    zones = _zones_load(abbreviations)
    linked = _link_org_tree(home_province)
    for package, version in versions.items():
        DirectorySource.objects.update_or_create(package=package, defaults={"version": version})
    reference_changed()
    return LoadReport(False, len(rows) - len(existing), len(former), len(new_units), zones, linked)


def _zones_load(abbreviations: dict[str, str]) -> int:
    created = 0
    for item in json.loads((REFERENCE_DIR / "zones.json").read_text(encoding="utf-8")):
        if Zone.objects.filter(key=item["key"]).exists():
            continue
        division = Division.objects.get(code=item["division_code"])
        unit, _ = RegulatorUnit.objects.get_or_create(
            code=f"{abbreviations[division.province_code]}-{item['key']}",
            defaults={"name": item["name"], "level": UnitLevel.ZONE, "division": division},
        )
        Zone.objects.create(key=item["key"], names=",".join(item["names"]), division=division, unit=unit)
        created += 1
    return created


_ORG_KINDS = {
    UnitLevel.PROVINCE: UnitKind.PROVINCE_BUREAU,
    UnitLevel.CENTER: UnitKind.CENTER,
    UnitLevel.CITY: UnitKind.CITY_BUREAU,
    UnitLevel.COUNTY: UnitKind.COUNTY_BUREAU,
    UnitLevel.ZONE: UnitKind.ZONE_BUREAU,
}


def _link_org_tree(home_province: str) -> int:
    """Ensure org units for the home province's units (tree: province → center, cities → counties, zones) and a
    top-level org unit for every other province's 12315 center (the target of transfers)."""
    units = RegulatorUnit.objects.select_related("division", "org_unit")
    by_division = {(u.division_id, u.level): u for u in units}
    linked = 0

    def ensure(unit: RegulatorUnit, parent: OrgUnit | None) -> OrgUnit:
        nonlocal linked
        if unit.org_unit is not None:
            return unit.org_unit
        org = org_unit_ensure(
            name=unit.name,
            code=unit.code,
            kind=_ORG_KINDS[UnitLevel(unit.level)],
            parent=parent,
            division_code=unit.division_id if unit.level != UnitLevel.CENTER else "",
        )
        unit.org_unit = org
        unit.save(update_fields=["org_unit"])
        linked += 1
        return org

    ordered = sorted(units, key=lambda u: (len(u.division.city_code or ""), u.code))
    province_org = None
    for unit in ordered:
        division = unit.division
        if unit.level == UnitLevel.CENTER:
            parent = by_division.get((division.code, UnitLevel.PROVINCE))
            if division.code == home_province and parent is not None:
                province_org = ensure(parent, None)
                ensure(unit, province_org)
            else:
                ensure(unit, None)
    if province_org is None:
        return linked
    city_orgs: dict[str, OrgUnit] = {}
    for unit in ordered:
        division = unit.division
        if division.province_code != home_province or unit.level in (UnitLevel.PROVINCE, UnitLevel.CENTER):
            continue
        if unit.level == UnitLevel.CITY:
            city_orgs[division.code] = ensure(unit, province_org)
    for unit in ordered:
        division = unit.division
        if division.province_code != home_province or unit.level not in (UnitLevel.COUNTY, UnitLevel.ZONE):
            continue
        city = division.city_code or (division.code if division.level == Level.CITY else "")
        ensure(unit, city_orgs.get(city, province_org))
    return linked


def directory_ensure(*, home_province: str = "610000") -> None:
    """Load the directory when it is empty (an ops command on a database `lianxin start` never prepared)."""
    if not Division.objects.exists():
        directory_load(home_province=home_province)
