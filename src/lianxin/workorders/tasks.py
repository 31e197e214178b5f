"""Background jobs of the work orders (django-q2 through lianxin.common.jobs)."""

from __future__ import annotations

from dataclasses import asdict

from lianxin.common.jobs import Every, scheduled

from .services.recompute import work_order_deadlines_recompute


def recompute_deadlines() -> dict[str, int]:
    """Queued after a rule or calendar edit (see receivers.py); idempotent."""
    return asdict(work_order_deadlines_recompute())


@scheduled("每日期限重算", every=Every.DAILY)
def recompute_deadlines_daily() -> dict[str, int]:
    """A nightly safety net: an edit made outside the admin (a shell, a migration) is picked up by morning."""
    return asdict(work_order_deadlines_recompute())
