"""Query counts of a rendered page, for the tests that a list screen reads a fixed number of queries whatever the
number of its rows (no query per row: a field missing from `.only()` read by the template, a relation not
selected, a per-process cache looked at once per row). Shared by the screens' tests of every interface package."""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext

_LITERALS = re.compile(r"'[^']*'|\b\d+\b")


def page_queries(client: Any, path: str, params: dict[str, Any] | None = None) -> list[str]:
    """The SQL of one GET of `path`, after a first GET that warms the session and the per-process caches."""
    client.get(path, params or {})
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path, params or {})
    assert response.status_code == 200, (path, response.status_code)
    return [query["sql"] for query in captured.captured_queries]


def per_row_queries(many: list[str], few: list[str]) -> str:
    """What the page of many rows ran more often than the page of few (literals folded), for the message."""
    shapes = Counter(_LITERALS.sub("?", sql) for sql in many)
    shapes.subtract(Counter(_LITERALS.sub("?", sql) for sql in few))
    extra = [f"{count}× {shape}" for shape, count in shapes.items() if count]
    return f"{len(many)} queries with many rows, {len(few)} with few:\n" + "\n".join(extra)
