"""The agent workstation (`/workstation/`): state bar, screen pop, registration with the live jurisdiction
suggestion, the legal panel and duplicate checks, register-and-dispatch in one action.

Every action calls the same services as the API (`lianxin.intake.services`, `lianxin.workorders.services`);
the page's JavaScript uses the API for agent states and drafts, and htmx for the partials here.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.contrib.auth.decorators import user_passes_test
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseForbidden
from django.shortcuts import render
from django.views.decorators.http import require_GET, require_POST

from lianxin.accounts.models import OrgUnit, UnitKind, User
from lianxin.common import clock
from lianxin.domain.agent_states import AGENT_STATE_LABELS, AgentState
from lianxin.domain.errors import DomainError
from lianxin.domain.workflow import CENTER_ROLES, KIND_LABELS, Kind
from lianxin.intake.models import Call
from lianxin.intake.selectors import (
    agent_session_open,
    break_reasons,
    caller_history,
    intake_policy,
    same_business_open_complaints,
)
from lianxin.intake.services import RegistrationFromCall, call_register
from lianxin.knowledge.selectors import suggestions_for_text
from lianxin.workorders.models import Category, IssueType
from lianxin.workorders.services import WorkOrderInput
from lianxin.workorders.services.routing import routing_suggestion

from .forms import RegistrationForm

KEY_HINTS = [
    ("Alt+R", "就绪"),
    ("Alt+B", "小休"),
    ("Alt+A", "接听"),
    ("Alt+N", "新登记（无来电）"),
    ("Alt+F", "事实与理由"),
    ("Alt+J", "引用法律面板第一条"),
    ("Alt+L", "关联重复件"),
    ("Ctrl+Enter", "登记并分送 / 解答办结"),
    ("Alt+O", "签出"),
]


def _center_staff(user: Any) -> bool:
    return user.is_authenticated and user.role in {r.value for r in CENTER_ROLES}


center_staff_required = user_passes_test(_center_staff)


def _call_for(user: User, call_id: str) -> Call | None:
    """A call the agent may work on: offered to or answered by them."""
    if not call_id:
        return None
    return (
        Call.objects.filter(call_id=call_id).filter(agent=user).first()
        or Call.objects.filter(call_id=call_id, offered_to=user).first()
    )


def _initial(call: Call | None) -> dict[str, Any]:
    if call is None:
        return {"kind": Kind.COMPLAINT.value}
    return {"kind": Kind.COMPLAINT.value, "call_id": call.call_id, "contact_phone": call.caller_number}


def _call_context(user: User, call: Call | None) -> dict[str, Any]:
    history = caller_history(call.caller_number, user=user, exclude_call_id=call.call_id) if call else None
    return {
        "call": call,
        "history": history,
        "form": RegistrationForm(initial=_initial(call)),
        "draft_key": call.call_id if call else "free",
        "is_ringing": call is not None and call.answered_at is None and call.offered_to_id == user.pk,
    }


def _taxonomy() -> dict[str, Any]:
    return {
        "categories": list(Category.objects.filter(is_active=True).values("code", "name")),
        "issue_types": list(IssueType.objects.filter(is_active=True).values("code", "name", "applies_to")),
    }


@center_staff_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    user = request.user
    session = agent_session_open(user)
    call = session.current_call if session and session.current_call_id else None
    if call is None and session is not None and session.state == AgentState.WRAP_UP:
        call = Call.objects.filter(agent=user).order_by("-answered_at").first()
    state = AgentState(session.state) if session else AgentState.SIGNED_OUT
    return render(
        request,
        "web/workstation/index.html",
        {
            "session": session,
            "state": state.value,
            "state_label": AGENT_STATE_LABELS[state],
            "break_reasons": break_reasons(),
            "key_hints": KEY_HINTS,
            "wrap_up_max_seconds": intake_policy().wrap_up_max_seconds,
            **_taxonomy(),
            **_call_context(user, call),
        },
    )


@center_staff_required
@require_GET
def call_panel(request: HttpRequest, call_id: str) -> HttpResponse:
    """The screen pop and a fresh registration form for one call (loaded when `call.offered` arrives)."""
    call = _call_for(request.user, call_id)
    if call is None:
        return HttpResponseForbidden("这通来电没有分配给您。")
    return render(request, "web/workstation/_call.html", {**_taxonomy(), **_call_context(request.user, call)})


@center_staff_required
@require_GET
def free_panel(request: HttpRequest) -> HttpResponse:
    return render(request, "web/workstation/_call.html", {**_taxonomy(), **_call_context(request.user, None)})


def _handling_units() -> list[OrgUnit]:
    kinds = [UnitKind.COUNTY_BUREAU, UnitKind.CITY_BUREAU, UnitKind.ZONE_BUREAU, UnitKind.PROVINCE_BUREAU]
    return list(OrgUnit.objects.filter(is_active=True, kind__in=kinds).order_by("path"))


@center_staff_required
@require_GET
def routing_panel(request: HttpRequest) -> HttpResponse:
    """The live jurisdiction suggestion for what the agent has typed (unit, reason, citation, candidates)."""
    query = request.GET
    kind = query.get("kind", Kind.COMPLAINT.value)
    suggestion: dict[str, Any] = {}
    if kind in (Kind.COMPLAINT.value, Kind.REPORT.value):
        suggestion = routing_suggestion(
            kind=Kind(kind),
            online_role=query.get("respondent_online_role", "")
            if query.get("respondent_online_role", "")
            in {"", "platform_operator", "platform_seller", "own_website"}
            else "",
            address=query.get("respondent_address", ""),
            published_address=query.get("respondent_published_address", ""),
            platform_address=query.get("respondent_platform_address", ""),
            received_on=clock.today(),
        )
    chosen = query.get("dispatch_unit_id", "")
    suggested_id = suggestion.get("unit_id")
    # The agent's own choice survives a new suggestion; a choice that was only the previous suggestion follows it.
    keep_choice = chosen.isdigit() and chosen != query.get("suggested_before", "")
    return render(
        request,
        "web/workstation/_routing.html",
        {
            "kind": kind,
            "suggestion": suggestion,
            "units": _handling_units() if kind in (Kind.COMPLAINT.value, Kind.REPORT.value) else [],
            "selected_unit_id": int(chosen) if keep_choice else suggested_id,
            "suggested_unit_id": suggested_id,
        },
    )


@center_staff_required
@require_GET
def legal_panel(request: HttpRequest) -> HttpResponse:
    """Articles and scripts for the facts and claims typed so far (the existing knowledge search)."""
    facts, claims = request.GET.get("facts", ""), request.GET.get("claims", "")
    summary = request.GET.get("summary", "")
    text = f"{summary}\n{facts}".strip()
    results = suggestions_for_text(facts=text, claims=claims, top_k=6) if (text or claims).strip() else []
    return render(request, "web/workstation/_legal.html", {"results": results})


@center_staff_required
@require_GET
def duplicates_panel(request: HttpRequest) -> HttpResponse:
    """Open items of the same caller against the same business (offered for linking), and a possible group."""
    phone = request.GET.get("contact_phone", "")
    business = request.GET.get("respondent_name", "").strip()
    same_caller: list[Any] = []
    if phone.strip():
        history = caller_history(phone, user=request.user)
        same_caller = [
            w for w in history.work_orders if w.is_open and (not business or w.respondent_name == business)
        ]
    group_count = (
        same_business_open_complaints(respondent_name=business, since=clock.now() - timedelta(days=1))
        if business
        else 0
    )
    return render(
        request,
        "web/workstation/_duplicates.html",
        {
            "same_caller": same_caller,
            "group_count": group_count,
            "is_group": group_count >= intake_policy().group_alert_complaints - 1 and group_count > 0,
            "business": business,
        },
    )


class _DryRun(Exception):
    pass


def _registration(
    request: HttpRequest, form: RegistrationForm, article_ids: tuple[int, ...]
) -> RegistrationFromCall:
    data = form.cleaned_data
    kind = Kind(data["kind"])
    call = _call_for(request.user, data["call_id"]) if data["call_id"] else None
    received_at = call.offered_at if call and call.offered_at else clock.now()
    complaint_or_report = kind in (Kind.COMPLAINT, Kind.REPORT)
    return RegistrationFromCall(
        data=WorkOrderInput(received_at=received_at, **form.work_order_values()),
        call_id=call.call_id if call else "",
        dispatch_unit_id=data.get("dispatch_unit_id") if complaint_or_report else None,
        dispatch_note=data["dispatch_note"],
        answer_note="" if complaint_or_report else data["answer_note"],
        answer_entry_id=None if complaint_or_report else data.get("answer_entry_id"),
        article_ids=article_ids,
        link_work_order_id=data.get("link_work_order_id"),
    )


def _add_service_errors(form: RegistrationForm, error: DomainError) -> None:
    for name, messages in error.fields.items():
        target = {"handling_unit": "dispatch_unit_id", "note": "dispatch_note"}.get(name, name)
        form.add_error(target if target in form.fields else None, messages)
    if not error.fields:
        form.add_error(None, error.handler_message)


@center_staff_required
@require_POST
def register(request: HttpRequest) -> HttpResponse:
    """Register from the form; a complaint or report is dispatched, a consultation closed, in the same action."""
    form = RegistrationForm(request.POST)
    article_ids = tuple(int(v) for v in request.POST.getlist("article_ids") if v.isdigit())
    context: dict[str, Any] = {"form": form}
    if form.is_valid():
        registration = _registration(request, form, article_ids)
        needs_unit = (
            registration.data.kind in (Kind.COMPLAINT, Kind.REPORT) and not registration.dispatch_unit_id
        )
        try:
            if needs_unit:
                # Report every other error with the missing unit at once: try the registration and undo it.
                with transaction.atomic():
                    call_register(actor=request.user, data=registration)
                    raise _DryRun
            work_order = call_register(actor=request.user, data=registration)
        except _DryRun:
            form.add_error("dispatch_unit_id", "请选择承办单位（系统建议的单位已预先选中）。")
        except DomainError as error:
            _add_service_errors(form, error)
            if needs_unit:
                form.add_error("dispatch_unit_id", "请选择承办单位（系统建议的单位已预先选中）。")
            context["message"] = error.handler_message
        else:
            return render(
                request,
                "web/workstation/_registered.html",
                {
                    "work_order": work_order,
                    "kind_label": KIND_LABELS[Kind(work_order.kind)],
                    "draft_key": registration.call_id or "free",
                },
            )
    response = render(request, "web/workstation/_form_errors.html", context)
    response["HX-Retarget"] = "#form-errors"
    response["HX-Reswap"] = "innerHTML"
    return response
