"""`/analytics/`: statistics with 环比, the drill-down to the work orders behind every figure, CSV/Excel exports,
satisfaction (consumers' ratings and callbacks, apart), hot spots with consumer warnings, and the monthly report
archive."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from lianxin.accounts.models import User
from lianxin.analytics.exports import Table, table_csv, tables_xlsx
from lianxin.analytics.models import ConsumerWarning, MonthlyReport, WarningStatus
from lianxin.analytics.permissions import can_manage_warnings, can_read_statistics
from lianxin.analytics.selectors import (
    BREAKDOWN_LABELS,
    SATISFACTION_LEVEL_LABELS,
    SATISFACTION_SOURCES,
    VOLUME_BREAKDOWNS,
    DrillDown,
    InvalidStatisticsQuery,
    SatisfactionRow,
    StatisticsFilter,
    hotspot_alerts,
    hotspot_work_orders,
    satisfaction_reviews_pending,
    statistics_freshness,
    statistics_satisfaction,
    statistics_series,
    statistics_timeliness,
    statistics_total,
    statistics_volumes,
    statistics_work_orders,
    unit_choices,
)
from lianxin.analytics.services.reports import (
    ReportUnavailable,
    month_parse,
    percentage_points,
    satisfaction_table,
)
from lianxin.analytics.services.rollups import rollup_refresh
from lianxin.analytics.services.warnings import (
    WarningForbidden,
    WarningInvalid,
    warning_draft_from_alert,
    warning_publish,
    warning_update,
)
from lianxin.common import clock
from lianxin.common.jobs import enqueue
from lianxin.domain.workflow import KIND_LABELS, STATE_LABELS, Kind, Role, State

from .charts import bar_chart, column_chart

PAGE_SIZE = 50
CALLBACK_REVIEWERS = frozenset({Role.SHIFT_SUPERVISOR, Role.CENTER_MANAGER})  # as `web.callbacks.views`
SCREEN_ROWS = 40  # the largest rows of a breakdown on screen; the exports hold every row
MEASURE_LABELS = (
    {
        "items": "件数",
        "group_items": "群体投诉",
        "decided": "已作受理决定",
        "decided_in_time": "按时作受理决定",
        "mediated": "调解结束",
        "mediated_in_time": "按时结束调解",
        "agreed": "调解成功",
        "closed": "已办结",
        "overdue": "当前超期",
    }
    | {source: f"{source_label}（全部评价）" for source, source_label in SATISFACTION_SOURCES.items()}
    | {
        f"{source}_{level}": f"{source_label}：{level_label}"
        for source, source_label in SATISFACTION_SOURCES.items()
        for level, level_label in SATISFACTION_LEVEL_LABELS.items()
    }
)


def _reader(request: HttpRequest) -> User:
    user = request.user
    if not isinstance(user, User) or not can_read_statistics(user):
        raise PermissionDenied("您没有查看统计分析的权限。")
    return user


def _parse_date(text: str | None, default: date) -> date:
    try:
        return date.fromisoformat(text) if text else default
    except ValueError:
        raise InvalidStatisticsQuery("日期格式应为 YYYY-MM-DD。") from None


def _int_or_none(text: str | None) -> int | None:
    try:
        return int(text) if text not in (None, "") else None
    except ValueError:
        raise InvalidStatisticsQuery("承办单位无效。") from None


@dataclass(frozen=True, slots=True)
class PageQuery:
    flt: StatisticsFilter
    by: str
    granularity: str

    def params(self, **extra: Any) -> str:
        values = {
            "start": self.flt.start.isoformat(),
            "end": self.flt.end.isoformat(),
            "kind": self.flt.kind,
            "unit": "" if self.flt.unit_id is None else str(self.flt.unit_id),
            "by": self.by,
            "granularity": self.granularity,
        }
        values.update({key: str(value) for key, value in extra.items()})
        return urlencode({key: value for key, value in values.items() if value != ""})


def _page_query(query: QueryDict) -> PageQuery:
    today = clock.today()
    start = _parse_date(query.get("start"), today.replace(day=1))
    end = _parse_date(query.get("end"), today)
    by = query.get("by") or "unit"
    if by not in VOLUME_BREAKDOWNS:
        by = "unit"
    granularity = query.get("granularity") if query.get("granularity") in {"day", "week", "month"} else "day"
    flt = StatisticsFilter(
        start=start, end=end, kind=query.get("kind", ""), unit_id=_int_or_none(query.get("unit"))
    )
    return PageQuery(flt=flt, by=by, granularity=granularity or "day")


def _percent(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.1f}%"


def _change(current: int, previous: int) -> str:
    return "—" if not previous else f"{(current - previous) / previous * 100:+.1f}%"


def _volume_table(user: User, pq: PageQuery) -> Table:
    figures = statistics_volumes(user=user, flt=pq.flt, by=pq.by)
    return Table(
        title=f"按{BREAKDOWN_LABELS[pq.by]}",
        columns=(BREAKDOWN_LABELS[pq.by], "本期", "上期", "环比"),
        rows=tuple((f.label, f.current, f.previous, _change(f.current, f.previous)) for f in figures),
        keys=tuple(f.key for f in figures),
        chart_column=1,
    )


_TIMELINESS_COLUMNS = (
    "承办单位",
    "件数",
    "已作受理决定",
    "按时决定",
    "按时决定率",
    "调解结束",
    "调解成功",
    "调解成功率",
    "已办结",
    "挽回经济损失（元）",
    "当前超期",
)


def _timeliness_table(user: User, pq: PageQuery) -> tuple[Table, list[Any]]:
    rows = statistics_timeliness(user=user, flt=pq.flt, today=clock.today())
    table = Table(
        title="时效与结果",
        columns=_TIMELINESS_COLUMNS,
        rows=tuple(
            (
                row.label,
                row.items,
                row.decided,
                row.decided_in_time,
                _percent(row.decided_in_time_rate),
                row.mediated,
                row.agreed,
                _percent(row.agreement_rate),
                row.closed,
                float(row.amount_recovered),
                row.overdue_now,
            )
            for row in rows
        ),
        keys=tuple(str(row.unit_id) for row in rows),
    )
    return table, rows


def _satisfaction_context(user: User, pq: PageQuery, drill: str) -> dict[str, Any]:
    rows = statistics_satisfaction(user=user, flt=pq.flt)

    def href(row: SatisfactionRow, measure: str) -> str:
        if row.unit_id is None:
            return f"{drill}?{pq.params(measure=measure)}"
        key = str(row.unit_id)
        return f"{drill}?{pq.params(unit=key, by='unit', key=key, measure=measure)}"

    table = satisfaction_table(rows)
    return {
        "satisfaction": table,
        "satisfaction_rows": [
            (
                row,
                cells,
                {
                    "total": href(row, row.source),
                    **{level: href(row, f"{row.source}_{level}") for level in SATISFACTION_LEVEL_LABELS},
                },
            )
            for row, cells in zip(rows[:SCREEN_ROWS], table.rows, strict=False)
        ],
        "satisfaction_more": max(0, len(rows) - SCREEN_ROWS),
        "satisfaction_totals": [
            {
                "label": f"{row.source_label}满意率（环比 {percentage_points(row.change_points)} 个百分点）",
                "value": _percent(row.current.rate),
                "href": href(row, row.source),
            }
            for row in rows
            if row.unit_id is None
        ],
        "reviews_pending": satisfaction_reviews_pending(user=user),
        "can_review_callbacks": user.role_enum in CALLBACK_REVIEWERS
        and user.unit is not None
        and user.unit.is_center,
        "export_satisfaction": pq.params(table="satisfaction"),
    }


@require_GET
def statistics(request: HttpRequest) -> HttpResponse:
    user = _reader(request)
    error = ""
    try:
        pq = _page_query(request.GET)
    except InvalidStatisticsQuery as refused:
        error = refused.message
        pq = _page_query(QueryDict(""))
    rollup_refresh_if_stale()
    total = statistics_total(user=user, flt=pq.flt)
    volume = _volume_table(user, pq)
    timeliness, timeliness_rows = _timeliness_table(user, pq)
    series = statistics_series(user=user, flt=pq.flt, granularity=pq.granularity)
    drill = reverse("supervision:analytics-drill")
    decided = sum(row.decided for row in timeliness_rows)
    mediated = sum(row.mediated for row in timeliness_rows)
    context = {
        "error": error,
        "pq": pq,
        "total": total,
        "total_change": _change(total.current, total.previous),
        "decided_rate": _percent(
            sum(r.decided_in_time for r in timeliness_rows) / decided if decided else None
        ),
        "agreement_rate": _percent(sum(r.agreed for r in timeliness_rows) / mediated if mediated else None),
        "amount_recovered": sum(row.amount_recovered for row in timeliness_rows),
        "overdue_now": sum(row.overdue_now for row in timeliness_rows),
        "total_href": f"{drill}?{pq.params()}",
        "overdue_href": f"{drill}?{pq.params(measure='overdue')}",
        "volume": volume,
        "volume_rows": [
            (row, f"{drill}?{pq.params(by=pq.by, key=key)}")
            for row, key in zip(volume.rows[:SCREEN_ROWS], volume.keys, strict=False)
        ],
        "volume_more": max(0, len(volume.rows) - SCREEN_ROWS),
        "timeliness_more": max(0, len(timeliness.rows) - SCREEN_ROWS),
        "volume_chart": bar_chart([(str(row[0]), float(row[1])) for row in volume.rows[:15]]),
        "timeliness_rows": [
            (
                row,
                {
                    measure: f"{drill}?{pq.params(unit=key, by='unit', key=key, measure=measure)}"
                    for measure in ("items", "decided", "decided_in_time", "mediated", "agreed", "closed")
                }
                | {"overdue": f"{drill}?{pq.params(unit=key, by='unit', key=key, measure='overdue')}"},
            )
            for row, key in zip(timeliness.rows[:SCREEN_ROWS], timeliness.keys, strict=False)
        ],
        "timeliness_columns": _TIMELINESS_COLUMNS,
        "series_chart": column_chart([(day.isoformat(), count) for day, count in series]),
        "series_first": series[0][0] if series else None,
        "series_last": series[-1][0] if series else None,
        "kinds": [(k.value, KIND_LABELS[k]) for k in Kind],
        "units": unit_choices(user=user),
        "breakdowns": [(key, BREAKDOWN_LABELS[key]) for key in VOLUME_BREAKDOWNS],
        "export_volume": pq.params(table="volume"),
        "export_timeliness": pq.params(table="timeliness"),
        "freshness": statistics_freshness(),
        **_satisfaction_context(user, pq, drill),
    }
    return render(request, "supervision/analytics.html", context)


def rollup_refresh_if_stale(max_age_seconds: int = 60) -> None:
    """The scheduled job refreshes every minute; a page read after a longer pause refreshes first."""
    refreshed = statistics_freshness()
    if refreshed is None or (clock.now() - refreshed).total_seconds() > max_age_seconds:
        rollup_refresh()


def _export(table: Table, fmt: str, filename: str) -> HttpResponse:
    if fmt == "xlsx":
        response = HttpResponse(
            tables_xlsx([table]),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
        return response
    response = HttpResponse(table_csv(table), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


@require_GET
def export(request: HttpRequest) -> HttpResponse:
    user = _reader(request)
    try:
        pq = _page_query(request.GET)
    except InvalidStatisticsQuery as refused:
        return HttpResponse(refused.message, status=400, content_type="text/plain; charset=utf-8")
    fmt = "xlsx" if request.GET.get("format") == "xlsx" else "csv"
    name = request.GET.get("table")
    stamp = f"{pq.flt.start:%Y%m%d}-{pq.flt.end:%Y%m%d}"
    if name == "timeliness":
        return _export(_timeliness_table(user, pq)[0], fmt, f"timeliness-{stamp}")
    if name == "satisfaction":
        rows = statistics_satisfaction(user=user, flt=pq.flt)
        return _export(satisfaction_table(rows), fmt, f"satisfaction-{stamp}")
    if name == "drill":
        return _export(_drill_table(user, request.GET, pq), fmt, f"work-orders-{stamp}")
    return _export(_volume_table(user, pq), fmt, f"volume-{pq.by}-{stamp}")


def _drill(request_query: QueryDict, pq: PageQuery) -> DrillDown:
    return DrillDown(
        flt=pq.flt,
        by=request_query.get("by", "") if request_query.get("key") is not None else "",
        key=request_query.get("key", ""),
        measure=request_query.get("measure") or "items",
    )


_DRILL_COLUMNS = ("工单编号", "类型", "接收时间", "承办单位", "分类", "问题类别", "状态", "最近期限", "摘要")


def _due_cell(order: Any) -> str:
    """The due date as the list and its CSV/Excel export show it: a provisional date (a year whose holiday
    arrangement is not loaded) always carries its mark, so that no export passes it off as final."""
    if not order.due_on:
        return "—"
    return f"{order.due_on.isoformat()}（暂定）" if order.is_due_provisional else order.due_on.isoformat()


def _unit_cell(order: Any) -> str:
    if order.handling_unit:
        return order.handling_unit.name
    return "12315中心直接答复" if order.kind == Kind.CONSULTATION else "未分送"


def _drill_row(order: Any) -> tuple[Any, ...]:
    # No personal data here: the drill-down shows what every statistics reader may see.
    return (
        order.number,
        KIND_LABELS.get(Kind(order.kind), order.kind),
        clock.local_date(order.received_at).isoformat(),
        _unit_cell(order),
        order.category.name if order.category else "—",
        order.issue_type.name if order.issue_type else "—",
        STATE_LABELS.get(State(order.state), order.state),
        _due_cell(order),
        order.summary,
    )


def _drill_table(user: User, query: QueryDict, pq: PageQuery) -> Table:
    orders = statistics_work_orders(user=user, drill=_drill(query, pq), today=clock.today())
    return Table(title="工单明细", columns=_DRILL_COLUMNS, rows=tuple(_drill_row(o) for o in orders[:20000]))


@require_GET
def drill(request: HttpRequest) -> HttpResponse:
    user = _reader(request)
    try:
        pq = _page_query(request.GET)
        drill_down = _drill(request.GET, pq)
    except InvalidStatisticsQuery as refused:
        messages.error(request, refused.message)
        return redirect("supervision:analytics")
    orders = statistics_work_orders(user=user, drill=drill_down, today=clock.today())
    page = Paginator(orders, PAGE_SIZE).get_page(request.GET.get("page"))
    unit_name = dict(unit_choices(user=user)).get(pq.flt.unit_id or -1, "")
    key_label = ""
    if drill_down.by:
        key_label = next(
            (
                f.label
                for f in statistics_volumes(user=user, flt=pq.flt, by=drill_down.by)
                if f.key == drill_down.key
            ),
            drill_down.key,
        )
    return render(
        request,
        "supervision/drill.html",
        {
            "page": page,
            "rows": [(_drill_row(order), order) for order in page.object_list],
            "columns": _DRILL_COLUMNS,
            "pq": pq,
            "measure_label": MEASURE_LABELS[drill_down.measure],
            "by_label": BREAKDOWN_LABELS.get(drill_down.by, ""),
            "key_label": key_label,
            "unit_name": unit_name,
            "is_overdue": drill_down.measure == "overdue",
            "export_params": request.GET.urlencode() + "&table=drill",
            "back": f"{reverse('supervision:analytics')}?{pq.params()}",
        },
    )


# ---- hot spots and warnings ----------------------------------------------------------------------------------


@require_GET
def hotspots(request: HttpRequest) -> HttpResponse:
    user = _reader(request)
    today = clock.today()
    alerts = hotspot_alerts(user=user, since=today - timedelta(days=30), until=today)
    alerts.sort(key=lambda pair: (pair[0].detected_on, pair[0].observed), reverse=True)
    warnings = ConsumerWarning.objects.select_related("alert").order_by("-created_at")[:50]
    return render(
        request,
        "supervision/hotspots.html",
        {"alerts": alerts, "warnings": warnings, "can_warn": can_manage_warnings(user)},
    )


@require_GET
def hotspot_detail(request: HttpRequest, alert_id: int) -> HttpResponse:
    user = _reader(request)
    orders = list(hotspot_work_orders(user=user, alert_id=alert_id)[:500])
    if not orders:
        raise Http404("没有可查看的工单。")
    return render(
        request,
        "supervision/hotspot_detail.html",
        {"rows": [_drill_row(order) for order in orders], "columns": _DRILL_COLUMNS, "alert_id": alert_id},
    )


@require_POST
def warning_draft(request: HttpRequest, alert_id: int) -> HttpResponse:
    user = _reader(request)
    try:
        warning = warning_draft_from_alert(alert_id=alert_id, actor=user)
    except (WarningForbidden, WarningInvalid) as refused:
        raise PermissionDenied(refused.message) from None
    return redirect("supervision:warning-edit", warning_id=warning.pk)


def warning_edit(request: HttpRequest, warning_id: int) -> HttpResponse:
    user = _reader(request)
    warning = ConsumerWarning.objects.filter(pk=warning_id).first()
    if warning is None:
        raise Http404("消费提示不存在。")
    errors: dict[str, list[str]] = {}
    general_error = ""
    if request.method == "POST":
        if not can_manage_warnings(user):
            raise PermissionDenied("您不能修改消费提示。")
        try:
            if request.POST.get("action") == "publish":
                warning_update(
                    warning_id=warning.pk,
                    actor=user,
                    title=request.POST.get("title", ""),
                    body=request.POST.get("body", ""),
                )
                warning_publish(warning_id=warning.pk, actor=user)
                messages.success(request, "消费提示已发布。")
            else:
                warning_update(
                    warning_id=warning.pk,
                    actor=user,
                    title=request.POST.get("title", ""),
                    body=request.POST.get("body", ""),
                )
                messages.success(request, "已保存草稿。")
            return redirect("supervision:warning-edit", warning_id=warning.pk)
        except WarningInvalid as refused:
            errors = refused.fields
            general_error = "" if refused.fields else refused.message
            warning.title = request.POST.get("title", "")
            warning.body = request.POST.get("body", "")
    return render(
        request,
        "supervision/warning.html",
        {
            "warning": warning,
            "errors": errors,
            "general_error": general_error,
            "editable": warning.status == WarningStatus.DRAFT and can_manage_warnings(user),
        },
    )


# ---- monthly report -----------------------------------------------------------------------------------------


def reports(request: HttpRequest) -> HttpResponse:
    user = _reader(request)
    error = ""
    if request.method == "POST":
        try:
            month = month_parse(request.POST.get("month", ""))
            if month > clock.today():
                raise ReportUnavailable("不能为尚未开始的月份生成报告。")
        except ReportUnavailable as refused:
            error = refused.message
        else:
            enqueue(
                "lianxin.analytics.tasks.archive_monthly_report_on_demand_task", month.isoformat(), user.pk
            )
            messages.success(request, f"已开始生成 {month:%Y年%m月} 月报，稍后刷新本页即可下载。")
            return redirect("supervision:reports")
    last_month = (clock.today().replace(day=1) - timedelta(days=1)).replace(day=1)
    archived = MonthlyReport.objects.defer("xlsx", "pdf").select_related("generated_by")[:36]
    return render(
        request,
        "supervision/reports.html",
        {"archived": archived, "default_month": f"{last_month:%Y-%m}", "error": error},
    )


@require_GET
def report_download(request: HttpRequest, report_id: int, fmt: str) -> HttpResponse:
    _reader(request)
    report = MonthlyReport.objects.filter(pk=report_id).first()
    if report is None:
        raise Http404("报告不存在。")
    if fmt == "pdf":
        response = HttpResponse(bytes(report.pdf), content_type="application/pdf")
    else:
        response = HttpResponse(
            bytes(report.xlsx),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    response["Content-Disposition"] = f'attachment; filename="monthly-report-{report.month:%Y-%m}.{fmt}"'
    return response
