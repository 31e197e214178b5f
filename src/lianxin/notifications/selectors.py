"""Reading the outbox."""

from __future__ import annotations

from django.db.models import QuerySet

from lianxin.common.fields import blind_index_for

from .models import OutboxMessage


def messages_to(recipient: str) -> QuerySet[OutboxMessage]:
    """The messages written to this phone number or e-mail address (any written form), newest first.

    The recipient is encrypted at rest, so the match is on its blind index (ADR 0019 §4)."""
    digest = blind_index_for(OutboxMessage, "recipient_index", recipient)
    return OutboxMessage.objects.filter(recipient_index=digest).order_by("-created_at", "-id")
