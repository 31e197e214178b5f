"""Background jobs of the documents app (django-q2 through lianxin.common.jobs)."""

from __future__ import annotations

from .services import document_render


def render_document(document_id: int) -> None:
    document_render(document_id)
