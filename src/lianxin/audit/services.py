"""Recording views of personal data in clear."""

from __future__ import annotations

from collections.abc import Iterable

from lianxin.accounts.models import User
from lianxin.common import clock
from lianxin.domain.personal_data import contains_identifiers
from lianxin.workorders.models import WorkOrder
from lianxin.workorders.permissions import FREE_TEXT_FIELDS, PERSONAL_FIELDS

from .models import Interface, PersonalDataAccess

_FLAGS = frozenset({"is_anonymous", "is_identity_verified"})  # facts about the record, not the person's data


def clear_personal_fields(work_order: WorkOrder) -> list[str]:
    """The fields of `work_order` that hold personal data: the filled-in contact fields, and the free text that
    contains a phone, ID or bank card number."""
    contact = sorted(name for name in PERSONAL_FIELDS[WorkOrder] - _FLAGS if getattr(work_order, name, ""))
    text = sorted(
        name
        for name in FREE_TEXT_FIELDS[WorkOrder]
        if contains_identifiers(str(getattr(work_order, name, "") or ""))
    )
    return contact + text


def personal_data_access_record(
    *,
    user: User,
    work_order: WorkOrder,
    interface: Interface,
    path: str = "",
    fields: Iterable[str] | None = None,
) -> PersonalDataAccess | None:
    """Record that `user` was shown `work_order`'s personal data in clear (the caller decided it was clear).
    Nothing is recorded when the work order holds no personal data."""
    names = list(fields) if fields is not None else clear_personal_fields(work_order)
    if not names:
        return None
    return PersonalDataAccess.objects.create(
        user=user,
        occurred_at=clock.now(),
        work_order=work_order,
        fields=names,
        interface=interface.value,
        path=path[:300],
    )
