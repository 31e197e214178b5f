"""Address normalisation before matching."""

from __future__ import annotations

from lianxin.domain.address_text import normalise_address


def test_separators_fold_to_single_spaces_and_the_ends_are_trimmed():
    assert normalise_address("  陕西省，，西安市／雁塔區　１２號  ") == "陕西省 西安市 雁塔区 12号"
    assert normalise_address("西安市") == "西安市"
    assert normalise_address("") == ""
