"""A per-process cache of reference data: rule sets, the holiday calendar, the taxonomy.

Every transition needs the rule set and the working calendar; reading them from the database each time cost five
queries per call. They change a few times a year, so each process keeps a copy tagged with the token of the
`ReferenceVersion` row and looks at the token at most every `LIANXIN_REFERENCE_CHECK_SECONDS` (tests: always).
Every write to reference data calls `reference_changed()`, which sets a new random token (random, so a rolled-back
change can never be mistaken for a later one) and drops this process's copy at once.

Within one request (`token_read_once`, opened by `config.middleware.ReferenceTokenMiddleware`) the token is read at
most once: a list screen asks for the rule sets, the calendar or the directory for each of its rows, and each ask
would otherwise look at the token again once the interval has passed (in tests, whose interval is 0, always) — a
query per row. One request then also sees one version of the reference data from start to end. A change made
within the request (`reference_changed`) drops the request's token with the process's copy.
"""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, TypeVar

from django.conf import settings
from django.db import transaction

from .models import ReferenceVersion

T = TypeVar("T")

_lock = threading.Lock()
_entries: dict[str, tuple[str, Any]] = {}
_token: list[Any] = [None, 0.0]  # [token, monotonic time it was read]
# The token of the current request, once read (a one-element holder; None outside `token_read_once`).
_request_token: ContextVar[list[str | None] | None] = ContextVar("lianxin_reference_token", default=None)


@contextmanager
def token_read_once() -> Iterator[None]:
    """Within the block (one request), the token is read at most once."""
    reset = _request_token.set([None])
    try:
        yield
    finally:
        _request_token.reset(reset)


def _current_token() -> str:
    pinned = _request_token.get()
    if pinned is not None and pinned[0] is not None:
        return pinned[0]
    interval = getattr(settings, "LIANXIN_REFERENCE_CHECK_SECONDS", 1.0)
    token, read_at = _token
    now = time.monotonic()
    if token is None or now - read_at >= interval:
        token = ReferenceVersion.objects.filter(pk=1).values_list("token", flat=True).first() or ""
        _token[:] = [token, now]
    if pinned is not None:
        pinned[0] = token
    return token


def reference_token() -> str:
    """The current version token of reference data ("" before the first write)."""
    return _current_token()


def cached(key: str, loader: Callable[[], T]) -> T:
    """The cached value for `key`, loaded again when the reference data changed."""
    token = _current_token()
    entry = _entries.get(key)
    if entry is not None and entry[0] == token:
        return entry[1]
    value = loader()
    with _lock:
        _entries[key] = (token, value)
    return value


def clear() -> None:
    with _lock:
        _entries.clear()
        _token[:] = [None, 0.0]
    pinned = _request_token.get()
    if pinned is not None:
        pinned[0] = None


def reference_changed() -> None:
    """Record that reference data changed (call inside the writing transaction)."""
    ReferenceVersion.objects.update_or_create(pk=1, defaults={"token": uuid.uuid4().hex})
    clear()
    transaction.on_commit(clear)
