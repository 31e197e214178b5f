"""Who may read statistics, act on hot spots and publish consumer warnings."""

from __future__ import annotations

from lianxin.accounts.models import User
from lianxin.domain.workflow import Role

STATISTICS_ROLES = frozenset(
    {Role.SHIFT_SUPERVISOR, Role.CENTER_MANAGER, Role.ANALYST, Role.ADMINISTRATOR, Role.UNIT_LEADER}
)
# Order 121 Art. 38: the center analyses the data and issues consumer warnings.
WARNING_ROLES = frozenset({Role.ANALYST, Role.CENTER_MANAGER, Role.ADMINISTRATOR})


def _active(user: User) -> bool:
    return bool(user.is_authenticated and user.is_active)


def can_read_statistics(user: User) -> bool:
    return _active(user) and (user.is_superuser or user.role_enum in STATISTICS_ROLES)


def can_manage_warnings(user: User) -> bool:
    return _active(user) and (user.is_superuser or user.role_enum in WARNING_ROLES)
