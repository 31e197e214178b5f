"""The live-push layer: messages are stored after commit, replayed after a reconnect, and streamed as they come,
by the database-polling hub (the embedded default) and through Redis."""

from __future__ import annotations

import asyncio
import json
import os
import threading

import pytest
from asgiref.sync import sync_to_async
from django.test import AsyncClient, override_settings

from lianxin.common.events import publish_live
from lianxin.realtime.hub import hub
from lianxin.realtime.models import LiveMessage
from lianxin.realtime.selectors import channels_for


def _events(chunks: list[bytes]) -> list[dict]:
    text = b"".join(chunks).decode()
    return [json.loads(line[len("data: ") :]) for line in text.splitlines() if line.startswith("data: ")]


def test_a_message_is_stored_once_the_transaction_commits(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        publish_live(["user:7", "role:shift_supervisor", "user:7"], "call.offered", {"call": 1})
        assert LiveMessage.objects.count() == 0  # nothing is announced before the commit
    for callback in callbacks:
        callback()
    rows = list(LiveMessage.objects.order_by("id").values_list("channel", "event_type", "data"))
    assert rows == [
        ("user:7", "call.offered", {"call": 1}),
        ("role:shift_supervisor", "call.offered", {"call": 1}),
    ]


def test_a_rolled_back_change_announces_nothing(db):
    from django.db import transaction

    def publish_then_fail() -> None:
        with transaction.atomic():
            publish_live(["user:1"], "work_order.dispatched", {})
            raise RuntimeError("the write failed")

    with pytest.raises(RuntimeError):
        publish_then_fail()
    assert not LiveMessage.objects.exists()


def test_an_unknown_channel_is_refused():
    with pytest.raises(ValueError, match="unknown live channel"):
        publish_live(["everyone"], "x", {})


def test_a_user_listens_to_their_own_user_role_and_unit_channels(people, org):
    agent = people["agent"]
    assert channels_for(agent) == {
        f"user:{agent.pk}",
        "role:agent",
        f"unit:{org['center'].pk}",
        f"center:{org['center'].pk}",
    }
    handler = people["yanta_handler"]
    assert channels_for(handler) == {f"user:{handler.pk}", "role:unit_handler", f"unit:{org['yanta'].pk}"}


def test_the_stream_refuses_anonymous_listeners(client):
    response = client.get("/live/stream/")
    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"


def test_a_reconnecting_browser_gets_what_it_missed_on_its_channels_only(client, people, org):
    agent, other = people["agent"], people["yanta_handler"]
    first = LiveMessage.objects.create(channel=f"user:{agent.pk}", event_type="a", data={"n": 1}, created_at=_now())
    LiveMessage.objects.create(channel=f"user:{agent.pk}", event_type="b", data={"n": 2}, created_at=_now())
    LiveMessage.objects.create(channel=f"user:{other.pk}", event_type="secret", data={}, created_at=_now())
    LiveMessage.objects.create(channel="role:agent", event_type="c", data={"n": 3}, created_at=_now())
    client.force_login(agent)

    response = client.get("/live/stream/", headers={"Last-Event-ID": str(first.pk)})

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/event-stream")
    assert response["Cache-Control"] == "no-store"
    stream = iter(response.streaming_content)
    chunks = [next(stream) for _ in range(3)]  # the retry/comment preamble, then the two missed messages
    response.close()
    assert [event["type"] for event in _events(chunks)] == ["b", "c"]
    assert b"id: " in chunks[1]


def _now():
    from lianxin.common import clock

    return clock.now()


def _redis_available() -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url("redis://127.0.0.1:6379/15", socket_connect_timeout=1).ping())
    except redis.RedisError:
        return False


async def _first_pushed_event(user, publish) -> dict:
    """Open the stream as ``user`` over ASGI, publish from another thread, return the first event received."""
    client = AsyncClient()
    await sync_to_async(client.force_login)(user)
    response = await client.get("/live/stream/")
    assert response.status_code == 200
    stream = aiter(response.streaming_content)
    preamble = await anext(stream)
    assert b"connected" in preamble
    for _ in range(50):  # the hub is listening once this connection is registered
        if hub.listener_count:
            break
        await asyncio.sleep(0.02)
    await asyncio.sleep(0.2)
    thread = threading.Thread(target=publish)
    thread.start()
    try:
        while True:
            chunk = await asyncio.wait_for(anext(stream), timeout=5)
            events = _events([chunk])
            if events:
                return events[0]
    finally:
        thread.join()
        await response.aclose() if hasattr(response, "aclose") else response.close()


@pytest.fixture(autouse=True)
def _release_hub_connections():
    yield
    hub.release_connections()


def _publisher(channel: str):
    def publish() -> None:
        from django.db import connection, transaction

        with transaction.atomic():
            publish_live([channel], "call.offered", {"from": "029****1234"})
        connection.close()

    return publish


@pytest.mark.django_db(transaction=True)
def test_the_hub_pushes_a_new_message_to_the_listening_browser(people):
    agent = people["agent"]
    event = asyncio.run(_first_pushed_event(agent, _publisher(f"user:{agent.pk}")))
    assert event["type"] == "call.offered"
    assert event["data"] == {"from": "029****1234"}


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(not _redis_available() and not os.environ.get("CI"), reason="Redis 未运行（127.0.0.1:6379）")
def test_with_redis_the_message_arrives_through_the_redis_subscription(people):
    agent = people["agent"]
    with override_settings(REDIS_URL="redis://127.0.0.1:6379/15"):
        from lianxin.realtime.store import redis_client

        redis_client.cache_clear()
        try:
            event = asyncio.run(_first_pushed_event(agent, _publisher(f"user:{agent.pk}")))
        finally:
            redis_client.cache_clear()
    assert event["type"] == "call.offered"
