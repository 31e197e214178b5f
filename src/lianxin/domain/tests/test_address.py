"""The address parser on a small hand-made gazetteer of real divisions — no database, no package data.

Scores are sums of evidence: a full name 4, a former name 3.5, a short form 3 (a former short form 2.5), a short
form followed by 路/街/镇/乡/村… 1, a zone 4 (a zone name shared by several zones 1); a named province adds half
its strength to the places below it, a named city 0.8 of its strength to its counties, the context province 1.
Confidence = min(1, best/6) · (1 − runner-up/(2·best)).
"""

from __future__ import annotations

import pytest

from lianxin.domain.address import (
    AddressMatch,
    Candidate,
    Gazetteer,
    Level,
    Place,
    Zone,
    parse_address,
    short_forms,
)

P, CITY, CO = Level.PROVINCE, Level.CITY, Level.COUNTY
PLACES = [
    Place("610000", "陕西省", P, "610000"),
    Place("610100", "西安市", CITY, "610000", "610100"),
    Place("610113", "雁塔区", CO, "610000", "610100"),
    Place("610116", "长安区", CO, "610000", "610100"),
    Place("610118", "鄠邑区", CO, "610000", "610100"),
    Place("610300", "宝鸡市", CITY, "610000", "610300"),
    Place("610400", "咸阳市", CITY, "610000", "610400"),
    Place("610403", "杨陵区", CO, "610000", "610400"),
    Place("610900", "安康市", CITY, "610000", "610900"),
    Place("610981", "旬阳市", CO, "610000", "610900"),
    Place("130000", "河北省", P, "130000"),
    Place("130100", "石家庄市", CITY, "130000", "130100"),
    Place("130102", "长安区", CO, "130000", "130100"),
    Place("420000", "湖北省", P, "420000"),
    Place("420600", "襄阳市", CITY, "420000", "420600"),
    Place("440000", "广东省", P, "440000"),
    Place("440300", "深圳市", CITY, "440000", "440300"),
    Place("440305", "南山区", CO, "440000", "440300"),
    Place("441900", "东莞市", CITY, "440000", None, is_county_level=True),  # a city without counties
    Place("370000", "山东省", P, "370000"),
    Place("370200", "青岛市", CITY, "370000", "370200"),
    Place("370202", "市南区", CO, "370000", "370200"),
    Place("110000", "北京市", P, "110000"),
    Place("110101", "东城区", CO, "110000", None),
    Place("650000", "新疆维吾尔自治区", P, "650000"),
    Place("650100", "乌鲁木齐市", CITY, "650000", "650100"),
    Place("650121", "乌鲁木齐县", CO, "650000", "650100"),
    Place("220000", "吉林省", P, "220000"),
    Place("220200", "吉林市", CITY, "220000", "220200"),
    Place("520000", "贵州省", P, "520000"),
    Place("522600", "黔东南苗族侗族自治州", CITY, "520000", "522600"),
]
FORMER = [
    ("雁塔区", "610113"),  # the current name again: ignored
    ("无此县", "999999"),  # a code that no longer exists: ignored
    ("户县", "610118"),  # 2016 → 鄠邑区
    ("旬阳县", "610981"),  # 2021 → 旬阳市
    ("襄樊市", "420600"),  # 2010 → 襄阳市
    ("长安县", "610116"),  # 2002 → 长安区; its short form 长安 is no stronger than today's
]
YANGLING = Zone("610403-yangling", ("杨凌示范区",), "610403")
XIAN_HIGH_TECH = Zone("610100-gaoxin", ("西安高新区", "高新区"), "610100")
BAOJI_HIGH_TECH = Zone("610300-gaoxin", ("宝鸡高新区", "高新区"), "610300")
XIANYANG_HIGH_TECH = Zone("610400-gaoxin", ("咸阳高新区", "高新区"), "610400")
# A code above the county, no city level below.
BEIJING_CBD = Zone("110100-cbd", ("北京商务中心区",), "110100")
QUJIANG = Zone("610113-qujiang", ("曲江新区", "开发区"), "610113")
HANGTIAN = Zone("610116-hangtian", ("航天基地", "开发区"), "610116")
ZONES = [YANGLING, XIAN_HIGH_TECH, BAOJI_HIGH_TECH, XIANYANG_HIGH_TECH, BEIJING_CBD, QUJIANG, HANGTIAN]


