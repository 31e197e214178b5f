"""Who may see and act on which work orders.

Scope: a 12315 center sees every work order it registered or dispatched; any other unit sees the work orders
handled by itself and the units below it; analysts and administrators read everything. Personal data of the
complainant or reporter is shown only to the people who handle the item (《消费者权益保护法》第二十九条;
a reporter's identity is confidential, Order 20 Art. 33).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from django.db.models import Model, Q, QuerySet
from django.db.models.constants import LOOKUP_SEP

from lianxin.accounts.models import User
from lianxin.accounts.selectors import unit_entry
from lianxin.domain.workflow import CENTER_ROLES, Role, Transition

from .errors import InvalidWorkOrder
from .models import ApprovalRequest, CoComplainant, WorkOrder, WorkOrderEvent

READ_ALL_ROLES = frozenset({Role.ANALYST, Role.ADMINISTRATOR})
PERSONAL_DATA_ROLES = CENTER_ROLES | {Role.UNIT_HANDLER, Role.UNIT_LEADER}

# The one list of the fields that carry personal data, per model: shown masked (or not at all) to readers
# outside PERSONAL_DATA_ROLES, and therefore never filtered, searched, ordered or exported on by them — a
# filter answers "yes/no" and rebuilds a masked value one character at a time (issue 14 item 1).
CONTACT_FIELDS = (  # the complainant or reporter, in the order forms show them
    "contact_name",
    "contact_phone",
    "contact_id_type",
    "contact_id_number",
    "contact_address",
    "is_anonymous",
    "is_identity_verified",
)
# The co-complainants of a joint complaint (Order 121 Art. 12) carry the same personal data as the complainant.
CO_COMPLAINANT_FIELDS = ("name", "phone", "id_type", "id_number", "address")
PERSONAL_FIELDS: Mapping[type[Model], frozenset[str]] = {
    WorkOrder: frozenset(CONTACT_FIELDS),
    WorkOrderEvent: frozenset(),
    CoComplainant: frozenset(CO_COMPLAINANT_FIELDS),
}
# Free text may carry a phone or ID number typed by the agent: shown with identifiers masked to the same
# readers (`lianxin.domain.personal_data`), so a search on it would leak what the display hides.
FREE_TEXT_FIELDS: Mapping[type[Model], frozenset[str]] = {
    WorkOrder: frozenset({"summary", "facts", "claims", "outcome", "representative_election"}),
    WorkOrderEvent: frozenset({"note", "changes"}),
}


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


def can_decide_approval(user: User, approval: ApprovalRequest, work_order: WorkOrder) -> bool:
    """A unit leader (单位负责人) of the handling unit or a unit above it, and not the requester
    (处罚程序规定第十八条: the extension is approved by the head of the unit)."""
    if not user.is_authenticated or not user.is_active or user.role_enum is not Role.UNIT_LEADER:
        return False
    if approval.requested_by_id == user.pk:
        return False
    own, handling = unit_entry(user.unit_id), unit_entry(work_order.handling_unit_id)
    return own is not None and handling is not None and own.contains(handling.path)


def approvals_decidable_by(user: User) -> QuerySet[ApprovalRequest]:
    """The approval requests this user may decide (pending or not): unit leaders, for work orders handled by
    their unit or below, never their own requests."""
    if (
        not user.is_authenticated
        or not user.is_active
        or user.role_enum is not Role.UNIT_LEADER
        or user.unit is None
    ):
        return ApprovalRequest.objects.none()
    return ApprovalRequest.objects.filter(work_order__handling_unit__path__startswith=user.unit.path).exclude(
        requested_by=user
    )


def sees_personal_data(user: User) -> bool:
    """The role predicate: the user sees personal data in clear on the work orders of their own scope
    (`work_orders_visible_to`); everyone else sees it masked everywhere."""
    return bool(user.is_authenticated and user.is_active and user.role_enum in PERSONAL_DATA_ROLES)


def can_see_personal_data(user: User, work_order: WorkOrder) -> bool:
    return sees_personal_data(user) and can_view(user, work_order)


def masked_fields(user: User, model: type[Model]) -> frozenset[str]:
    """The fields of `model` the user does not see in clear (personal fields and free text), so may not
    filter, search, order or export on."""
    if sees_personal_data(user):
        return frozenset()
    return PERSONAL_FIELDS.get(model, frozenset()) | FREE_TEXT_FIELDS.get(model, frozenset())


def refused_lookups(user: User, model: type[Model], lookups: Iterable[str]) -> list[str]:
    """Of the lookups (filters, search fields, orderings) on `model`, those that would act on a field the user
    may not see in clear. Lookups across a relation to a work order (`work_order__contact_phone`) count too."""
    hidden = masked_fields(user, model)
    hidden_on_work_order = masked_fields(user, WorkOrder)
    hidden_co = masked_fields(user, CoComplainant)
    refused = []
    for lookup in lookups:
        name = lookup.lstrip("-+^=@")
        parts = name.split(LOOKUP_SEP)
        if (
            parts[0] in hidden
            or (
                model is not WorkOrder
                and parts[0] == "work_order"
                and len(parts) > 1
                and parts[1] in hidden_on_work_order
            )
            or (
                # across to the co-complainants of a joint complaint (their names, phones, ID numbers)
                model is WorkOrder
                and parts[0] == "co_complainants"
                and bool(hidden_co)
                and (len(parts) == 1 or parts[1] in hidden_co)
            )
        ):
            refused.append(lookup)
    return refused


def ensure_no_masked_lookups(user: User, model: type[Model], names: Iterable[str]) -> None:
    """Refuse (InvalidWorkOrder, 400 in the API, a 400 page on screens) a query that names a field the user
    sees masked: a filter, search or ordering on it would reveal what the display hides."""
    refused = refused_lookups(user, model, names)
    if refused:
        raise InvalidWorkOrder(
            "不能按您无权查看明文的个人信息或自由文本筛选、搜索或排序。",
            fields={name: ["此项含个人信息，您看到的是脱敏内容，不能作为查询条件。"] for name in refused},
        )
