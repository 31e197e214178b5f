"""The rollups agree exactly with the work orders behind them, stay scoped, and the incremental path equals a
rebuild from scratch."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
import time_machine

from lianxin.analytics.models import Period, VolumeRollup
from lianxin.analytics.selectors import (
    DRILL_MEASURES,
    VOLUME_BREAKDOWNS,
    DrillDown,
    InvalidStatisticsQuery,
    StatisticsFilter,
    statistics_series,
    statistics_timeliness,
    statistics_total,
    statistics_volumes,
    statistics_work_orders,
)
from lianxin.analytics.services.rollups import rollup_rebuild, rollup_refresh
from lianxin.domain.workflow import Action
from lianxin.workorders.tests.factories import at

from .conftest import act, register

MAY = StatisticsFilter(start=date(2026, 5, 1), end=date(2026, 5, 31))
TODAY = date(2026, 6, 1)


def _snapshot() -> list[tuple]:
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
            "decided",
            "decided_in_time",
            "agreed",
            "closed",
            "amount_recovered",
        )
    )


@pytest.mark.django_db
def test_volumes_by_every_breakdown_equal_the_work_orders_drilled_into(cohort, people):
    rollup_refresh()
    for user in ("analyst", "manager", "yanta_handler", "xian_leader"):
        for by in VOLUME_BREAKDOWNS:
            for figure in statistics_volumes(user=people[user], flt=MAY, by=by):
                drill = DrillDown(flt=MAY, by=by, key=figure.key)
                assert (
                    statistics_work_orders(user=people[user], drill=drill, today=TODAY).count()
                    == figure.current
                )
    assert statistics_total(user=people["analyst"], flt=MAY).current == 5
    assert statistics_total(user=people["analyst"], flt=MAY).previous == 1  # April, same length before


@pytest.mark.django_db
def test_timeliness_counts_decisions_within_the_seven_workday_limit(cohort, people, org):
    rollup_refresh()
    rows = {row.unit_id: row for row in statistics_timeliness(user=people["analyst"], flt=MAY, today=TODAY)}
    yanta = rows[org["yanta"].pk]
    assert (yanta.items, yanta.decided, yanta.decided_in_time) == (2, 2, 1)  # 05-29 is past the 7 workdays
    assert (yanta.mediated, yanta.agreed, yanta.amount_recovered) == (1, 1, Decimal("500.00"))
    assert yanta.agreement_rate == 1.0
    for row in rows.values():
        for measure in DRILL_MEASURES:
            if measure in {"items", "overdue"}:
                continue
            flt = StatisticsFilter(start=MAY.start, end=MAY.end, unit_id=row.unit_id)
            drill = DrillDown(flt=flt, by="unit", key=str(row.unit_id), measure=measure)
            expected = getattr(row, measure, None)
            if expected is not None:
                assert (
                    statistics_work_orders(user=people["analyst"], drill=drill, today=TODAY).count()
                    == expected
                )


@pytest.mark.django_db
def test_overdue_now_drills_into_the_same_items(cohort, people, org):
    rollup_refresh()
    today = date(2026, 7, 1)
    rows = {row.unit_id: row for row in statistics_timeliness(user=people["analyst"], flt=MAY, today=today)}
    beilin = rows[org["beilin"].pk]
    assert beilin.overdue_now == 2  # the group complaint (not decided) and the report (not verified)
    flt = StatisticsFilter(start=MAY.start, end=MAY.end, unit_id=org["beilin"].pk)
    drill = DrillDown(flt=flt, measure="overdue")
    numbers = set(
        statistics_work_orders(user=people["analyst"], drill=drill, today=today).values_list("pk", flat=True)
    )
    assert numbers == {cohort["group"].pk, cohort["report"].pk}


@pytest.mark.django_db
def test_a_county_sees_only_its_own_figures(cohort, people, org):
    rollup_refresh()
    by_unit = {f.key: f.current for f in statistics_volumes(user=people["yanta_handler"], flt=MAY, by="unit")}
    assert by_unit == {str(org["yanta"].pk): 2}
    assert statistics_total(user=people["weibin_handler"], flt=MAY).current == 0
    assert statistics_total(user=people["xian_leader"], flt=MAY).current == 4  # 雁塔 2 + 碑林 2


@pytest.mark.django_db
def test_incremental_refresh_equals_a_rebuild(cohort, people, org):
    rollup_refresh()
    order = register(people, "2026-05-14 09:00")
    act(people, order, "agent", Action.DISPATCH, "2026-05-14 09:30", handling_unit_id=org["weibin"].pk)
    act(people, cohort["late"], "yanta_handler", Action.START_MEDIATION, "2026-06-01 09:00")
    with time_machine.travel(at("2026-06-01 09:01"), tick=False):
        report = rollup_refresh()
    assert report.days >= 2
    incremental = _snapshot()
    rollup_rebuild()
    assert _snapshot() == incremental
    assert statistics_total(user=people["analyst"], flt=MAY).current == 6


@pytest.mark.django_db
def test_months_and_day_edges_add_up(cohort, people):
    rollup_refresh()
    assert VolumeRollup.objects.filter(period=Period.MONTH, period_start=date(2026, 5, 1)).exists()
    span = StatisticsFilter(start=date(2026, 4, 15), end=date(2026, 5, 12))
    assert statistics_total(user=people["analyst"], flt=span).current == 5  # April 20 + May 6, 7, 11, 12
    series = statistics_series(user=people["analyst"], flt=MAY, granularity="week")
    assert sum(count for _, count in series) == 5
    assert series[0][0] == date(2026, 4, 27)


def test_bad_periods_are_refused_in_chinese():
    with pytest.raises(InvalidStatisticsQuery, match="结束日期"):
        StatisticsFilter(start=date(2026, 5, 2), end=date(2026, 5, 1))
    with pytest.raises(InvalidStatisticsQuery):
        DrillDown(flt=MAY, measure="nonsense")
