"""Appending an event to a work order's log, chained to the previous one (see `lianxin.domain.event_chain`)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from lianxin.accounts.models import User
from lianxin.domain.event_chain import GENESIS, EventContent, chain_hash
from lianxin.workorders.models import WorkOrder, WorkOrderEvent


def event_content(event: WorkOrderEvent) -> EventContent:
    return EventContent(
        work_order_id=event.work_order_id,
        sequence=event.sequence,
        action=event.action,
        actor_id=event.actor_id,
        approver_id=event.approver_id,
        occurred_at=event.occurred_at,
        from_state=event.from_state,
        to_state=event.to_state,
        note=event.note,
        ground_code=event.ground_code,
        changes=event.changes,
    )


def event_append(
    *,
    work_order: WorkOrder,
    sequence: int,
    action: str,
    actor: User | None,
    occurred_at: datetime,
    from_state: str,
    to_state: str,
    approver: User | None = None,
    note: str = "",
    ground_code: str = "",
    changes: dict[str, Any] | None = None,
) -> WorkOrderEvent:
    """Write the event in the caller's transaction (which holds the work order's row lock or created the row),
    with its link in the hash chain."""
    previous = (
        WorkOrderEvent.objects.filter(work_order_id=work_order.pk, sequence=sequence - 1)
        .values_list("chain_hash", flat=True)
        .first()
        if sequence > 1
        else None
    )
    event = WorkOrderEvent(
        work_order=work_order,
        sequence=sequence,
        action=action,
        actor=actor,
        approver=approver,
        occurred_at=occurred_at,
        from_state=from_state,
        to_state=to_state,
        note=note,
        ground_code=ground_code,
        changes=changes or {},
    )
    event.chain_hash = chain_hash(previous or GENESIS, event_content(event))
    event.save()
    return event
