"""The console log keeps django-q's warnings and errors but not a line per job enqueued."""

from __future__ import annotations

import logging

import pytest


def test_enqueueing_a_job_writes_no_info_line_but_errors_still_show(caplog: pytest.LogCaptureFixture):
    logger = logging.getLogger("django-q")
    with caplog.at_level(logging.INFO):
        logger.info("Enqueued [lianxin] 3f2a")
        logger.info("Process-1 processing job")
        logger.error("Enqueued [lianxin] failed to reach the broker")
    messages = [r.getMessage() for r in caplog.records if r.name == "django-q"]
    assert messages == ["Process-1 processing job", "Enqueued [lianxin] failed to reach the broker"]
