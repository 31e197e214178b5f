"""Checks of the identifiers a registration form carries.

- Resident identity card number (公民身份号码), GB 11643-1999: 17 digits and an ISO 7064 MOD 11-2 check character.
- Unified social credit code (统一社会信用代码), GB 32100-2015: 18 characters and a MOD 31 check character.
- Phone numbers of a person: a mainland mobile (1 + 10 digits), a fixed line with area code, a local fixed line of
  7–8 digits, or a 400/800 number. Full-width digits are read as digits (normalised to ASCII); a 5-digit service
  number such as 12345 is not a person's contact number and is refused.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"
_CREDIT_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_CREDIT_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_PHONE = re.compile(
    r"^(?:1[3-9][0-9]{9}|0[1-9][0-9]{1,2}-?[2-9][0-9]{6,7}(?:-[0-9]{1,6})?|[2-9][0-9]{6,7}|[48]00-?[0-9]{3}-?[0-9]{4})$"
)
_FULL_WIDTH_DIGITS = str.maketrans("０１２３４５６７８９－＋（）　", "0123456789-+() ")
_DIVISION_CODE = re.compile(r"^[0-9]{6}(?:[0-9]{3}){0,2}$")


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
    cleaned = re.sub(r"[\s()（）]", "", value.strip().translate(_FULL_WIDTH_DIGITS))
    cleaned = re.sub(r"^(?:\+86|0086)", "", cleaned)
    return cleaned


def is_valid_phone(value: str) -> bool:
    return bool(_PHONE.fullmatch(normalize_phone(value)))


def is_valid_division_code(value: str) -> bool:
    """A division code (行政区划代码) of 6, 9 or 12 ASCII digits (full-width digits are refused: `isdigit()` would
    accept them, and they never match the directory)."""
    return bool(_DIVISION_CODE.fullmatch(value.strip()))


def phone_lookup_key(value: str) -> str:
    """The form of a phone number that exact-match lookups compare: full-width digits folded, +86/0086,
    spaces, brackets and dashes removed ("029-8888 1234" and "02988881234" are one number)."""
    folded = unicodedata.normalize("NFKC", value)
    return re.sub(r"\D", "", normalize_phone(folded))


def contact_lookup_key(value: str) -> str:
    """The lookup form of a notice recipient: an e-mail address folded to lower case, anything else a phone number."""
    folded = unicodedata.normalize("NFKC", value).strip()
    return folded.lower() if "@" in folded else phone_lookup_key(folded)


def id_number_lookup_key(value: str) -> str:
    """The form of an ID number that exact-match lookups compare: full-width folded, no spaces, upper case."""
    return re.sub(r"\s", "", unicodedata.normalize("NFKC", value)).upper()
def credit_code_complete(first17: str) -> str:
    """The 18-character credit code whose first 17 characters are ``first17`` (its MOD 31 check appended)."""
    first17 = first17.strip().upper()
    total = sum(_CREDIT_ALPHABET.index(c) * w for c, w in zip(first17, _CREDIT_WEIGHTS, strict=True))
    return first17 + _CREDIT_ALPHABET[(31 - total % 31) % 31]
