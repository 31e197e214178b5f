"""The disclosure scrubber: every kind of personal data is removed, business names stay, numbers that are not
personal data stay readable; phone and ID numbers are found in every labelled text (target 100 %)."""

from __future__ import annotations

from pathlib import Path

import pytest

from lianxin.domain.disclosure_scrub import PersonalKind, scrub

BENCH = Path(__file__).resolve().parents[4] / "bench" / "disclosure"
LABELLED = BENCH / "labelled.tsv"
BLIND = BENCH / "blind.tsv"


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


@pytest.mark.parametrize(
    "text",
    ["司马先生称商品有问题", "刘老师反映退费难", "张某某投诉该店", "郭经理代表公司投诉", "店员小刘态度差"],
)
def test_a_surname_with_any_title_or_placeholder_stays_as_written(text):
    assert scrub(text).text == text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("消费者王丽女士反映商品质量", "消费者王某女士反映商品质量"),  # a full name before a title is a name
        ("上官婉清反映其母亲被诱导消费", "上官某反映其母亲被诱导消费"),
        ("来电人买买提·艾力反映饭庄多收费", "来电人某某反映饭庄多收费"),
        ("阿依古丽·买合木提反映包间费", "某某反映包间费"),
        ("消费者扎西次仁在西安购买唐卡", "消费者某某在西安购买唐卡"),
        ("消费者巴特尔反映账单多收", "消费者某某反映账单多收"),
        ("销售人员皮晓军未告知风险", "销售人员皮某未告知风险"),
    ],
)
def test_names_without_a_common_surname_or_context_are_found(text, expected):
    assert scrub(text).text == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("房号为11号楼2单元1503室，要求违约金", "房号为【详细地址】，要求违约金"),
        ("天地源枫林意树12幢2单元2103。", "天地源枫林意树【详细地址】。"),
        (
            "金辉世界城B座1801",
            "金某世界城【详细地址】",
        ),  # the complex name the tagger reads as a name: over-scrubbed
        ("东关南街63号2单元7楼东户", "东关南街【详细地址】"),
        ("八仙庵甲3号", "八仙庵【详细地址】"),
    ],
)
def test_doors_and_flats_are_found_whatever_the_complex_is_called(text, expected):
    assert scrub(text).text == expected


@pytest.mark.parametrize(
    "text",
    [
        "我已向有关部门反映多次",  # 关 is a surname, 关部门 is not a name
        "全家投诉该店",
        "投诉人明确表示无法达成调解协议",
        "依照《食品安全法》第一百四十八条赔偿",
        "四川省成都市武侯区",
        "购买了2件3组，第3天就坏了2次，在万达3号门等了2小时",
        "乌兰察布的商家",
    ],
)
def test_words_that_only_look_like_names_or_doors_stay(text):
    assert scrub(text).text == text


def test_business_names_the_disclosure_must_show_are_kept_whole():
    text = "投诉西安王小明餐饮有限公司，店员王小明拒绝退款"
    result = scrub(text, keep=["西安王小明餐饮有限公司"])
    assert result.text == "投诉西安王小明餐饮有限公司，店员王某拒绝退款"
    assert result.kinds() == {PersonalKind.NAME}


def test_amounts_dates_and_order_numbers_stay_readable():
    text = "2026年5月3日下单，订单号202605061234567，金额1280元，第3天就坏了"
    assert scrub(text).text == text


def _labelled_spans(path: Path = LABELLED):
    import re

    mark = re.compile(r"\[([A-Z_]+):([^\]]+)\]")
    for line in path.read_text(encoding="utf-8").splitlines():
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


@pytest.mark.parametrize(("path", "at_least"), [(LABELLED, 30), (BLIND, 90)])
def test_no_phone_or_id_number_of_the_labelled_sets_survives_scrubbing(path, at_least):
    checked = 0
    for text, spans, keep in _labelled_spans(path):
        scrubbed = scrub(text, keep=keep).text
        for kind, value in spans:
            if kind in {"MOBILE", "LANDLINE", "RESIDENT_ID", "BANK_CARD"}:
                checked += 1
                digits = "".join(ch for ch in value if ch.isalnum())
                assert digits not in "".join(ch for ch in scrubbed if ch.isalnum()), (value, scrubbed)
        for name in keep:
            assert name in scrubbed
    assert checked >= at_least


def test_everyday_words_the_tagger_mistakes_for_names_stay():
    text = "商家拒绝退货，顾客很生气；标注克重30克，续航不足，最终解释权归商家所有"
    assert scrub(text).text == text


def test_a_shop_named_after_a_person_stays_even_when_the_scrubber_is_not_told_its_name():
    text = "在杨国福麻辣烫吃出钢丝球，又去李宁专卖店买鞋，店员李小红态度差，张伟店长拒绝退款"
    assert scrub(text).text == "在杨国福麻辣烫吃出钢丝球，又去李宁专卖店买鞋，店员李某态度差，张某店长拒绝退款"
