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
from lianxin.workorders.services import WorkOrderInput, mixed_report_input
from lianxin.workorders.services.routing import routing_suggestion

from .forms import CO_PREFIX, CoComplainantFormSet, RegistrationForm, co_complainant_inputs

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
        "co_formset": CoComplainantFormSet(prefix=CO_PREFIX),
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
    context: dict[str, Any] = {
        "kind": kind,
        "suggestion": suggestion,
        "units": _handling_units() if kind in (Kind.COMPLAINT.value, Kind.REPORT.value) else [],
        "selected_unit_id": int(chosen) if keep_choice else suggested_id,
        "suggested_unit_id": suggested_id,
    }
    if kind == Kind.COMPLAINT.value and query.get("is_mixed"):
        # A mixed filing: the report half goes by the report's own rule (Order 121 Art. 29, 31), not Art. 13.
        report = routing_suggestion(
            kind=Kind.REPORT,
            online_role=context_online_role(query),
            address=query.get("respondent_address", ""),
            published_address=query.get("respondent_published_address", ""),
            platform_address=query.get("respondent_platform_address", ""),
            received_on=clock.today(),
        )
        report_chosen = query.get("report_dispatch_unit_id", "")
        report_suggested = report.get("unit_id")
        keep = report_chosen.isdigit() and report_chosen != query.get("report_suggested_before", "")
        context.update(
            show_report_routing=True,
            report_suggestion=report,
            report_selected_unit_id=int(report_chosen) if keep else report_suggested,
            report_suggested_unit_id=report_suggested,
        )
    return render(request, "web/workstation/_routing.html", context)


def context_online_role(query: Any) -> str:
    role = query.get("respondent_online_role", "")
    return role if role in {"", "platform_operator", "platform_seller", "own_website"} else ""


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


_PICK_UNIT = "请选择承办单位（系统建议的单位已预先选中）。"


def _missing_units(form: RegistrationForm, registration: RegistrationFromCall) -> None:
    if not registration.dispatch_unit_id:
        form.add_error("dispatch_unit_id", _PICK_UNIT)
    if registration.mixed_report is not None and not registration.report_dispatch_unit_id:
        form.add_error("report_dispatch_unit_id", "请选择举报部分的承办单位（按举报的管辖规则建议）。")


def _co_row(name: str, rows: dict[int, int]) -> str:
    """A service error key of a co-complainant, renumbered to the row of the form the agent sees."""
    if not name.startswith("co_complainants."):
        return name
    _, index, field = name.split(".", 2)
    return f"co_complainants.{rows.get(int(index), int(index))}.{field}"


def _registration(
    request: HttpRequest, form: RegistrationForm, co_formset: Any, article_ids: tuple[int, ...]
) -> RegistrationFromCall:
    data = form.cleaned_data
    kind = Kind(data["kind"])
    call = _call_for(request.user, data["call_id"]) if data["call_id"] else None
    received_at = call.offered_at if call and call.offered_at else clock.now()
    complaint_or_report = kind in (Kind.COMPLAINT, Kind.REPORT)
    values = form.work_order_values()
    if form.is_joint_complaint:
        values.update(
            co_complainants=co_complainant_inputs(co_formset),
            contact_is_representative=data["contact_is_representative"],
            representative_election=data["representative_election"],
        )
    work_order_input = WorkOrderInput(received_at=received_at, **values)
    mixed = form.is_mixed_filing
    return RegistrationFromCall(
        data=work_order_input,
        mixed_report=mixed_report_input(
            work_order_input,
            facts=data["report_facts"],
            summary=data["report_summary"],
            issue_type_code=data["report_issue_type_code"],
        )
        if mixed
        else None,
        report_dispatch_unit_id=data.get("report_dispatch_unit_id") if mixed else None,
        report_dispatch_note=data["report_dispatch_note"] if mixed else "",
        call_id=call.call_id if call else "",
        dispatch_unit_id=data.get("dispatch_unit_id") if complaint_or_report else None,
        dispatch_note=data["dispatch_note"],
        answer_note="" if complaint_or_report else data["answer_note"],
        answer_entry_id=None if complaint_or_report else data.get("answer_entry_id"),
        article_ids=article_ids,
        link_work_order_id=data.get("link_work_order_id"),
    )


