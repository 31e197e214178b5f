"""The benchmark's code path (`bench/workload.py`) still drives real work orders to `accepted`, so the bench
cannot rot unnoticed. This checks outcomes, never timings."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path
from types import ModuleType

import pytest

from lianxin.domain.workflow import State
from lianxin.workorders.models import WorkOrder, WorkOrderEvent

REPOSITORY_DIR = Path(__file__).resolve().parents[4]


@pytest.fixture
def workload(rules: None) -> ModuleType:
    if str(REPOSITORY_DIR) not in sys.path:
        sys.path.insert(0, str(REPOSITORY_DIR))
    module = importlib.import_module("bench.workload")
    module.world_create()
    return module


@pytest.mark.parametrize("mode", ["service", "peer"])
def test_bench_workload_accepts_every_work_order(workload, mode):
    world = workload.world_load()
    result = workload.run_workload(mode=mode, world=world, count=3)

    assert len(result.work_order_ids) == 3
    assert all(len(result.latencies_ns[name]) == 3 for name in workload.OPERATIONS)
    orders = WorkOrder.objects.filter(pk__in=result.work_order_ids)
    assert sorted(orders.values_list("state", flat=True)) == [State.ACCEPTED] * 3
    # Dispatched in turn to the county bureaus, and accepted by each bureau's own handler.
    assert {o.handling_unit_id for o in orders} == {b.pk for b in world.bureaus[:3]}
    for pk in result.work_order_ids:
        events = list(
            WorkOrderEvent.objects.filter(work_order_id=pk)
            .order_by("sequence")
            .values_list("action", "to_state")
        )
        assert events == [("register", "registered"), ("dispatch", "dispatched"), ("accept", "accepted")]
    # Only the services run the statutory clocks: the decision clock stopped, the mediation clock started.
    clocks = [o.clocks for o in orders]
    if mode != "peer":
        assert all(sorted(c) == ["accept_decision", "mediation"] for c in clocks)
        assert all(c["accept_decision"]["stopped_on"] and not c["mediation"]["stopped_on"] for c in clocks)
    else:
        assert clocks == [{}] * 3


def test_bench_query_counter_sees_the_service_statements(workload):
    world = workload.world_load()
    queries = workload.count_queries(mode="service", world=world, sample=2)

    assert set(queries) == set(workload.OPERATIONS)
    for name in workload.OPERATIONS:
        assert queries[name].per_call_max >= 2  # at least the work order write and its event
        assert any("workorders_workorderevent" in sql for sql in queries[name].first_call_sql)
