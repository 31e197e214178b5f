"""`/handling/approvals/`: the unit leader's approval queue (issue 10 item 2). Handlers ask for a step that needs the
leader's approval on the work-order page (`views.act`); the leader approves or refuses here, in their own session
(`approval_decide`: approving applies the step, the event names the leader as approver — 处罚程序规定第十八条)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseForbidden
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from lianxin.accounts.models import User
from lianxin.domain.errors import DomainError
from lianxin.domain.rules import CLOCK_LABELS
from lianxin.domain.workflow import (
    ACTION_LABELS,
    KIND_LABELS,
    Action,
    ClockEffect,
    Kind,
    Role,
    State,
    plan_transition,
)
from lianxin.workorders.clock_storage import clocks_load
from lianxin.workorders.models import ApprovalRequest
from lianxin.workorders.selectors import approval_queue
from lianxin.workorders.services import approval_decide

from .actions import form_add_domain_error


class DecisionForm(forms.Form):
    note = forms.CharField(
        label="审批意见", widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=2000
    )


def approval_rows(approvals: Iterable[ApprovalRequest]) -> list[dict]:
    return [
        {
            "approval": a,
            "action_label": ACTION_LABELS[Action(a.action)],
            "requester": a.requested_by.full_name or a.requested_by.username,
            "decider": (a.decided_by.full_name or a.decided_by.username) if a.decided_by_id else "",
        }
        for a in approvals
    ]


def _leader(request: HttpRequest) -> User | None:
    user = request.user
    if isinstance(user, User) and user.is_active and user.role_enum is Role.UNIT_LEADER:
        return user
    return None


def _deadline(approval: ApprovalRequest) -> tuple[str, date | None, bool]:
    """The period the requested step extends (the one the leader must decide before), else the nearest deadline;
    and whether that date is provisional (暂定)."""
    order = approval.work_order
    nearest = ("最近期限", order.due_on, order.is_due_provisional)
    try:
        step = plan_transition(Kind(order.kind), State(order.state), Action(approval.action))
    except DomainError:
        return nearest
    stored = clocks_load(order.clocks)
    for name, effect in step.clocks:
        entry = stored.get(name)
        if effect is ClockEffect.EXTEND and entry is not None and entry.due_on is not None:
            return CLOCK_LABELS.get(name.value, name.value), entry.due_on, entry.is_provisional
    return nearest


def _queue_context(leader: User, bound: tuple[int, DecisionForm] | None = None) -> dict:
    rows = approval_rows(approval_queue(user=leader))
    for row in rows:
        approval = row["approval"]
        row["kind_label"] = KIND_LABELS[Kind(approval.work_order.kind)]
        row["deadline_label"], row["due_on"], row["due_is_provisional"] = _deadline(approval)
        row["form"] = (
            bound[1] if bound and bound[0] == approval.pk else DecisionForm(prefix=f"a{approval.pk}")
        )
    return {"rows": rows}


@require_GET
def queue(request: HttpRequest) -> HttpResponse:
    leader = _leader(request)
    if leader is None:
        return HttpResponseForbidden("审批页面仅供单位负责人使用。")
    context = _queue_context(leader)
    template = (
        "handling/_approval_queue.html" if request.headers.get("HX-Request") else "handling/approvals.html"
    )
    return render(request, template, context)


@require_POST
def decide(request: HttpRequest, approval_id: int) -> HttpResponse:
    leader = _leader(request)
    if leader is None:
        return HttpResponseForbidden("审批页面仅供单位负责人使用。")
    approve = request.POST.get("decision") == "approve"
    form = DecisionForm(request.POST, prefix=f"a{approval_id}")
    if form.is_valid():
        try:
            approval = approval_decide(
                actor=leader, approval_id=approval_id, approve=approve, note=form.cleaned_data["note"]
            )
        except DomainError as error:
            form_add_domain_error(form, error)
        else:
            label = ACTION_LABELS[Action(approval.action)]
            verdict = "已批准" if approve else "已不予批准"
            messages.success(request, f"{verdict}{approval.work_order.number}的「{label}」申请。")
            return redirect("handling:approvals")
    context = _queue_context(leader, bound=(approval_id, form))
    if not any(row["approval"].pk == approval_id for row in context["rows"]):
        messages.error(
            request, "；".join(e for errs in form.errors.values() for e in errs) or "该申请已不在队列中。"
        )
        return redirect("handling:approvals")
    return render(request, "handling/approvals.html", context, status=400)
