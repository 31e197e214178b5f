"""The jurisdiction suggestion (属地管辖) a registration carries, from the respondent's facts.

The directory app parses the addresses and the domain decides (`lianxin.domain.routing`); here the decision is
turned into what the work order stores: the suggested unit, the reason and its citation, or the candidates the agent
chooses from. The agent's final choice is the dispatch; a dispatch to another unit is recorded as an override.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from lianxin.accounts.selectors import unit_by_code
from lianxin.directory.selectors import home_province_code, respondent_route
from lianxin.domain.routing import RespondentKind
from lianxin.domain.workflow import Kind
from lianxin.workorders.models import OnlineRole

_RESPONDENT_KINDS = {
    OnlineRole.NONE: RespondentKind.BUSINESS,
    OnlineRole.PLATFORM_OPERATOR: RespondentKind.PLATFORM_OPERATOR,
    OnlineRole.PLATFORM_SELLER: RespondentKind.PLATFORM_SELLER,
    OnlineRole.OWN_WEBSITE: RespondentKind.OWN_WEBSITE_SELLER,
}


def routing_suggestion(
    *,
    kind: Kind,
    online_role: str,
    address: str,
    published_address: str,
    platform_address: str,
    received_on: date,
) -> dict[str, Any]:
    """What to store in `WorkOrder.routing`: empty for consultations and when no address was given."""
    if kind not in (Kind.COMPLAINT, Kind.REPORT):
        return {}
    if not any(text.strip() for text in (address, published_address, platform_address)):
        return {}
    respondent_kind = _RESPONDENT_KINDS[OnlineRole(online_role)]
    routing = respondent_route(
        kind=respondent_kind.value,
        operating_address=address if respondent_kind is not RespondentKind.PLATFORM_OPERATOR else "",
        domicile_address=address if respondent_kind is not RespondentKind.BUSINESS else "",
        published_address=published_address,
        platform_domicile_address=platform_address,
        received_on=received_on,
        home_province=home_province_code(),
        item_kind=kind.value,
    )
    decision = routing.decision
    org_unit = unit_by_code(decision.unit.code) if decision.unit else None
    return {
        "outcome": decision.outcome.value,
        "unit_id": org_unit.pk if org_unit else None,
        "unit_code": decision.unit.code if decision.unit else None,
        "unit_name": decision.unit.name if decision.unit else None,
        "division_code": decision.division_code,
        "basis": decision.basis.value if decision.basis else None,
        "rule": decision.rule_key,
        "reason": decision.reason,
        "citation": decision.citation,
        "candidates": [
            {"name": c.name, "county_code": c.county_code, "city_code": c.city_code}
            for c in routing.match.candidates
        ],
    }
