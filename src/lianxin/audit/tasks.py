"""Background jobs of the audit app (ids in, idempotent)."""

from __future__ import annotations

import logging
from datetime import time
from typing import Any

from lianxin.common.jobs import Every, scheduled

from .chain import event_chains_verify

logger = logging.getLogger(__name__)


@scheduled("校验工单办理记录链", every=Every.DAILY, at=time(3, 30))
def verify_event_chains_task() -> dict[str, Any]:
    """Verify every work order's event chain; log an error naming each broken one. Meant to run daily."""
    report = event_chains_verify()
    for link in report.broken:
        logger.error(
            "工单记录链校验失败：工单 %s（ID %s）第 %s 条：%s",
            link.number,
            link.work_order_id,
            link.sequence,
            link.reason,
        )
    return report.as_dict()
