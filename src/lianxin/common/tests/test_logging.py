"""The console log keeps django-q's warnings and errors but not its lines per job (settings.LOGGING)."""

from __future__ import annotations

import logging

import pytest


def test_job_engine_info_lines_are_left_out_and_failures_kept(caplog: pytest.LogCaptureFixture):
    logger = logging.getLogger("django-q")
    with caplog.at_level(logging.INFO):
        logger.info("Enqueued [lianxin] 3f2a")
        logger.info("Processed 'lianxin.documents.tasks.render_document' (nine-uniform-east-helium)")
        logger.error("Failed 'lianxin.notifications.tasks.deliver_message' (x) - gateway down")
        logging.getLogger("lianxin").info("基础数据：新增规则集 2")
    messages = [r.getMessage() for r in caplog.records]
    assert messages == ["Failed 'lianxin.notifications.tasks.deliver_message' (x) - gateway down", "基础数据：新增规则集 2"]
