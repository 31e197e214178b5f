"""`/work-orders/dispatch-queue/`: what waits at the 12315 center to be dispatched — above all the items units
returned with a coded reason (退回待重新分送, Order 121 Art. 41), then complaints and reports registered but not yet
dispatched (online filings, the new half of a split mixed filing). Shift supervisors and agents redispatch from
here to the suggested unit, or transfer out of the province; the counts by return reason show why items come back.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from lianxin.accounts.models import User
from lianxin.api.work_orders.bodies import counterpart_body, return_reason_body
from lianxin.api.work_orders.returned import redispatch_suggestion
from lianxin.common import clock
from lianxin.domain.errors import DomainError
from lianxin.domain.rules import RuleSet
from lianxin.domain.workflow import CENTER_ROLES, KIND_LABELS, Action, Kind, State
from lianxin.portal.selectors import OpenOdrCase, open_odr_cases
from lianxin.workorders.models import WorkOrder
from lianxin.workorders.permissions import can_view
from lianxin.workorders.selectors import (
    registered_awaiting_dispatch,
    return_reason_counts,
    returned_work_orders,
    rule_sets_all,
)
from lianxin.workorders.services import TransitionInput, work_order_transition

from .forms import DispatchForm, handling_unit_choices

PAGE_SIZE = 50
STATS_DAYS = 30
TABS = {"returned": "退回待重新分送", "registered": "登记待分送"}


def _center_user(request: HttpRequest) -> User:
    user = request.user
    if (
        not isinstance(user, User)
        or user.role_enum not in CENTER_ROLES
        or user.unit is None
        or not user.unit.is_center
    ):
        raise PermissionDenied("待分送工单仅供12315中心人员使用。")
    return user


def _suggested_unit_id(work_order: WorkOrder) -> int | None:
    if work_order.state == State.RETURNED:
        suggestion = redispatch_suggestion(work_order)
        return suggestion["id"] if suggestion else None
    routing = work_order.routing or {}
    return routing.get("unit_id") if routing.get("outcome") == "assign" else None


@dataclass(frozen=True, slots=True)
class _PageData:
    """What every row of a page needs, read once for the page: no query per row."""

    odr: dict[int, OpenOdrCase]
    rule_sets: Mapping[int, RuleSet]
    unit_choices: list[tuple[str, str]]


def _row(
    user: User, work_order: WorkOrder, shared: _PageData, form: DispatchForm | None = None
) -> dict[str, Any]:
    suggested = _suggested_unit_id(work_order)
    return {
        "odr": shared.odr.get(work_order.pk),
        "order": work_order,
        "kind_label": KIND_LABELS[Kind(work_order.kind)],
        "return_reason": return_reason_body(work_order, shared.rule_sets),
        "suggested": redispatch_suggestion(work_order) if work_order.state == State.RETURNED else None,
        "routing": work_order.routing or {},
        "counterpart": counterpart_body(user, work_order),
        "form": form
        or DispatchForm(
            suggested_unit_id=suggested, unit_choices=shared.unit_choices, prefix=f"w{work_order.pk}"
        ),
    }


def _rows(
    user: User, work_orders: Any, *, failed: tuple[int, DispatchForm] | None = None
) -> list[dict[str, Any]]:
    """The page's rows. A complaint still with its enrolled business for online settlement (ODR, Order 121 Art. 6)
    is marked with the last day of that period: dispatching it now is allowed — the dispatch does not wait for
    the ODR case — but the business may still settle it until then (read once for the page)."""
    page_rows = list(work_orders)
    shared = _PageData(
        odr=open_odr_cases(w.pk for w in page_rows),
        rule_sets=rule_sets_all(),
        unit_choices=handling_unit_choices(),
    )
    return [
        _row(user, w, shared, failed[1] if failed is not None and failed[0] == w.pk else None)
        for w in page_rows
    ]


@require_GET
def dispatch_queue(request: HttpRequest) -> HttpResponse:
    user = _center_user(request)
    tab = request.GET.get("tab", "returned")
    if tab not in TABS:
        tab = "returned"
    selector = returned_work_orders if tab == "returned" else registered_awaiting_dispatch
    page = Paginator(selector(user=user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "web/work_orders/dispatch_queue.html",
        {
            "tab": tab,
            "tab_label": TABS[tab],
            "tabs": TABS,
            "page": page,
            "rows": _rows(user, page.object_list),
            "reason_counts": return_reason_counts(user=user, since=clock.now() - timedelta(days=STATS_DAYS)),
            "stats_days": STATS_DAYS,
        },
    )


@require_POST
def dispatch_one(request: HttpRequest, number: str) -> HttpResponse:
    """Dispatch a registered item, redispatch a returned one, or transfer either out of the province."""
    user = _center_user(request)
    work_order = (
        WorkOrder.objects.select_related("returned_from", "return_suggested_unit")
        .filter(number=number)
        .first()
    )
    if work_order is None:
        raise Http404("工单不存在。")
    if not can_view(user, work_order):
        raise PermissionDenied("该工单不在您的数据范围内。")
    tab = "returned" if work_order.state == State.RETURNED else "registered"
    form = DispatchForm(request.POST, prefix=f"w{work_order.pk}")
    if form.is_valid():
        data = form.cleaned_data
        transfer = request.POST.get("do") == "transfer"
        if transfer:
            step = TransitionInput(
                Action.TRANSFER_OUT,
                note=data["note"],
                transfer_destination=data["transfer_destination"],
                expected_version=int(request.POST.get("version") or work_order.version),
            )
        else:
            action = Action.REDISPATCH if work_order.state == State.RETURNED else Action.DISPATCH
            unit = data["handling_unit"]
            step = TransitionInput(
                action,
                note=data["note"],
                handling_unit_id=int(unit) if unit else None,
                expected_version=int(request.POST.get("version") or work_order.version),
            )
        try:
            done = work_order_transition(work_order_id=work_order.pk, actor=user, data=step)
        except DomainError as error:
            for name, errors in error.fields.items():
                target = {"handling_unit": "handling_unit", "note": "note"}.get(name)
                for message in errors:
                    form.add_error(target if target in form.fields else None, message)
            if not error.fields:
                form.add_error(None, error.message)
        else:
            where = done.handling_unit.name if done.handling_unit else done.transfer_destination
            messages.success(request, f"工单 {done.number} 已{'转往' if transfer else '分送到'}{where}。")
            return redirect(f"{reverse('work_orders:dispatch_queue')}?tab={tab}")
    selector = returned_work_orders if tab == "returned" else registered_awaiting_dispatch
    page = Paginator(selector(user=user), PAGE_SIZE).get_page(1)
    rows = _rows(user, page.object_list, failed=(work_order.pk, form))
    return render(
        request,
        "web/work_orders/dispatch_queue.html",
        {
            "tab": tab,
            "tab_label": TABS[tab],
            "tabs": TABS,
            "page": page,
            "rows": rows,
            "reason_counts": return_reason_counts(user=user, since=clock.now() - timedelta(days=STATS_DAYS)),
            "stats_days": STATS_DAYS,
            "failed": work_order.number,
        },
        status=400,
    )
