"""Fixtures for the API tests: a frozen clock, clients per person, and three complaints in known places."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
import time_machine
from django.core.cache import cache
from rest_framework.test import APIClient

from lianxin.accounts.models import OrgUnit, User
from lianxin.domain.workflow import Action
from lianxin.workorders.models import WorkOrder
from lianxin.workorders.services import TransitionInput, work_order_register, work_order_transition
from lianxin.workorders.tests.factories import at, complaint_input

# A Thursday in a loaded calendar year, the day after the fixtures' items were received.
NOW = "2026-05-07 09:30"


@pytest.fixture(autouse=True)
def frozen_now() -> Iterator[None]:
    with time_machine.travel(at(NOW), tick=False):
        yield


@pytest.fixture(autouse=True)
def _clear_throttle_cache() -> Iterator[None]:
    """Throttle counters live in the cache, which outlives a test; start each test with none."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def api_client() -> APIClient:
    return APIClient()


@pytest.fixture
def client_for(people: dict[str, User]) -> Callable[[str], APIClient]:
    """An APIClient authenticated as one of the `people` fixtures (by name)."""

    def make(name: str) -> APIClient:
        client = APIClient()
        client.force_authenticate(user=people[name])
        return client

    return make


@pytest.fixture
def orders(people: dict[str, User], org: dict[str, OrgUnit]) -> dict[str, WorkOrder]:
    """Three complaints registered at the center on 2026-05-06: one dispatched to 雁塔, one to 渭滨,
    one still registered (not dispatched)."""
    agent = people["agent"]
    yanta = work_order_register(actor=agent, data=complaint_input(summary="雁塔的投诉"))
    weibin = work_order_register(
        actor=agent,
        data=complaint_input(
            summary="渭滨的投诉",
            respondent_name="宝鸡某某商场",
            respondent_address="宝鸡市渭滨区经二路1号",
            respondent_division_code="610302",
        ),
    )
    registered = work_order_register(actor=agent, data=complaint_input(summary="尚未分送的投诉"))
    for order, unit in ((yanta, "yanta"), (weibin, "weibin")):
        work_order_transition(
            work_order_id=order.pk,
            actor=agent,
            data=TransitionInput(Action.DISPATCH, handling_unit_id=org[unit].pk),
        )
    return {
        "yanta": WorkOrder.objects.get(pk=yanta.pk),
        "weibin": WorkOrder.objects.get(pk=weibin.pk),
        "registered": WorkOrder.objects.get(pk=registered.pk),
    }
