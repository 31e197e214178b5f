"""The monthly report (月度统计报告): the center's standard tables with charts, as Excel and PDF, archived.

Every table comes from the same selectors as the statistics screen (center-wide scope), so the report and the
screen never disagree. Generated on demand (screen, `lianxin report monthly`) and by the scheduled job on the
first of each month.
"""

from __future__ import annotations

import time as timer
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from fpdf import FPDF
from fpdf.fonts import FontFace

from lianxin.accounts.models import User
from lianxin.analytics.exports import Table, tables_xlsx
from lianxin.analytics.models import MonthlyReport
from lianxin.analytics.selectors import (
    BREAKDOWN_LABELS,
    SatisfactionRow,
    StatisticsFilter,
    hotspot_alerts,
    statistics_satisfaction,
    statistics_timeliness,
    statistics_total,
    statistics_volumes,
)
from lianxin.analytics.services.rollups import rollup_refresh
from lianxin.common import clock
from lianxin.domain.errors import DomainError

TOP_ROWS = 15
_HEADINGS = FontFace(emphasis="", fill_color=(221, 231, 243))
CJK_FONTS = (
    # (file, index of Simplified Chinese in the collection); Debian's fonts-noto-cjk (installed by .ci/run).
    (Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"), 2),
    (Path("/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc"), 2),
    (Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"), 0),
)


class ReportUnavailable(DomainError):
    code = "invalid"


@dataclass(frozen=True, slots=True)
class ReportFiles:
    month: date
    xlsx: bytes
    pdf: bytes
    seconds: float
    tables: tuple[Table, ...]


def month_parse(text: str) -> date:
    try:
        year, month = (int(part) for part in text.split("-"))
        return date(year, month, 1)
    except ValueError:
        raise ReportUnavailable(
            "月份格式应为 YYYY-MM，例如 2026-05。", fields={"month": ["月份格式错误。"]}
        ) from None


def _month_end(month: date) -> date:
    return (month + timedelta(days=32)).replace(day=1) - timedelta(days=1)


def _percent(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.1f}%"


def _change(current: int, previous: int) -> str:
    return "—" if not previous else f"{(current - previous) / previous * 100:+.1f}%"


_SATISFACTION_COLUMNS = (
    "承办单位",
    "来源",
    "评价件数",
    "满意",
    "基本满意",
    "不满意",
    "满意率",
    "{previous}评价件数",
    "{previous}满意率",
    "环比（百分点）",
)


def percentage_points(value: float | None) -> str:
    return "—" if value is None else f"{value:+.1f}"


def satisfaction_table(
    rows: list[SatisfactionRow], *, title: str = "满意度", previous: str = "上期"
) -> Table:
    """The satisfaction figures as the screen, the exports and the monthly report show them."""
    return Table(
        title=title,
        columns=tuple(column.format(previous=previous) for column in _SATISFACTION_COLUMNS),
        rows=tuple(
            (
                row.label,
                row.source_label,
                row.current.total,
                row.current.satisfied,
                row.current.basically,
                row.current.dissatisfied,
                _percent(row.current.rate),
                row.previous.total,
                _percent(row.previous.rate),
                percentage_points(row.change_points),
            )
            for row in rows
        ),
        note="满意率 =（满意 + 基本满意）÷ 评价件数；按登记接收日期统计；网上评价为消费者本人评价，电话回访为坐席回访结果。",
    )


def report_tables(month: date) -> list[Table]:
    flt = StatisticsFilter(start=month, end=_month_end(month))
    today = clock.today()
    total = statistics_total(user=None, flt=flt)
    tables = [
        Table(
            title="总体情况",
            columns=("项目", "本月", "上月", "环比"),
            rows=(("受理登记总量", total.current, total.previous, _change(total.current, total.previous)),),
            note=f"统计期：{flt.start:%Y年%m月%d日}至{flt.end:%Y年%m月%d日}（按登记接收日期）",
        )
    ]
    for by in ("kind", "channel", "category", "issue_type", "unit"):
        figures = statistics_volumes(user=None, flt=flt, by=by)[:TOP_ROWS]
        tables.append(
            Table(
                title=f"按{BREAKDOWN_LABELS[by]}",
                columns=(BREAKDOWN_LABELS[by], "本月", "上月", "环比"),
                rows=tuple((f.label, f.current, f.previous, _change(f.current, f.previous)) for f in figures),
                chart_column=1,
            )
        )
    timeliness = statistics_timeliness(user=None, flt=flt, today=today)
    tables.append(
        Table(
            title="时效与结果",
            columns=(
                "承办单位",
                "件数",
                "已作受理决定",
                "按时决定率",
                "调解结束",
                "调解成功率",
                "挽回经济损失（元）",
                "当前超期",
            ),
            rows=tuple(
                (
                    row.label,
                    row.items,
                    row.decided,
                    _percent(row.decided_in_time_rate),
                    row.mediated,
                    _percent(row.agreement_rate),
                    float(row.amount_recovered),
                    row.overdue_now,
                )
                for row in timeliness[: TOP_ROWS * 2]
            ),
            chart_column=6,
        )
    )
    tables.append(
        satisfaction_table(statistics_satisfaction(user=None, flt=flt)[: TOP_ROWS * 2], previous="上月")
    )
    alerts = hotspot_alerts(user=None, since=flt.start, until=flt.end)
    tables.append(
        Table(
            title="热点与预警",
            columns=("发现日期", "类别", "对象", "件数", "基线（日均）"),
            rows=tuple(
                (
                    f"{alert.detected_on:%m-%d}",
                    alert.get_kind_display(),
                    alert.subject_label,
                    alert.observed,
                    "—" if alert.baseline is None else round(alert.baseline, 1),
                )
                for alert, _ in sorted(alerts, key=lambda pair: (-pair[0].observed, pair[0].detected_on))[:30]
            ),
        )
    )
    tables.append(
        Table(
            title="话务",
            columns=("项目", "数值"),
            rows=(("话务统计", "待来电记录（工作台模块）接入后提供"),),
        )
    )
    return tables


def _font(pdf: FPDF) -> str:
    for path, index in CJK_FONTS:
        if path.exists():
            pdf.add_font("cjk", fname=str(path), collection_font_number=index)
            return "cjk"
    raise ReportUnavailable("未找到中文字体（fonts-noto-cjk），无法生成 PDF。")


def _pdf_table(pdf: FPDF, table: Table) -> None:
    pdf.set_font(size=12)
    pdf.cell(0, 8, table.title, new_x="LMARGIN", new_y="NEXT")
    if table.note:
        pdf.set_font(size=8)
        pdf.cell(0, 5, table.note, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(size=8)
    with pdf.table(first_row_as_headings=True, line_height=5, headings_style=_HEADINGS) as grid:
        grid.row([str(column) for column in table.columns])
        for row in table.rows:
            grid.row(["—" if value is None else str(value) for value in row])
    if table.chart_column is not None and table.rows:
        _pdf_bars(pdf, table)
    pdf.ln(4)


def _pdf_bars(pdf: FPDF, table: Table) -> None:
    """A horizontal bar chart of the charted column (top rows), drawn with rectangles."""
    rows = [(str(row[0]), float(row[table.chart_column] or 0)) for row in table.rows[:10]]
    peak = max((value for _, value in rows), default=0) or 1.0
    left, label_width, bar_width = pdf.l_margin, 50, pdf.epw - 70
    pdf.ln(2)
    pdf.set_font(size=7)
    for label, value in rows:
        if pdf.will_page_break(5):
            pdf.add_page()
        y = pdf.get_y()
        pdf.set_xy(left, y)
        pdf.cell(label_width, 4, label[:18])
        pdf.set_fill_color(47, 111, 183)
        pdf.rect(left + label_width, y + 0.5, max(0.5, bar_width * value / peak), 3, style="F")
        pdf.set_xy(left + label_width + bar_width * value / peak + 1, y)
        pdf.cell(18, 4, f"{value:,.0f}")
        pdf.set_y(y + 4.5)


def report_pdf(month: date, tables: list[Table]) -> bytes:
    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(auto=True, margin=12)
    family = _font(pdf)
    pdf.add_page()
    pdf.set_font(family, size=16)
    pdf.cell(0, 12, f"{month:%Y年%m月} 12315 投诉举报统计月报", new_x="LMARGIN", new_y="NEXT", align="C")
    pdf.set_font(family, size=8)
    pdf.cell(
        0, 5, f"生成时间：{clock.now().astimezone():%Y-%m-%d %H:%M}", new_x="LMARGIN", new_y="NEXT", align="C"
    )
    pdf.ln(3)
    for table in tables:
        _pdf_table(pdf, table)
    return bytes(pdf.output())


def report_monthly_build(month: date) -> ReportFiles:
    started = timer.perf_counter()
    rollup_refresh()
    tables = report_tables(month)
    xlsx = tables_xlsx(tables)
    pdf = report_pdf(month, tables)
    return ReportFiles(
        month=month, xlsx=xlsx, pdf=pdf, seconds=timer.perf_counter() - started, tables=tuple(tables)
    )


def report_monthly_archive(*, month: date, actor: User | None = None) -> MonthlyReport:
    """Build the month's report and archive it (every run is a new row: a later one may include late corrections)."""
    if month > clock.today():
        raise ReportUnavailable("不能为尚未开始的月份生成报告。", fields={"month": ["月份在将来。"]})
    files = report_monthly_build(month)
    return MonthlyReport.objects.create(
        month=month, xlsx=files.xlsx, pdf=files.pdf, generated_by=actor, seconds=files.seconds
    )
