"""On PostgreSQL the bulk rebuild (one INSERT … SELECT) gives exactly the cells of the day-by-day path, satisfaction
included (the consumers' ratings and the callbacks joined)."""

from __future__ import annotations

import pytest
from django.db import connection

from lianxin.analytics.models import VolumeRollup
from lianxin.analytics.services.rollups import rollup_rebuild

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the bulk rebuild is PostgreSQL only"
)


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
            "group_items",
            "decided",
            "decided_in_time",
            "mediated",
            "mediated_in_time",
            "agreed",
            "closed",
            "amount_recovered",
            "rating_satisfied",
            "rating_basically",
            "rating_dissatisfied",
            "callback_satisfied",
            "callback_basically",
            "callback_dissatisfied",
        )
    )


@pytest.mark.django_db
def test_bulk_rebuild_equals_the_day_by_day_path(satisfaction):
    rollup_rebuild(bulk=False)
    by_day = _cells()
    assert any(cell[9] for cell in by_day), "the cohort has a decision within the limit"
    assert any(cell[16] for cell in by_day), "the cohort has a consumer's rating 满意"
    assert any(cell[21] for cell in by_day), "the cohort has a callback 不满意"
    rollup_rebuild(bulk=True)
    assert _cells() == by_day
