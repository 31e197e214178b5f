import pytest

from lianxin.domain.identifiers import (
    is_valid_credit_code,
    is_valid_division_code,
    is_valid_phone,
    is_valid_resident_id,
    normalize_phone,
)


@pytest.mark.parametrize(
    ("value", "valid"),
    [
        ("11010519491231002X", True),  # the GB 11643 worked example
        ("11010519491231002x", True),
        ("110105194912310021", False),  # wrong check character
        ("11010519491332002X", False),  # month 13
        ("1101051949123100", False),
    ],
)
def test_resident_id_check_character(value, valid):
    assert is_valid_resident_id(value) is valid


@pytest.mark.parametrize(
    ("value", "valid"),
    [
        ("91350100M000100Y43", True),  # a published example code
        ("91350100M000100Y44", False),
        ("91350100M000100Y4", False),
        ("91350100I000100Y43", False),  # I is not in the GB 32100 alphabet
    ],
)
def test_credit_code_check_character(value, valid):
    assert is_valid_credit_code(value) is valid


@pytest.mark.parametrize(
    ("value", "valid"),
    [
        ("13912345678", True),
        ("+86 139 1234 5678", True),
        ("029-88886666", True),
        ("88886666", True),  # a local fixed line without the area code
        ("400-123-4567", True),
        ("１３９１２３４５６７８", True),  # full-width digits are digits
        ("12315", False),  # a service number, not a person's phone
        ("12345", False),
        ("1391234567", False),
        ("abc", False),
    ],
)
def test_phone(value, valid):
    assert is_valid_phone(value) is valid


def test_normalize_phone_removes_country_code_and_spaces():
    assert normalize_phone("+86 139 1234 5678") == "13912345678"
    assert normalize_phone("１３９ １２３４ ５６７８") == "13912345678"


@pytest.mark.parametrize(
    ("value", "valid"),
    [
        ("610113", True),
        ("610113001", True),
        ("610113001001", True),
        ("６１０１１３", False),
        ("61011", False),
        ("61O113", False),
    ],
)
def test_division_code(value, valid):
    assert is_valid_division_code(value) is valid
