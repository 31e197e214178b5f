"""The statistics pages: role guard, figures that link to exactly their work orders, exports, warnings, reports."""

from __future__ import annotations

import csv
import io
import re

import pytest
import time_machine
from django.test import Client
from openpyxl import load_workbook

from lianxin.analytics.models import ConsumerWarning, HotSpotAlert, MonthlyReport
from lianxin.analytics.services.rollups import rollup_refresh
from lianxin.analytics.tests.conftest import cohort, satisfaction  # noqa: F401 - fixtures
from lianxin.workorders.tests.factories import at

NOW = "2026-06-02 09:00"
MAY = "start=2026-05-01&end=2026-05-31"


def _client(people, name: str) -> Client:
    client = Client()
    client.force_login(people[name])
    return client


@pytest.mark.django_db
def test_agents_and_handlers_cannot_open_statistics(people):
    assert _client(people, "agent").get("/analytics/").status_code == 403
    assert _client(people, "yanta_handler").get("/analytics/").status_code == 403


@pytest.mark.django_db
def test_every_linked_figure_lists_exactly_that_many_work_orders(cohort, people):  # noqa: F811
    client = _client(people, "analyst")
    with time_machine.travel(at(NOW), tick=False):
        rollup_refresh()
        page = client.get(f"/analytics/?{MAY}&by=kind").content.decode()
        links = re.findall(r'<a href="(/analytics/work-orders/\?[^"]+)">(\d+)</a>', page)
        assert len(links) > 10
        for href, figure in links:
            drill = client.get(href.replace("&amp;", "&")).content.decode()
            count = re.search(r'id="drill-count">(\d+)<', drill).group(1)
            assert count == figure, href


@pytest.mark.django_db
def test_exports_as_csv_and_excel(cohort, people):  # noqa: F811
    client = _client(people, "manager")
    with time_machine.travel(at(NOW), tick=False):
        rollup_refresh()
        response = client.get(f"/analytics/export/?{MAY}&by=kind&table=volume&format=csv")
        rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
        assert rows[0] == ["类型", "本期", "上期", "环比"]
        assert ["投诉", "3", "1", "+200.0%"] in rows
        response = client.get(f"/analytics/export/?{MAY}&table=timeliness&format=xlsx")
        sheet = load_workbook(io.BytesIO(response.content)).active
        assert sheet["A2"].value == "承办单位"
        drill = client.get(f"/analytics/export/?{MAY}&table=drill&format=csv&measure=agreed")
        lines = drill.content.decode("utf-8-sig").strip().splitlines()
        assert len(lines) == 2  # heading + the one settled complaint
        assert "张伟" not in drill.content.decode("utf-8-sig")  # no personal data in exports


@pytest.mark.django_db
def test_items_without_a_unit_are_told_apart_consultations_answered_by_the_centre(cohort, people):  # noqa: F811
    client = _client(people, "analyst")
    with time_machine.travel(at(NOW), tick=False):
        rollup_refresh()
        page = client.get(f"/analytics/?{MAY}&by=unit").content.decode()
        assert "中心直办或未分送" in page
        drill = client.get(f"/analytics/export/?{MAY}&table=drill&format=csv&kind=consultation")
        rows = list(csv.reader(io.StringIO(drill.content.decode("utf-8-sig"))))
        assert len(rows) > 1
        assert {row[3] for row in rows[1:]} == {"12315中心直接答复"}


