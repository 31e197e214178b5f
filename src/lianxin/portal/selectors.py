"""Reads of the public side. The disclosure reads only the published tables (scrubbed at publication)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db.models import Prefetch, Q, QuerySet, Sum

from lianxin.workorders.models import Category

from .models import (
    ODR_OPEN_STATES,
    DisclosedBusinessFigure,
    DisclosedComplaint,
    OdrCase,
    OdrEvent,
    OdrState,
)

SEARCH_MAX = 100


def disclosure_search(query: str) -> QuerySet[DisclosedBusinessFigure]:
    """Businesses by name (contains) or unified social credit code (exact), most complaints first."""
    query = query.strip()
    figures = DisclosedBusinessFigure.objects.all()
    if query:
        figures = figures.filter(Q(business_name__icontains=query) | Q(credit_code=query.upper()))
    return figures.order_by("-year", "-complaints", "business_name")


def disclosure_business(*, name: str, credit_code: str = "") -> dict:
    figures = list(
        DisclosedBusinessFigure.objects.filter(business_name=name, credit_code=credit_code).order_by("-year")
    )
    complaints = DisclosedComplaint.objects.filter(
        business_name=name, credit_code=credit_code, is_withdrawn=False
    ).select_related("category", "issue_type")
    return {"figures": figures, "complaints": complaints}


def disclosure_complaints() -> QuerySet[DisclosedComplaint]:
    return DisclosedComplaint.objects.filter(is_withdrawn=False).select_related("category", "issue_type")


def disclosure_totals() -> dict:
    totals = DisclosedBusinessFigure.objects.aggregate(
        complaints=Sum("complaints"), mediated=Sum("mediated"), succeeded=Sum("mediation_succeeded")
    )
    return {key: value or 0 for key, value in totals.items()}


@dataclass(frozen=True, slots=True)
class OpenOdrCase:
    """A complaint being settled online with its enrolled business (Order 121 Art. 6): until `due_on` the
    business may answer and the consumer accept, which closes the item without a dispatch (SETTLE_ONLINE)."""

    work_order_id: int
    state: str
    state_label: str
    due_on: date
    is_due_provisional: bool
    business_name: str


def open_odr_cases(work_order_ids: Iterable[int]) -> dict[int, OpenOdrCase]:
    """The open ODR cases of these work orders, by work order (one query, for a page of a list)."""
    ids = list(work_order_ids)
    if not ids:
        return {}
    rows = (
        OdrCase.objects.filter(work_order_id__in=ids, state__in=ODR_OPEN_STATES)
        .order_by()
        .values_list("work_order_id", "state", "due_on", "due_is_provisional", "business__name")
    )
    return {
        work_order_id: OpenOdrCase(
            work_order_id=work_order_id,
            state=state,
            state_label=OdrState(state).label,
            due_on=due_on,
            is_due_provisional=provisional,
            business_name=business_name,
        )
        for work_order_id, state, due_on, provisional, business_name in rows
    }


# The events of an ODR case as staff read them on the work order (the state-changing ones carry the state's label).
ODR_EVENT_LABELS = {
    "offered": "交由经营者在线和解",
    "answered": "经营者答复",
    "settled": "消费者接受，已和解",
    "due_recounted": "和解期限重算",
    **{state.value: state.label for state in OdrState if state not in ODR_OPEN_STATES},
}


def odr_case_of_work_order(work_order_id: int) -> OdrCase | None:
    """The work order's ODR case (at most one) with its business and its events in order; two queries when there
    is one, one when there is none."""
    return (
        OdrCase.objects.select_related("business")
        .prefetch_related(Prefetch("events", queryset=OdrEvent.objects.order_by("occurred_at", "id")))
        .filter(work_order_id=work_order_id)
        .first()
    )


# What a consumer reads for each state: plain words, not the staff's terms.
PUBLIC_STATE_LABELS = {
    "registered": "已登记，等待转交承办单位",
    "dispatched": "已转交承办单位，等待受理决定",
    "returned": "正在重新确定承办单位",
    "identity_pending": "请按通知提供身份证明材料",
    "accepted": "已受理",
    "declined": "不予受理",
    "mediating": "调解中",
    "mediation_suspended": "调解暂停（如检测鉴定）",
    "agreed": "已达成调解协议",
    "terminated": "已终止调解",
    "verifying": "正在核查",
    "case_opened": "已立案调查",
    "case_not_opened": "不予立案",
    "reporter_informed": "已告知处理结果",
    "transferred": "已转外省12315处理",
    "merged": "已与相关举报合并处理",
    "closed": "已办结",
}


def public_status(work_order) -> dict:
    """What the tracking page shows: no personal data beyond what the consumer typed, no staff names."""
    from .models import OdrCase, OnlineFiling, Rating

    filing = OnlineFiling.objects.filter(work_order=work_order).first()
    return {
        "number": work_order.number,
        "kind": work_order.get_kind_display(),
        "kind_value": work_order.kind,
        "state": work_order.state,
        "state_label": PUBLIC_STATE_LABELS.get(work_order.state, work_order.get_state_display()),
        "received_at": work_order.received_at,
        "respondent_name": work_order.respondent_name,
        "summary": work_order.summary,
        "unit": work_order.handling_unit.name if work_order.handling_unit_id else "",
        "due_on": work_order.due_on,
        "due_is_provisional": work_order.is_due_provisional,
        "due_label": work_order.get_due_clock_display() if work_order.due_clock else "",
        "outcome": work_order.outcome if work_order.state == "closed" else "",
        "amount_recovered": work_order.amount_recovered,
        "odr_case": OdrCase.objects.filter(work_order=work_order).first(),
        "withdrawn_at": filing.withdrawn_at if filing else None,
        "is_online": filing is not None,
        "rating": Rating.objects.filter(work_order=work_order).first(),
        # The consumer sees the names of the files on the item (theirs and the units'), never their content here.
        "attachments": list(
            work_order.attachments.order_by("uploaded_at").values(
                "original_name", "uploaded_at", "description"
            )
        ),
    }


# ---- Open311 GeoReport v2 (read only) over the published disclosure --------------------------------------------

UNCATEGORIZED = "uncategorized"


def open311_services() -> list[dict]:
    """The services are the complaint categories of the published items (plus 未分类 when some have none)."""
    used = set(disclosure_complaints().order_by().values_list("category_id", flat=True).distinct())
    services = [
        {"code": category.code, "name": category.name, "group": category.get_group_display()}
        for category in Category.objects.filter(pk__in=used - {None}).order_by("position", "code")
    ]
    if None in used:
        services.append({"code": UNCATEGORIZED, "name": "未分类", "group": "其他"})
    return services


def open311_requests(
    *,
    service_codes: list[str] | None = None,
    first_month: str = "",
    last_month: str = "",
    statuses: list[str] | None = None,
    public_ids: list[str] | None = None,
) -> QuerySet[DisclosedComplaint]:
    """Published items, newest closure first, narrowed by service (category code), by the month received
    (`YYYY-MM`, both included) and by status — every published item is closed, so `open` alone finds none."""
    items = disclosure_complaints().order_by("-closed_on", "-id")
    if public_ids:
        items = items.filter(public_id__in=public_ids)
    if service_codes:
        wanted = Q(category__code__in=[code for code in service_codes if code != UNCATEGORIZED])
        if UNCATEGORIZED in service_codes:
            wanted |= Q(category__isnull=True)
        items = items.filter(wanted)
    if first_month:
        items = items.filter(received_month__gte=first_month)
    if last_month:
        items = items.filter(received_month__lte=last_month)
    if statuses is not None and "closed" not in statuses:
        items = items.none()
    return items
