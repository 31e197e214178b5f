"""Writes to the organisation tree and the user list."""

from __future__ import annotations

from django.db import transaction

from lianxin.common.reference_cache import reference_changed
from lianxin.domain.workflow import Role

from .models import OrgUnit, User


@transaction.atomic
def org_unit_create(
    *, name: str, code: str, kind: str, parent: OrgUnit | None = None, division_code: str = ""
) -> OrgUnit:
    unit = OrgUnit.objects.create(name=name, code=code, kind=kind, parent=parent, division_code=division_code)
    unit.path = f"{parent.path if parent else '/'}{unit.pk}/"
    unit.save(update_fields=["path"])
    reference_changed()
    return unit


@transaction.atomic
def org_unit_ensure(
    *, name: str, code: str, kind: str, parent: OrgUnit | None = None, division_code: str = ""
) -> OrgUnit:
    """Idempotent: return the unit with `code`, creating it under `parent` when missing."""
    existing = OrgUnit.objects.filter(code=code).first()
    if existing is not None:
        return existing
    return org_unit_create(name=name, code=code, kind=kind, parent=parent, division_code=division_code)


def org_unit_rebuild_paths() -> int:
    """Recompute every path from the parents (after an administrator moves a unit in the admin)."""
    units = {u.pk: u for u in OrgUnit.objects.all()}
    changed = []

    def path_of(unit: OrgUnit) -> str:
        prefix = path_of(units[unit.parent_id]) if unit.parent_id else "/"
        return f"{prefix}{unit.pk}/"

    for unit in units.values():
        path = path_of(unit)
        if unit.path != path:
            unit.path = path
            changed.append(unit)
    OrgUnit.objects.bulk_update(changed, ["path"])
    reference_changed()
    return len(changed)


def user_create(
    *,
    username: str,
    password: str | None,
    role: Role,
    unit: OrgUnit | None,
    full_name: str = "",
    is_staff: bool = False,
    is_superuser: bool = False,
) -> User:
    user = User(
        username=username,
        role=role.value,
        unit=unit,
        full_name=full_name,
        is_staff=is_staff,
        is_superuser=is_superuser,
    )
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.save()
    return user
