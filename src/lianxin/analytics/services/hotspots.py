"""The daily hot-spot detection (Order 121 Art. 38: analyse complaint data, issue warnings).

Findings, each an alert with the work orders behind it:

- **volume spikes** of a business, a category or an issue type against its own 28-day baseline (the Poisson upper
  control limit of `lianxin.domain.hotspots`);
- **group complaints** (Order 121 Art. 12): items registered as a joint complaint, by business;
- the **claim-farming signals of Order 121 Art. 17**: one person with many complaints in a short time, and several
  people using one phone number or one address.

People, phones and addresses are compared through a keyed hash (HMAC-SHA256 with the secret key) of their
normalised value, so that matching never stores or shows them: an alert says "3 位投诉人使用同一联系电话" and lists
the work orders, and each reader then sees those items as their own role allows (masked or in clear).
"""

from __future__ import annotations

import hashlib
import hmac
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction

from lianxin.analytics.models import AlertKind, HotSpotAlert, SubjectKind
from lianxin.analytics.services.rollups import local_day_bounds
from lianxin.common import clock
from lianxin.domain.hotspots import SpikeRule, detect_spike
from lianxin.domain.workflow import Kind
from lianxin.workorders.models import Category, IssueType, WorkOrder


@dataclass(frozen=True, slots=True)
class ClaimFarmingRule:
    """Art. 17 signals: `repeat_count` complaints by one person within `window_days`; `shared_people` different
    people on one phone number or address within the same window."""

    window_days: int = 30
    repeat_count: int = 5
    shared_people: int = 3


SPIKE_RULE = SpikeRule()
CLAIM_RULE = ClaimFarmingRule()
_PUNCTUATION = re.compile(r"[\s\-—_,，。.、()（）#号]+")


def contact_key(value: str) -> str:
    """A keyed hash of a normalised phone number, ID number, name or address ('' for an empty value)."""
    normalised = _PUNCTUATION.sub("", value or "").upper()
    if not normalised:
        return ""
    return hmac.new(settings.SECRET_KEY.encode(), normalised.encode(), hashlib.sha256).hexdigest()[:32]


def business_key(credit_code: str, name: str) -> str:
    """The respondent: by its unified social credit code when known, else by its normalised name."""
    if credit_code:
        return f"code:{credit_code.upper()}"
    normalised = _PUNCTUATION.sub("", name or "")
    return f"name:{normalised}" if normalised else ""


def _save(kind: AlertKind, day: date, subject_kind: SubjectKind, key: str, **fields: Any) -> HotSpotAlert:
    alert, _ = HotSpotAlert.objects.update_or_create(
        kind=kind, detected_on=day, subject_kind=subject_kind, subject_key=key, defaults=fields
    )
    return alert


def _window_rows(day: date, days: int) -> list[dict[str, Any]]:
    start, end = local_day_bounds(day - timedelta(days=days), day)
    return list(
        WorkOrder.objects.filter(received_at__gte=start, received_at__lt=end)
        .exclude(kind__in=[Kind.CONSULTATION, Kind.SUGGESTION])
        .order_by()
        .values(
            "pk",
            "received_at",
            "kind",
            "category_id",
            "issue_type_id",
            "respondent_credit_code",
            "respondent_name",
            "is_group_complaint",
            "contact_name",
            "contact_phone",
            "contact_id_number",
            "contact_address",
        )
    )


