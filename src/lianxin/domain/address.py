"""Free-text address → administrative division (province, city, county), with candidates when ambiguous.

The parser knows places only through a `Gazetteer` built from data (the directory app builds it from the
divisions imported from PyPI, their former names and the zone table). It works in three steps:

1. `normalise_address` (Simplified, half-width, separators folded);
2. a leftmost-longest scan for known names — full names (西安市, 雁塔区), short forms (西安, 雁塔), former names
   (户县 → 鄠邑区) and special zones (杨凌示范区, 西安高新区); a short form directly followed by 路/街/镇/乡/村 is
   weak evidence (中山路 is a road in many cities; 长安镇 is a town in 东莞, not 长安区);
3. every county-level unit named in the text is scored by its own match plus the support of its city and
   province being named too, plus the context province (the center's, or the caller's from the phone number).
   Cities and provinces named without a county below them compete as shallower answers. Equal best scores for
   different places make the answer ambiguous, with the candidates listed for the agent.

Cities without counties (东莞, 中山, 儋州, 嘉峪关) are themselves county-level: naming the city (with any town
after it) resolves the county level to the city.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Final

from .address_text import normalise_address


class Level(StrEnum):
    PROVINCE = "province"  # 省级
    CITY = "city"  # 地级
    COUNTY = "county"  # 县级


@dataclass(frozen=True, slots=True)
class Place:
    """One current division. Codes are 6-digit GB/T 2260 strings; `city_code` is None for counties directly
    under a province or a municipality (北京、济源、仙桃 …). `is_county_level` marks cities without counties."""

    code: str
    name: str
    level: Level
    province_code: str
    city_code: str | None = None
    is_county_level: bool = False

    @property
    def county_code(self) -> str | None:
        if self.level is Level.COUNTY or self.is_county_level:
            return self.code
        return None


@dataclass(frozen=True, slots=True)
class Zone:
    """A special zone (开发区, 高新区, 示范区) with its own regulator. `names` are how it is written;
    `division_code` is the county (or city) it belongs to; `key` identifies its unit in the directory."""

    key: str
    names: tuple[str, ...]
    division_code: str


@dataclass(frozen=True, slots=True)
class Candidate:
    province_code: str | None
    city_code: str | None
    county_code: str | None
    name: str
    score: float


@dataclass(frozen=True, slots=True)
class AddressMatch:
    """The parse of one address. Codes are None where the text does not settle them."""

    text: str
    province_code: str | None
    city_code: str | None
    county_code: str | None
    confidence: float
    ambiguous: bool
    candidates: tuple[Candidate, ...] = ()
    zone: Zone | None = None
    matched: tuple[str, ...] = field(default=())

    @property
    def division_code(self) -> str | None:
        """The most precise code settled: county, else city, else province."""
        return self.county_code or self.city_code or self.province_code


# Strength of one piece of evidence.
_FULL: Final = 4.0
_FORMER: Final = 3.5
_SHORT: Final = 3.0
_WEAK: Final = 1.0
_ZONE: Final = 4.0
_GENERIC_ZONE: Final = 1.0
# How much a named city or province supports a county below it, and the context's weight.
_CITY_SUPPORT: Final = 0.8
_PROVINCE_SUPPORT: Final = 0.5
_CONTEXT: Final = 1.0

# A short form followed by one of these names a road, a town or a village, not the division.
_WEAK_FOLLOWERS: Final = frozenset("路街道镇乡村巷里弄桥")
_DIRECTIONS: Final = frozenset("东西南北中")
_SHARED_SUFFIXES: Final = frozenset("市")

_ETHNIC_GROUPS: Final = (
    "蒙古",
    "回",
    "藏",
    "维吾尔",
    "苗",
    "彝",
    "壮",
    "布依",
    "朝鲜",
    "满",
    "侗",
    "瑶",
    "白",
    "土家",
    "哈尼",
    "哈萨克",
    "傣",
    "黎",
    "傈僳",
    "佤",
    "畲",
    "高山",
    "拉祜",
    "水",
    "东乡",
    "纳西",
    "景颇",
    "柯尔克孜",
    "土",
    "达斡尔",
    "仫佬",
    "羌",
    "布朗",
    "撒拉",
    "毛南",
    "仡佬",
    "锡伯",
    "阿昌",
    "普米",
    "塔吉克",
    "怒",
    "乌孜别克",
    "俄罗斯",
    "鄂温克",
    "德昂",
    "保安",
    "裕固",
    "京",
    "塔塔尔",
    "独龙",
    "鄂伦春",
    "赫哲",
    "门巴",
    "珞巴",
    "基诺",
)
_ETHNIC_SUFFIXES: Final = tuple(sorted((f"{group}族" for group in _ETHNIC_GROUPS), key=len, reverse=True))
_SUFFIXES: Final = {
    Level.PROVINCE: ("特别行政区", "自治区", "省", "市"),
    Level.CITY: ("自治州", "地区", "盟", "市"),
    Level.COUNTY: ("自治县", "自治旗", "新区", "林区", "特区", "区", "县", "市", "旗"),
}


def short_forms(name: str, level: Level) -> tuple[str, ...]:
    """The forms a name is written without its suffix: 西安市 → 西安, 黔东南苗族侗族自治州 → 黔东南,
    广西壮族自治区 → 广西. Forms shorter than two characters are dropped (易县 is never written 易)."""
    forms: list[str] = []
    for suffix in _SUFFIXES[level]:
        if name.endswith(suffix) and len(name) > len(suffix):
            stem = name[: -len(suffix)]
            changed = True
            while changed:
                changed = False
                for ethnic in _ETHNIC_SUFFIXES:
                    if stem.endswith(ethnic) and len(stem) > len(ethnic) + 1:
                        stem = stem[: -len(ethnic)]
                        changed = True
                        break
            if len(stem) >= 2 and stem != name:
                forms.append(stem)
            break
    return tuple(forms)


@dataclass(frozen=True, slots=True)
class _Entry:
    place: Place | None
    zone: Zone | None
    strength: float
    is_short: bool


class Gazetteer:
    """Every name the parser can recognise, indexed for a left-to-right scan.

    Build once per process (the directory app caches it) from the current places, the former names
    (old name, today's code) and the zones.
    """

    def __init__(
        self,
        places: Iterable[Place],
        former_names: Iterable[tuple[str, str]] = (),
        zones: Iterable[Zone] = (),
    ) -> None:
        self.places: dict[str, Place] = {}
        self._index: dict[str, list[_Entry]] = {}
        for place in places:
            self.places[place.code] = place
            self._add(place.name, _Entry(place, None, _FULL, False))
            for form in short_forms(place.name, place.level):
                self._add(form, _Entry(place, None, _SHORT, True))
        for former, code in former_names:
            place = self.places.get(code)
            if place is None or former == place.name:
                continue
            self._add(former, _Entry(place, None, _FORMER, False))
            for form in short_forms(former, place.level):
                self._add(form, _Entry(place, None, _FORMER - 1.0, True))
        self.zones: dict[str, Zone] = {}
        generic_names: dict[str, int] = {}
        zones = tuple(zones)
        for zone in zones:
            for name in zone.names:
                generic_names[name] = generic_names.get(name, 0) + 1
        for zone in zones:
            self.zones[zone.key] = zone
            for name in zone.names:
                strength = _ZONE if generic_names[name] == 1 else _GENERIC_ZONE
                self._add(name, _Entry(None, zone, strength, False))
        # A name keeps only its strongest reading per place: 吉林 is 吉林省 (short) and 吉林市 (short) alike.
        self._first_lengths: dict[str, tuple[int, ...]] = {}
        lengths: dict[str, set[int]] = {}
        for name in self._index:
            lengths.setdefault(name[0], set()).add(len(name))
        self._first_lengths = {char: tuple(sorted(ls, reverse=True)) for char, ls in lengths.items()}

    def _add(self, name: str, entry: _Entry) -> None:
        entries = self._index.setdefault(name, [])
        for i, existing in enumerate(entries):
            if existing.place is not None and existing.place is entry.place:
                if entry.strength > existing.strength:
                    entries[i] = entry
                return
            if existing.zone is not None and existing.zone is entry.zone:
                return
        entries.append(entry)

    def _longest(self, text: str, i: int) -> tuple[str, list[_Entry]] | None:
        lengths = self._first_lengths.get(text[i])
        if lengths is None:
            return None
        n = len(text)
        for length in lengths:
            if i + length <= n:
                entries = self._index.get(text[i : i + length])
                if entries is not None:
                    return text[i : i + length], entries
        return None

    def scan(self, text: str) -> list[tuple[str, list[_Entry], bool]]:
        """Leftmost-longest known names in `text` (already normalised), each with whether it is weak."""
        found: list[tuple[str, list[_Entry], bool]] = []
        i, n = 0, len(text)
        rescan = False
        while i < n:
            hit = self._longest(text, i)
            if rescan and hit is not None and i + 1 < n:
                # 青岛市南区 / 深圳市南山区: the suffix 市 may begin the next name; take the longer reading, and on
                # equal lengths the one that does not reuse 市 (深圳市南山 is 南山, not 青岛's 市南).
                after = self._longest(text, i + 1)
                if after is not None and len(after[0]) >= len(hit[0]):
                    hit, i = after, i + 1
            rescan = False
            if hit is None:
                i += 1
                continue
            name, entries = hit
            following = text[i + len(name) : i + len(name) + 2]
            weak = bool(following) and (
                following[0] in _WEAK_FOLLOWERS
                or (following[0] in _DIRECTIONS and following[1:2] in ("路", "街"))
            )
            found.append((name, entries, weak))
            if name[-1] in _SHARED_SUFFIXES:
                i += len(name) - 1
                rescan = True
            else:
                i += len(name)
        return found


def parse_address(text: str, gazetteer: Gazetteer, *, context_province: str | None = None) -> AddressMatch:
    """Parse one free-text address. `context_province` (6-digit code) settles names found in several provinces.

    Never raises on odd input: an address naming no known place gives all codes None and confidence 0.
    """
    normalised = normalise_address(text)
    found = gazetteer.scan(normalised)
    provinces: dict[str, float] = {}
    cities: dict[str, float] = {}
    counties: dict[str, float] = {}
    zone_hits: list[tuple[Zone, float]] = []
    places = gazetteer.places

    tokens: dict[str, int] = {}  # code → index of the token that named it

    def note(hits: dict[str, float], code: str, strength: float) -> None:
        if strength > hits.get(code, 0.0):
            hits[code] = strength
            tokens[code] = position

    for position, (_name, entries, weak) in enumerate(found):  # noqa: B007 — `note` reads it
        for entry in entries:
            strength = _WEAK if (weak and entry.is_short) else entry.strength
            if entry.zone is not None:
                zone_hits.append((entry.zone, strength))
                target = places.get(entry.zone.division_code)
                if target is not None:
                    bucket = counties if target.county_code else cities
                    note(bucket, target.code, strength)
                continue
            place = entry.place
            assert place is not None  # noqa: S101 — an entry is a place or a zone
            if place.level is Level.PROVINCE:
                note(provinces, place.code, strength)
            elif place.level is Level.CITY:
                note(cities, place.code, strength)
                if place.is_county_level:
                    note(counties, place.code, strength)
            else:
                note(counties, place.code, strength)

    scored: list[Candidate] = []
    cities_with_county: set[str] = set()
    provinces_with_lower: set[str] = set()
    for code, own in counties.items():
        place = places[code]
        score = own + _PROVINCE_SUPPORT * provinces.get(place.province_code, 0.0)
        city_code = place.city_code if not place.is_county_level else place.code
        # A city supports a county only when named by another word: 乌鲁木齐 alone names the city and 乌鲁木齐县.
        if place.city_code is not None and tokens.get(place.city_code) != tokens.get(code):
            score += _CITY_SUPPORT * cities.get(place.city_code, 0.0)
        if context_province == place.province_code:
            score += _CONTEXT
        if city_code:
            cities_with_county.add(city_code)
        provinces_with_lower.add(place.province_code)
        scored.append(Candidate(place.province_code, city_code, code, place.name, round(score, 3)))
    for code, own in cities.items():
        if code in cities_with_county:
            continue
        place = places[code]
        score = own + _PROVINCE_SUPPORT * provinces.get(place.province_code, 0.0)
        if context_province == place.province_code:
            score += _CONTEXT
        provinces_with_lower.add(place.province_code)
        scored.append(Candidate(place.province_code, code, None, place.name, round(score, 3)))
    for code, own in provinces.items():
        if code in provinces_with_lower:
            continue
        score = own + (_CONTEXT if context_province == code else 0.0)
        scored.append(Candidate(code, None, None, places[code].name, round(score, 3)))

    matched = tuple(name for name, _entries, _weak in found)
    if not scored:
        return AddressMatch(text, None, None, None, 0.0, False, (), None, matched)
    scored.sort(key=lambda c: (-c.score, c.county_code is None, c.city_code is None, c.county_code or ""))
    best = scored[0]
    tied = [c for c in scored if abs(c.score - best.score) < 1e-6]
    zone = _zone_for(zone_hits, best)
    if len(tied) > 1:
        province = _common(c.province_code for c in tied)
        city = _common(c.city_code for c in tied) if province else None
        return AddressMatch(
            text, province, city, None, round(1.0 / len(tied), 2), True, tuple(scored[:8]), None, matched
        )
    runner_up = scored[1].score if len(scored) > 1 else 0.0
    # Full confidence needs a county named with its city (4 + 0.8·3 ≈ 6) and no close rival.
    confidence = round(min(1.0, best.score / 6.0) * (1.0 - runner_up / (2.0 * best.score)), 2)
    alternatives = tuple(scored[:8]) if runner_up and runner_up >= best.score - 1.0 else ()
    return AddressMatch(
        text,
        best.province_code,
        best.city_code,
        best.county_code,
        confidence,
        False,
        alternatives,
        zone,
        matched,
    )


def _common(codes: Iterable[str | None]) -> str | None:
    values = set(codes)
    return values.pop() if len(values) == 1 else None


def _zone_for(zone_hits: list[tuple[Zone, float]], best: Candidate) -> Zone | None:
    """The zone named in the text that lies where the answer lies (a generic 高新区 needs its city)."""
    for zone, _strength in sorted(zone_hits, key=lambda hit: -hit[1]):
        code = zone.division_code
        if code in (best.county_code, best.city_code) or (best.county_code or "").startswith(
            code.rstrip("0")
        ):
            return zone
    return None
