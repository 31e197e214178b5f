"""Finding article references in free text: 《消费者权益保护法》第二十五条、第二十四条, 消法第25条, 民法典1254.

Pure functions over a `LawNames` resolver, so the same parser serves direct look-up in search and the citation
check of an agent's reply.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from lianxin.domain.text import normalise, parse_chinese_number

PREFIX = "中华人民共和国"
_NUMBER = r"[0-9一二三四五六七八九十百千零〇两]+"
_BRACKETED = re.compile(rf"《([^《》]{{1,80}})》\s*第\s*({_NUMBER})\s*条")
_CHAINED = re.compile(rf"\s*(?:、|,|，|和|及|以及|或者|或)\s*第\s*({_NUMBER})\s*条")
# A bare law name followed by a number: 消法第25条, 消法25条, 民法典1254 (not 消法2013年).
# Chinese numerals need 第 or 条 around them (食品安全法十倍赔偿 cites nothing); Arabic digits may stand alone.
_BARE_TAIL = re.compile(
    rf"\s*(?:第\s*({_NUMBER})\s*条?|({_NUMBER})\s*条|([0-9]{{1,4}})(?![0-9年月日号元倍%]))"
)


@dataclass(frozen=True, slots=True)
class Reference:
    cited_name: str  # as written (normalised), without 《》
    law_name: str | None  # the full name it resolves to, or None
    number: int
    start: int
    end: int
    text: str  # the citation as written (normalised)


class LawNames:
    """Resolves full names, names without the 中华人民共和国 prefix, and aliases (消法, 食安法) to full names."""

    def __init__(self, full_names: Iterable[str], aliases: dict[str, str]) -> None:
        names = set(full_names)
        self._map: dict[str, str] = {}
        for name in names:
            self._map[normalise(name)] = name
            if name.startswith(PREFIX) and len(name) > len(PREFIX) + 1:
                self._map.setdefault(normalise(name[len(PREFIX) :]), name)
        for alias, full in aliases.items():
            if full in names:
                self._map[normalise(alias)] = full
        keys = sorted((k for k in self._map if len(k) >= 2), key=len, reverse=True)
        self._pattern = re.compile("|".join(re.escape(k) for k in keys)) if keys else None

    def resolve(self, cited: str) -> str | None:
        return self._map.get(normalise(cited).strip("《》 "))

    def mentions(self, text: str) -> Iterator[re.Match[str]]:
        """Non-overlapping mentions of known law names in normalised `text`, longest first at each position."""
        if self._pattern is not None:
            yield from self._pattern.finditer(text)


def references(text: str, names: LawNames) -> list[Reference]:
    """Every article reference in `text`, in order: bracketed citations (also of unknown laws) and bare ones."""
    text = normalise(text)
    found: list[Reference] = []
    covered: list[tuple[int, int]] = []
    for match in _BRACKETED.finditer(text):
        cited = match.group(1).strip()
        law_name = names.resolve(cited)
        end = match.end()
        numbers = [match.group(2)]
        while chained := _CHAINED.match(text, end):
            numbers.append(chained.group(1))
            end = chained.end()
        covered.append((match.start(), end))
        for raw in numbers:
            number = parse_chinese_number(raw)
            if number is not None:
                found.append(
                    Reference(cited, law_name, number, match.start(), end, text[match.start() : end])
                )
    for mention in names.mentions(text):
        if any(start <= mention.start() < stop for start, stop in covered):
            continue
        tail = _BARE_TAIL.match(text, mention.end())
        if tail is None:
            continue
        number = parse_chinese_number(next(g for g in tail.groups() if g))
        if number is None:
            continue
        law_name = names.resolve(mention.group(0))
        found.append(
            Reference(
                mention.group(0),
                law_name,
                number,
                mention.start(),
                tail.end(),
                text[mention.start() : tail.end()],
            )
        )
    return sorted(found, key=lambda r: r.start)
