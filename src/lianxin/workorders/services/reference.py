"""Loading the statutory rule sets and the taxonomy shipped with Lianxin. Idempotent: rows an administrator
has edited are left as they are; only missing rows are added."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from importlib.resources import files
from typing import Any

from django.db import transaction

from lianxin.calendars.services import calendar_load_package_years
from lianxin.common.reference_cache import reference_changed
from lianxin.workorders.models import Category, GroundRule, IssueType, RuleSet, TimeLimitRule


@dataclass(frozen=True, slots=True)
class ReferenceLoadReport:
    rule_sets: int
    time_limits: int
    grounds: int
    categories: int
    issue_types: int
    calendar_years: list[int]


def _reference(name: str) -> dict[str, Any]:
    text = files("lianxin.workorders").joinpath("reference", name).read_text(encoding="utf-8")
    return json.loads(text)


@transaction.atomic
def reference_data_load() -> ReferenceLoadReport:
    counts = {"rule_sets": 0, "time_limits": 0, "grounds": 0, "categories": 0, "issue_types": 0}
    for spec in _reference("rule_sets.json")["rule_sets"]:
        rule_set, created = RuleSet.objects.get_or_create(
            code=spec["code"],
            defaults={
                "title": spec["title"],
                "citation": spec["citation"],
                "effective_from": date.fromisoformat(spec["effective_from"]),
                "effective_to": date.fromisoformat(spec["effective_to"]) if spec["effective_to"] else None,
                "max_representatives": spec.get("max_representatives", 2),
                "joint_complaint_citation": spec.get("joint_complaint_citation", ""),
            },
        )
        counts["rule_sets"] += created
        for limit in spec["time_limits"]:
            _, created = TimeLimitRule.objects.get_or_create(
                rule_set=rule_set,
                clock=limit["clock"],
                defaults={
                    "amount": limit["amount"],
                    "unit": limit["unit"],
                    "starts_on": limit["starts_on"],
                    "paused_by": limit["paused_by"],
                    "extension_amount": limit.get("extension_amount", 0),
                    "citation": limit["citation"],
                    "confidence": limit["confidence"],
                    "is_statutory": limit.get("is_statutory", True),
                },
            )
            counts["time_limits"] += created
        for position, ground in enumerate(spec["grounds"], start=1):
            _, created = GroundRule.objects.get_or_create(
                rule_set=rule_set,
                kind=ground["kind"],
                code=ground["code"],
                defaults={
                    "label": ground["label"],
                    "citation": ground["citation"],
                    "confidence": ground["confidence"],
                    "position": position,
                    "requires_note": ground.get("requires_note", False),
                    "requires_joint_consent": ground.get("requires_joint_consent", False),
                },
            )
            counts["grounds"] += created
    taxonomy = _reference("taxonomy.json")
    for position, (code, name, group) in enumerate(taxonomy["categories"], start=1):
        _, created = Category.objects.get_or_create(
            code=code, defaults={"name": name, "group": group, "position": position}
        )
        counts["categories"] += created
    for position, (code, name, applies_to) in enumerate(taxonomy["issue_types"], start=1):
        _, created = IssueType.objects.get_or_create(
            code=code, defaults={"name": name, "applies_to": applies_to, "position": position}
        )
        counts["issue_types"] += created
    years = calendar_load_package_years()
    reference_changed()
    return ReferenceLoadReport(**counts, calendar_years=years)
