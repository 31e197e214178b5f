"""Callbacks in the agent's day (`/callbacks/`): the list of closed items to call back (回访, Order 121 Art. 26),
the result of each call, and the shift supervisors' review of dissatisfied results."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from lianxin.accounts.models import User
from lianxin.domain.workflow import CENTER_ROLES, KIND_LABELS, Kind, Role
from lianxin.portal.errors import PortalError
from lianxin.portal.models import Satisfaction
from lianxin.portal.services.callbacks import (
    CallbackResult,
    callback_record,
    callback_review,
    callbacks_pending,
    callbacks_to_review,
    satisfaction_counts,
)

REVIEWERS = frozenset({Role.SHIFT_SUPERVISOR, Role.CENTER_MANAGER})


def _center_staff(request: HttpRequest) -> User:
    user = request.user
    if (
        not isinstance(user, User)
        or user.role_enum not in CENTER_ROLES
        or user.unit is None
        or not user.unit.is_center
    ):
        raise PermissionDenied
    return user


@require_GET
def callback_list(request: HttpRequest) -> HttpResponse:
    user = _center_staff(request)
    page = Paginator(callbacks_pending(user), 30).get_page(request.GET.get("page"))
    return render(
        request,
        "web/callbacks/list.html",
        {
            "page": page,
            "rows": [
                {"callback": callback, "kind_label": KIND_LABELS[Kind(callback.work_order.kind)]}
                for callback in page.object_list
            ],
            "satisfaction_choices": Satisfaction.choices,
            "to_review": callbacks_to_review(user) if user.role_enum in REVIEWERS else None,
            "counts": satisfaction_counts(center_id=user.unit_id),
        },
    )


@require_POST
def callback_save(request: HttpRequest, callback_id: int) -> HttpResponse:
    user = _center_staff(request)
    reached = request.POST.get("reached") != "no"
    try:
        callback_record(
            actor=user,
            callback_id=callback_id,
            result=CallbackResult(
                reached=reached,
                satisfaction=request.POST.get("satisfaction", ""),
                remarks=request.POST.get("remarks", ""),
            ),
        )
    except PortalError as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, "回访结果已记录。" if reached else "已记录为联系不上。")
    return redirect("callbacks:list")


@require_POST
def callback_review_save(request: HttpRequest, callback_id: int) -> HttpResponse:
    user = _center_staff(request)
    if user.role_enum not in REVIEWERS:
        raise PermissionDenied
    try:
        callback_review(actor=user, callback_id=callback_id, note=request.POST.get("review_note", ""))
    except PortalError as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, "复核意见已记录。")
    return redirect("callbacks:list")
