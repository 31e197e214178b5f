"""How long the free text of a work order may be, and the message when it is longer.

Bounds the server enforces at the service (so every interface gets the same answer) and states in the OpenAPI
schema (the API serializers take their `max_length` from here). A registration form's 事实与理由 rarely exceeds
two pages; anything longer is an attachment, not a field.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

FACTS_MAX: Final = 5000  # 事实与理由
CLAIMS_MAX: Final = 2000  # 诉求
NOTE_MAX: Final = 2000  # 办理说明、审批意见

LABELS: Final[Mapping[str, str]] = {"facts": "事实与理由", "claims": "诉求", "note": "办理说明"}
LIMITS: Final[Mapping[str, int]] = {"facts": FACTS_MAX, "claims": CLAIMS_MAX, "note": NOTE_MAX}


def too_long(values: Mapping[str, str]) -> dict[str, list[str]]:
    """`{field: [message]}` for each value longer than its limit (fields without a limit are not checked)."""
    errors: dict[str, list[str]] = {}
    for name, value in values.items():
        limit = LIMITS.get(name)
        if limit is not None and len(value) > limit:
            errors[name] = [
                f"{LABELS[name]}最多{limit}字，现有{len(value)}字；请精简，详细材料请作为附件提交。"
            ]
    return errors
