"""`/handling/`: the inbox of a handling unit and the work-order page with every step (through the services)."""

from __future__ import annotations

import logging
from datetime import date

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseForbidden
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from lianxin.accounts.models import User
from lianxin.api.work_orders.bodies import (
    co_complainants_body,
    counterpart_body,
    online_settlement_body,
    return_reason_body,
)
from lianxin.audit.models import Interface
from lianxin.audit.services import personal_data_access_record
from lianxin.calendars.selectors import deadline_calendar
from lianxin.common import clock
from lianxin.documents.models import Document
from lianxin.documents.services import document_file
from lianxin.domain.calendar import WorkingCalendar
from lianxin.domain.errors import CalendarYearNotLoaded, DomainError
from lianxin.domain.workflow import (
    ACTION_LABELS,
    KIND_LABELS,
    STATE_LABELS,
    UNIT_ROLES,
    Action,
    Kind,
    State,
    plan_transition,
)
from lianxin.evidence.services import attachment_add, attachment_open
from lianxin.notifications.models import Notification
from lianxin.notifications.services import notifications_mark_read
from lianxin.web.joint_complainants import JOINT_STEPS, joint_form, joint_step_take, joint_steps
from lianxin.web.landing import BADGE_LABELS, DueHorizon, due_horizon
from lianxin.workorders.errors import ActionForbidden
from lianxin.workorders.models import Category, WorkOrder
from lianxin.workorders.permissions import can_see_personal_data, can_view
from lianxin.workorders.selectors import acceptance_clock_readings, approvals_of_work_order
from lianxin.workorders.services import approval_request, work_order_transition
from lianxin.workorders.services.mediation import MediationSessionInput, mediation_session_record

from .actions import (
    MediationSessionForm,
    action_form,
    actions_for,
    form_add_domain_error,
    needs_approval,
    transition_input,
)
from .approvals import approval_rows
from .detail import clock_rows, timeline
from .inbox import (
    KIND_CHOICES,
    STATE_CHOICES,
    InboxFilters,
    inbox_base,
    inbox_cursor,
    inbox_list,
    inbox_search,
    inbox_slice,
    state_count_rows,
    state_counts,
)

logger = logging.getLogger("lianxin.downloads")
PAGE_SIZE = 50
SESSION_STATES = frozenset({State.ACCEPTED, State.MEDIATING, State.MEDIATION_SUSPENDED})


class KnownCountPaginator(Paginator):
    """The count is already known from the counts per state: no second COUNT(*) over the same rows."""

    def __init__(self, object_list, per_page, *, count: int) -> None:  # type: ignore[no-untyped-def]
        super().__init__(object_list, per_page)
        self._known_count = count

    @property
    def count(self) -> int:  # type: ignore[override]
        return self._known_count


def _unit_user(request: HttpRequest) -> User:
    user = request.user
    if not isinstance(user, User) or (user.role_enum not in UNIT_ROLES and not user.is_superuser):
        raise PermissionError
    return user


def _workdays_left(today: date, due_on: date | None, calendar: WorkingCalendar | None = None) -> int | None:
    """Working days from today to the due date (negative once passed). A list passes the calendar it read once:
    each `deadline_calendar()` call may look at the reference-data token."""
    if due_on is None:
        return None
    calendar = calendar or deadline_calendar()
    try:
        if due_on >= today:
            return calendar.workdays_between(today, due_on)
        return -calendar.workdays_between(due_on, today)
    except CalendarYearNotLoaded:
        return None


def _horizon() -> DueHorizon:
    return due_horizon(today=clock.today(), due_soon_workdays=settings.LIANXIN_DUE_SOON_WORKDAYS)


