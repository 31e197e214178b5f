"""Every statistics table as CSV or Excel: one `Table` shape, written the same way everywhere."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from typing import Any

from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter


@dataclass(frozen=True, slots=True)
class Table:
    title: str
    columns: tuple[str, ...]
    rows: tuple[tuple[Any, ...], ...]
    chart_column: int | None = None  # the column index charted as bars against column 0
    note: str = ""
    keys: tuple[str, ...] = field(default=())  # drill-down keys, one per row (not exported)


def _cell(value: Any) -> Any:
    if value is None:
        return "—"
    return value


def table_csv(table: Table) -> bytes:
    """UTF-8 with a byte-order mark, so that Excel opens the Chinese headings correctly."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(table.columns)
    for row in table.rows:
        writer.writerow([_cell(value) for value in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


_HEADER_FONT = Font(bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="DDE7F3")


def sheet_write(workbook: Workbook, table: Table, *, first: bool = False) -> None:
    sheet = workbook.active if first else workbook.create_sheet()
    sheet.title = table.title[:31]
    sheet.append([table.title])
    sheet["A1"].font = Font(bold=True, size=13)
    if table.note:
        sheet.append([table.note])
    header_row = sheet.max_row + 1
    sheet.append(list(table.columns))
    for column in range(1, len(table.columns) + 1):
        cell = sheet.cell(row=header_row, column=column)
        cell.font, cell.fill = _HEADER_FONT, _HEADER_FILL
        cell.alignment = Alignment(horizontal="center")
        sheet.column_dimensions[get_column_letter(column)].width = 24 if column == 1 else 14
    for row in table.rows:
        sheet.append([_cell(value) for value in row])
    sheet.freeze_panes = sheet.cell(row=header_row + 1, column=1)
    if table.chart_column is not None and table.rows:
        chart = BarChart()
        chart.type = "bar"
        chart.title = table.title
        chart.legend = None
        chart.height, chart.width = 7 + len(table.rows) * 0.3, 16
        last = header_row + min(len(table.rows), 20)
        data = Reference(sheet, min_col=table.chart_column + 1, min_row=header_row, max_row=last)
        labels = Reference(sheet, min_col=1, min_row=header_row + 1, max_row=last)
        chart.add_data(data, titles_from_data=True)
        chart.set_categories(labels)
        sheet.add_chart(chart, f"{get_column_letter(len(table.columns) + 2)}{header_row}")


def tables_xlsx(tables: list[Table]) -> bytes:
    workbook = Workbook()
    for index, table in enumerate(tables):
        sheet_write(workbook, table, first=index == 0)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