def _volume_spikes(day: date, rows: Iterable[dict[str, Any]]) -> list[HotSpotAlert]:
    names = {
        SubjectKind.CATEGORY: {str(pk): name for pk, name in Category.objects.values_list("pk", "name")},
        SubjectKind.ISSUE_TYPE: {str(pk): name for pk, name in IssueType.objects.values_list("pk", "name")},
    }
    counts: dict[tuple[SubjectKind, str], dict[date, int]] = defaultdict(lambda: defaultdict(int))
    today_ids: dict[tuple[SubjectKind, str], list[int]] = defaultdict(list)
    labels: dict[tuple[SubjectKind, str], str] = {}
    for row in rows:
        received_on = clock.local_date(row["received_at"])
        business = business_key(row["respondent_credit_code"], row["respondent_name"])
        subjects = [
            (SubjectKind.BUSINESS, business, row["respondent_name"]),
            (SubjectKind.CATEGORY, str(row["category_id"] or ""), None),
            (SubjectKind.ISSUE_TYPE, str(row["issue_type_id"] or ""), None),
        ]
        for subject_kind, key, label in subjects:
            if not key:
                continue
            counts[(subject_kind, key)][received_on] += 1
            labels.setdefault((subject_kind, key), label or names[subject_kind].get(key, key))
            if received_on == day:
                today_ids[(subject_kind, key)].append(row["pk"])
    alerts = []
    for subject, ids in today_ids.items():
        by_day = counts[subject]
        history = [
            by_day.get(day - timedelta(days=offset), 0) for offset in range(SPIKE_RULE.baseline_days, 0, -1)
        ]
        verdict = detect_spike(history, len(ids), SPIKE_RULE)
        if verdict.is_spike:
            alerts.append(
                _save(
                    AlertKind.VOLUME_SPIKE,
                    day,
                    subject[0],
                    subject[1],
                    subject_label=labels[subject][:200],
                    observed=verdict.observed,
                    baseline=round(verdict.baseline_rate, 3),
                    upper_limit=verdict.upper_limit,
                    p_value=verdict.p_value,
                    work_order_ids=sorted(ids),
                )
            )
    return alerts


def _group_complaints(day: date, rows: Iterable[dict[str, Any]]) -> list[HotSpotAlert]:
    by_business: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        if row["is_group_complaint"] and clock.local_date(row["received_at"]) == day:
            by_business[business_key(row["respondent_credit_code"], row["respondent_name"])].append(row)
    return [
        _save(
            AlertKind.GROUP_COMPLAINT,
            day,
            SubjectKind.BUSINESS,
            key or "unknown",
            subject_label=(items[0]["respondent_name"] or "经营者不详")[:200],
            observed=len(items),
            work_order_ids=sorted(item["pk"] for item in items),
        )
        for key, items in by_business.items()
    ]


def _claim_farming(day: date, rows: list[dict[str, Any]]) -> list[HotSpotAlert]:
    complaints = [row for row in rows if row["kind"] == Kind.COMPLAINT]
    alerts = []
    by_person: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in complaints:
        person = contact_key(row["contact_id_number"]) or contact_key(row["contact_phone"])
        if person:
            by_person[person].append(row)
    for person, items in by_person.items():
        arrived_today = any(clock.local_date(item["received_at"]) == day for item in items)
        if len(items) >= CLAIM_RULE.repeat_count and arrived_today:
            alerts.append(
                _save(
                    AlertKind.REPEAT_COMPLAINANT,
                    day,
                    SubjectKind.PERSON,
                    person,
                    subject_label=f"同一投诉人 {CLAIM_RULE.window_days} 日内投诉 {len(items)} 件",
                    observed=len(items),
                    work_order_ids=sorted(item["pk"] for item in items),
                )
            )
    for subject_kind, field, noun in (
        (SubjectKind.PHONE, "contact_phone", "联系电话"),
        (SubjectKind.ADDRESS, "contact_address", "联系地址"),
    ):
        groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for row in complaints:
            key = contact_key(row[field])
            if key:
                groups[key].append(row)
        for key, items in groups.items():
            people = {
                contact_key(item["contact_id_number"]) or contact_key(item["contact_name"]) for item in items
            }
            people.discard("")
            arrived_today = any(clock.local_date(item["received_at"]) == day for item in items)
            if len(people) >= CLAIM_RULE.shared_people and arrived_today:
                alerts.append(
                    _save(
                        AlertKind.SHARED_CONTACT,
                        day,
                        subject_kind,
                        key,
                        subject_label=f"{len(people)} 位投诉人使用同一{noun}",
                        observed=len(items),
                        work_order_ids=sorted(item["pk"] for item in items),
                    )
                )
    return alerts


@transaction.atomic
def hotspots_detect(*, day: date) -> list[HotSpotAlert]:
    """Run every detection for `day` (idempotent: a second run updates the same alerts)."""
    rows = _window_rows(day, max(SPIKE_RULE.baseline_days, CLAIM_RULE.window_days))
    claim_rows = [
        row
        for row in rows
        if clock.local_date(row["received_at"]) > day - timedelta(days=CLAIM_RULE.window_days)
    ]
    return [*_volume_spikes(day, rows), *_group_complaints(day, rows), *_claim_farming(day, claim_rows)]
