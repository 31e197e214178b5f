"""Who may see and act on which work orders.

Scope: a 12315 center sees every work order it registered or dispatched; any other unit sees the work orders
handled by itself and the units below it; analysts and administrators read everything. Personal data of the
complainant or reporter is shown only to the people who handle the item (《消费者权益保护法》第二十九条;
a reporter's identity is confidential, Order 20 Art. 33).
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from lianxin.accounts.models import User
from lianxin.accounts.selectors import unit_entry
from lianxin.domain.workflow import CENTER_ROLES, Role, Transition

from .models import WorkOrder

READ_ALL_ROLES = frozenset({Role.ANALYST, Role.ADMINISTRATOR})
PERSONAL_DATA_ROLES = CENTER_ROLES | {Role.UNIT_HANDLER, Role.UNIT_LEADER}


def _scope(user: User) -> Q | None:
    """The filter for the user's data scope; None means "everything"; Q(pk__in=[]) means nothing."""
    if not user.is_authenticated or not user.is_active:
        return Q(pk__in=[])
    role = user.role_enum
    if role in READ_ALL_ROLES or user.is_superuser:
        return None
    if user.unit is None:
        return Q(pk__in=[])
    if user.unit.is_center:
        return Q(center_id=user.unit_id)
    return Q(handling_unit__path__startswith=user.unit.path)


def work_orders_visible_to(user: User) -> QuerySet[WorkOrder]:
    scope = _scope(user)
    queryset = WorkOrder.objects.all()
    return queryset if scope is None else queryset.filter(scope)


def _in_scope(user: User, work_order: WorkOrder) -> bool:
    """The work order lies in the user's own unit scope (units come from the cached directory: no query)."""
    own = unit_entry(user.unit_id)
    if own is None:
        return False
    if own.is_center:
        return work_order.center_id == own.pk
    handling = unit_entry(work_order.handling_unit_id)
    return handling is not None and own.contains(handling.path)


def can_view(user: User, work_order: WorkOrder) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    if user.role_enum in READ_ALL_ROLES or user.is_superuser:
        return True
    return _in_scope(user, work_order)


def can_register(user: User) -> bool:
    return (
        user.is_authenticated
        and user.role_enum in CENTER_ROLES
        and user.unit is not None
        and user.unit.is_center
    )


def can_act(user: User, work_order: WorkOrder, transition: Transition) -> bool:
    """The role may take this transition, and the work order lies in the user's own scope for it:
    center staff act on their center's items, unit staff on items handled by their unit or below."""
    if not user.is_authenticated or not user.is_active or user.role_enum not in transition.roles:
        return False
    own = unit_entry(user.unit_id)
    if user.role_enum in CENTER_ROLES and (own is None or not own.is_center):
        return False  # center staff act only from a 12315 center
    return _in_scope(user, work_order)


def can_see_personal_data(user: User, work_order: WorkOrder) -> bool:
    return user.is_authenticated and user.role_enum in PERSONAL_DATA_ROLES and can_view(user, work_order)
