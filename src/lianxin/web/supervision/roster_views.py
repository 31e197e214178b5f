"""`/rosters/`: today's duty against who is signed in, the published roster grid, planning a new version from the
forecast (a background job: CP-SAT takes seconds), what-ifs, leave approvals, the special-period switch,
publishing, and the Excel / iCalendar exports."""

from __future__ import annotations

import io
import tempfile
import zipfile
from datetime import date, timedelta
from pathlib import Path

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from lianxin.accounts.models import User
from lianxin.common import clock
from lianxin.common.jobs import enqueue
from lianxin.domain.errors import DomainError
from lianxin.workforce.board import duty_today, pending_requests, published_version_for, roster_grid_rows
from lianxin.workforce.exports import roster_ics_write, roster_xlsx_write
from lianxin.workforce.models import RosterVersion, SpecialPeriodSwitch
from lianxin.workforce.selectors import roster_sheet
from lianxin.workforce.supervision import (
    PlanRequest,
    WorkforceInvalid,
    can_manage_workforce,
    leave_decide,
    roster_version_publish,
    special_period_is_on,
    special_period_switch,
)


def _supervisor(request: HttpRequest) -> User:
    user = request.user
    if not isinstance(user, User) or not can_manage_workforce(user):
        raise PermissionDenied("只有中心值班长、管理人员可以管理排班。")
    return user


def _next_monday(today: date) -> date:
    return today + timedelta(days=7 - today.weekday())


@require_GET
def rosters(request: HttpRequest) -> HttpResponse:
    _supervisor(request)
    now = clock.now()
    today = clock.local_date(now)
    published, duty = duty_today(now=now)
    grid_days, grid_rows = roster_grid_rows(published.pk) if published else ([], [])
    versions = RosterVersion.objects.select_related("roster", "created_by").order_by("-id")[:20]
    return render(
        request,
        "supervision/rosters.html",
        {
            "today": today,
            "published": published,
            "duty": duty,
            "duty_missing": sum(1 for row in duty if not row.is_signed_in and row.starts_at <= now),
            "grid_days": grid_days,
            "grid_rows": grid_rows,
            "versions": versions,
            "pending": pending_requests(),
            "special": special_period_is_on(),
            "switches": SpecialPeriodSwitch.objects.select_related("switched_by")[:5],
            "next_monday": _next_monday(today),
            "plan_errors": request.session.pop("roster_plan_errors", {}),
        },
    )


@require_GET
def version(request: HttpRequest, version_id: int) -> HttpResponse:
    _supervisor(request)
    row = (
        RosterVersion.objects.select_related("roster", "created_by", "published_by")
        .filter(pk=version_id)
        .first()
    )
    if row is None:
        raise Http404("排班版本不存在。")
    grid_days, grid_rows = roster_grid_rows(row.pk)
    current = published_version_for(row.roster.starts_on)
    return render(
        request,
        "supervision/roster_version.html",
        {
            "version": row,
            "grid_days": grid_days,
            "grid_rows": grid_rows,
            "is_current": current is not None and current.pk == row.pk,
            "simulation": (row.outcome or {}).get("simulation", {}),
        },
    )


@require_POST
def publish(request: HttpRequest, version_id: int) -> HttpResponse:
    user = _supervisor(request)
    try:
        published = roster_version_publish(version_id=version_id, actor=user)
    except WorkforceInvalid as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, f"已发布 {published.roster} 第 {published.number} 版。")
    return redirect("supervision:roster-version", version_id=version_id)


@require_GET
def export(request: HttpRequest, version_id: int, fmt: str) -> HttpResponse:
    _supervisor(request)
    try:
        sheet = roster_sheet(version_id)
    except DomainError:
        raise Http404("排班版本不存在。") from None
    with tempfile.TemporaryDirectory() as directory:
        if fmt == "xlsx":
            path = Path(directory) / "roster.xlsx"
            roster_xlsx_write(sheet, path)
            response = HttpResponse(
                path.read_bytes(),
                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            )
            response["Content-Disposition"] = (
                f'attachment; filename="roster-{sheet.starts_on}-v{sheet.number}.xlsx"'
            )
            return response
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for path in roster_ics_write(sheet, Path(directory)):
                archive.write(path, arcname=path.name)
    response = HttpResponse(buffer.getvalue(), content_type="application/zip")
    response["Content-Disposition"] = (
        f'attachment; filename="roster-{sheet.starts_on}-v{sheet.number}-ics.zip"'
    )
    return response


def _number(text: str | None, default: float, field: str, errors: dict[str, list[str]]) -> float:
    try:
        return float(text) if text not in (None, "") else default
    except ValueError:
        errors[field] = ["请填写数字。"]
        return default


@require_POST
def plan(request: HttpRequest) -> HttpResponse:
    user = _supervisor(request)
    errors: dict[str, list[str]] = {}
    try:
        starts_on = date.fromisoformat(request.POST.get("starts_on", ""))
    except ValueError:
        errors["starts_on"] = ["请选择开始日期（星期一）。"]
        starts_on = _next_monday(clock.today())
    weeks = int(_number(request.POST.get("weeks"), 1, "weeks", errors))
    minus = int(_number(request.POST.get("minus_agents"), 0, "minus_agents", errors))
    plus = _number(request.POST.get("plus_percent"), 0.0, "plus_percent", errors)
    plan_request = PlanRequest(starts_on=starts_on, weeks=weeks, minus_agents=minus, plus_percent=plus)
    if not errors:
        try:
            plan_request.check()
        except WorkforceInvalid as refused:
            errors = refused.fields
    if errors:
        request.session["roster_plan_errors"] = errors
        messages.error(request, "排班参数有误，请检查标出的项目。")
        return redirect("supervision:rosters")
    enqueue(
        "lianxin.workforce.supervision.roster_plan_task",
        starts_on.isoformat(),
        weeks,
        minus,
        plus,
        user.pk,
    )
    messages.success(request, "已提交排班计算（约需半分钟）；完成后新版本出现在下方“排班版本”中。")
    return redirect("supervision:rosters")


@require_POST
def special_period(request: HttpRequest) -> HttpResponse:
    user = _supervisor(request)
    is_on = request.POST.get("is_on") == "1"
    try:
        switch = special_period_switch(actor=user, is_on=is_on, note=request.POST.get("note", ""))
    except WorkforceInvalid as refused:
        messages.error(request, refused.message)
    else:
        if is_on:
            messages.warning(
                request,
                f"特殊时期已开启：取消休假 {switch.leaves_cancelled} 条，新排班按特殊时期劳动规则计算。",
            )
        else:
            messages.success(request, "特殊时期已关闭。")
    return redirect("supervision:rosters")


@require_POST
def leave_decide_view(request: HttpRequest, leave_id: int) -> HttpResponse:
    user = _supervisor(request)
    try:
        leave = leave_decide(leave_id=leave_id, actor=user, approve=request.POST.get("decision") == "approve")
    except WorkforceInvalid as refused:
        messages.error(request, refused.message)
    else:
        messages.success(
            request, f"已{leave.get_status_display()}：{leave.agent.name} {leave.first_day}–{leave.last_day}"
        )
    return redirect("supervision:rosters")
