"""Facts about a work order that another app records, which a transition requires (`domain.workflow.OFFER_GATES`).

Online settlement (`Action.SETTLE_ONLINE`) needs an ODR case whose consumer accepted the business's answer; the ODR
cases belong to `lianxin.portal`, which depends on this app and not the other way round. So the app that owns a
fact registers a provider for it when Django starts (`PortalConfig.ready`), and the transition service and the
screens ask here. A fact nobody provides does not hold: the requirement fails closed.
"""

from __future__ import annotations

from collections.abc import Callable

from lianxin.domain.workflow import OFFER_GATES, Requirement, Transition
from lianxin.workorders.models import WorkOrder

FactProvider = Callable[[WorkOrder], bool]

_PROVIDERS: dict[Requirement, FactProvider] = {}


def fact_provider_register(requirement: Requirement, provider: FactProvider) -> None:
    """Say how to tell whether `requirement` holds for a work order (one provider per requirement)."""
    if requirement not in OFFER_GATES:
        raise ValueError(f"{requirement} is not a fact recorded outside the work order")
    _PROVIDERS[requirement] = provider


def fact_holds(requirement: Requirement, work_order: WorkOrder) -> bool:
    provider = _PROVIDERS.get(requirement)
    return provider is not None and bool(provider(work_order))


def transition_offered(work_order: WorkOrder, transition: Transition) -> bool:
    """Whether every fact the transition needs from elsewhere holds, so that it may be offered at all — and, of the
    work order's own facts, whether it is a joint complaint when the step is one only a joint complaint has
    (removing a co-complainant, electing representatives: Order 121 Art. 12)."""
    if Requirement.JOINT_COMPLAINT in transition.requires and not work_order.is_joint_complaint:
        return False
    return all(fact_holds(requirement, work_order) for requirement in transition.requires & OFFER_GATES)
