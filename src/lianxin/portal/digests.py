"""Keyed digests: the public side finds a phone, a code or an address again without storing it in clear."""

from __future__ import annotations

import hashlib
import hmac

from django.conf import settings

from lianxin.domain.identifiers import normalize_phone


def digest(purpose: str, value: str) -> str:
    """HMAC-SHA256 under the site key, separated by purpose (a phone digest never equals a code digest)."""
    key = hashlib.sha256(f"lianxin-portal:{purpose}:{settings.SECRET_KEY}".encode()).digest()
    return hmac.new(key, value.strip().encode(), hashlib.sha256).hexdigest()


def phone_digest(phone: str) -> str:
    return digest("phone", normalize_phone(phone) or phone.strip())


def same(a: str, b: str) -> bool:
    return hmac.compare_digest(a, b)
