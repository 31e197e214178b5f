"""Finding and masking personal identifiers typed into free text (事实与理由、诉求、办理说明…).

A phone or ID number in the facts is personal data like the contact fields (《个人信息保护法》第二十八条: ID and
bank card numbers are sensitive personal information), so a reader who sees the contact fields masked sees these
masked too — and the stored original is never changed. The detection is shared: the staff interfaces mask for
roles without access, a public-disclosure scrubber removes the same identifiers before publication.

Recognised (written with ASCII or full-width digits, with spaces, dashes or dots between digit groups):

- mainland mobile numbers: 1[3-9] + 9 digits in any grouping (139 1234 5678, 1389 1201 984,
  １３９－１２３４－５６７８), optionally after +86 / 0086, in parentheses or not ((+86)13912345678);
- fixed lines with an area code: 0 + 2–3 digits, then 7–8 digits (029-88886666, (029) 8888 6666, 0298 8761 234),
  optional extension; without an area code (88651234) only right after a word that says it is a phone (座机,
  固话, 联系电话 …), so that other 7–8 digit numbers (amounts, invoice numbers) stay;
- resident ID numbers (GB 11643): 17 digits and a digit or X, the 6-8-4 grouping allowed;
- bank card numbers: 16–19 digits, contiguous or in groups of four.

Numbers embedded in longer digit runs are not split (no match touches another digit), so order numbers, amounts
and dates such as 2026-05-06 stay readable.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

MASK = "*"

# Full-width digits and separators → ASCII, one character for one, so positions stay the same.
_FULL_WIDTH = str.maketrans("０１２３４５６７８９－＋（）．ｘＸ　", "0123456789-+().xX ")
_SEP = r"[ \-.\u2010\u2011\u2012\u2013\u2014\u00a0]?"  # one optional separator between digit groups
_NOT_DIGIT_BEFORE = r"(?<![0-9A-Za-z])"
_NOT_DIGIT_AFTER = r"(?![0-9])"


class IdentifierKind(StrEnum):
    RESIDENT_ID = "resident_id"  # 居民身份证号码
    BANK_CARD = "bank_card"  # 银行卡号
    MOBILE = "mobile"  # 手机号码
    LANDLINE = "landline"  # 固定电话


# Longest first: an 18-digit ID must not be read as a bank card, a bank card not as a phone number.
_PATTERNS: tuple[tuple[IdentifierKind, re.Pattern[str]], ...] = (
    (
        IdentifierKind.RESIDENT_ID,
        re.compile(
            _NOT_DIGIT_BEFORE
            + rf"[1-9][0-9]{{5}}{_SEP}(?:18|19|20)[0-9]{{2}}(?:0[1-9]|1[0-2])(?:0[1-9]|[12][0-9]|3[01])"
            + rf"{_SEP}[0-9]{{3}}[0-9Xx]"
            + r"(?![0-9A-Za-z])"
        ),
    ),
    (
        IdentifierKind.BANK_CARD,
        re.compile(
            _NOT_DIGIT_BEFORE
            + rf"(?:[0-9]{{4}}{_SEP}[0-9]{{4}}{_SEP}[0-9]{{4}}{_SEP}[0-9]{{4}}(?:{_SEP}[0-9]{{1,3}})?|[0-9]{{16,19}})"
            + _NOT_DIGIT_AFTER
        ),
    ),
    (
        IdentifierKind.MOBILE,
        re.compile(
            _NOT_DIGIT_BEFORE
            + r"(?:\(?(?:\+|00)86\)?[ \-]?)?"
            # Eleven digits, one optional separator between any two (people group them as they like).
            + rf"1[3-9][0-9](?:{_SEP}[0-9]){{8}}"
            + _NOT_DIGIT_AFTER
        ),
    ),
    (
        IdentifierKind.LANDLINE,
        re.compile(
            _NOT_DIGIT_BEFORE
            + rf"(?:\(0[1-9][0-9]{{1,2}}\)|0[1-9][0-9]{{1,2}}){_SEP}[2-9][0-9]{{2,3}}{_SEP}[0-9]{{4}}"
            + rf"(?:{_SEP}(?:转|ext\.?|-)[0-9]{{1,6}})?"
            + _NOT_DIGIT_AFTER
        ),
    ),
    (
        # The same ten to twelve digits grouped any other way (0298 8761 234).
        IdentifierKind.LANDLINE,
        re.compile(_NOT_DIGIT_BEFORE + rf"0[1-9](?:{_SEP}[0-9]){{8,10}}" + _NOT_DIGIT_AFTER),
    ),
    (
        # A local number without its area code, only where the text says it is a phone.
        IdentifierKind.LANDLINE,
        re.compile(
            r"(?:座机|固话|固定电话|宅电|家庭电话|家里电话|办公电话|联系电话|电话)(?:号码|号)?[:：\s]*"
            + rf"(?P<number>[2-8][0-9]{{2,3}}{_SEP}[0-9]{{4}})"
            + _NOT_DIGIT_AFTER
        ),
    ),
)

# How many leading digits stay visible (the last four always do), as for the masked contact fields.
_KEEP_HEAD: dict[IdentifierKind, int] = {
    IdentifierKind.RESIDENT_ID: 1,
    IdentifierKind.BANK_CARD: 0,
    IdentifierKind.MOBILE: 3,
    IdentifierKind.LANDLINE: 3,
}
_KEEP_TAIL = 4


@dataclass(frozen=True, slots=True)
class FoundIdentifier:
    kind: IdentifierKind
    start: int
    end: int
    text: str  # as written (full-width digits and separators kept)


def find_identifiers(text: str) -> list[FoundIdentifier]:
    """Every identifier in `text`, in order of position, none overlapping."""
    if not text:
        return []
    normalized = text.translate(_FULL_WIDTH)
    taken: list[tuple[int, int]] = []
    found: list[FoundIdentifier] = []
    for kind, pattern in _PATTERNS:
        for match in pattern.finditer(normalized):
            start, end = match.span("number") if "number" in pattern.groupindex else match.span()
            if any(start < t_end and t_start < end for t_start, t_end in taken):
                continue
            taken.append((start, end))
            found.append(FoundIdentifier(kind, start, end, text[start:end]))
    return sorted(found, key=lambda item: item.start)


def contains_identifiers(text: str) -> bool:
    return bool(find_identifiers(text))


def _mask_one(written: str, kind: IdentifierKind) -> str:
    normalized = written.translate(_FULL_WIDTH)
    # Country code (+86) and area-code digits count as digits; separators stay so the text reads the same.
    positions = [
        i for i, char in enumerate(normalized) if char.isascii() and (char.isdigit() or char in "Xx")
    ]
    # A country code before a mobile number (+86, 0086) stays as written; the head is counted after it.
    prefix = max(len(positions) - 11, 0) if kind is IdentifierKind.MOBILE else 0
    keep_head = _KEEP_HEAD[kind]
    if kind is IdentifierKind.LANDLINE and not normalized.lstrip("(").startswith("0"):
        keep_head = 0  # a local number without its area code: only the last four stay
    head = positions[: prefix + keep_head]
    tail = positions[-_KEEP_TAIL:]
    keep = set(head) | set(tail)
    chars = list(written)
    for i in positions:
        if i not in keep:
            chars[i] = MASK
    return "".join(chars)


def mask_identifiers(text: str) -> str:
    """`text` with every phone, ID and bank card number masked (139****5678, 1*************002X,
    ***************1234); everything else unchanged."""
    found = find_identifiers(text)
    if not found:
        return text
    parts: list[str] = []
    last = 0
    for item in found:
        parts.append(text[last : item.start])
        parts.append(_mask_one(item.text, item.kind))
        last = item.end
    parts.append(text[last:])
    return "".join(parts)
