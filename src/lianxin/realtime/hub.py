"""One hub per server process: it learns of new live messages once and hands each to the connections that listen.

Embedded default: the hub polls the message table (one indexed query every ``POLL_SECONDS`` for the whole
process, not one per browser), which works across every uvicorn worker with no other service. With ``REDIS_URL``
it subscribes to Redis instead and delivers as soon as the publisher's transaction has committed. ADR 0013.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import time
from collections import OrderedDict
from concurrent.futures import ThreadPoolExecutor

from django.conf import settings
from django.db import close_old_connections

from .selectors import SETTLE, messages_after, messages_new
from .store import REDIS_CHANNEL

logger = logging.getLogger(__name__)

POLL_SECONDS = 0.1
QUEUE_SIZE = 1000
OVERFLOW = {
    "type": "overflow"
}  # a connection too slow to keep up is closed; its browser reconnects and replays


class RecentIds:
    """Ids delivered within the settle window (older ones can no longer reappear in a poll)."""

    def __init__(self) -> None:
        self._ids: OrderedDict[int, float] = OrderedDict()

    def __contains__(self, message_id: object) -> bool:
        return message_id in self._ids

    def add(self, message_id: int) -> None:
        self._ids[message_id] = time.monotonic()
        horizon = time.monotonic() - 3 * SETTLE.total_seconds()
        while self._ids and next(iter(self._ids.values())) < horizon:
            self._ids.popitem(last=False)

    def as_set(self) -> set[int]:
        return set(self._ids)


class Hub:
    def __init__(self) -> None:
        self._listeners: dict[asyncio.Queue, frozenset[str]] = {}
        self._task: asyncio.Task | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="live-hub")

    def listen(self, channels: frozenset[str]) -> asyncio.Queue:
        self._ensure_running()
        queue: asyncio.Queue = asyncio.Queue(maxsize=QUEUE_SIZE)
        self._listeners[queue] = channels
        return queue

    def stop_listening(self, queue: asyncio.Queue) -> None:
        self._listeners.pop(queue, None)

    def release_connections(self) -> None:
        """Close the poller thread's database connection (tests, before the test database is dropped)."""
        from django.db import connections

        self._executor.submit(connections.close_all).result()

    @property
    def listener_count(self) -> int:
        return len(self._listeners)

    def dispatch(self, message: dict) -> None:
        for queue, channels in list(self._listeners.items()):
            if message["channel"] not in channels:
                continue
            try:
                queue.put_nowait(message)
            except asyncio.QueueFull:
                self._listeners.pop(queue, None)
                with contextlib.suppress(asyncio.QueueFull):
                    queue.get_nowait()
                    queue.put_nowait(OVERFLOW)

    def _ensure_running(self) -> None:
        loop = asyncio.get_running_loop()
        if self._task is not None and not self._task.done() and self._loop is loop:
            return
        self._loop = loop
        run = self._run_redis if settings.REDIS_URL else self._run_poll
        self._task = loop.create_task(run(), name="live-hub")

    async def _run_poll(self) -> None:
        loop = asyncio.get_running_loop()
        cursor = await loop.run_in_executor(self._executor, _latest_id)
        recent = RecentIds()
        while True:
            try:
                fresh = await loop.run_in_executor(self._executor, _poll, cursor, recent.as_set())
            except Exception:
                logger.exception("live hub: polling the message table failed; retrying")
                await asyncio.sleep(1)
                continue
            for message in fresh:
                recent.add(message["id"])
                cursor = max(cursor, message["id"])
                self.dispatch(message)
            await asyncio.sleep(POLL_SECONDS)

    async def _run_redis(self) -> None:
        import redis.asyncio as redis

        while True:
            client = redis.Redis.from_url(settings.REDIS_URL)
            try:
                async with client.pubsub() as pubsub:
                    await pubsub.subscribe(REDIS_CHANNEL)
                    async for item in pubsub.listen():
                        if item.get("type") == "message":
                            self.dispatch(json.loads(item["data"]))
            except asyncio.CancelledError:
                raise
            except Exception:
                # Browsers keep their Last-Event-ID and replay from the table when they reconnect.
                logger.exception("live hub: Redis subscription lost; reconnecting")
                await asyncio.sleep(1)
            finally:
                await client.aclose()


def _latest_id() -> int:
    close_old_connections()
    from .models import LiveMessage

    latest = LiveMessage.objects.order_by("-id").values_list("id", flat=True).first()
    return latest or 0


def _poll(cursor: int, seen: set[int]) -> list[dict]:
    close_old_connections()
    return [m.as_wire() for m in messages_new(None, cursor, seen)]


def replay(channels: frozenset[str], last_id: int) -> list[dict]:
    """Runs once per reconnect in a worker thread of its own: it gives its connection back when done."""
    from django.db import connection

    try:
        return [m.as_wire() for m in messages_after(channels, last_id)]
    finally:
        connection.close()


hub = Hub()
