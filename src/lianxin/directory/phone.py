"""Caller number → place: E.164 normalisation and attribution with `phonenumbers` (PyPI, Apache-2.0).

`phonenumbers` ships Google's prefix → place table for China (landline area codes and mobile number blocks) in
Chinese; upgrading the package refreshes it. Its description (陕西省西安市) is mapped onto division codes by our
own address parser, so the result is a province/city code usable as the context for address parsing.
"""

from __future__ import annotations

from dataclasses import dataclass

import phonenumbers

from lianxin.domain.address import Gazetteer, parse_address


@dataclass(frozen=True, slots=True)
class PhonePlace:
    input: str
    e164: str | None
    is_valid: bool
    description: str
    province_code: str | None
    city_code: str | None


def phone_place(number: str, gazetteer: Gazetteer) -> PhonePlace:
    """Never raises on a bad number: it comes back with `is_valid` False and no place."""
    try:
        parsed = phonenumbers.parse(number, "CN")
    except phonenumbers.NumberParseException:
        return PhonePlace(number, None, False, "", None, None)
    valid = phonenumbers.is_valid_number(parsed)
    e164 = phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164) if valid else None
    # The geocoder's tables take most of a second to import: only when a number is looked up, not at start-up.
    from phonenumbers import geocoder

    description = geocoder.description_for_number(parsed, "zh") if valid else ""
    # 「陕西省西安市、咸阳市」: a landline area code shared by two cities settles the province only.
    shared = "、" in description
    match = parse_address(description.split("、")[0], gazetteer) if description else None
    province = match.province_code if match else None
    city = None if shared or match is None else match.city_code
    return PhonePlace(number, e164, valid, description, province, city)
