"""The monthly report: Excel and PDF from the same figures as the screen, through the command, archived."""

from __future__ import annotations

import io
import json

import pytest
import time_machine
from django.core.management import call_command
from openpyxl import load_workbook

from lianxin.analytics.models import MonthlyReport
from lianxin.workorders.tests.factories import at


@pytest.mark.django_db
def test_report_command_writes_excel_and_pdf_and_archives(cohort, tmp_path):
    out = io.StringIO()
    with time_machine.travel(at("2026-06-02 08:00"), tick=False):
        call_command(
            "report",
            "monthly",
            "--month",
            "2026-05",
            "--xlsx",
            str(tmp_path / "m.xlsx"),
            "--pdf",
            str(tmp_path / "m.pdf"),
            "--json",
            stdout=out,
        )
    result = json.loads(out.getvalue())
    assert result["month"] == "2026-05"
    workbook = load_workbook(tmp_path / "m.xlsx")
    overview = workbook["总体情况"]
    assert overview["B4"].value == 5  # five items received in May
    assert overview["C4"].value == 1  # one in April
    kinds = {row[0].value: row[1].value for row in workbook["按类型"].iter_rows(min_row=3) if row[0].value}
    assert kinds == {"投诉": 3, "举报": 1, "咨询": 1}
    assert workbook["按分类"]._charts  # a bar chart beside the table
    pdf = (tmp_path / "m.pdf").read_bytes()
    assert pdf.startswith(b"%PDF")
    assert len(pdf) > 5000
    assert MonthlyReport.objects.get(pk=result["archived_id"]).pdf == pdf


@pytest.mark.django_db
def test_bad_month_is_refused(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="YYYY-MM"):
        call_command("report", "monthly", "--month", "May")


@pytest.mark.django_db
def test_the_monthly_report_has_satisfaction_by_source_with_last_month(satisfaction, tmp_path, org):
    with time_machine.travel(at("2026-06-02 08:00"), tick=False):
        call_command(
            "report", "monthly", "--month", "2026-05", "--xlsx", str(tmp_path / "m.xlsx"), "--no-archive"
        )
    sheet = load_workbook(tmp_path / "m.xlsx")["满意度"]
    rows = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=3) if row[0].value]
    assert rows[0][:2] == ["承办单位", "来源"]
    assert rows[0][7:] == ["上月评价件数", "上月满意率", "环比（百分点）"]
    body = {(row[0], row[1]): row[2:] for row in rows[1:]}
    assert body[("合计", "网上评价")] == [2, 1, 0, 1, "50.0%", 1, "0.0%", "+50.0"]
    assert body[("合计", "电话回访")] == [2, 0, 1, 1, "50.0%", 0, "—", "—"]
    assert body[(org["yanta"].name, "网上评价")][:5] == [1, 1, 0, 0, "100.0%"]
