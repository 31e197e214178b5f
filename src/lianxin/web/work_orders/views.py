"""The work-order detail page (`/work-orders/<number>/`), shared by the agent workstation and the county handlers.

Parties are shown as the API shows them (`work_order_detail_body`: full, masked or anonymous by role), then the
facts, every statutory clock with its due date and working days left, and the timeline of events. The actions
area is a separate include (`web/work_orders/_actions.html`) that the handling screens extend.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from lianxin.api.work_orders.access import audited_detail_body
from lianxin.audit.models import Interface
from lianxin.calendars.selectors import deadline_calendar
from lianxin.common import clock
from lianxin.domain.errors import CalendarYearNotLoaded
from lianxin.domain.workflow import ACTION_LABELS, STATE_LABELS, Action, Role, State
from lianxin.intake.models import WorkOrderReference
from lianxin.workorders.models import WorkOrder
from lianxin.workorders.permissions import can_view
from lianxin.workorders.selectors import work_order_events


def workdays_left(today: date, due_on: date | None) -> int | None:
    """Working days from today to the due date (negative when overdue); None when the calendar is not loaded."""
    if due_on is None:
        return None
    calendar = deadline_calendar()
    try:
        if due_on >= today:
            return calendar.workdays_between(today, due_on)
        return -calendar.workdays_between(due_on, today)
    except CalendarYearNotLoaded:
        return None


def _badge(today: date, due_on: date | None, left: int | None, soon: int) -> tuple[str, str]:
    if due_on is None:
        return "", ""
    if due_on < today:
        return "overdue", "已超期"
    if left is not None and left <= soon:
        return "due_soon", "即将到期"
    return "", ""


def _timeline(work_order: WorkOrder) -> list[dict[str, Any]]:
    events = []
    for event in work_order_events(work_order=work_order):
        action = Action(event.action) if event.action in Action._value2member_map_ else None
        label = ACTION_LABELS[action] if action else event.action
        if event.to_state and event.to_state in State._value2member_map_:
            label = f"{label} → {STATE_LABELS[State(event.to_state)]}"
        events.append(
            {
                "at": event.occurred_at,
                "label": label,
                "actor": str(event.actor) if event.actor else "",
                "note": event.note,
                "kind": "transition",
            }
        )
    return events


@require_GET
def detail(request: HttpRequest, number: str) -> HttpResponse:
    from django.conf import settings

    work_order = (
        WorkOrder.objects.select_related("handling_unit", "center", "category", "issue_type", "rule_set")
        .filter(number=number)
        .first()
    )
    if work_order is None:
        raise Http404("工单不存在。")
    if not can_view(request.user, work_order):
        raise PermissionDenied("该工单不在您的数据范围内。")
    if request.user.role in (Role.UNIT_HANDLER, Role.UNIT_LEADER):
        # County staff work the item on the handler's page, which has the same parts and every statutory step.
        return redirect("handling:detail", pk=work_order.pk)
    body = audited_detail_body(request.user, work_order, path=request.path, interface=Interface.WEB)
    today = clock.today()
    soon = settings.LIANXIN_DUE_SOON_WORKDAYS
    clocks = []
    for entry in body["clocks"]:
        left = workdays_left(today, entry["due_on"]) if not entry["stopped"] else None
        badge, badge_label = _badge(today, entry["due_on"], left, soon) if not entry["stopped"] else ("", "")
        clocks.append({**entry, "workdays_left": left, "badge": badge, "badge_label": badge_label})
    references = WorkOrderReference.objects.filter(work_order=work_order).select_related("attached_by")
    return render(
        request,
        "web/work_orders/detail.html",
        {
            "w": body,
            "work_order": work_order,
            "clocks": clocks,
            "timeline": _timeline(work_order),
            "references": references,
            "calls": work_order.calls.all()[:10],
        },
    )
