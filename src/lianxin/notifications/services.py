"""Writing notices into the outbox, delivering them with retries, and in-app notifications."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.template import Context, Engine

from lianxin.accounts.models import User
from lianxin.common import clock
from lianxin.workorders.models import WorkOrder

from .defaults import DEFAULT_NOTICES
from .gateways import DeliveryFailed, Outgoing, gateway_for
from .models import Channel, MessageState, NoticeTemplate, Notification, OutboxMessage

logger = logging.getLogger(__name__)
_ENGINE = Engine(autoescape=False, debug=False)
BACKOFF_BASE_SECONDS = 60
BACKOFF_CAP_SECONDS = 6 * 3600


def _enqueue(func: str, *args: Any) -> None:
    from lianxin.common import jobs

    jobs.enqueue(func, *args)


def _publish_live(channels: list[str], event_type: str, data: dict[str, Any]) -> None:
    from lianxin.common.events import publish_live

    publish_live(channels, event_type, data)


def backoff(attempts: int) -> timedelta:
    """1, 2, 4, 8 … minutes after the n-th failure, at most six hours."""
    return timedelta(seconds=min(BACKOFF_BASE_SECONDS * 2 ** max(attempts - 1, 0), BACKOFF_CAP_SECONDS))


def _seed_defaults(code: str) -> None:
    """The default texts of a statutory point when none is stored (a fresh or flushed database); an
    administrator stops a notice by unticking 启用, not by deleting it."""
    for fields in DEFAULT_NOTICES:
        if fields["code"] == code:
            NoticeTemplate.objects.get_or_create(code=code, channel=fields["channel"], defaults=fields)


def notice_queue(*, work_order: WorkOrder, code: str, context: dict[str, Any]) -> list[OutboxMessage]:
    """Write the notices of one statutory point for the person who filed the item (in the caller's
    transaction) and schedule their delivery after commit. An anonymous filer or no phone: nothing to send."""
    if work_order.is_anonymous or not work_order.contact_phone.strip():
        return []
    return message_queue(
        recipient=work_order.contact_phone.strip(), code=code, context=context, work_order=work_order
    )


def message_queue(
    *, recipient: str, code: str, context: dict[str, Any], work_order: WorkOrder | None = None
) -> list[OutboxMessage]:
    """Write the SMS of notice template `code` to `recipient` (a one-time code, a filing receipt, a statutory
    notice) in the caller's transaction, and deliver it after commit through the gateway with retries."""
    if not NoticeTemplate.objects.filter(code=code).exists():
        _seed_defaults(code)
    now = clock.now()
    created = []
    for template in NoticeTemplate.objects.filter(code=code, is_active=True, channel=Channel.SMS):
        body = _ENGINE.from_string(template.body).render(Context(context)).strip()
        subject = _ENGINE.from_string(template.subject).render(Context(context)).strip()
        message = OutboxMessage.objects.create(
            work_order=work_order,
            code=code,
            channel=template.channel,
            recipient=recipient,
            subject=subject,
            body=body,
            next_attempt_at=now,
            created_at=now,
        )
        _enqueue("lianxin.notifications.tasks.deliver_message", message.pk)
        created.append(message)
    return created


def outbox_deliver(message_id: int) -> OutboxMessage | None:
    """Try one message once. Idempotent: a message already sent (or given up) is left alone."""
    now = clock.now()
    with transaction.atomic():
        message = OutboxMessage.objects.select_for_update().filter(pk=message_id).first()
        if message is None or message.state in (MessageState.SENT, MessageState.DEAD):
            return message
        outgoing = Outgoing(
            channel=message.channel,
            recipient=message.recipient,
            subject=message.subject,
            body=message.body,
            reference=f"lianxin-{message.pk}",
        )
        message.attempts += 1
        try:
            message.gateway_reference = gateway_for(message.channel).send(outgoing)[:100]
        except DeliveryFailed as error:
            message.last_error = str(error)[:500]
            if message.attempts >= settings.LIANXIN_NOTICE_MAX_ATTEMPTS:
                message.state = MessageState.DEAD
                logger.warning("notice %s given up after %s attempts", message.pk, message.attempts)
            else:
                message.state = MessageState.RETRYING
                message.next_attempt_at = now + backoff(message.attempts)
        else:
            message.state = MessageState.SENT
            message.sent_at = now
            message.last_error = ""
        message.save()
    return message


def outbox_deliver_due(limit: int = 200) -> int:
    """Deliver every message whose time has come (pending ones whose job was lost, and retries)."""
    now = clock.now()
    due = list(
        OutboxMessage.objects.filter(
            state__in=(MessageState.PENDING, MessageState.RETRYING), next_attempt_at__lte=now
        )
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:limit]
    )
    for pk in due:
        outbox_deliver(pk)
    return len(due)


def notify(
    *, users: Iterable[User], kind: str, title: str, work_order: WorkOrder | None = None, dedupe_key: str = ""
) -> list[Notification]:
    """In-app notifications, pushed live to each user's channel after commit. With a `dedupe_key`, a user
    gets the same notification once (the daily sweep may run twice)."""
    now = clock.now()
    created = []
    for user in users:
        try:
            with transaction.atomic():
                notification = Notification.objects.create(
                    user=user,
                    kind=kind,
                    title=title,
                    work_order=work_order,
                    created_at=now,
                    dedupe_key=dedupe_key,
                )
        except IntegrityError:
            continue
        created.append(notification)
        _publish_live(
            [f"user:{user.pk}"],
            "notification.created",
            {
                "id": notification.pk,
                "kind": kind,
                "title": title,
                "work_order_id": work_order.pk if work_order else None,
            },
        )
    return created


def notifications_mark_read(*, user: User, ids: Iterable[int] | None = None) -> int:
    queryset = Notification.objects.filter(user=user, read_at__isnull=True)
    if ids is not None:
        queryset = queryset.filter(pk__in=list(ids))
    return queryset.update(read_at=clock.now())
