"""The work-order detail page (`/work-orders/<number>/`), shared by the agent workstation and the county handlers.

Parties are shown as the API shows them (`work_order_detail_body`: full, masked or anonymous by role), then the
facts, every statutory clock with its due date and working days left, and the timeline of events. The actions
area is a separate include (`web/work_orders/_actions.html`) that the handling screens extend.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from lianxin.api.work_orders.access import audited_detail_body
from lianxin.audit.models import Interface
from lianxin.calendars.selectors import deadline_calendar
from lianxin.common import clock
from lianxin.domain.errors import CalendarYearNotLoaded, DomainError, IllegalTransition
from lianxin.domain.workflow import ACTION_LABELS, STATE_LABELS, Action, Kind, Role, State, plan_transition
from lianxin.intake.models import WorkOrderReference
from lianxin.web.event_notes import complainant_names, event_note
from lianxin.web.handling.actions import action_form, form_add_domain_error, transition_input
from lianxin.web.joint_complainants import JOINT_STEPS, joint_form, joint_step_take, joint_steps
from lianxin.workorders.models import WorkOrder
from lianxin.workorders.permissions import can_act, can_see_personal_data, can_view
from lianxin.workorders.selectors import work_order_events
from lianxin.workorders.services import SplitInput, work_order_split, work_order_transition
from lianxin.workorders.services.routing import routing_suggestion

from .forms import SplitForm


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


def _timeline(work_order: WorkOrder, *, show_personal: bool) -> list[dict[str, Any]]:
    events = []
    names = complainant_names(work_order) if show_personal else {}
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
                "note": event_note(event, work_order, names=names, show_personal=show_personal),
                "kind": "transition",
            }
        )
    return events


def _load(request: HttpRequest, number: str) -> WorkOrder:
    work_order = (
        WorkOrder.objects.select_related(
            "handling_unit",
            "center",
            "category",
            "issue_type",
            "rule_set",
            "returned_from",
            "return_suggested_unit",
            "mixed_counterpart",
            "mixed_counterpart__handling_unit",
        )
        .filter(number=number)
        .first()
    )
    if work_order is None:
        raise Http404("工单不存在。")
    if not can_view(request.user, work_order):
        raise PermissionDenied("该工单不在您的数据范围内。")
    return work_order


def _counterpart_kind(work_order: WorkOrder) -> str:
    return Kind.REPORT.value if work_order.kind == Kind.COMPLAINT else Kind.COMPLAINT.value


def _counterpart_suggestion(work_order: WorkOrder) -> int | None:
    """The jurisdiction suggestion for the other half of a mixed filing, by its own rule (Art. 13 / Art. 29, 31)."""
    suggestion = routing_suggestion(
        kind=Kind(_counterpart_kind(work_order)),
        online_role=work_order.respondent_online_role,
        address=work_order.respondent_address,
        published_address=work_order.respondent_published_address,
        platform_address=work_order.respondent_platform_address,
        received_on=clock.local_date(work_order.received_at),
    )
    return suggestion.get("unit_id") if suggestion.get("outcome") == "assign" else None


def _split_form(work_order: WorkOrder, body: dict[str, Any], data: Any = None) -> SplitForm | None:
    if work_order.mixed_counterpart_id is not None or not any(
        a["action"] == Action.SPLIT_MIXED.value for a in body["available_actions"]
    ):
        return None
    return SplitForm(
        data,
        counterpart_kind=_counterpart_kind(work_order),
        suggested_unit_id=None if data is not None else _counterpart_suggestion(work_order),
    )


@require_GET
def detail(request: HttpRequest, number: str) -> HttpResponse:
    work_order = _load(request, number)
    if request.user.role in (Role.UNIT_HANDLER, Role.UNIT_LEADER):
        # County staff work the item on the handler's page, which has the same parts and every statutory step.
        return redirect("handling:detail", pk=work_order.pk)
    return _render_detail(request, work_order)


def _claims_form(user: Any, work_order: WorkOrder, data: Any = None) -> Any:
    """The change of requests (变更或者放弃投诉请求, Order 121 Art. 12) while the item waits at the intake, when the
    table lets this user take it; the handler's step form, with the consent of a joint complaint's represented."""
    try:
        step = plan_transition(Kind(work_order.kind), State(work_order.state), Action.CHANGE_CLAIMS)
    except IllegalTransition:
        return None
    if not can_act(user, work_order, step):
        return None
    return action_form(step, work_order, data)


def _render_detail(
    request: HttpRequest,
    work_order: WorkOrder,
    *,
    split_form: SplitForm | None = None,
    status: int = 200,
    joint_bound: tuple[str, Any] | None = None,
    claims_form: Any = None,
) -> HttpResponse:
    from django.conf import settings

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
            "timeline": _timeline(work_order, show_personal=can_see_personal_data(request.user, work_order)),
            "references": references,
            "calls": work_order.calls.all()[:10],
            "split_form": split_form or _split_form(work_order, body),
            "counterpart_kind_label": "举报" if work_order.kind == Kind.COMPLAINT else "投诉",
            "is_waiting_at_center": work_order.state in (State.REGISTERED, State.RETURNED)
            and work_order.kind in (Kind.COMPLAINT, Kind.REPORT),
            "joint_steps": joint_steps(
                request.user,
                work_order,
                url_for=lambda action: reverse("work_orders:complainants", args=[work_order.number, action]),
                bound=joint_bound,
            ),
            "claims_form": claims_form or _claims_form(request.user, work_order),
        },
        status=status,
    )


@require_POST
def complainants(request: HttpRequest, number: str, action: str) -> HttpResponse:
    """Add, remove or re-elect (共同投诉, Order 121 Art. 12) from the center's page while the item is there."""
    work_order = _load(request, number)
    if action not in {a.value for a in JOINT_STEPS}:
        raise Http404("没有这项操作。")
    step = Action(action)
    form = joint_form(step, work_order, request.POST)
    version = int(request.POST.get("version") or work_order.version)
    done = joint_step_take(request.user, work_order, step, form, version=version)
    if done is not None:
        messages.success(request, done)
        return redirect("work_orders:detail", number=number)
    return _render_detail(request, _load(request, number), joint_bound=(action, form), status=400)


