"""Reads of the organisation tree."""

from __future__ import annotations

from dataclasses import dataclass

from lianxin.common.reference_cache import cached

from .models import OrgUnit, UnitKind


@dataclass(frozen=True, slots=True)
class UnitEntry:
    """What scope checks and dispatch need of a unit, held in the per-process reference cache."""

    pk: int
    code: str
    name: str
    kind: str
    path: str
    is_active: bool

    @property
    def is_center(self) -> bool:
        return self.kind == UnitKind.CENTER

    def contains(self, other_path: str) -> bool:
        """This unit is `other_path`'s unit or one of its ancestors."""
        return other_path.startswith(self.path)


def unit_directory() -> dict[int, UnitEntry]:
    """Every unit by primary key (a province has a few hundred), reloaded when the tree changes."""
    return cached("unit_directory", _load_unit_directory)


def _load_unit_directory() -> dict[int, UnitEntry]:
    return {
        pk: UnitEntry(pk, code, name, kind, path, is_active)
        for pk, code, name, kind, path, is_active in OrgUnit.objects.values_list(
            "pk", "code", "name", "kind", "path", "is_active"
        )
    }


def unit_entry(unit_id: int | None) -> UnitEntry | None:
    return None if unit_id is None else unit_directory().get(unit_id)


def unit_by_code(code: str | None) -> UnitEntry | None:
    if not code:
        return None
    return cached("unit_by_code", lambda: {u.code: u for u in unit_directory().values()}).get(code)
