"""Normalisation of free-text addresses before matching place names.

Addresses arrive typed by agents, pasted from web shops or dictated: full-width digits and letters, Traditional
characters (陝西省西安市雁塔區), spaces and punctuation between the parts. `normalise_address` folds all of these
onto one form so that the gazetteer needs to know each name once, in Simplified characters.

The Traditional → Simplified table is the project's one converter (OpenCC `t2s`, see `text.simplified_char_table`)
taken character by character. Character-by-character translation is enough for place names and runs at
`str.translate` speed; multi-character phrase rules would matter for prose, not for names.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from .text import simplified_char_table

# Characters that never belong to a place name and only separate its parts.
_SEPARATORS = " \t\r\n\u3000,，.。;；:：、/\\|()（）[]【】<>《》\"'“”‘’-—_~～·•*#&!！?？"


@lru_cache(maxsize=1)
def _traditional_table() -> dict[int, str]:
    table: dict[int, str] = dict(simplified_char_table())
    for separator in _SEPARATORS:
        table[ord(separator)] = " "
    return table


def normalise_address(text: str) -> str:
    """Simplified characters, half-width forms, separators folded to single spaces, trimmed.

    NFKC folds full-width digits and letters (１２号 → 12号); the table folds Traditional characters and
    punctuation. The result keeps digits and Latin letters (house numbers, shop names): the parser skips them.
    """
    folded = unicodedata.normalize("NFKC", text).translate(_traditional_table())
    return " ".join(folded.split())