@require_POST
def change_claims(request: HttpRequest, number: str) -> HttpResponse:
    """Record a change of the requests (变更或者放弃投诉请求) from the center's page."""
    work_order = _load(request, number)
    form = _claims_form(request.user, work_order, request.POST)
    if form is None:
        messages.error(request, "当前状态下您不能在此变更该工单的投诉请求。")
        return redirect("work_orders:detail", number=number)
    if form.is_valid():
        step = plan_transition(Kind(work_order.kind), State(work_order.state), Action.CHANGE_CLAIMS)
        version = int(request.POST.get("version") or work_order.version)
        try:
            work_order_transition(
                work_order_id=work_order.pk, actor=request.user, data=transition_input(step, form, version)
            )
        except DomainError as error:
            form_add_domain_error(form, error)
        else:
            messages.success(request, "已记录投诉请求的变更。")
            return redirect("work_orders:detail", number=number)
    return _render_detail(request, _load(request, number), claims_form=form, status=400)


@require_POST
def split(request: HttpRequest, number: str) -> HttpResponse:
    """Split a mixed filing into a linked complaint and report (Order 121 Art. 9), from the center's page."""
    work_order = _load(request, number)
    body = audited_detail_body(request.user, work_order, path=request.path, interface=Interface.WEB)
    form = _split_form(work_order, body, request.POST)
    if form is None:
        messages.error(
            request, "当前状态下您不能拆分该工单（仅12315中心在分送前或退回后可以拆分，且只能拆分一次）。"
        )
        return redirect("work_orders:detail", number=number)
    if form.is_valid():
        data = form.cleaned_data
        try:
            filing = work_order_split(
                actor=request.user,
                work_order_id=work_order.pk,
                data=SplitInput(
                    facts=data["facts"],
                    summary=data["summary"],
                    claims=data.get("claims", ""),
                    issue_type_code=data["issue_type_code"],
                    note=data["note"],
                    dispatch_unit_id=int(data["dispatch_unit"]) if data["dispatch_unit"] else None,
                    dispatch_note=data["dispatch_note"],
                    expected_version=int(request.POST.get("version") or work_order.version),
                ),
            )
        except DomainError as error:
            mapping = {"handling_unit": "dispatch_unit", "note": "note"}
            for name, errors in error.fields.items():
                target = mapping.get(name, name)
                for message in errors:
                    form.add_error(target if target in form.fields else None, message)
            if not error.fields:
                form.add_error(None, error.message)
        else:
            other = filing.report if filing.complaint.pk == work_order.pk else filing.complaint
            messages.success(
                request,
                f"已拆分：另登记{'举报' if other.kind == Kind.REPORT else '投诉'} {other.number}，两件分别处理。",
            )
            return redirect("work_orders:detail", number=number)
    work_order = _load(request, number)
    return _render_detail(request, work_order, split_form=form, status=400)
