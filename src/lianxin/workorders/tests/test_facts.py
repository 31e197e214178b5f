"""Facts another app records (the ODR settlement) gate a transition: a fact nobody provides does not hold."""

from __future__ import annotations

import pytest

from lianxin.domain.workflow import Action, Kind, Requirement, State, plan_transition
from lianxin.workorders import facts
from lianxin.workorders.models import WorkOrder


def test_a_fact_without_a_provider_does_not_hold(monkeypatch):
    monkeypatch.setattr(facts, "_PROVIDERS", {})
    order = WorkOrder(pk=1, kind=Kind.COMPLAINT, state=State.REGISTERED)
    step = plan_transition(Kind.COMPLAINT, State.REGISTERED, Action.SETTLE_ONLINE)
    assert facts.fact_holds(Requirement.ODR_SETTLED, order) is False
    assert facts.transition_offered(order, step) is False
    facts.fact_provider_register(Requirement.ODR_SETTLED, lambda work_order: work_order.pk == 1)
    assert facts.transition_offered(order, step) is True
    # A transition that needs no outside fact is always offered.
    assert facts.transition_offered(order, plan_transition(Kind.COMPLAINT, State.REGISTERED, Action.DISPATCH))


def test_the_portal_provides_the_odr_settlement():
    from lianxin.portal.services.odr import odr_settled

    assert facts._PROVIDERS[Requirement.ODR_SETTLED] is odr_settled


def test_only_gating_requirements_take_a_provider():
    with pytest.raises(ValueError, match="not a fact"):
        facts.fact_provider_register(Requirement.NOTE, lambda work_order: True)
