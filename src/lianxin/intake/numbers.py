"""Caller numbers as the PBX sends them (8613912345678, +86 29 8888 6666, 02988886666, anonymous) → the national
form work orders store (13912345678, 029-88886666)."""

from __future__ import annotations

import re

ANONYMOUS = frozenset({"", "anonymous", "unknown", "private", "restricted"})
# Three-digit area codes (010, 02X); every other landline area code has four digits.
_SHORT_AREA = re.compile(r"^0(10|2\d)")


def national_number(raw: str) -> str:
    """Digits only, country code removed; "" for anonymous callers."""
    value = raw.strip()
    if value.lower() in ANONYMOUS:
        return ""
    digits = re.sub(r"\D", "", value)
    if digits.startswith("0086"):
        digits = digits[2:]
    if digits.startswith("86") and len(digits) == 13 and digits[2] == "1":  # 86 + mobile
        return digits[2:]
    if digits.startswith("86") and len(digits) >= 11 and digits[2] != "1":  # 86 + landline without its 0
        return "0" + digits[2:]
    return digits


def stored_forms(number: str) -> list[str]:
    """Every form a work order may hold this number in (registration keeps the agent's dash)."""
    digits = national_number(number)
    if not digits:
        return []
    forms = [digits]
    if digits.startswith("0") and len(digits) >= 10:
        split = 3 if _SHORT_AREA.match(digits) else 4
        forms.append(f"{digits[:split]}-{digits[split:]}")
    return forms
