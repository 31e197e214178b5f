"""Refusals of the intake services (mapped onto the API's error envelope like the domain's)."""

from __future__ import annotations

from lianxin.domain.errors import DomainError


class InvalidIntakeInput(DomainError):
    code = "invalid"


class IntakeForbidden(DomainError):
    code = "forbidden"


class CallNotFound(DomainError):
    code = "not_found"
