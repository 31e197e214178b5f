"""Verifying the hash chain of every work order's event log (`./lianxin audit verify`, and the scheduled job)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import Any

from lianxin.domain.event_chain import GENESIS, chain_hash
from lianxin.workorders.models import WorkOrder, WorkOrderEvent
from lianxin.workorders.services.events import event_content


@dataclass(frozen=True, slots=True)
class BrokenLink:
    work_order_id: int
    number: str
    sequence: int
    reason: str


@dataclass(slots=True)
class ChainReport:
    work_orders: int = 0
    events: int = 0
    broken: list[BrokenLink] = field(default_factory=list)

    @property
    def is_intact(self) -> bool:
        return not self.broken

    def as_dict(self) -> dict[str, Any]:
        return {
            "intact": self.is_intact,
            "work_orders": self.work_orders,
            "events": self.events,
            "broken": [asdict(link) for link in self.broken],
        }


def event_chains_verify(*, work_order_ids: Iterable[int] | None = None) -> ChainReport:
    """Recompute every chain from the stored events; report the first broken link of each work order (an event
    altered, removed or renumbered, or written without its hash)."""
    report = ChainReport()
    events = WorkOrderEvent.objects.order_by("work_order_id", "sequence")
    if work_order_ids is not None:
        events = events.filter(work_order_id__in=list(work_order_ids))
    current: int | None = None
    previous, expected_sequence, broken_here = GENESIS, 1, False
    for event in events.iterator(chunk_size=2000):
        if event.work_order_id != current:
            current, previous, expected_sequence, broken_here = event.work_order_id, GENESIS, 1, False
            report.work_orders += 1
        report.events += 1
        if broken_here:
            continue
        reason = ""
        if event.sequence != expected_sequence:
            reason = f"缺少第 {expected_sequence} 条记录（下一条为第 {event.sequence} 条）"
        else:
            computed = chain_hash(previous, event_content(event))
            if not event.chain_hash:
                reason = "记录没有校验值"
            elif computed != event.chain_hash:
                reason = "记录内容与校验值不符（被改动或前一条被改动）"
            previous = computed
        if reason:
            broken_here = True
            report.broken.append(BrokenLink(event.work_order_id, "", event.sequence, reason))
        expected_sequence = event.sequence + 1
    numbers = dict(
        WorkOrder.objects.filter(pk__in=[b.work_order_id for b in report.broken]).values_list("pk", "number")
    )
    report.broken = [
        BrokenLink(b.work_order_id, numbers.get(b.work_order_id, ""), b.sequence, b.reason)
        for b in report.broken
    ]
    return report
