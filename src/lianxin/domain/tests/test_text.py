import pytest

from lianxin.domain.text import normalise, parse_chinese_number, strip_pinyin, to_halfwidth, to_simplified


def test_traditional_becomes_simplified():
    assert to_simplified("電視購物買的電暖器不制熱，商家不給退") == "电视购物买的电暖器不制热，商家不给退"


def test_fullwidth_ascii_becomes_halfwidth_and_cjk_punctuation_stays():
    assert to_halfwidth("ＡＢＣ１２３　消法") == "ABC123 消法"
    assert normalise("《消费者权益保护法》第２５条") == "《消费者权益保护法》第25条"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("电(diàn)视购物", "电视购物"),
        ("电视（dian4 shi4）购物", "电视购物"),
        ("电diàn视", "电视"),
        ("买的iPhone(ab)坏了", "买的iPhone(ab)坏了"),
        ("TV购物", "TV购物"),
    ],
)
def test_pinyin_annotations_are_removed_but_latin_words_kept(raw, expected):
    assert strip_pinyin(raw) == expected


def test_normalise_combines_everything():
    assert normalise("  電視（diàn shì）購物  ＴＶ ") == "电视购物 tv"


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("二十五", 25),
        ("十二", 12),
        ("一千二百五十四", 1254),
        ("一百零三", 103),
        ("两百", 200),
        ("25", 25),
        ("十", 10),
    ],
)
def test_chinese_numbers(text, number):
    assert parse_chinese_number(text) == number


@pytest.mark.parametrize("text", ["", "第五", "abc"])
def test_not_a_number(text):
    assert parse_chinese_number(text) is None
