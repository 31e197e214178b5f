"""Delivery gateways. The embedded default records messages (nothing leaves the machine); production sets
LIANXIN_SMS_GATEWAY to `lianxin.notifications.gateways.HttpSmsGateway` with LIANXIN_SMS_GATEWAY_URL."""

from __future__ import annotations

import json
import urllib.request
from dataclasses import dataclass
from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string


class DeliveryFailed(Exception):
    """The gateway did not take the message; the outbox retries later."""


@dataclass(frozen=True, slots=True)
class Outgoing:
    channel: str
    recipient: str
    subject: str
    body: str
    reference: str  # our id, for the gateway's idempotency


class Gateway(Protocol):
    def send(self, message: Outgoing) -> str:
        """Deliver or raise DeliveryFailed; returns the gateway's reference."""


class RecordingGateway:
    """Records instead of sending: the outbox row itself is the record (state 已发送, reference recorded:…)."""

    def send(self, message: Outgoing) -> str:
        return f"recorded:{message.reference}"


class HttpSmsGateway:
    """POSTs JSON {to, text, reference} to LIANXIN_SMS_GATEWAY_URL with a bearer token; 2xx = accepted and the
    body's `id` (if any) is the reference. Any other answer or a network error is a DeliveryFailed."""

    timeout_seconds = 10

    def send(self, message: Outgoing) -> str:
        url = settings.LIANXIN_SMS_GATEWAY_URL
        if not url.startswith(("http://", "https://")):
            raise DeliveryFailed("未配置短信网关地址 LIANXIN_SMS_GATEWAY_URL。")
        payload = json.dumps(
            {"to": message.recipient, "text": message.body, "reference": message.reference},
            ensure_ascii=False,
        ).encode()
        request = urllib.request.Request(  # noqa: S310 - the scheme is checked above
            url,
            data=payload,
            method="POST",
            headers={
                "Content-Type": "application/json; charset=utf-8",
                "Authorization": f"Bearer {settings.LIANXIN_SMS_GATEWAY_TOKEN}",
                "Idempotency-Key": message.reference,
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout_seconds) as response:  # noqa: S310
                body = response.read().decode("utf-8", "replace")
        except OSError as error:
            raise DeliveryFailed(f"短信网关不可用：{error}") from error
        try:
            return str(json.loads(body).get("id") or message.reference)
        except (ValueError, AttributeError):
            return message.reference


def gateway_for(channel: str) -> Gateway:
    path = settings.LIANXIN_SMS_GATEWAY if channel == "sms" else settings.LIANXIN_EMAIL_GATEWAY
    return import_string(path)()
