"""Checks of the identifiers a registration form carries.

- Resident identity card number (公民身份号码), GB 11643-1999: 17 digits and an ISO 7064 MOD 11-2 check character.
- Unified social credit code (统一社会信用代码), GB 32100-2015: 18 characters and a MOD 31 check character.
- Phone numbers: a mainland mobile (1 + 10 digits), a fixed line with area code, or a short service number.
"""

from __future__ import annotations

import re
from datetime import date

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"
_CREDIT_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_CREDIT_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_PHONE = re.compile(r"^(?:1[3-9]\d{9}|0\d{2,3}-?\d{7,8}(?:-\d{1,6})?|[1-9]\d{4,7}|400-?\d{3}-?\d{4})$")


def is_valid_resident_id(value: str) -> bool:
    value = value.strip().upper()
    if not re.fullmatch(r"\d{17}[\dX]", value):
        return False
    try:
        date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError:
        return False
    total = sum(int(digit) * weight for digit, weight in zip(value[:17], _ID_WEIGHTS, strict=True))
    return _ID_CHECK[total % 11] == value[17]


def is_valid_credit_code(value: str) -> bool:
    value = value.strip().upper()
    if len(value) != 18 or any(c not in _CREDIT_ALPHABET for c in value):
        return False
    total = sum(_CREDIT_ALPHABET.index(c) * w for c, w in zip(value[:17], _CREDIT_WEIGHTS, strict=True))
    return _CREDIT_ALPHABET[(31 - total % 31) % 31] == value[17]


def normalize_phone(value: str) -> str:
    """Digits and dashes only, with +86 / 0086 and spaces removed."""
    cleaned = re.sub(r"[\s()（）]", "", value.strip())
    cleaned = re.sub(r"^(?:\+86|0086)", "", cleaned)
    return cleaned


def is_valid_phone(value: str) -> bool:
    return bool(_PHONE.fullmatch(normalize_phone(value)))


def credit_code_complete(first17: str) -> str:
    """The 18-character credit code whose first 17 characters are ``first17`` (its MOD 31 check appended)."""
    first17 = first17.strip().upper()
    total = sum(_CREDIT_ALPHABET.index(c) * w for c, w in zip(first17, _CREDIT_WEIGHTS, strict=True))
    return first17 + _CREDIT_ALPHABET[(31 - total % 31) % 31]
