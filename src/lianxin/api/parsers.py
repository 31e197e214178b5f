"""Request body parsing that answers in the error envelope whatever the body holds.

Python's JSON decoder recurses once per nesting level: a body nested a thousand deep raises RecursionError, which
no error handler expects (an HTML 500). No Lianxin request nests beyond a few levels, so deeper input is refused
before it is decoded, as a parse error (400).
"""

from __future__ import annotations

import json
from typing import Any

from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser

MAX_JSON_DEPTH = 32


def json_depth_exceeds(text: str, limit: int = MAX_JSON_DEPTH) -> bool:
    """Whether brackets outside strings nest deeper than `limit` (a linear scan, no recursion)."""
    depth = 0
    in_string = escaped = False
    for char in text:
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            if depth > limit:
                return True
        elif char in "]}":
            depth -= 1
    return False


class BoundedJSONParser(JSONParser):
    """DRF's JSON parser with a nesting bound (MAX_JSON_DEPTH)."""

    def parse(
        self, stream: Any, media_type: str | None = None, parser_context: dict[str, Any] | None = None
    ) -> Any:
        encoding = (parser_context or {}).get("encoding", "utf-8")
        try:
            text = stream.read().decode(encoding)
        except UnicodeDecodeError as error:
            raise ParseError(f"请求内容不是有效的 {encoding} 文本。") from error
        if json_depth_exceeds(text):
            raise ParseError(f"JSON 嵌套层数超过 {MAX_JSON_DEPTH} 层。")
        try:
            return json.loads(text, parse_constant=_refuse_constant)
        except (ValueError, RecursionError) as error:
            raise ParseError("JSON 格式错误。") from error


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not valid JSON")
