"""The hash chain that makes a work order's event log tamper-evident.

Each event stores ``sha256(previous hash + canonical content)``; the first event of a work order chains from the
empty string. Rewriting, removing or reordering an event changes its hash and breaks every later link, so a
verifier that recomputes the chain from the stored rows finds the first altered event. (Appending a forged event
at the end is prevented by the database, not by the chain: events are append-only and written only by the
services, and on PostgreSQL a trigger refuses UPDATE and DELETE.)

The canonical content is JSON with sorted keys, no insignificant whitespace, UTF-8, and times in UTC with
microseconds — the same bytes whichever database stored the row (PostgreSQL's jsonb reorders keys).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

GENESIS = ""


@dataclass(frozen=True, slots=True)
class EventContent:
    """What the hash covers: everything an event says."""

    work_order_id: int
    sequence: int
    action: str
    actor_id: int | None
    approver_id: int | None
    occurred_at: datetime
    from_state: str
    to_state: str
    note: str
    ground_code: str
    changes: Mapping[str, Any]


def canonical(content: EventContent) -> bytes:
    if content.occurred_at.tzinfo is None:
        raise ValueError("occurred_at must be timezone-aware")
    body = {
        "work_order": content.work_order_id,
        "sequence": content.sequence,
        "action": content.action,
        "actor": content.actor_id,
        "approver": content.approver_id,
        "occurred_at": content.occurred_at.astimezone(UTC).isoformat(timespec="microseconds"),
        "from_state": content.from_state,
        "to_state": content.to_state,
        "note": content.note,
        "ground_code": content.ground_code,
        "changes": content.changes,
    }
    return json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def chain_hash(previous: str, content: EventContent) -> str:
    """The hash of this event: sha256 over the previous event's hash and this event's canonical content."""
    return hashlib.sha256(previous.encode("ascii") + b"\n" + canonical(content)).hexdigest()
