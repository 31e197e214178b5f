"""Query counts of a rendered page, for the tests that a list screen reads a fixed number of queries whatever the
number of its rows (no query per row: a field missing from `.only()` read by the template, a relation not
selected, a per-process cache looked at once per row). Shared by the screens' tests of every interface package."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext

_LITERALS = re.compile(r"'[^']*'|\b\d+\b")


def page_queries(client: Any, path: str, params: dict[str, Any] | None = None) -> list[str]:
    """The SQL of one GET of `path`, after a first GET that warms the session and the per-process caches."""
    return page_render(client, path, params)[0]


def page_render(client: Any, path: str, params: dict[str, Any] | None = None) -> tuple[list[str], str]:
    """The SQL and the text of one GET of `path`, after a first GET that warms the session and the caches."""
    client.get(path, params or {})
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path, params or {})
    assert response.status_code == 200, (path, response.status_code)
    return [query["sql"] for query in captured.captured_queries], response.content.decode(errors="replace")


def assert_fixed_queries(
    client: Any,
    path: str,
    params: dict[str, Any] | None,
    add_rows: Callable[[int], Any],
    *,
    marker: str,
    more: int = 5,
) -> None:
    """Render `path`, add `more` rows (`add_rows(0)`, `add_rows(1)`, …), render it again: the page must show them
    (`marker` occurs `more` times more often) at the same number of queries."""
    few, before = page_render(client, path, params)
    for n in range(more):
        add_rows(n)
    many, after = page_render(client, path, params)
    assert after.count(marker) >= before.count(marker) + more, (marker, before.count(marker), after.count(marker))
    assert len(many) == len(few), per_row_queries(many, few)


def per_row_queries(many: list[str], few: list[str]) -> str:
    """What the page of many rows ran more often than the page of few (literals folded), for the message."""
    shapes = Counter(_LITERALS.sub("?", sql) for sql in many)
    shapes.subtract(Counter(_LITERALS.sub("?", sql) for sql in few))
    extra = [f"{count}× {shape}" for shape, count in shapes.items() if count]
    return f"{len(many)} queries with many rows, {len(few)} with few:\n" + "\n".join(extra)
