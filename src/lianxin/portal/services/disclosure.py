"""Public disclosure of complaint information (投诉信息公示; 《市场监督管理投诉信息公示暂行规则》, Order 121 Art. 38).

Once a day, complaints closed at least ``DisclosurePolicy.delay_days`` ago are published: per business and year the
number of complaints and of successful mediations (all complaints), and a scrubbed summary of each item whose
consumer agreed to publication (``consents_to_publish``). Reports are never published (Art. 37 keeps the
reporter's identity confidential and a report is not a dispute). The public pages read only the published tables.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction

from lianxin.common import clock
from lianxin.directory.selectors import division_county
from lianxin.domain.disclosure_scrub import scrub
from lianxin.domain.workflow import Action, Kind, State
from lianxin.portal.models import DisclosedBusinessFigure, DisclosedComplaint, DisclosurePolicy
from lianxin.workorders.models import WorkOrder, WorkOrderEvent

SUMMARY_CHARS = 300

# How a closed complaint ended, read from the state it left for 办结.
RESULT_LABELS = {
    State.AGREED: "调解成功",
    State.TERMINATED: "终止调解",
    State.DECLINED: "不予受理",
    State.RETURNED: "退回",
}
MEDIATED_STATES = frozenset({State.AGREED, State.TERMINATED})
SETTLED_ONLINE = "settled_online"  # closed by Action.SETTLE_ONLINE: settled with the business, not mediated


@dataclass(frozen=True, slots=True)
class PublishReport:
    complaints_published: int
    businesses: int


def disclosure_policy() -> DisclosurePolicy:
    policy = DisclosurePolicy.objects.order_by("id").first()
    return policy or DisclosurePolicy.objects.create()


def _public_id(work_order: WorkOrder) -> str:
    """A stable public number that does not reveal the work-order number (nor how many items the center has)."""
    return (
        "GS"
        + hashlib.sha256(f"disclosure:{work_order.center_id}:{work_order.number}".encode())
        .hexdigest()[:12]
        .upper()
    )


def _ending_states(work_order_ids: list[int]) -> dict[int, set[str]]:
    """Every state each work order passed through (from its events)."""
    passed: dict[int, set[str]] = {pk: set() for pk in work_order_ids}
    for pk, state, action in WorkOrderEvent.objects.filter(work_order_id__in=work_order_ids).values_list(
        "work_order_id", "to_state", "action"
    ):
        passed[pk].add(state)
        if action == Action.SETTLE_ONLINE:
            passed[pk].add(SETTLED_ONLINE)
    return passed


def _summary(work_order: WorkOrder) -> str:
    text = (work_order.facts or work_order.summary or "").strip()
    if len(text) > SUMMARY_CHARS:
        text = text[:SUMMARY_CHARS] + "…"
    keep = [work_order.respondent_name, work_order.respondent_platform_name]
    return scrub(text, keep=[name for name in keep if name]).text


def _result(passed: set[str]) -> tuple[str, bool]:
    if SETTLED_ONLINE in passed:
        return "经营者和解", False
    for state, label in RESULT_LABELS.items():
        if state.value in passed:
            return label, state is State.AGREED
    return "已办结", False


@transaction.atomic
def disclosure_publish() -> PublishReport:
    """Publish what is due today; idempotent (an item is published once; the yearly figures are recounted)."""
    policy = disclosure_policy()
    if not policy.is_active:
        return PublishReport(0, 0)
    now = clock.now()
    cutoff = now - timedelta(days=policy.delay_days)
    closed = WorkOrder.objects.filter(
        kind=Kind.COMPLAINT, state=State.CLOSED, closed_at__isnull=False, closed_at__lte=cutoff
    ).exclude(respondent_name="")
    already = set(DisclosedComplaint.objects.values_list("work_order_id", flat=True))
    rows = list(
        closed.select_related("handling_unit").only(
            "id",
            "number",
            "center_id",
            "respondent_name",
            "respondent_credit_code",
            "respondent_platform_name",
            "category_id",
            "issue_type_id",
            "summary",
            "facts",
            "received_at",
            "closed_at",
            "consents_to_publish",
            "respondent_division_code",
            "handling_unit__division_code",
        )
    )
    passed = _ending_states([row.pk for row in rows])
    published = []
    complaints: Counter[tuple[str, str, int]] = Counter()
    mediated: Counter[tuple[str, str, int]] = Counter()
    succeeded: Counter[tuple[str, str, int]] = Counter()
    for row in rows:
        key = (
            row.respondent_name.strip(),
            row.respondent_credit_code.strip(),
            clock.local_date(row.closed_at).year,
        )
        complaints[key] += 1
        label, is_success = _result(passed[row.pk])
        if passed[row.pk] & {s.value for s in MEDIATED_STATES}:
            mediated[key] += 1
        succeeded[key] += is_success
        if row.consents_to_publish and row.pk not in already:
            # The business's county (from its operating place, else the handling unit's): never a street.
            county_code, county = division_county(
                row.respondent_division_code or (row.handling_unit.division_code if row.handling_unit else "")
            )
            published.append(
                DisclosedComplaint(
                    work_order=row,
                    public_id=_public_id(row),
                    business_name=key[0],
                    credit_code=key[1],
                    category_id=row.category_id,
                    issue_type_id=row.issue_type_id,
                    summary=_summary(row),
                    result=label,
                    is_mediated=is_success,
                    received_month=clock.local_date(row.received_at).strftime("%Y-%m"),
                    county_code=county_code,
                    county=county,
                    closed_on=clock.local_date(row.closed_at),
                    published_at=now,
                )
            )
    DisclosedComplaint.objects.bulk_create(published)
    for (name, code, year), count in complaints.items():
        DisclosedBusinessFigure.objects.update_or_create(
            business_name=name,
            credit_code=code,
            year=year,
            defaults={
                "complaints": count,
                "mediated": mediated[(name, code, year)],
                "mediation_succeeded": succeeded[(name, code, year)],
                "published_at": now,
            },
        )
    return PublishReport(complaints_published=len(published), businesses=len(complaints))
