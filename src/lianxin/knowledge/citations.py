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


@dataclass(frozen=True, slots=True)
class Mention:
    """A known law name found in normalised text: `text[start:end] == name`."""

    name: str
    start: int
    end: int


class LawNames:
    """Resolves full names, names without the 中华人民共和国 prefix, and aliases (消法, 食安法) to full names."""

    def __init__(self, full_names: Iterable[str], aliases: dict[str, str]) -> None:
        names = set(full_names)
        mapping: dict[str, str] = {}
        for name in names:
            mapping[normalise(name)] = name
            if name.startswith(PREFIX) and len(name) > len(PREFIX) + 1:
                mapping.setdefault(normalise(name[len(PREFIX) :]), name)
        for alias, full in aliases.items():
            if full in names:
                mapping[normalise(alias)] = full
        self._init_map(mapping)

    @classmethod
    def from_map(cls, mapping: dict[str, str]) -> LawNames:
        """From `as_map()` of an earlier instance (the search snapshot stores it: no normalising at load)."""
        names = cls.__new__(cls)
        names._init_map(dict(mapping))
        return names

    def _init_map(self, mapping: dict[str, str]) -> None:
        self._map = mapping
        # Per first character, the lengths of the names (≥ 2 characters) that start with it, longest first: a
        # scan finds the longest name at each position, as a regex alternation of the names sorted longest first
        # would, without compiling one (a few hundred milliseconds for 700 names, in every process).
        lengths: dict[str, set[int]] = {}
        for key in mapping:
            if len(key) >= 2:
                lengths.setdefault(key[0], set()).add(len(key))
        self._lengths = {first: sorted(found, reverse=True) for first, found in lengths.items()}

    def as_map(self) -> dict[str, str]:
        return dict(self._map)

    def resolve(self, cited: str) -> str | None:
        return self._map.get(normalise(cited).strip("《》 "))

    def mentions(self, text: str) -> Iterator[Mention]:
        """Non-overlapping mentions of known law names in normalised `text`, longest first at each position."""
        position = 0
        while position < len(text):
            for length in self._lengths.get(text[position], ()):
                candidate = text[position : position + length]
                if len(candidate) == length and candidate in self._map:
                    yield Mention(candidate, position, position + length)
                    position += length
                    break
            else:
                position += 1


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
        if any(start <= mention.start < stop for start, stop in covered):
            continue
        tail = _BARE_TAIL.match(text, mention.end)
        if tail is None:
            continue
        number = parse_chinese_number(next(g for g in tail.groups() if g))
        if number is None:
            continue
        law_name = names.resolve(mention.name)
        found.append(
            Reference(
                mention.name,
                law_name,
                number,
                mention.start,
                tail.end(),
                text[mention.start : tail.end()],
            )
        )
    return sorted(found, key=lambda r: r.start)