def parse(text: str, context: str | None = None) -> AddressMatch:
    # Built afresh for every parse (it is small): building the index is part of what is tested.
    return parse_address(text, Gazetteer(PLACES, FORMER, ZONES), context_province=context)


# --- short forms ---

MINORITIES = [
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
]


def test_the_list_is_the_55_minority_nationalities():
    assert len(set(MINORITIES)) == 55


@pytest.mark.parametrize("group", MINORITIES)
def test_an_autonomous_county_is_written_without_its_nationality(group):
    assert short_forms(f"和平{group}族自治县", CO) == ("和平",)
    assert short_forms(f"和平{group}族自治州", CITY) == ("和平",)


@pytest.mark.parametrize(
    ("name", "level", "forms"),
    [
        ("黔东南苗族侗族自治州", CITY, ("黔东南",)),  # two nationalities
        ("广西壮族自治区", P, ("广西",)),
        ("香港特别行政区", P, ("香港",)),
        ("陕西省", P, ("陕西",)),
        ("北京市", P, ("北京",)),
        ("阿里地区", CITY, ("阿里",)),
        ("锡林郭勒盟", CITY, ("锡林郭勒",)),
        ("西安市", CITY, ("西安",)),
        ("浦东新区", CO, ("浦东",)),
        ("神农架林区", CO, ("神农架",)),
        ("六枝特区", CO, ("六枝",)),
        ("镶黄旗", CO, ("镶黄",)),
        ("鄂伦春自治旗", CO, ("鄂伦春",)),  # the stem is the nationality itself: kept
        ("旬阳市", CO, ("旬阳",)),
        ("雁塔区", CO, ("雁塔",)),
        ("易县", CO, ()),  # never written 易
        ("市南区", CO, ("市南",)),
        ("三都水族自治县", CO, ("三都",)),
        ("甲水族自治县", CO, ("甲水族",)),  # stripping would leave one character: keep the nationality
        ("区", CO, ()),
        ("盟", CITY, ()),
        ("省", P, ()),
        ("宁夏回族自治区", P, ("宁夏",)),
        ("雁塔区", CITY, ()),  # a city is never 区
        ("西安市", CO, ("西安",)),  # county-level cities
    ],
)
def test_short_forms(name, level, forms):
    assert short_forms(name, level) == forms


# --- places and matches ---


def test_a_place_knows_its_county_code():
    assert PLACES[2].county_code == "610113"
    assert Place("441900", "东莞市", CITY, "440000", "441900", is_county_level=True).county_code == "441900"
    assert PLACES[1].county_code is None
    assert PLACES[0].county_code is None


def test_the_division_code_is_the_most_precise_one_settled():
    assert AddressMatch("", "610000", "610100", "610113", 1.0, False).division_code == "610113"
    assert AddressMatch("", "610000", "610100", None, 1.0, False).division_code == "610100"
    assert AddressMatch("", "610000", None, None, 1.0, False).division_code == "610000"
    assert AddressMatch("", None, None, None, 0.0, False).division_code is None


# --- parsing ---


def test_province_city_and_county_named_in_full():
    match = parse("陕西省西安市雁塔区小寨东路12号")
    # 4 + 0.5·4 + 0.8·4 = 9.2 → confidence 1
    assert (match.province_code, match.city_code, match.county_code) == ("610000", "610100", "610113")
    assert match.confidence == 1.0
    assert not match.ambiguous
    assert match.candidates == ()
    assert match.zone is None
    assert match.matched == ("陕西省", "西安市", "雁塔区")
    assert match.text == "陕西省西安市雁塔区小寨东路12号"


def test_traditional_full_width_and_spaces_are_folded_first():
    match = parse("陝西省 西安市，雁塔區１２號")
    assert match.county_code == "610113"
    assert match.matched == ("陕西省", "西安市", "雁塔区")


