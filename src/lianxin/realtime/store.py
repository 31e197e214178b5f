"""Store each live message (for replay), then wake the hubs: through Redis when configured, else they poll the table."""

from __future__ import annotations

import json
import logging
import queue
import threading
from datetime import timedelta
from functools import cache

from django.conf import settings
from django.db import connection, transaction

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


# Streams served by threads of this same process (the threaded test server) wait on a queue instead of polling
# the table: the rows are still written first, for replay after a reconnect.
_local_listeners: dict[int, tuple[frozenset[str], queue.SimpleQueue]] = {}
_local_lock = threading.Lock()


def local_listen(channels: frozenset[str]) -> tuple[int, queue.SimpleQueue]:
    inbox: queue.SimpleQueue = queue.SimpleQueue()
    with _local_lock:
        key = id(inbox)
        _local_listeners[key] = (channels, inbox)
    return key, inbox


def local_stop(key: int) -> None:
    with _local_lock:
        _local_listeners.pop(key, None)


def _hand_to_local_listeners(rows: list[LiveMessage]) -> None:
    with _local_lock:
        listeners = list(_local_listeners.values())
    for row in rows:
        for channels, inbox in listeners:
            if row.channel in channels:
                inbox.put(row.as_wire())


def store_live_event(event: LiveEvent) -> list[LiveMessage]:
    """Runs after the publisher's transaction committed: one row per channel, then one Redis publish per row."""
    now = clock.now()
    with transaction.atomic():
        if connection.vendor == "postgresql":
            # Asynchronous commit for these rows only: they are a day's replay buffer for reconnecting browsers,
            # re-sent by nothing, and the change they announce is already durably committed. Waiting for the WAL
            # flush here put a disk flush between every commit and its screen pop (5–25 ms each under a
            # neighbour's bulk load, several per CTI event; bench/intake, ADR 0021). A crash may lose the last
            # few hundred ms of them: those browsers miss a replay, as when Redis drops a publish.
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL synchronous_commit TO OFF")
        rows = LiveMessage.objects.bulk_create(
            [
                LiveMessage(
                    channel=channel, event_type=event.event_type, data=dict(event.data), created_at=now
                )
                for channel in event.channels
            ]
        )
    _hand_to_local_listeners(rows)
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
