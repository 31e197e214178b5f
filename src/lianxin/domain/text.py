"""Text normalisation for Chinese input as callers and agents type it.

Generic and framework-free, for every app that compares or searches Chinese text (knowledge search, address
matching, duplicate detection):

- `to_simplified`: Traditional → Simplified (OpenCC's `t2s` tables; 電視購物 → 电视购物) — the project's one
  Traditional → Simplified converter; `simplified_char_table` is its character-by-character view for names.
- `to_halfwidth`: full-width ASCII letters, digits and punctuation → half-width (ＡＢＣ１２３ → ABC123); the
  ideographic space becomes a plain space. CJK punctuation (，。《》) is kept: citations need 《》.
- `strip_pinyin`: pinyin annotations left by input methods or copied from annotated text — 电(diàn)视,
  电视（dian4 shi4）, or a stray tone-marked syllable — are removed; plain Latin words (iPhone, TV, 3C) are kept.
- `normalise`: all of the above, lower-cased, whitespace collapsed.
- `parse_chinese_number`: 二十五 / 一千二百五十四 / 两百 / 25 → int (for article numbers).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

__all__ = [
    "normalise",
    "parse_chinese_number",
    "simplified_char_table",
    "strip_pinyin",
    "to_halfwidth",
    "to_simplified",
]


@lru_cache(maxsize=1)
def _converter():  # type: ignore[no-untyped-def]
    import opencc

    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    """Traditional characters (and Traditional-only variants) replaced by their Simplified forms."""
    return _converter().convert(text) if text else text


# The CJK blocks a Traditional character of a name can come from: Extension A, Unified, Compatibility Ideographs.
_CJK_BLOCKS = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF))


@lru_cache(maxsize=1)
def simplified_char_table() -> dict[int, str]:
    """Traditional → Simplified, one character to one character, as a `str.translate` table.

    Built once (about 30 ms) from the same OpenCC `t2s` converter as `to_simplified`, each character converted on
    its own line so that no phrase rule applies: for names (addresses), where translate speed matters and phrase
    context does not. The project has one converter; this is its character view.
    """
    chars = [chr(code) for low, high in _CJK_BLOCKS for code in range(low, high + 1)]
    converted = _converter().convert("\n".join(chars)).split("\n")
    return {
        ord(source): target
        for source, target in zip(chars, converted, strict=True)
        if source != target and len(target) == 1
    }


_FULLWIDTH_OFFSET = 0xFEE0


def to_halfwidth(text: str) -> str:
    """Full-width ASCII (U+FF01–U+FF5E) → ASCII and U+3000 → space; everything else unchanged."""
    out = []
    for char in text:
        code = ord(char)
        if 0xFF01 <= code <= 0xFF5E:
            out.append(chr(code - _FULLWIDTH_OFFSET))
        elif code == 0x3000:
            out.append(" ")
        else:
            out.append(char)
    return "".join(out)


_TONE_VOWELS = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü"
_SYLLABLE = rf"[a-z{_TONE_VOWELS}]{{1,6}}[1-5]?"
# A bracketed run of one or more pinyin syllables: (diàn) （dian4 shi4） [dian shi]
_BRACKETED_PINYIN = re.compile(rf"[（(\[]\s*(?:{_SYLLABLE})(?:[\s'’]+{_SYLLABLE})*\s*[）)\]]", re.IGNORECASE)
# A bare syllable that carries a tone mark (no English word does): 电diàn视
_TONE_MARKED = re.compile(
    rf"[a-z{_TONE_VOWELS}]*[{_TONE_VOWELS.replace('ü', '')}][a-z{_TONE_VOWELS}]*", re.IGNORECASE
)


def strip_pinyin(text: str) -> str:
    """Remove pinyin annotations: bracketed syllables after characters, and bare tone-marked syllables."""
    text = _BRACKETED_PINYIN.sub(lambda m: "" if _follows_hanzi(text, m.start()) else m.group(0), text)
    return _TONE_MARKED.sub("", text)


def _follows_hanzi(text: str, index: int) -> bool:
    # Only annotations of Chinese characters are pinyin; "(ab)" after a Latin word is an ordinary aside.
    return index > 0 and _is_hanzi(text[index - 1])


def _is_hanzi(char: str) -> bool:
    return "\u4e00" <= char <= "\u9fff" or "\u3400" <= char <= "\u4dbf"


_SPACES = re.compile(r"\s+")


def normalise(text: str) -> str:
    """The comparable form of `text`: Simplified, half-width, pinyin annotations removed, lower case, single spaces.

    NFKC first folds compatibility forms (e.g. circled digits, CJK compatibility ideographs); full-width
    punctuation that NFKC would turn into ASCII look-alikes is already ASCII after `to_halfwidth`.
    """
    if not text:
        return ""
    text = to_halfwidth(text)
    text = strip_pinyin(text)
    text = "".join(
        unicodedata.normalize("NFKC", char) if not _is_cjk_punctuation(char) else char for char in text
    )
    text = to_simplified(text)
    return _SPACES.sub(" ", text).strip().lower()


def _is_cjk_punctuation(char: str) -> bool:
    return "\u3000" <= char <= "\u303f"


_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_UNITS = {"十": 10, "百": 100, "千": 1000}


def parse_chinese_number(text: str) -> int | None:
    """An integer written in Arabic digits or Chinese numerals (up to 9999), or None when `text` is not one.

    "二十五" → 25, "十二" → 12, "一千二百五十四" → 1254, "一百零三" → 103, "两百" → 200, "25" → 25.
    """
    text = text.strip()
    if not text:
        return None
    if text.isascii() and text.isdigit():
        return int(text)
    total = 0
    digit: int | None = None
    for char in text:
        if char in _DIGITS:
            digit = _DIGITS[char]
        elif char in _UNITS:
            total += (1 if digit is None else digit) * _UNITS[char]
            digit = None
        else:
            return None
    return total + (digit or 0)