@require_GET
def inbox(request: HttpRequest) -> HttpResponse:
    try:
        user = _unit_user(request)
    except PermissionError:
        return HttpResponseForbidden("承办工作页面仅供承办单位人员使用。")
    horizon = _horizon()
    filters = InboxFilters.from_query(request.GET)
    search = None
    if filters.is_text_search:
        # A text filter reads every row of the scope to match it: no counts per state, and the list is paged
        # by keyset (`after`, the last row's sort key) peeking one row ahead instead of counting, so the next
        # page starts where this one ended instead of matching every earlier row again.
        counts: dict[str, int] = {}
        after = request.GET.get("after", "")
        found = inbox_search(
            user,
            filters,
            today=horizon.today,
            last_due_soon_day=horizon.last_due_soon_day,
            after=after,
            limit=PAGE_SIZE + 1,
        )
        page_rows = found[:PAGE_SIZE]
        search = {
            "has_next": len(found) > PAGE_SIZE,
            "has_previous": bool(after),
            "next_after": inbox_cursor(page_rows[-1]) if len(found) > PAGE_SIZE else "",
        }
        page = None
    else:
        base = inbox_base(user, filters, today=horizon.today, last_due_soon_day=horizon.last_due_soon_day)
        counts = state_counts(base)
        total = counts.get(filters.state, 0) if filters.state else sum(counts.values())
        page = KnownCountPaginator(inbox_list(base, filters), PAGE_SIZE, count=total).get_page(
            request.GET.get("page")
        )
        page_rows = (
            inbox_slice(page.paginator.object_list, page.start_index() - 1, page.end_index()) if total else []
        )
    rows = []
    calendar = deadline_calendar()
    for order in page_rows:
        badge = horizon.badge(order.due_on)
        rows.append(
            {
                "order": order,
                "kind_label": KIND_LABELS[Kind(order.kind)],
                "state_label": STATE_LABELS[State(order.state)],
                "badge": badge.value,
                "badge_label": BADGE_LABELS[badge],
                "workdays_left": _workdays_left(horizon.today, order.due_on, calendar),
            }
        )
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("after", None)
    query.pop("state", None)
    context = {
        "filters": filters,
        "page": page,
        "search": search,
        "rows": rows,
        "counts": state_count_rows(counts),
        "total_open": sum(counts.values()),
        "kind_choices": KIND_CHOICES,
        "state_choices": STATE_CHOICES,
        "categories": Category.objects.filter(is_active=True).values_list("code", "name"),
        "horizon": horizon,
        "query_without_state": query.urlencode(),
        "unit_id": user.unit_id,
        "unread": Notification.objects.filter(user=user, read_at__isnull=True).count(),
    }
    return render(request, "handling/inbox.html", context)


def _load(request: HttpRequest, pk: int) -> tuple[User, WorkOrder]:
    user = _unit_user(request)
    order = (
        WorkOrder.objects.select_related(
            "handling_unit",
            "category",
            "issue_type",
            "center",
            "returned_from",
            "return_suggested_unit",
            "mixed_counterpart",
            "mixed_counterpart__handling_unit",
        )
        .filter(pk=pk)
        .first()
    )
    if order is None:
        raise Http404("工单不存在。")
    if not can_view(user, order):
        raise PermissionError
    return user, order


def _detail_context(
    user: User, order: WorkOrder, *, bound=None, session_form=None, joint_bound=None
) -> dict:
    horizon = _horizon()
    documents = list(order.documents.order_by("issued_at", "id"))
    sessions = list(order.mediation_sessions.order_by("held_on", "id"))
    notices = order.notices.order_by("created_at", "id")
    badge = horizon.badge(order.due_on)
    show_personal = can_see_personal_data(user, order)
    return {
        "order": order,
        "co_complainants": co_complainants_body(user, order),
        "counterpart": counterpart_body(user, order),
        "return_reason": return_reason_body(order),
        "online_settlement": online_settlement_body(order, masked=not show_personal),
        "kind_label": KIND_LABELS[Kind(order.kind)],
        "state_label": STATE_LABELS[State(order.state)],
        "badge": badge.value,
        "badge_label": BADGE_LABELS[badge],
        "workdays_left": _workdays_left(horizon.today, order.due_on),
        "clocks": clock_rows(order, horizon),
        "acceptance_readings": acceptance_clock_readings(order),
        "show_personal": show_personal,
        "documents": documents,
        "attachments": list(order.attachments.select_related("uploaded_by").order_by("uploaded_at", "id")),
        "sessions": sessions,
        "timeline": timeline(order, documents, notices, sessions),
        "actions": actions_for(user, order, bound),
        "joint_steps": joint_steps(
            user,
            order,
            url_for=lambda action: reverse("handling:complainants", args=[order.pk, action]),
            bound=joint_bound,
        ),
        "approvals": approval_rows(approvals_of_work_order(work_order=order)),
        "session_form": session_form
        or (
            MediationSessionForm(initial={"held_on": clock.today()})
            if State(order.state) in SESSION_STATES
            else None
        ),
    }


@require_GET
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        user, order = _load(request, pk)
    except PermissionError:
        return HttpResponseForbidden("该工单不在您的数据范围内。")
    context = _detail_context(user, order)
    if context["show_personal"]:
        # The page shows the complainant's or reporter's contact details in clear: record who saw them.
        personal_data_access_record(user=user, work_order=order, interface=Interface.WEB, path=request.path)
    return render(request, "handling/detail.html", context)


