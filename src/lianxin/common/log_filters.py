"""Logging filters for the console log (settings.LOGGING)."""

from __future__ import annotations

import logging


class JobEnqueuedFilter(logging.Filter):
    """Drops django-q's "Enqueued [lianxin] <id>" line, written at INFO for every job put on the queue: one per
    notice and document, thousands while the demo loads, and nothing an operator acts on (the admin lists the
    queue; failures are logged at ERROR and kept)."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not (record.levelno <= logging.INFO and str(record.msg).startswith("Enqueued ["))
