"""Idempotent creation: store a creating request's first result under (user, key), in the creation's transaction.

    outcome = run_idempotent(user=…, key=…, request_hash=…, create=lambda: (201, body))

- no key: ``create()`` runs as usual;
- a key not seen before: ``create()`` runs and its result is stored in the same transaction;
- a key seen before with the same request: the stored result, nothing runs (``replayed=True``);
- a key seen before with another request: `IdempotencyKeyReused`;
- two requests with one key at once: the unique constraint lets one commit; the other rolls back entirely
  (its creation included) and returns the winner's result.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.db import IntegrityError, transaction

from lianxin.common import clock
from lianxin.domain.errors import DomainError

from .models import IdempotencyRecord

MAX_KEY_LENGTH = 100


class IdempotencyKeyReused(DomainError):
    """The key was already used by this user for a different request."""


class InvalidIdempotencyKey(DomainError):
    """The key is empty, too long, or not printable ASCII."""


@dataclass(frozen=True)
class Outcome:
    status_code: int
    body: Any
    replayed: bool


def request_fingerprint(method: str, path: str, payload: Any) -> str:
    canonical = json.dumps(payload, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(f"{method} {path}\n{canonical}".encode()).hexdigest()


def check_key(key: str) -> None:
    if not key or len(key) > MAX_KEY_LENGTH or not all(33 <= ord(c) <= 126 for c in key):
        raise InvalidIdempotencyKey(
            f"Idempotency-Key 应为 1～{MAX_KEY_LENGTH} 个可见 ASCII 字符（建议使用 UUID）。",
            fields={"Idempotency-Key": ["格式不正确。"]},
        )


def _replay(record: IdempotencyRecord, request_hash: str) -> Outcome:
    if record.request_hash != request_hash:
        raise IdempotencyKeyReused(
            "该 Idempotency-Key 已用于另一个不同内容的请求；重试时请原样重发，新请求请使用新的键。",
            fields={"Idempotency-Key": ["已用于另一个请求。"]},
        )
    return Outcome(record.status_code, record.response_body, replayed=True)


def run_idempotent(
    *, user_id: int, key: str | None, request_hash: str, create: Callable[[], tuple[int, Any]]
) -> Outcome:
    if key is None:
        status_code, body = create()
        return Outcome(status_code, body, replayed=False)
    check_key(key)
    existing = IdempotencyRecord.objects.filter(user_id=user_id, key=key).first()
    if existing is not None:
        return _replay(existing, request_hash)
    try:
        with transaction.atomic():
            status_code, body = create()
            IdempotencyRecord.objects.create(
                user_id=user_id,
                key=key,
                request_hash=request_hash,
                status_code=status_code,
                response_body=body,
            )
    except IntegrityError:
        # A concurrent request with the same key committed first; ours rolled back, creation and all.
        winner = IdempotencyRecord.objects.filter(user_id=user_id, key=key).first()
        if winner is None:
            raise
        return _replay(winner, request_hash)
    return Outcome(status_code, body, replayed=False)


def purge_idempotency_records(*, older_than: timedelta = timedelta(days=2)) -> int:
    """Forget results older than `older_than` (clients retry within minutes, not days)."""
    deleted, _ = IdempotencyRecord.objects.filter(created_at__lt=clock.now() - older_than).delete()
    return deleted
