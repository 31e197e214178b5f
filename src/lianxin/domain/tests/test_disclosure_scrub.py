"""The disclosure scrubber: every kind of personal data is removed, business names stay, numbers that are not
personal data stay readable; phone and ID numbers are found in every labelled text (target 100 %)."""

from __future__ import annotations

from pathlib import Path

import pytest

from lianxin.domain.disclosure_scrub import PersonalKind, scrub

LABELLED = Path(__file__).resolve().parents[4] / "bench" / "disclosure" / "labelled.tsv"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("电话13912345678", "电话【电话】"),
        ("手机 +86 158 2901 3344 打不通", "手机 【电话】 打不通"),
        ("座机029-88776655转802", "座机【电话】"),
        ("身份证61011319850312123X", "身份证【身份证号】"),
        ("卡号6222 0212 3456 7890 123", "卡号【银行卡号】"),
        ("邮箱 zl_2026@qq.com", "邮箱 【邮箱】"),
        ("车牌陕A12345和陕AD12345", "车牌【车牌号】和【车牌号】"),
        ("住在小寨东路12号3单元502室", "住在小寨东路【详细地址】"),
        ("我叫张伟，店员李小红态度差", "我叫张某，店员李某态度差"),
        ("欧阳娜娜经理拒绝退款", "欧阳某经理拒绝退款"),
    ],
)
def test_each_kind_of_personal_data_is_replaced(text, expected):
    assert scrub(text).text == expected


def test_an_honorific_with_the_surname_alone_is_already_anonymous():
    assert scrub("消费者陈女士反映商品有问题").text == "消费者陈女士反映商品有问题"


def test_business_names_the_disclosure_must_show_are_kept_whole():
    text = "投诉西安王小明餐饮有限公司，店员王小明拒绝退款"
    result = scrub(text, keep=["西安王小明餐饮有限公司"])
    assert result.text == "投诉西安王小明餐饮有限公司，店员王某拒绝退款"
    assert result.kinds() == {PersonalKind.NAME}


def test_amounts_dates_and_order_numbers_stay_readable():
    text = "2026年5月3日下单，订单号202605061234567，金额1280元，第3天就坏了"
    assert scrub(text).text == text


def _labelled_spans():
    import re

    mark = re.compile(r"\[([A-Z_]+):([^\]]+)\]")
    for line in LABELLED.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        text, spans, keep, position = "", [], [], 0
        for match in mark.finditer(line):
            text += line[position : match.start()]
            kind, value = match.groups()
            if kind == "KEEP":
                keep.append(value)
            else:
                spans.append((kind, value))
            text += value
            position = match.end()
        yield text + line[position:], spans, keep


def test_no_phone_or_id_number_of_the_labelled_set_survives_scrubbing():
    checked = 0
    for text, spans, keep in _labelled_spans():
        scrubbed = scrub(text, keep=keep).text
        for kind, value in spans:
            if kind in {"MOBILE", "LANDLINE", "RESIDENT_ID", "BANK_CARD"}:
                checked += 1
                digits = "".join(ch for ch in value if ch.isalnum())
                assert digits not in "".join(ch for ch in scrubbed if ch.isalnum()), (value, scrubbed)
        for name in keep:
            assert name in scrubbed
    assert checked >= 30


def test_everyday_words_the_tagger_mistakes_for_names_stay():
    text = "商家拒绝退货，顾客很生气；标注克重30克，续航不足，最终解释权归商家所有"
    assert scrub(text).text == text
