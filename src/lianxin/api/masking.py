"""Masking the personal data of a complainant or reporter for readers who may not see it.

Whoever handles an item sees the person in full; everyone else (analysts, administrators, a unit outside the
item's scope that still reads it) sees enough to tell records apart and no more
(《消费者权益保护法》第二十九条; 《个人信息保护法》第二十八条: ID numbers and addresses are sensitive).
A reporter who chose anonymity is never shown to anyone (a reporter's identity is confidential, Order 20 Art. 33).
"""

from __future__ import annotations

from enum import StrEnum

MASK = "*"
_PHONE_MIN_SHOWN = 8  # below this nothing of a phone number can be shown safely
_ID_MIN_SHOWN = 6  # below this nothing of an ID number can be shown safely


class PersonalDataView(StrEnum):
    """How the contact fields of one work order are shown to one reader."""

    FULL = "full"  # 完整显示
    MASKED = "masked"  # 脱敏显示
    ANONYMOUS = "anonymous"  # 匿名举报，不显示


def mask_name(name: str) -> str:
    """张伟 → 张*, 欧阳娜娜 → 欧***: the first character and one mask per hidden character."""
    name = name.strip()
    if len(name) <= 1:
        return MASK * len(name)
    return name[0] + MASK * (len(name) - 1)


def mask_phone(phone: str) -> str:
    """13912345678 → 139****5678; 029-88886666 → 029*****6666; short numbers are masked entirely."""
    phone = phone.strip()
    if len(phone) < _PHONE_MIN_SHOWN:
        return MASK * len(phone)
    return phone[:3] + MASK * (len(phone) - 7) + phone[-4:]


def mask_id_number(number: str) -> str:
    """610113199001011234 → 6*************1234: only the first and the last four characters stay.

    The first six digits of a resident ID are the place of registration and the next eight the birth date, so
    neither is shown.
    """
    number = number.strip()
    if len(number) < _ID_MIN_SHOWN:
        return MASK * len(number)
    return number[0] + MASK * (len(number) - 5) + number[-4:]


def mask_address(address: str) -> str:
    """Keep the first six characters (about province, city and district), mask the rest (street, number)."""
    address = address.strip()
    keep = 6
    if len(address) <= keep:
        return address[:2] + MASK * max(len(address) - 2, 0)
    return address[:keep] + MASK * 4
