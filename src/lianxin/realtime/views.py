"""`/live/stream/`: server-sent events for a signed-in user (session) or a program (API token).

Each message is one SSE event whose ``id`` is the message id, so the browser's EventSource sends it back as
``Last-Event-ID`` when it reconnects and gets what it missed. A stream ends after a while (``retry`` tells the
browser to come back at once), which recycles connections and lets servers restart without losing messages.
"""

from __future__ import annotations

import asyncio
import json
import queue
import time
from collections.abc import AsyncIterator, Iterator

from asgiref.sync import sync_to_async
from django.contrib.auth.decorators import login_not_required
from django.core.handlers.asgi import ASGIRequest
from django.http import HttpRequest, HttpResponse, JsonResponse, StreamingHttpResponse
from django.views.decorators.http import require_GET

from lianxin.accounts.models import User

from .hub import OVERFLOW, RecentIds, hub, replay
from .selectors import channels_for, messages_after
from .store import local_listen, local_stop

ASGI_STREAM_SECONDS = 300
WSGI_STREAM_SECONDS = 10  # the threaded test server: one thread per stream, so keep them short
WSGI_PING_SECONDS = 1
HEARTBEAT_SECONDS = 15
RECONNECT_MILLISECONDS = 1000


def _event(message: dict) -> bytes:
    payload = json.dumps(message, ensure_ascii=False, separators=(",", ":"))
    return f"id: {message['id']}\ndata: {payload}\n\n".encode()


def _last_event_id(request: HttpRequest) -> int | None:
    raw = request.headers.get("Last-Event-ID") or request.GET.get("last_event_id")
    if raw is None:
        return None
    try:
        return max(int(raw), 0)
    except ValueError:
        return None


def _authenticate(request: HttpRequest) -> User | None:
    """The session user, else whatever the API accepts (tokens), through the API's own authentication classes."""
    if request.user.is_authenticated:
        return request.user  # type: ignore[return-value]
    from rest_framework.exceptions import APIException
    from rest_framework.request import Request
    from rest_framework.settings import api_settings

    drf_request = Request(
        request, authenticators=[cls() for cls in api_settings.DEFAULT_AUTHENTICATION_CLASSES]
    )
    try:
        user = drf_request.user
    except APIException:
        return None
    return user if user is not None and user.is_authenticated and user.is_active else None


def _listener_channels(request: HttpRequest) -> frozenset[str] | None:
    """Who listens, and on which channels; then the database connection goes back to the pool at once. A stream
    lives for minutes and must not hold a pooled connection that whole time (the hub reads for every stream)."""
    from django.db import connection

    try:
        user = _authenticate(request)
        return channels_for(user) if user is not None else None
    finally:
        if isinstance(request, ASGIRequest):
            connection.close()


async def _asgi_stream(channels: frozenset[str], last_id: int | None) -> AsyncIterator[bytes]:
    queue = hub.listen(channels)  # listen first, then replay: nothing falls between the two
    sent = RecentIds()
    try:
        yield f"retry: {RECONNECT_MILLISECONDS}\n: connected\n\n".encode()
        if last_id is not None:
            for message in await sync_to_async(replay, thread_sensitive=False)(channels, last_id):
                sent.add(message["id"])
                yield _event(message)
        deadline = time.monotonic() + ASGI_STREAM_SECONDS
        while (remaining := deadline - time.monotonic()) > 0:
            try:
                message = await asyncio.wait_for(queue.get(), timeout=min(HEARTBEAT_SECONDS, remaining))
            except TimeoutError:
                yield b": ping\n\n"
                continue
            if message is OVERFLOW:
                return
            if message["id"] in sent:
                continue
            sent.add(message["id"])
            yield _event(message)
    finally:
        hub.stop_listening(queue)


def _wsgi_stream(channels: frozenset[str], last_id: int | None) -> Iterator[bytes]:
    """The same stream for a threaded WSGI server (the test live server): the messages published in this process
    arrive on a queue (no polling of the table); what was missed is replayed from the table once, at connect."""
    from django.db import connection

    key, inbox = local_listen(channels)
    sent = RecentIds()
    try:
        yield f"retry: {RECONNECT_MILLISECONDS}\n: connected\n\n".encode()
        if last_id is not None:
            for row in messages_after(channels, last_id):
                sent.add(row.pk)
                yield _event(row.as_wire())
        connection.close()  # back to the pool: the stream needs no connection while it waits
        deadline = time.monotonic() + WSGI_STREAM_SECONDS
        while (remaining := deadline - time.monotonic()) > 0:
            try:
                message = inbox.get(timeout=min(WSGI_PING_SECONDS, remaining))
            except queue.Empty:
                # A write is the only way to notice a browser that went away: then this thread stops.
                yield b": ping\n\n"
                continue
            if message["id"] in sent:
                continue
            sent.add(message["id"])
            yield _event(message)
    finally:
        local_stop(key)


@login_not_required
@require_GET
async def live_stream(request: HttpRequest) -> HttpResponse:
    channels = await sync_to_async(_listener_channels)(request)
    if channels is None:
        return JsonResponse({"code": "not_authenticated", "message": "请先登录。", "fields": {}}, status=401)
    last_id = _last_event_id(request)
    stream = _asgi_stream if isinstance(request, ASGIRequest) else _wsgi_stream
    body = stream(channels, last_id)
    response = StreamingHttpResponse(body, content_type="text/event-stream; charset=utf-8")
    response["Cache-Control"] = "no-store"
    response["X-Accel-Buffering"] = "no"  # nginx: pass each event on at once
    return response
