"""Errors the document services raise."""

from __future__ import annotations

from lianxin.domain.errors import DomainError


class ConfidentialityBreach(DomainError):
    code = "confidential"


class TemplateMissing(DomainError):
    code = "template_missing"


class FontMissing(DomainError):
    code = "font_missing"
