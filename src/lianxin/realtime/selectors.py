"""Reading live messages: what a listener missed, and what is new since the last look."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta

from django.db.models import Q

from lianxin.accounts.models import User
from lianxin.common import clock
from lianxin.common.events import center_channel, role_channel, unit_channel, user_channel

from .models import LiveMessage

# On PostgreSQL two transactions may commit their ids out of order (id 11 visible before id 10): a reader that
# only asks for "id > last seen" would skip 10 for ever. So it also looks back this far by time, and skips
# the ids it already delivered.
SETTLE = timedelta(seconds=3)
REPLAY_LIMIT = 500


def channels_for(user: User) -> frozenset[str]:
    """The channels a signed-in user listens to; decided by the server, never by the browser."""
    channels = {user_channel(user.pk), role_channel(user.role)}
    if user.unit_id:
        channels.add(unit_channel(user.unit_id))
        if user.unit is not None and user.unit.is_center:
            channels.add(center_channel(user.unit_id))
    return frozenset(channels)


def messages_after(
    channels: Iterable[str] | None, last_id: int, *, limit: int = REPLAY_LIMIT
) -> list[LiveMessage]:
    """Messages with an id above ``last_id`` (replay after a reconnect); ``channels=None`` means every channel."""
    queryset = LiveMessage.objects.filter(id__gt=last_id)
    if channels is not None:
        queryset = queryset.filter(channel__in=list(channels))
    return list(queryset.order_by("id")[:limit])


def messages_new(channels: Iterable[str] | None, cursor: int, seen: set[int]) -> list[LiveMessage]:
    """Messages not yet in ``seen``: above the cursor, or committed late within the settle window."""
    queryset = LiveMessage.objects.filter(Q(id__gt=cursor) | Q(created_at__gte=clock.now() - SETTLE))
    if channels is not None:
        queryset = queryset.filter(channel__in=list(channels))
    return [m for m in queryset.order_by("id")[:REPLAY_LIMIT] if m.pk not in seen]
