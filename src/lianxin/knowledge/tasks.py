"""Background jobs of the knowledge base (django-q2 through `lianxin.common.jobs`, ADR 0013)."""

from __future__ import annotations


def warm_knowledge_snapshot_task() -> None:
    """Build the search snapshot for the current knowledge data (after an import), so that no search — a server
    worker or a cold `kb search` — waits for it. Idempotent: maps the files when they already exist."""
    from .store import snapshot_warm

    snapshot_warm()
