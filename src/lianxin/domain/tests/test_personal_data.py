"""Detecting and masking identifiers in free text (issue 14 item 5)."""

from __future__ import annotations

import pytest

from lianxin.domain.personal_data import (
    IdentifierKind,
    contains_identifiers,
    find_identifiers,
    mask_identifiers,
)


@pytest.mark.parametrize(
    ("text", "masked", "kind"),
    [
        ("电话13912345678。", "电话139****5678。", IdentifierKind.MOBILE),
        ("电话 139 1234 5678", "电话 139 **** 5678", IdentifierKind.MOBILE),
        ("电话139-1234-5678", "电话139-****-5678", IdentifierKind.MOBILE),
        ("全角１３９１２３４５６７８", "全角１３９****５６７８", IdentifierKind.MOBILE),
        ("全角１３９－１２３４－５６７８", "全角１３９－****－５６７８", IdentifierKind.MOBILE),
        ("+86 13912345678", "+86 139****5678", IdentifierKind.MOBILE),
        ("(+86)13912345678", "(+86)139****5678", IdentifierKind.MOBILE),
        (
            "电话1389 1201 984",
            "电话138* ***1 984",
            IdentifierKind.MOBILE,
        ),  # any grouping of the eleven digits
        ("座机0298 8761 234", "座机029* ***1 234", IdentifierKind.LANDLINE),
        ("座机88651234", "座机****1234", IdentifierKind.LANDLINE),  # no area code: after a word saying so
        ("联系电话：8865123", "联系电话：***5123", IdentifierKind.LANDLINE),
        ("座机029-88886666", "座机029-****6666", IdentifierKind.LANDLINE),
        ("座机(029) 8888 6666", "座机(029) **** 6666", IdentifierKind.LANDLINE),
        ("身份证11010519491231002X", "身份证1*************002X", IdentifierKind.RESIDENT_ID),
        ("身份证11010519491231002x号", "身份证1*************002x号", IdentifierKind.RESIDENT_ID),
        (
            "身份证１１０１０５１９４９１２３１００２Ｘ",
            "身份证１*************００２Ｘ",
            IdentifierKind.RESIDENT_ID,
        ),
        ("卡号6222021234567890123", "卡号***************0123", IdentifierKind.BANK_CARD),
        ("卡号 6222 0212 3456 7890", "卡号 **** **** **** 7890", IdentifierKind.BANK_CARD),
    ],
)
def test_identifiers_are_masked(text, masked, kind):
    assert [found.kind for found in find_identifiers(text)] == [kind]
    assert mask_identifiers(text) == masked


@pytest.mark.parametrize(
    "text",
    [
        "2026-05-06 购买，金额 1234.56 元",
        "订单号 20260506123456789012345",  # a longer run of digits is not split into a number
        "拨打12315反映",
        "型号 A13912345678B",
        "发票号码4403216789，金额12345678元",  # 7–8 digits without a phone word before them
        "",
    ],
)
def test_other_numbers_stay(text):
    assert not contains_identifiers(text)
    assert mask_identifiers(text) == text


def test_several_identifiers_in_one_text():
    text = "我叫张三，手机13912345678，身份证11010519491231002X，家里电话029-88886666。"
    assert (
        mask_identifiers(text)
        == "我叫张三，手机139****5678，身份证1*************002X，家里电话029-****6666。"
    )