@pytest.mark.parametrize(
    ("text", "context", "codes", "confidence"),
    [
        ("雁塔", None, ("610000", "610100", "610113"), 0.5),  # short 3 → 3/6
        ("雁塔", "610000", ("610000", "610100", "610113"), 0.67),  # + context 1 → 4/6
        ("雁塔区", None, ("610000", "610100", "610113"), 0.67),  # full 4
        ("户县草堂镇", None, ("610000", "610100", "610118"), 0.58),  # former 3.5
        ("旬阳县城关镇", None, ("610000", "610900", "610981"), 0.58),  # former 3.5
        ("襄樊", None, ("420000", "420600", None), 0.42),  # former short form 2.5
        ("陕西", None, ("610000", None, None), 0.5),  # a province alone
        ("陕西", "610000", ("610000", None, None), 0.67),
        ("陕西西安", None, ("610000", "610100", None), 0.75),  # 3 + 0.5·3
        ("陕西西安", "610000", ("610000", "610100", None), 0.92),
        ("吉林", None, ("220000", "220200", None), 0.75),  # 吉林市 supported by 吉林省, same word
        ("北京东城区", None, ("110000", None, "110101"), 0.92),  # 4 + 0.5·3; no city level
        ("乌鲁木齐", None, ("650000", "650100", "650121"), 0.5),  # one word names city and county: no support
        ("乌鲁木齐市乌鲁木齐县", None, ("650000", "650100", "650121"), 1.0),  # 4 + 0.8·4
        ("黔东南", None, ("520000", "522600", None), 0.5),
    ],
)
def test_scores_and_confidence(text, context, codes, confidence):
    match = parse(text, context)
    assert (match.province_code, match.city_code, match.county_code) == codes
    assert match.confidence == confidence
    assert match.ambiguous is False


def test_a_county_in_two_provinces_is_ambiguous_with_both_candidates():
    match = parse("长安区")
    assert match.ambiguous is True
    assert match.text == "长安区"
    assert (match.province_code, match.city_code, match.county_code) == (None, None, None)
    assert match.confidence == 0.5
    assert match.zone is None
    assert match.candidates == (
        Candidate("130000", "130100", "130102", "长安区", 4.0),
        Candidate("610000", "610100", "610116", "长安区", 4.0),
    )


def test_a_former_short_form_does_not_outweigh_todays_short_form():
    # 长安 is the short form of 长安区 (3) in both provinces, and of the former 长安县 (2.5) in 陕西: still a tie.
    match = parse("长安")
    assert match.ambiguous
    assert [c.score for c in match.candidates] == [3.0, 3.0]


def test_the_context_province_settles_a_tie_and_lists_the_close_rival():
    match = parse("长安区", context="610000")
    assert not match.ambiguous
    assert match.county_code == "610116"
    # 5 vs 4: min(1, 5/6)·(1 − 4/10) = 0.5
    assert match.confidence == 0.5
    assert match.candidates == (
        Candidate("610000", "610100", "610116", "长安区", 5.0),
        Candidate("130000", "130100", "130102", "长安区", 4.0),
    )


def test_a_named_province_and_city_settle_a_tie():
    match = parse("河北石家庄长安区")
    assert match.county_code == "130102"
    # 4 + 0.5·3 + 0.8·3 = 7.9 against 4: 1·(1 − 4/15.8) = 0.75; the rival is not close, so no candidates.
    assert match.confidence == 0.75
    assert match.candidates == ()


def test_ambiguous_places_in_one_province_keep_the_province():
    match = parse("高新区")  # the generic name of three zones, in 西安, 宝鸡 and 咸阳
    assert match.ambiguous
    assert (match.province_code, match.city_code, match.county_code) == ("610000", None, None)
    assert match.confidence == 0.33
    assert [c.city_code for c in match.candidates] == ["610100", "610300", "610400"]
    assert [c.name for c in match.candidates] == ["西安市", "宝鸡市", "咸阳市"]
    assert [c.score for c in match.candidates] == [1.0, 1.0, 1.0]


def test_a_short_form_before_a_road_town_or_village_is_weak_evidence():
    match = parse("广东东莞长安镇振安路88号")
    # 东莞 (3, a city without counties, + 0.5·3 for 广东) against the weak 长安 (1) of two 长安区.
    assert (match.city_code, match.county_code) == ("441900", "441900")
    assert match.confidence == 0.67  # 4.5/6 · (1 − 1/9)
    assert match.matched == ("广东", "东莞", "长安")


