"""`clock.travel`: the services read a past moment inside the block, and only there."""

from __future__ import annotations

import threading
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from lianxin.common import clock

BEIJING = ZoneInfo("Asia/Shanghai")


def test_travel_sets_now_and_today_inside_the_block_only():
    moment = datetime(2026, 10, 4, 23, 30, tzinfo=BEIJING)
    before = clock.now()
    with clock.travel(moment):
        assert clock.now() == moment
        assert clock.today() == date(2026, 10, 4)
    assert clock.now() >= before > moment


def test_travel_does_not_leak_to_another_thread():
    moment = datetime(2026, 1, 2, 9, 0, tzinfo=BEIJING)
    seen: list[datetime] = []
    with clock.travel(moment):
        thread = threading.Thread(target=lambda: seen.append(clock.now()))
        thread.start()
        thread.join()
    assert seen[0] > moment


def test_travel_refuses_a_naive_moment():
    with pytest.raises(ValueError, match="aware"), clock.travel(datetime(2026, 1, 2, 9, 0)):  # noqa: DTZ001 - on purpose
        pass
