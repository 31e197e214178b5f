"""API tokens, stored hashed (issue 14 item 3): issue, authenticate, list, revoke.

A key is ``lx_`` + 43 random URL-safe characters (256 bits); the table keeps its SHA-256 (a fast hash is right
for a random key of this length: it cannot be guessed, and the lookup stays one indexed equality).
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone

from .models import ApiToken, User

KEY_PREFIX = "lx_"
LAST_USED_RESOLUTION = timedelta(minutes=1)


def key_digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


@dataclass(frozen=True)
class IssuedToken:
    token: ApiToken
    key: str  # shown once; never stored


def token_issue(*, user: User, name: str = "", lifetime: timedelta | None = None) -> IssuedToken:
    lifetime = lifetime or timedelta(days=settings.LIANXIN_API_TOKEN_DAYS)
    key = KEY_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        name=name[:100],
        key_hash=key_digest(key),
        prefix=key[:10],
        expires_at=timezone.now() + lifetime,
    )
    return IssuedToken(token, key)


def token_authenticate(key: str) -> ApiToken | None:
    """The live token for `key` (not revoked, not expired, its user active), or None."""
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=key_digest(key), revoked_at__isnull=True, expires_at__gt=timezone.now())
        .first()
    )
    if token is None or not token.user.is_active:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token


def tokens_of(user: User) -> QuerySet[ApiToken]:
    """The user's tokens that still work, newest first."""
    return ApiToken.objects.filter(user=user, revoked_at__isnull=True, expires_at__gt=timezone.now())


def token_revoke(*, user: User, token_id: int, reason: str = "revoked_by_owner") -> bool:
    """Revoke one of the user's own tokens; False when it is not theirs or not live."""
    return bool(
        ApiToken.objects.filter(pk=token_id, user=user, revoked_at__isnull=True).update(
            revoked_at=timezone.now(), revoked_reason=reason
        )
    )