@require_POST
def act(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    try:
        user, order = _load(request, pk)
    except PermissionError:
        return HttpResponseForbidden("该工单不在您的数据范围内。")
    try:
        step = plan_transition(Kind(order.kind), State(order.state), Action(action))
    except (ValueError, DomainError) as error:
        messages.error(request, getattr(error, "handler_message", "该操作不可用。"))
        return redirect("handling:detail", pk=pk)
    form = action_form(step, order, request.POST)
    if form.is_valid():
        try:
            if needs_approval(step):
                approval_request(
                    actor=user, work_order_id=order.pk, action=step.action, note=form.cleaned_data["note"]
                )
            else:
                version = int(request.POST.get("version", order.version))
                work_order_transition(
                    work_order_id=order.pk, actor=user, data=transition_input(step, form, version)
                )
        except DomainError as error:
            form_add_domain_error(form, error)
        else:
            label = ACTION_LABELS[step.action]
            asked = f"已提交「{label}」的审批申请，待负责人审批。"
            messages.success(request, asked if needs_approval(step) else f"已{label}。")
            if step.action is Action.RETURN:
                # Back at the 12315 center: the item has left this unit's scope (Order 121 Art. 41).
                messages.info(request, f"工单 {order.number} 已退回12315中心，由中心重新分送。")
                return redirect("handling:inbox")
            return redirect("handling:detail", pk=pk)
    return render(
        request, "handling/detail.html", _detail_context(user, order, bound=(action, form)), status=400
    )


@require_POST
def complainants(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """Add, remove or re-elect (共同投诉, Order 121 Art. 12) from the handler's page; errors inline, 400."""
    try:
        user, order = _load(request, pk)
    except PermissionError:
        return HttpResponseForbidden("该工单不在您的数据范围内。")
    if action not in {a.value for a in JOINT_STEPS}:
        raise Http404("没有这项操作。")
    step = Action(action)
    form = joint_form(step, order, request.POST)
    version = int(request.POST.get("version") or order.version)
    done = joint_step_take(user, order, step, form, version=version)
    if done is not None:
        messages.success(request, done)
        return redirect("handling:detail", pk=pk)
    order = _load(request, pk)[1]
    return render(
        request, "handling/detail.html", _detail_context(user, order, joint_bound=(action, form)), status=400
    )


@require_POST
def record_session(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        user, order = _load(request, pk)
    except PermissionError:
        return HttpResponseForbidden("该工单不在您的数据范围内。")
    form = MediationSessionForm(request.POST)
    if form.is_valid():
        try:
            mediation_session_record(
                work_order_id=order.pk, actor=user, data=MediationSessionInput(**form.cleaned_data)
            )
        except DomainError as error:
            form_add_domain_error(form, error)
        else:
            messages.success(request, "已记录调解情况。")
            return redirect("handling:detail", pk=pk)
    return render(
        request, "handling/detail.html", _detail_context(user, order, session_form=form), status=400
    )


@require_GET
def document_download(request: HttpRequest, document_id: int, fmt: str) -> HttpResponse:
    document = Document.objects.select_related("work_order").filter(pk=document_id).first()
    user = request.user
    if document is None or fmt not in ("pdf", "docx"):
        raise Http404("文书不存在。")
    if not isinstance(user, User) or not can_view(user, document.work_order):
        return HttpResponseForbidden("该文书不在您的数据范围内。")
    data = document_file(document, fmt)
    logger.info("document %s (%s) downloaded by user %s", document.pk, fmt, user.pk)
    content_type = (
        "application/pdf"
        if fmt == "pdf"
        else "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    response = HttpResponse(data, content_type=content_type)
    filename = f"{document.title}{document.number}.{fmt}"
    from urllib.parse import quote

    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


@require_POST
def upload_evidence(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        user, order = _load(request, pk)
    except PermissionError:
        return HttpResponseForbidden("该工单不在您的数据范围内。")
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, "请选择要上传的文件。")
        return redirect("handling:detail", pk=pk)
    try:
        attachment_add(
            work_order_id=order.pk, actor=user, upload=upload, description=request.POST.get("description", "")
        )
    except DomainError as error:
        messages.error(request, error.handler_message)
    else:
        messages.success(request, "已上传证据材料。")
    return redirect("handling:detail", pk=pk)


@require_GET
def evidence_file(request: HttpRequest, attachment_id: int, variant: str) -> HttpResponse:
    user = request.user
    if not isinstance(user, User) or variant not in ("file", "thumbnail"):
        raise Http404("材料不存在。")
    try:
        attachment, data = attachment_open(attachment_id=attachment_id, user=user, variant=variant)
    except ActionForbidden:
        return HttpResponseForbidden("该材料不在您的数据范围内。")
    except DomainError as error:
        raise Http404(error.message) from None
    content_type = "image/jpeg" if variant == "thumbnail" else attachment.content_type
    response = HttpResponse(data, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    if variant == "file":
        from urllib.parse import quote

        response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(attachment.original_name)}"
    return response


@require_GET
def notifications(request: HttpRequest) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)  # noqa: S101 - LoginRequiredMiddleware
    items = list(Notification.objects.filter(user=user).select_related("work_order")[:100])
    return render(request, "handling/notifications.html", {"items": items})


@require_POST
def notifications_read(request: HttpRequest) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)  # noqa: S101 - LoginRequiredMiddleware
    notifications_mark_read(user=user)
    return redirect(reverse("handling:notifications"))
