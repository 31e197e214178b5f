"""Refusals of the public side: a Chinese message for people, a stable code for programs."""

from __future__ import annotations


class PortalError(Exception):
    def __init__(
        self, code: str, message: str, *, fields: dict[str, list[str]] | None = None, status: int = 400
    ):
        super().__init__(message)
        self.code = code
        self.message = message
        self.fields = fields or {}
        self.status = status