@pytest.mark.parametrize(
    ("text", "score"),
    [
        ("雁塔路", 1.0),
        ("雁塔街", 1.0),
        ("雁塔村", 1.0),
        ("雁塔乡", 1.0),
        ("雁塔北路", 1.0),
        ("雁塔东街", 1.0),
        ("雁塔北门", 3.0),  # a direction not followed by 路/街
        ("雁塔北", 3.0),
        ("雁塔区路", 4.0),  # a full name is never weak
        ("雁塔店", 3.0),
        ("户县路", 3.5),  # a former full name is never weak
        ("襄樊路", 1.0),  # a former short form is
        ("杨凌示范区路", 4.0),  # a zone is never weak
    ],
)
def test_weak_followers(text, score):
    match = parse(text)
    assert match.division_code in {"610113", "610118", "420600", "610403"}
    assert match.confidence == round(min(1.0, score / 6.0), 2)


def test_a_city_name_may_share_its_suffix_with_the_next_name():
    assert parse("青岛市南区").county_code == "370202"
    assert parse("青岛市南区").matched == ("青岛市", "市南区")
    # 深圳市南山区: 市南 is a name too, but 南山区 is the longer reading.
    match = parse("深圳市南山区")
    assert match.county_code == "440305"
    assert match.matched == ("深圳市", "南山区")
    assert match.confidence == 1.0  # 4 + 0.8·4


def test_the_longest_name_wins_and_a_name_may_end_the_text():
    assert parse("西安高新区").matched == ("西安高新区",)
    assert parse("宝鸡西安").matched == ("宝鸡", "西安")


def test_a_special_zone_resolves_to_its_county_and_is_reported():
    match = parse("杨凌示范区神农路")
    assert match.county_code == "610403"
    assert match.city_code == "610400"
    assert match.zone == YANGLING
    assert match.confidence == 0.67


def test_a_zone_named_with_its_city_resolves_to_the_city():
    match = parse("西安高新区")
    assert (match.city_code, match.county_code, match.zone) == ("610100", None, XIAN_HIGH_TECH)
    assert match.confidence == 0.67


def test_a_generic_zone_name_needs_its_city():
    match = parse("宝鸡市高新区科技路")
    assert match.city_code == "610300"
    assert match.zone == BAOJI_HIGH_TECH
    # 宝鸡市 4 against 西安's generic 高新区 1: 4/6 · (1 − 1/8) = 0.58
    assert match.confidence == 0.58


def test_a_zone_of_a_city_is_reported_for_a_county_of_that_city():
    match = parse("西安高新区雁塔区")
    assert match.county_code == "610113"
    assert match.zone == XIAN_HIGH_TECH


def test_a_zone_of_another_city_is_not_reported():
    match = parse("宝鸡市雁塔区高新区")
    assert match.county_code == "610113"
    assert match.zone == XIAN_HIGH_TECH  # the 高新区 of the county's own city, not 宝鸡's


@pytest.mark.parametrize("text", ["", "火星基地一号", "12315", "   "])
def test_an_address_naming_no_place_settles_nothing(text):
    match = parse(text)
    assert (match.province_code, match.city_code, match.county_code) == (None, None, None)
    assert (match.confidence, match.ambiguous, match.candidates, match.zone) == (0.0, False, (), None)
    assert match.matched == ()
    assert match.text == text


def test_a_zone_whose_division_is_unknown_settles_nothing_but_is_reported_as_matched():
    match = parse("北京商务中心区")
    assert (match.division_code, match.confidence) == (None, 0.0)
    assert match.matched == ("北京商务中心区",)


def test_candidates_are_listed_best_first_and_at_most_eight():
    places = [Place("100000", "某省", P, "100000")] + [
        Place(f"1{i:02d}001", "太平区", CO, "100000", None) for i in range(10)
    ]
    match = parse_address("太平区", Gazetteer(places))
    assert match.ambiguous
    assert match.confidence == 0.1
    assert match.province_code == "100000"
    assert [c.county_code for c in match.candidates] == [f"1{i:02d}001" for i in range(8)]
    # With a context province one of them wins, and the close rivals listed are eight at most too.
    places = [Place(f"{i + 10}0000", f"省{i}", P, f"{i + 10}0000") for i in range(10)] + [
        Place(f"{i + 10}0101", "太平区", CO, f"{i + 10}0000", None) for i in range(10)
    ]
    match = parse_address("太平区", Gazetteer(places), context_province="150000")
    assert (match.county_code, match.ambiguous) == ("150101", False)
    assert len(match.candidates) == 8
    assert match.candidates[0].county_code == "150101"


