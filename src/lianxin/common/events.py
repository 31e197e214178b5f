"""The one small interface through which apps announce what happened, so that apps never import interfaces.

An app calls :func:`publish_live` inside its write transaction; the message is handed to the subscribers only
after the transaction commits (a rolled-back change announces nothing). The live-push interface
(`lianxin.realtime`) subscribes at start-up and carries each message to the browsers listening on its channels.

Channel names say who may hear a message; the stream endpoint decides which channels a signed-in user listens to,
never the browser: ``user:<id>``, ``unit:<id>``, ``role:<role value>``, ``center:<unit id>``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

CHANNEL_PREFIXES = ("user", "unit", "role", "center")


@dataclass(frozen=True, slots=True)
class LiveEvent:
    """What happened (``event_type`` such as ``call.offered``), for whom (channels), and the data a screen shows."""

    channels: tuple[str, ...]
    event_type: str
    data: Mapping[str, Any] = field(default_factory=dict)


Subscriber = Callable[[LiveEvent], None]
_subscribers: list[Subscriber] = []


def subscribe(subscriber: Subscriber) -> None:
    """Called once per process by an interface's AppConfig.ready(); idempotent."""
    if subscriber not in _subscribers:
        _subscribers.append(subscriber)


def user_channel(user_id: int) -> str:
    return f"user:{user_id}"


def unit_channel(unit_id: int) -> str:
    return f"unit:{unit_id}"


def role_channel(role: str) -> str:
    return f"role:{role}"


def center_channel(center_id: int) -> str:
    return f"center:{center_id}"


def _check_channel(channel: str) -> str:
    prefix, _, rest = channel.partition(":")
    if prefix not in CHANNEL_PREFIXES or not rest:
        raise ValueError(
            f"unknown live channel {channel!r}: expected one of {CHANNEL_PREFIXES} followed by ':'"
        )
    return channel


def publish_live(channels: Iterable[str], event_type: str, data: Mapping[str, Any] | None = None) -> None:
    """Announce ``event_type`` to ``channels`` once the current transaction commits (at once outside one).

    ``data`` must be JSON-serialisable and must hold only what every listener of those channels may see: a message
    for ``role:shift_supervisor`` carries no caller's phone number in clear.
    """
    event = LiveEvent(
        channels=tuple(dict.fromkeys(_check_channel(c) for c in channels)),
        event_type=event_type,
        data=dict(data or {}),
    )
    if not event.channels:
        return
    transaction.on_commit(lambda: _deliver(event))


def _deliver(event: LiveEvent) -> None:
    for subscriber in list(_subscribers):
        subscriber(event)
