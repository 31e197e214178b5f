"""Errors the work-order services raise beyond the domain's own."""

from __future__ import annotations

from lianxin.domain.errors import DomainError


class ActionForbidden(DomainError):
    code = "forbidden"


class WorkOrderNotFound(DomainError):
    code = "not_found"


class ApprovalNotFound(WorkOrderNotFound):
    pass


class StaleWorkOrder(DomainError):
    """Someone else changed the work order first; reload and decide again."""

    code = "conflict"


class InvalidWorkOrder(DomainError):
    code = "invalid"
