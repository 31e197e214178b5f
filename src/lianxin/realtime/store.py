"""Store each live message (for replay), then wake the hubs: through Redis when configured, else they poll the table."""

from __future__ import annotations

import json
import logging
from datetime import timedelta
from functools import cache

from django.conf import settings

from lianxin.common import clock
from lianxin.common.events import LiveEvent

from .models import LiveMessage

logger = logging.getLogger(__name__)

REDIS_CHANNEL = "lianxin:live"
KEEP_FOR = timedelta(days=1)


@cache
def redis_client():
    import redis

    return redis.Redis.from_url(settings.REDIS_URL)


def store_live_event(event: LiveEvent) -> list[LiveMessage]:
    """Runs after the publisher's transaction committed: one row per channel, then one Redis publish per row."""
    now = clock.now()
    rows = LiveMessage.objects.bulk_create(
        [
            LiveMessage(channel=channel, event_type=event.event_type, data=dict(event.data), created_at=now)
            for channel in event.channels
        ]
    )
    if settings.REDIS_URL:
        try:
            client = redis_client()
            for row in rows:
                client.publish(REDIS_CHANNEL, json.dumps(row.as_wire(), ensure_ascii=False))
        except Exception:
            # The rows are stored: a browser gets them on its next reconnect. The write that caused them stands.
            logger.exception(
                "live push: Redis publish failed; messages %s wait for replay", [r.pk for r in rows]
            )
    return rows


def prune_live_messages() -> int:
    """Delete messages older than a day (a scheduled job); returns how many."""
    deleted, _ = LiveMessage.objects.filter(created_at__lt=clock.now() - KEEP_FOR).delete()
    return deleted
