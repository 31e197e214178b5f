"""Listing work orders: scope, due soon and overdue per unit."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine

from lianxin.domain.workflow import Action
from lianxin.workorders.selectors import work_order_list
from lianxin.workorders.services import work_order_register
from lianxin.workorders.tests.factories import at, complaint_input


@pytest.fixture
def orders(people, org, act):
    """Three complaints dispatched to 雁塔, 碑林 and 渭滨, received on different days."""
    result = {}
    for name, unit, received in (
        ("yanta", "yanta", "2026-05-06"),
        ("beilin", "beilin", "2026-05-11"),
        ("weibin", "weibin", "2026-05-13"),
    ):
        with time_machine.travel(at(f"{received} 10:05"), tick=False):
            order = work_order_register(
                actor=people["agent"], data=complaint_input(received_at=at(f"{received} 10:00"))
            )
        result[name] = act(
            order, "agent", Action.DISPATCH, f"{received} 11:00", handling_unit_id=org[unit].pk
        )
    return result


def listed(user, **filters):
    defaults = {"today": date(2026, 5, 15), "due_soon_workdays": 2}
    return sorted(
        o.respondent_division_code + ":" + o.handling_unit.code
        for o in work_order_list(user=user, **(defaults | filters))
    )


def test_due_dates(orders):
    assert [orders[n].due_on for n in ("yanta", "beilin", "weibin")] == [
        date(2026, 5, 14),
        date(2026, 5, 20),
        date(2026, 5, 22),
    ]


def test_overdue_and_due_soon_on_2026_05_15(orders, people):
    center = people["manager"]
    assert listed(center, overdue=True) == ["610113:SN-610113"]
    # Due soon: due between today (Fri 05-15) and two working days later (Tue 05-19) — none; on Mon 05-18 the
    # horizon is Wed 05-20, which catches 碑林.
    assert listed(center, due_soon=True) == []
    assert listed(center, due_soon=True, today=date(2026, 5, 18)) == ["610113:SN-610103"]


def test_unit_filter_includes_units_below(orders, people, org):
    assert len(listed(people["manager"], unit_id=org["xian"].pk)) == 2
    assert len(listed(people["manager"], unit_id=org["weibin"].pk)) == 1


def test_scope(orders, people):
    assert len(listed(people["agent"])) == 3
    assert len(listed(people["xian_leader"])) == 2
    assert len(listed(people["yanta_handler"])) == 1
    assert len(listed(people["weibin_handler"])) == 1
    assert len(listed(people["analyst"])) == 3


def test_list_costs_one_query(orders, people, django_assert_num_queries):
    with django_assert_num_queries(1):
        rows = list(work_order_list(user=people["manager"], today=date(2026, 5, 15), due_soon_workdays=2))
        assert [r.handling_unit.name for r in rows]
