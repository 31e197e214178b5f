"""Parsing a regulation's text as an administrator supplies it: articles from 第X条 headings (Chinese numerals or
Arabic digits), chapters (第X章) and sections (第X节), one message in Chinese per line that cannot be placed.

Plain functions over text (no database), so the command, the admin form and the tests share them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lianxin.domain.text import parse_chinese_number, to_halfwidth

_NUMERAL = r"[0-9０-９一二三四五六七八九十百千零〇两]+"
_ARTICLE = re.compile(rf"^第\s*({_NUMERAL})\s*条(之[一二三四五六七八九十]+)?(\s*)(.*)$")
_LOOKS_LIKE_ARTICLE = re.compile(r"^第\s*\S{1,8}?\s*条")
_HEADING = re.compile(rf"^第\s*({_NUMERAL})\s*(章|节)\s*(.*)$")
# Lines that may stand before the first article: the title, the promulgation note, a table of contents.
_PREAMBLE = re.compile(r"^[（(].*[)）]$|^目\s*录$")


@dataclass
class ParsedArticle:
    number: int
    label: str
    chapter: str
    section: str
    lines: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n".join(self.lines).strip()


@dataclass(frozen=True, slots=True)
class ParsedRegulation:
    articles: list[ParsedArticle]
    errors: list[str]


def regulation_parse(text: str, *, title: str = "") -> ParsedRegulation:
    """Articles in order; `errors` says, line by line, what could not be parsed (an empty list when all is well).

    A line that starts 第X条 opens an article and the lines after it continue it; 第X章 / 第X节 set the chapter and
    section of the articles that follow. Before the first article only the title, a bracketed note (公布、施行) and
    headings may stand. Article numbers must run 1, 2, 3 … (第X条之一 keeps X's number)."""
    articles: list[ParsedArticle] = []
    errors: list[str] = []
    chapter = section = ""
    expected_title = _compact(title)
    for number, raw in enumerate(text.splitlines(), start=1):
        stripped = raw.strip()
        line = to_halfwidth(stripped)  # one character for one: offsets in `line` are offsets in `stripped`
        if not line:
            continue
        heading = _HEADING.match(line)
        if heading and parse_chinese_number(_digits(heading.group(1))) is not None:
            if heading.group(2) == "章":
                chapter, section = stripped, ""
            else:
                section = stripped
            continue
        match = _ARTICLE.match(line)
        if match:
            value = parse_chinese_number(_digits(match.group(1)))
            if value is None or value <= 0:
                errors.append(f"第 {number} 行：条号「{match.group(1)}」不是有效的数字：{_clip(line)}")
                continue
            label = f"第{match.group(1)}条{match.group(2) or ''}"
            previous = articles[-1].number if articles else 0
            in_sequence = match.group(2) is not None or value == previous + 1
            if not in_sequence and articles and not match.group(3) and match.group(4):
                # 「第二十条规定的……」 inside an article: a reference, not a heading (headings are in sequence)
                articles[-1].lines.append(stripped)
                continue
            if not in_sequence:
                wanted = previous + 1
                errors.append(
                    f"第 {number} 行：条号不连续，应为第 {wanted} 条，此处是第 {value} 条：{_clip(line)}"
                )
            article = ParsedArticle(value, label[:40], chapter[:100], section[:100])
            first = stripped[match.start(4) :].strip()
            if first:
                article.lines.append(first)
            articles.append(article)
            continue
        if _LOOKS_LIKE_ARTICLE.match(line):
            errors.append(f"第 {number} 行：以「第…条」开头，但条号无法识别：{_clip(line)}")
            continue
        if not articles:
            if (
                _compact(line) == expected_title
                or _PREAMBLE.match(line)
                or (not expected_title and number == 1)
            ):
                continue
            errors.append(
                f"第 {number} 行：位于第一条之前，既不是标题也不是章节标题，无法归入任何条文：{_clip(line)}"
            )
            continue
        articles[-1].lines.append(stripped)
    for article in articles:
        if not article.text:
            errors.append(f"{article.label}：条文内容为空。")
    if not articles and not errors:
        errors.append("文本中没有找到任何「第X条」。")
    return ParsedRegulation(articles, errors)


def _digits(numeral: str) -> str:
    return to_halfwidth(numeral).replace(" ", "")


def _compact(text: str) -> str:
    return re.sub(r"\s+", "", to_halfwidth(text)).strip("《》")


def _clip(line: str, limit: int = 40) -> str:
    return f"「{line[:limit]}{'…' if len(line) > limit else ''}」"
