"""Text normalisation at the edges of its character ranges."""

from __future__ import annotations

import pytest

from lianxin.domain.text import normalise, parse_chinese_number, strip_pinyin, to_halfwidth, to_simplified


def test_the_first_and_last_full_width_characters_become_ascii():
    assert to_halfwidth("！～") == "!~"
    assert to_halfwidth("\uff00\uff5f") == "\uff00\uff5f"  # just outside the full-width ASCII block


@pytest.mark.parametrize("hanzi", ["\u4e00", "\u9fff", "\u3400", "\u4dbf", "电"])
def test_pinyin_after_any_unified_ideograph_is_removed(hanzi):
    assert strip_pinyin(f"{hanzi}(dian)") == hanzi


@pytest.mark.parametrize("other", ["\u4dc0", "\u33ff", "\ua000", "a", "1"])
def test_brackets_after_anything_else_are_kept(other):
    assert strip_pinyin(f"{other}(dian)") == f"{other}(dian)"


def test_only_the_character_right_before_the_bracket_counts():
    assert strip_pinyin("TV电(dian)") == "TV电"
    assert strip_pinyin("电a(dian)") == "电a(dian)"


def test_a_bracket_at_the_start_is_not_an_annotation():
    assert strip_pinyin("(ma)好") == "(ma)好"


def test_normalise_folds_compatibility_forms_but_keeps_cjk_punctuation():
    assert normalise("第①条") == "第1条"
    assert normalise("〶〸") == "〶〸"  # CJK symbols NFKC would turn into 〒 and 十
    assert normalise("") == ""


def test_simplified_of_nothing_is_nothing():
    assert to_simplified("") == ""


@pytest.mark.parametrize(
    ("text", "number"), [("一千零五十", 1050), ("九千九百九十九", 9999), (" 三 ", 3), ("零", 0)]
)
def test_more_chinese_numbers(text, number):
    assert parse_chinese_number(text) == number
