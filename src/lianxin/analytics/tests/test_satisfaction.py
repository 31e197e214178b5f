"""Satisfaction in the statistics: counted per source (the consumers' own ratings online, the callbacks' results),
per unit and period with the period before; every figure equals the work orders the drill-down lists and a plain
GROUP BY over the work orders; kept up to date incrementally although a rating writes no work-order event."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from django.db.models import Count, Q

from lianxin.analytics.models import VolumeRollup
from lianxin.analytics.selectors import (
    DrillDown,
    StatisticsFilter,
    satisfaction_reviews_pending,
    statistics_satisfaction,
    statistics_work_orders,
)
from lianxin.analytics.services.rollups import rollup_rebuild, rollup_refresh
from lianxin.workorders.models import WorkOrder
from lianxin.workorders.tests.factories import at

from .conftest import _callback, _rate

MAY = StatisticsFilter(start=date(2026, 5, 1), end=date(2026, 5, 31))
TODAY = date(2026, 6, 1)
LEVELS = ("satisfied", "basically", "dissatisfied")


def _by_key(rows):
    return {(row.unit_id, row.source): row for row in rows}


def _recount(flt: StatisticsFilter) -> dict[tuple[int | None, str], tuple[int, int, int]]:
    """The same figures by a plain GROUP BY over the work orders received in the period (no rollup)."""
    from lianxin.analytics.services.rollups import local_day_bounds

    start, end = local_day_bounds(flt.start, flt.end)
    annotations = {
        f"rating_{level}": Count("id", filter=Q(rating__source="online", rating__satisfaction=level))
        for level in LEVELS
    } | {f"callback_{level}": Count("id", filter=Q(callback__satisfaction=level)) for level in LEVELS}
    rows = (
        WorkOrder.objects.filter(received_at__gte=start, received_at__lt=end)
        .order_by()
        .values("handling_unit_id")
        .annotate(**annotations)
    )
    result: dict[tuple[int | None, str], tuple[int, int, int]] = {}
    for row in rows:
        for source in ("rating", "callback"):
            counts = tuple(row[f"{source}_{level}"] for level in LEVELS)
            if any(counts):
                result[(row["handling_unit_id"] or 0, source)] = counts
    for source in ("rating", "callback"):
        result[(None, source)] = tuple(
            sum(counts[i] for (unit, src), counts in result.items() if unit is not None and src == source)
            for i in range(3)
        )
    return result


@pytest.mark.django_db
def test_each_source_is_counted_apart_per_unit_with_the_period_before(satisfaction, people, org):
    rollup_refresh()
    rows = _by_key(statistics_satisfaction(user=people["analyst"], flt=MAY))
    yanta, beilin = org["yanta"].pk, org["beilin"].pk
    assert (rows[(None, "rating")].current.satisfied, rows[(None, "rating")].current.dissatisfied) == (1, 1)
    assert rows[(None, "rating")].current.rate == 0.5
    assert (rows[(None, "callback")].current.basically, rows[(None, "callback")].current.dissatisfied) == (
        1,
        1,
    )
    # 雁塔: rated 满意 online in May, 不满意 in April → 100 % against 0 %, +100 points.
    assert rows[(yanta, "rating")].current.rate == 1.0
    assert rows[(yanta, "rating")].previous.dissatisfied == 1
    assert rows[(yanta, "rating")].change_points == pytest.approx(100.0)
    assert rows[(yanta, "callback")].current.basically == 1
    assert rows[(yanta, "callback")].change_points is None  # no callback in April
    assert rows[(beilin, "rating")].current.rate == 0.0
    # The rating a callback wrote before portal migration 0002 (雁塔's late item) is not a consumer's rating.
    assert rows[(yanta, "rating")].current.total == 1


@pytest.mark.django_db
def test_every_satisfaction_figure_equals_a_plain_group_by_and_the_drill_down(satisfaction, people):
    rollup_refresh()
    rows = _by_key(statistics_satisfaction(user=people["analyst"], flt=MAY))
    recount = _recount(MAY)
    assert {
        key: (r.current.satisfied, r.current.basically, r.current.dissatisfied) for key, r in rows.items()
    } == {key: value for key, value in recount.items() if any(value) or key[0] is None}
    for user in ("analyst", "manager", "yanta_handler", "xian_leader", "beilin_handler"):
        for row in statistics_satisfaction(user=people[user], flt=MAY):
            by = {} if row.unit_id is None else {"by": "unit", "key": str(row.unit_id)}
            flt = (
                MAY
                if row.unit_id is None
                else StatisticsFilter(start=MAY.start, end=MAY.end, unit_id=row.unit_id)
            )
            for measure, expected in (
                (row.source, row.current.total),
                *((f"{row.source}_{level}", getattr(row.current, level)) for level in LEVELS),
            ):
                drill = DrillDown(flt=flt, measure=measure, **by)
                assert (
                    statistics_work_orders(user=people[user], drill=drill, today=TODAY).count() == expected
                ), (
                    user,
                    row,
                    measure,
                )


@pytest.mark.django_db
def test_a_county_sees_only_its_own_satisfaction(satisfaction, people, org):
    rollup_refresh()
    rows = _by_key(statistics_satisfaction(user=people["yanta_handler"], flt=MAY))
    assert {unit for unit, _ in rows} == {None, org["yanta"].pk}
    assert rows[(None, "rating")].current.total == 1
    assert satisfaction_reviews_pending(user=people["yanta_handler"]) == 0
    assert satisfaction_reviews_pending(user=people["beilin_handler"]) == 1  # 碑林's 不满意 callback
    assert satisfaction_reviews_pending(user=people["analyst"]) == 1


@pytest.mark.django_db
def test_ratings_and_callbacks_reach_the_rollups_incrementally_and_equal_a_rebuild(
    satisfaction, people, cohort
):
    with time_machine.travel(at("2026-06-01 09:00"), tick=False):
        rollup_refresh()
    order = satisfaction["settled"]
    before = _by_key(statistics_satisfaction(user=people["analyst"], flt=MAY))
    # Neither a rating nor a callback appends a work-order event: the refresh reads them by their own marks.
    events = order.events.count()
    consultation = cohort["consultation"]  # closed by the agent's answer on 05-13, no handling unit
    _rate(consultation, "basically", "2026-06-01 09:30")
    _callback(people, consultation, "satisfied", "2026-06-01 09:40")
    assert order.events.count() == events
    with time_machine.travel(at("2026-06-01 09:45"), tick=False):
        report = rollup_refresh()
    assert report.days == 1
    after = _by_key(statistics_satisfaction(user=people["analyst"], flt=MAY))
    assert after[(None, "rating")].current.basically == before[(None, "rating")].current.basically + 1
    assert after[(None, "callback")].current.satisfied == before[(None, "callback")].current.satisfied + 1
    assert after[(0, "rating")].label == "中心直办或未分送"  # the consultation: answered by the centre itself
    incremental = _cells()
    rollup_rebuild(bulk=False)
    assert _cells() == incremental
    assert _by_key(statistics_satisfaction(user=people["analyst"], flt=MAY)).keys() == after.keys()


def _cells() -> list[tuple]:
    return sorted(
        VolumeRollup.objects.values_list(
            "period",
            "period_start",
            "center_id",
            "handling_unit_id",
            "kind",
            "dimension",
            "value",
            "items",
            "rating_satisfied",
            "rating_basically",
            "rating_dissatisfied",
            "callback_satisfied",
            "callback_basically",
            "callback_dissatisfied",
        )
    )
