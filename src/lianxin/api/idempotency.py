"""``Idempotency-Key`` on creating requests: a retry returns the first result instead of a duplicate.

Every creating endpoint wraps its work in `idempotent`; the creation and the stored result commit together
(`lianxin.common.idempotency.run_idempotent`).
"""

from __future__ import annotations

from collections.abc import Callable

from rest_framework.request import Request
from rest_framework.response import Response

from lianxin.common.idempotency import request_fingerprint, run_idempotent

HEADER = "Idempotency-Key"
REPLAYED_HEADER = "Idempotent-Replayed"


def idempotent(request: Request, create: Callable[[], Response]) -> Response:
    key = request.headers.get(HEADER)

    def run() -> tuple[int, object]:
        response = create()
        return response.status_code, response.data

    outcome = run_idempotent(
        user_id=request.user.pk,
        key=key,
        request_hash=request_fingerprint(request.method or "POST", request.path, request.data),
        create=run,
    )
    response = Response(outcome.body, status=outcome.status_code)
    if key is not None:
        response[REPLAYED_HEADER] = "true" if outcome.replayed else "false"
    return response
