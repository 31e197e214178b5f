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


# --- Independent check-character computations (a different formulation of the same standards) ---


def _iso7064_mod11_2(body: str) -> str:
    """ISO 7064 MOD 11-2 by its recursive definition: p ← 2·(p + d) mod 11, check = (12 − p) mod 11 (10 → X)."""
    p = 0
    for digit in body:
        p = (p + int(digit)) * 2 % 11
    check = (12 - p) % 11
    return "X" if check == 10 else str(check)


_GB32100 = "0123456789ABCDEFGHJKLMNPQRTUWXY"


def _gb32100_check(body: str) -> str:
    """GB 32100 check character: weights 3^i mod 31, check = 31 − (Σ mod 31), 31 → 0."""
    total = sum(_GB32100.index(c) * pow(3, i, 31) for i, c in enumerate(body))
    return _GB32100[(31 - total % 31) % 31]


def _resident_id(region: str, birthday: str, sequence: str) -> str:
    body = region + birthday + sequence
    return body + _iso7064_mod11_2(body)


def test_the_independent_check_agrees_with_the_standards_worked_example():
    assert _resident_id("110105", "19491231", "002") == "11010519491231002X"
    assert _gb32100_check("91350100M000100Y4") == "3"


# Birthdays on the 10th, 20th and 30th, in 2000 and a leap day; sequences chosen so the check characters
# run through 0 … 9 and X.
RESIDENT_IDS = [
    _resident_id(region, birthday, sequence)
    for region, birthday in [
        ("610113", "20000110"),
        ("610113", "20000229"),
        ("440305", "19991020"),
        ("110105", "20001130"),
        ("510104", "19850620"),
        ("330106", "20100930"),
    ]
    for sequence in ("001", "012", "123", "234", "345", "456", "567", "678", "789", "890", "901")
]


def test_the_examples_cover_every_check_character():
    assert {value[-1] for value in RESIDENT_IDS} == set("0123456789X")


@pytest.mark.parametrize("value", RESIDENT_IDS)
def test_valid_resident_ids(value):
    assert is_valid_resident_id(value)
    assert is_valid_resident_id(f" {value.lower()} ")


@pytest.mark.parametrize("value", RESIDENT_IDS[::7])
def test_any_wrong_check_character_is_refused(value):
    for check in "0123456789X":
        if check != value[-1]:
            assert not is_valid_resident_id(value[:-1] + check)


@pytest.mark.parametrize(
    "birthday",
    ["20000230", "19990229", "20001131", "20001300", "20000100", "20000001", "00000110"],
)
def test_impossible_birthdays_are_refused_even_with_a_right_check_character(birthday):
    assert not is_valid_resident_id(_resident_id("610113", birthday, "123"))


@pytest.mark.parametrize(
    "value",
    ["6101132000011012", "61011320000110123X1", "6101132000O110123X", "X10113200001101230", ""],
)
def test_malformed_resident_ids_are_refused(value):
    assert not is_valid_resident_id(value)


CREDIT_BODIES = [
    "91610113MA6TXXXXX",
    "91440300708461136",
    "12100000400000624",
    "52610000MJY000000",
    "93610000MA6U00001",
    "91110108551385082",
    "11100000000013127",
    "51100000500000910",
    "Y1610000MA6TG0001",
]
CREDIT_CODES = [body + _gb32100_check(body) for body in CREDIT_BODIES]


@pytest.mark.parametrize("value", CREDIT_CODES)
def test_valid_credit_codes(value):
    assert is_valid_credit_code(value)
    assert is_valid_credit_code(f" {value.lower()} ")


@pytest.mark.parametrize("value", CREDIT_CODES)
def test_a_wrong_credit_check_character_is_refused(value):
    for check in _GB32100:
        if check != value[-1]:
            assert not is_valid_credit_code(value[:-1] + check)


def test_a_credit_code_with_a_letter_outside_the_alphabet_is_refused():
    for letter in "IOSVZ":
        body = "91610113MA6T" + letter + "XXXX"
        assert not is_valid_credit_code(body + "0")
        assert not is_valid_credit_code(body + "1")


@pytest.mark.parametrize(
    ("value", "valid"),
    [
        ("029 8888 6666", True),
        ("0298-8886666", True),
        ("029-88886666-123", True),
        ("029-88886666-1234567", False),
        ("400-810-8888", True),
        ("4008108888", True),
        ("0086 13912345678", True),
        ("(029)88886666", True),
        ("10086", False),  # a short service number is no caller's phone (issue 14 item 7)
        ("1234", False),
        ("123456789", False),
        ("12912345678", False),
        ("139123456789", False),
        ("029-888866", False),
    ],
)
def test_more_phone_numbers(value, valid):
    assert is_valid_phone(value) is valid


def test_normalize_phone_keeps_dashes_and_drops_brackets():
    assert normalize_phone(" (029) 8888-6666 ") == "0298888-6666"
    assert normalize_phone("（029）88886666") == "02988886666"
    assert normalize_phone("0086-139") == "-139"


def test_a_credit_code_whose_check_character_is_0():
    """Σ ≡ 0 (mod 31) gives the check character 0, not the 32nd character of a 31-character alphabet."""
    bodies = [f"9161011357{c}MA6TX" + "0" for c in _GB32100]
    bodies += [f"91610113MA6TXX{a}{b}0" for a in _GB32100 for b in _GB32100]
    zero = next(body for body in bodies if _gb32100_check(body) == "0")
    assert is_valid_credit_code(zero + "0")
    assert not is_valid_credit_code(zero + "Y")


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
