"""Small helpers of the public views: the client's address for rate limits, and masking for what businesses see."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str:
    """The remote address; X-Forwarded-For only when the request came through a configured proxy."""
    remote = request.META.get("REMOTE_ADDR", "")
    trusted = set(getattr(settings, "LIANXIN_TRUSTED_PROXIES", []) or [])
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if remote in trusted and forwarded:
        return forwarded.split(",")[-1].strip()
    return remote


def masked_name(name: str) -> str:
    name = name.strip()
    return f"{name[0]}某" if name else "消费者"


def masked_phone(phone: str) -> str:
    digits = "".join(ch for ch in phone if ch.isdigit())
    return f"{digits[:3]}****{digits[-4:]}" if len(digits) >= 7 else ""