_SERVICE_TO_FORM = {
    "handling_unit": "dispatch_unit_id",
    "note": "dispatch_note",
    "report_handling_unit": "report_dispatch_unit_id",
    "report_note": "report_dispatch_note",
    "representatives": "representative_election",
}


def _add_service_errors(form: RegistrationForm, error: DomainError, co_errors: list[dict[str, str]]) -> None:
    for name, messages in error.fields.items():
        if name.startswith("co_complainants."):
            # co_complainants.<index>.<field> → the row's input `co-<index>-<field>`
            _, index, field = name.split(".", 2)
            for message in messages:
                co_errors.append(
                    {
                        "field": f"{CO_PREFIX}-{index}-{field}",
                        "text": f"共同投诉人{int(index) + 1}：{message}",
                    }
                )
            continue
        target = _SERVICE_TO_FORM.get(name, name)
        form.add_error(target if target in form.fields else None, messages)
    if not error.fields:
        form.add_error(None, error.handler_message)


def _blank_rows_dropped(co_formset: Any) -> dict[int, int]:
    """Service row index → formset row index (blank spare rows are not sent to the service)."""
    mapping, service_index = {}, 0
    for row_index, row in enumerate(co_formset.forms):
        if row.is_valid() and not row.is_blank():
            mapping[service_index] = row_index
            service_index += 1
    return mapping


@center_staff_required
@require_POST
def register(request: HttpRequest) -> HttpResponse:
    """Register from the form; a complaint or report is dispatched, a consultation closed, in the same action."""
    form = RegistrationForm(request.POST)
    # The co-complainant rows count only on a joint complaint (their management form comes with the page's form).
    joint = bool(request.POST.get("is_joint"))
    co_formset = CoComplainantFormSet(request.POST if joint else None, prefix=CO_PREFIX)
    article_ids = tuple(int(v) for v in request.POST.getlist("article_ids") if v.isdigit())
    co_errors: list[dict[str, str]] = []
    context: dict[str, Any] = {"form": form, "co_errors": co_errors}
    if form.is_valid() and (not joint or co_formset.is_valid()):
        registration = _registration(request, form, co_formset, article_ids)
        needs_unit = (
            registration.data.kind in (Kind.COMPLAINT, Kind.REPORT) and not registration.dispatch_unit_id
        ) or (registration.mixed_report is not None and not registration.report_dispatch_unit_id)
        try:
            if needs_unit:
                # Report every other error with the missing unit at once: try the registration and undo it.
                with transaction.atomic():
                    call_register(actor=request.user, data=registration)
                    raise _DryRun
            work_order = call_register(actor=request.user, data=registration)
        except _DryRun:
            _missing_units(form, registration)
        except DomainError as error:
            rows = _blank_rows_dropped(co_formset)
            error.fields = {_co_row(name, rows): messages for name, messages in error.fields.items()}
            _add_service_errors(form, error, co_errors)
            if needs_unit:
                _missing_units(form, registration)
            context["message"] = error.handler_message
        else:
            return render(
                request,
                "web/workstation/_registered.html",
                {
                    "work_order": work_order,
                    "kind_label": KIND_LABELS[Kind(work_order.kind)],
                    "counterpart": work_order.mixed_counterpart,
                    "draft_key": registration.call_id or "free",
                },
            )
    else:
        if co_formset.is_bound:
            co_errors.extend(
                {"field": "is_joint", "text": f"共同投诉人：{m}"} for m in co_formset.non_form_errors()
            )
        for index, row in enumerate(co_formset.forms):
            for field, messages in row.errors.items():
                co_errors.extend(
                    {"field": f"{CO_PREFIX}-{index}-{field}", "text": f"共同投诉人{index + 1}：{m}"}
                    for m in messages
                )
    response = render(request, "web/workstation/_form_errors.html", context)
    response["HX-Retarget"] = "#form-errors"
    response["HX-Reswap"] = "innerHTML"
    return response
