import pytest

from lianxin.knowledge.citations import LawNames, references

NAMES = LawNames(
    ["中华人民共和国消费者权益保护法", "中华人民共和国民法典", "中华人民共和国食品安全法"],
    {"消法": "中华人民共和国消费者权益保护法", "食安法": "中华人民共和国食品安全法"},
)


def _refs(text):
    return [(r.law_name, r.number) for r in references(text, NAMES)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("消法第25条", [("中华人民共和国消费者权益保护法", 25)]),
        ("消费者权益保护法第二十五条", [("中华人民共和国消费者权益保护法", 25)]),
        ("民法典1254", [("中华人民共和国民法典", 1254)]),
        ("《民法典》第一千二百五十四条", [("中华人民共和国民法典", 1254)]),
        ("《消費者權益保護法》第２５條", [("中华人民共和国消费者权益保护法", 25)]),
        (
            "《消费者权益保护法》第二十四条、第二十五条和第五十五条",
            [("中华人民共和国消费者权益保护法", n) for n in (24, 25, 55)],
        ),
        ("《火星法》第1条", [(None, 1)]),
    ],
)
def test_references_in_any_form(text, expected):
    assert _refs(text) == expected


@pytest.mark.parametrize("text", ["食品安全法十倍赔偿", "消法2013年修改", "民法典规定了定金", "食安法很严格"])
def test_not_citations(text):
    assert _refs(text) == []


def test_mentions_are_the_longest_name_at_each_position_as_a_regex_alternation_finds_them():
    """The scan that replaced a compiled alternation of every name (longest first) finds the same mentions."""
    import re

    names = LawNames(
        [
            "中华人民共和国食品安全法",
            "中华人民共和国食品安全法实施条例",
            "中华人民共和国消费者权益保护法",
            "消费者权益保护法实施条例",
            "中华人民共和国民法典",
        ],
        {"消法": "中华人民共和国消费者权益保护法", "食安法": "中华人民共和国食品安全法"},
    )
    keys = sorted((k for k in names.as_map() if len(k) >= 2), key=len, reverse=True)
    alternation = re.compile("|".join(re.escape(k) for k in keys))
    texts = [
        "食品安全法实施条例第十条和食品安全法第148条",
        "消费者权益保护法实施条例第二条，消法第25条，民法典",
        "食安法食安法消法",
        "中华人民共和国消费者权益保护法实施条例",
        "没有法律名称",
        "",
    ]
    for text in texts:
        found = [(m.name, m.start, m.end) for m in names.mentions(text)]
        assert found == [(m.group(0), m.start(), m.end()) for m in alternation.finditer(text)], text
    assert LawNames.from_map(names.as_map()).resolve("消法") == "中华人民共和国消费者权益保护法"