@pytest.mark.django_db
def test_satisfaction_section_links_every_figure_to_its_work_orders(satisfaction, people):  # noqa: F811
    client = _client(people, "manager")
    with time_machine.travel(at(NOW), tick=False):
        rollup_refresh()
        page = client.get(f"/analytics/?{MAY}").content.decode()
        section = page[page.index('id="satisfaction"') :]
        # 合计 first, each source apart: 网上评价 满意 1 · 不满意 1 (50 %), 电话回访 基本满意 1 · 不满意 1.
        assert re.search(
            r'data-unit="合计" data-source="rating">.*?<td class="num">50\.0%</td>', section, re.S
        )
        assert re.search(
            r'data-unit="合计" data-source="callback">.*?<td class="num">50\.0%</td>', section, re.S
        )
        assert "网上评价满意率" in section
        assert "电话回访满意率" in section
        # The supervisor's review list is one click away, with the one dissatisfied callback waiting.
        pending = re.search(
            r'回访不满意待复核</div>\s*<div class="stat-value"><a href="/callbacks/">(\d+)</a>', section
        )
        assert pending
        assert pending.group(1) == "1"
        links = re.findall(r'<a href="(/analytics/work-orders/\?[^"]+)">(\d+)</a>', section)
        assert len(links) >= 12
        for href, figure in links:
            drill = client.get(href.replace("&amp;", "&")).content.decode()
            assert re.search(r'id="drill-count">(\d+)<', drill).group(1) == figure, href
            assert "张伟" not in drill  # no personal data behind a figure
        rows = list(
            csv.reader(
                io.StringIO(
                    client.get(f"/analytics/export/?{MAY}&table=satisfaction&format=csv").content.decode(
                        "utf-8-sig"
                    )
                )
            )
        )
        assert rows[0][:7] == ["承办单位", "来源", "评价件数", "满意", "基本满意", "不满意", "满意率"]
        assert rows[1][:7] == ["合计", "网上评价", "2", "1", "0", "1", "50.0%"]
        sheet = load_workbook(
            io.BytesIO(client.get(f"/analytics/export/?{MAY}&table=satisfaction&format=xlsx").content)
        ).active
        assert sheet.title == "满意度"


@pytest.mark.django_db
def test_analyst_drafts_edits_and_publishes_a_warning(cohort, people):  # noqa: F811
    alert = HotSpotAlert.objects.create(
        kind="volume_spike",
        detected_on="2026-05-29",
        subject_kind="business",
        subject_key="name:x",
        subject_label="西安某某电器有限公司",
        observed=8,
        baseline=0.3,
        work_order_ids=[cohort["settled"].pk],
    )
    client = _client(people, "analyst")
    with time_machine.travel(at(NOW), tick=False):
        assert "西安某某电器有限公司" in client.get("/analytics/hotspots/").content.decode()
        response = client.post(f"/analytics/hotspots/{alert.pk}/warning/")
        warning = ConsumerWarning.objects.get()
        assert response.url == f"/analytics/warnings/{warning.pk}/"
        response = client.post(response.url, {"title": "", "body": "短", "action": "save"})
        assert "请填写标题" in response.content.decode()
        client.post(
            f"/analytics/warnings/{warning.pk}/",
            {"title": "电器消费提示", "body": warning.body, "action": "publish"},
        )
    warning.refresh_from_db()
    alert.refresh_from_db()
    assert (warning.status, warning.title, alert.status) == ("published", "电器消费提示", "warned")
    assert _client(people, "supervisor").post(f"/analytics/hotspots/{alert.pk}/warning/").status_code == 403


@pytest.mark.django_db
def test_monthly_report_generated_from_the_page_and_downloaded(
    cohort,  # noqa: F811
    people,
    django_capture_on_commit_callbacks,
):
    client = _client(people, "analyst")
    with time_machine.travel(at(NOW), tick=False):
        with django_capture_on_commit_callbacks(
            execute=True
        ):  # the job engine runs jobs synchronously in tests
            response = client.post("/analytics/reports/", {"month": "2026-05"})
        assert response.status_code == 302
        report = MonthlyReport.objects.get()
        assert report.month.isoformat() == "2026-05-01"
        pdf = client.get(f"/analytics/reports/{report.pk}.pdf")
        assert pdf.content.startswith(b"%PDF")
        assert "已存档" in client.get("/analytics/reports/").content.decode()
        refused = client.post("/analytics/reports/", {"month": "2026-13"})
        assert "YYYY-MM" in refused.content.decode()