def test_counties_come_before_cities_and_cities_before_provinces_on_equal_scores():
    places = [
        Place("200000", "甲省", P, "200000"),
        Place("300000", "乙省", P, "300000"),
        Place("300100", "和平市", CITY, "300000", "300100"),
        Place("400000", "丙省", P, "400000"),
        Place("400101", "和平县", CO, "400000", None),
        Place("500000", "和平省", P, "500000"),
    ]
    match = parse_address("和平", Gazetteer(places))
    assert match.ambiguous
    assert [c.name for c in match.candidates] == ["和平县", "和平市", "和平省"]
    assert [(c.county_code, c.city_code, c.province_code) for c in match.candidates] == [
        ("400101", None, "400000"),
        (None, "300100", "300000"),
        (None, None, "500000"),
    ]


def test_a_name_keeps_its_strongest_reading_for_a_place():
    # 和平 is today's short form of 和平市 (3) and also its former name (3.5): it counts as the former name.
    places = [Place("300100", "和平市", CITY, "300000", "300100")]
    match = parse_address("和平", Gazetteer(places, [("和平", "300100")]))
    assert match.city_code == "300100"
    assert match.confidence == 0.58


def test_the_strongest_zone_named_is_the_one_reported():
    # 杨凌示范区 (4) lies in 杨陵区; the generic 高新区 (1) also names 咸阳's zone, of the same city: 杨凌 wins.
    match = parse("高新区杨凌示范区")
    assert match.county_code == "610403"
    assert match.zone == YANGLING


def test_a_zone_coded_above_the_county_is_reported_for_the_counties_under_that_code():
    match = parse("北京商务中心区东城区")
    assert (match.city_code, match.county_code) == (None, "110101")
    assert match.zone == BEIJING_CBD


def test_the_gazetteer_lists_its_places_and_zones_by_key():
    gazetteer = Gazetteer(PLACES, FORMER, ZONES)
    assert gazetteer.zones == {zone.key: zone for zone in ZONES}
    assert gazetteer.places["610113"] is PLACES[2]


def test_only_the_city_suffix_is_read_twice():
    # 长安康市 is 长安 followed by noise, not 长 + 安康市: only the suffix 市 may begin the next name.
    assert parse("长安康市").matched == ("长安",)
    assert parse("雁塔长安康市").matched == ("雁塔", "长安")


def test_scanning_goes_on_after_a_name_read_across_a_shared_suffix():
    assert parse("深圳市南山区雁塔路").matched == ("深圳市", "南山区", "雁塔")


@pytest.mark.parametrize(
    ("text", "county"),
    [("深圳市南山科技园", "440305"), ("深圳市南山区", "440305"), ("青岛市南香港中路", "370202")],
)
def test_a_short_name_after_the_city_suffix_is_not_taken_for_one_that_reuses_it(text, county):
    # 深圳市南山: 市南 (short for 青岛's 市南区) and 南山 are both two characters; the one that does not reuse 市 wins.
    assert parse(text).county_code == county


def test_two_zones_of_one_city_keep_the_city():
    match = parse("开发区")  # the generic name of zones in 雁塔区 and 长安区, both in 西安
    assert match.ambiguous
    assert (match.province_code, match.city_code, match.county_code) == ("610000", "610100", None)


def test_every_city_and_province_named_is_scored():
    # 宝鸡 is scored after 西安 (which has a county named): it is the runner-up, 7.2 against 3.
    assert parse("西安市雁塔区宝鸡").confidence == 0.79
    # 河北 is scored after 陕西 (which has a city named): 4.5 against 3.
    match = parse("陕西西安河北")
    assert (match.city_code, match.confidence) == ("610100", 0.5)


def test_rivals_more_than_one_point_behind_are_not_listed():
    match = parse("陕西长安区")  # 4 + 0.5·3 = 5.5 against 河北's 长安区 at 4
    assert (match.county_code, match.candidates, match.confidence) == ("610116", (), 0.58)


def test_a_province_named_by_a_former_name():
    places = [Place("990000", "甲乙省", P, "990000")]
    match = parse_address("甲乙行省", Gazetteer(places, [("甲乙行省", "990000")]))
    assert (match.province_code, match.confidence) == ("990000", 0.58)  # 3.5/6
