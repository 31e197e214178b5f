"""Errors of the knowledge app (codes match the API error envelope)."""

from __future__ import annotations

from lianxin.domain.errors import DomainError


class LawSourceMissing(DomainError):
    code = "invalid"


class ArticleNotFound(DomainError):
    code = "not_found"


class EntryNotFound(DomainError):
    code = "not_found"


class InvalidEntry(DomainError):
    code = "invalid"


class RegulationTextInvalid(DomainError):
    """A supplied regulation text with lines that cannot be parsed; `lines` holds one message per such line."""

    code = "invalid_regulation_text"

    def __init__(self, lines: list[str]) -> None:
        super().__init__("法规文本有无法解析的行，未导入：\n" + "\n".join(lines), fields={"file": lines})
        self.lines = lines
