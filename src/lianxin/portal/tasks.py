"""Scheduled work of the public side (django-q2, ADR 0013)."""

from __future__ import annotations

from datetime import time

from lianxin.common.jobs import Every, scheduled

from . import throttle
from .services.callbacks import callbacks_select
from .services.disclosure import disclosure_publish
from .services.odr import odr_expire_due


@scheduled("投诉信息公示", every=Every.DAILY, at=time(2, 30))
def publish_disclosure_task() -> int:
    return disclosure_publish().complaints_published


@scheduled("ODR逾期转正常分送", every=Every.HOURLY)
def expire_odr_cases_task() -> int:
    return odr_expire_due()


@scheduled("抽取回访工单", every=Every.DAILY, at=time(3, 0))
def select_callbacks_task() -> int:
    return callbacks_select()


@scheduled("清理网上限流记录", every=Every.DAILY, at=time(4, 0))
def prune_portal_attempts_task() -> int:
    return throttle.prune()
