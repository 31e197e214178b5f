"""Background jobs of the work orders (django-q2 through `lianxin.common.jobs`, ADR 0013)."""

from __future__ import annotations

from dataclasses import asdict
from datetime import time
from typing import Any

from lianxin.common.jobs import Every, scheduled

from .services.recompute import work_order_deadlines_recompute


@scheduled("暂定期限更新", every=Every.DAILY, at=time(5, 30))
def recompute_provisional_deadlines_task() -> dict[str, Any]:
    """Replace provisional (暂定) and missing due dates once the year they depend on is loaded. Loading a year
    already does this at once (the `calendar_year_loaded` signal); the daily run catches a year loaded by any
    other path and work orders registered before provisional dates existed. Idempotent."""
    from lianxin.workorders.services.recompute import recompute_provisional_deadlines

    return asdict(recompute_provisional_deadlines())


def recompute_deadlines() -> dict[str, int]:
    """Queued after a rule or calendar edit (see receivers.py); idempotent."""
    return asdict(work_order_deadlines_recompute())


@scheduled("每日期限重算", every=Every.DAILY)
def recompute_deadlines_daily() -> dict[str, int]:
    """A nightly safety net: an edit made outside the admin (a shell, a migration) is picked up by morning."""
    return asdict(work_order_deadlines_recompute())
