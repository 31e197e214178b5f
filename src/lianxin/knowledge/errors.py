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
