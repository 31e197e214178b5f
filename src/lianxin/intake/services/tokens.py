"""PBX tokens: the secret in `/api/v1/cti/<token>`. Only a SHA-256 digest is stored; the token is shown once."""

from __future__ import annotations

import hashlib
import hmac
import secrets

from lianxin.common import clock
from lianxin.intake.errors import InvalidIntakeInput
from lianxin.intake.models import PbxToken


def _digest(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def pbx_token_create(*, name: str) -> tuple[PbxToken, str]:
    """A new token for one PBX; returns the row and the token in clear (never stored)."""
    name = name.strip()
    if not name:
        raise InvalidIntakeInput("请填写交换机名称。", fields={"name": ["此项为必填项。"]})
    if PbxToken.objects.filter(name=name).exists():
        raise InvalidIntakeInput(f"已有名为「{name}」的交换机令牌。", fields={"name": ["名称已存在。"]})
    raw = secrets.token_urlsafe(32)
    token = PbxToken.objects.create(name=name, token_hash=_digest(raw), token_prefix=raw[:6])
    return token, raw


def pbx_token_revoke(*, name: str) -> PbxToken:
    token = PbxToken.objects.filter(name=name).first()
    if token is None:
        raise InvalidIntakeInput(f"没有名为「{name}」的交换机令牌。", fields={"name": ["不存在。"]})
    token.is_revoked = True
    token.save(update_fields=["is_revoked"])
    return token


def pbx_token_check(raw: str) -> PbxToken | None:
    """The live token for this secret, or None (the caller answers as if the address did not exist)."""
    if not raw or len(raw) > 200:
        return None
    digest = _digest(raw)
    token = PbxToken.objects.filter(token_hash=digest, is_revoked=False).first()
    if token is None or not hmac.compare_digest(token.token_hash, digest):
        return None
    now = clock.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        PbxToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token
