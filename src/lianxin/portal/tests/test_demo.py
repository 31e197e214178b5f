"""The demo's public side feeds the statistics: consumers' ratings and recorded callbacks, one 不满意 callback
waiting for the supervisors' review — loaded once, however often the demo runs."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command

from lianxin.analytics.selectors import (
    StatisticsFilter,
    satisfaction_reviews_pending,
    statistics_satisfaction,
)
from lianxin.analytics.services.rollups import rollup_rebuild
from lianxin.common import clock
from lianxin.portal.models import Callback, CallbackState
from lianxin.workorders.models import WorkOrder


@pytest.mark.django_db
def test_the_demo_shows_satisfaction_from_both_sources(monkeypatch):
    monkeypatch.setenv("LIANXIN_DEMO_PASSWORD", "demo-pass-1234")
    call_command("load_demo", count=150, seed=7, stdout=StringIO())
    out = StringIO()
    call_command("load_portal_demo", stdout=out)
    assert "已记录回访结果" in out.getvalue()
    recorded = Callback.objects.exclude(state=CallbackState.PENDING).count()
    assert recorded >= 2
    assert Callback.objects.filter(state=CallbackState.PENDING).exists()  # some left for the agents to call
    rollup_rebuild()
    today = clock.today()
    flt = StatisticsFilter(start=today - timedelta(days=366), end=today)
    totals = {
        row.source: row.current for row in statistics_satisfaction(user=None, flt=flt) if row.unit_id is None
    }
    assert totals["rating"].total > 0
    assert totals["callback"].total == recorded
    assert totals["callback"].dissatisfied >= 1
    assert satisfaction_reviews_pending(user=None) >= 1
    call_command("load_portal_demo", stdout=StringIO())
    assert Callback.objects.exclude(state=CallbackState.PENDING).count() == recorded


@pytest.mark.django_db
def test_the_demo_has_a_complaint_whose_online_settlement_failed_before_it_was_dispatched(monkeypatch):
    from lianxin.portal.models import OdrCase, OdrState

    monkeypatch.setenv("LIANXIN_DEMO_PASSWORD", "demo-pass-1234")
    call_command("load_demo", count=30, seed=7, stdout=StringIO())
    call_command("load_portal_demo", stdout=StringIO())
    case = OdrCase.objects.select_related("work_order__handling_unit").get(state=OdrState.REJECTED)
    order = case.work_order
    assert order.state == "dispatched"
    # About the same trade at the same place as an earlier complaint, and dispatched to that one's unit.
    earlier = (
        WorkOrder.objects.filter(respondent_name=order.respondent_name, handling_unit__isnull=False)
        .exclude(pk=order.pk)
        .order_by("id")
        .first()
    )
    assert (order.summary, order.respondent_address) == (earlier.summary, earlier.respondent_address)
    assert order.handling_unit_id == earlier.handling_unit_id
    # Each step at its own moment, in order, all in the past: offer, answer, refusal, then the dispatch.
    moments = [e.occurred_at for e in case.events.order_by("id")] + [order.dispatched_at]
    assert moments == sorted(moments)
    assert moments[-1] < clock.now() - timedelta(days=1)
    # Businesses answer some hours after the offer (their portal shows the average time to answer).
    answered = OdrCase.objects.filter(answered_at__isnull=False)
    assert answered.count() >= 3
    assert all(c.answered_at - c.created_at >= timedelta(hours=1) for c in answered)
