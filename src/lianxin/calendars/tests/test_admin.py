"""The admin is where an administrator corrects a holiday: lists filter by year and kind, edits are checked."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client

from lianxin.calendars.models import CalendarDay, CalendarYear
from lianxin.calendars.selectors import working_calendar

pytestmark = pytest.mark.usefixtures("years_2024_to_2026")


@pytest.mark.parametrize(
    ("query", "expected_days"),
    [
        ("?year=2024&kind=makeup_workday", {"2024-02-04", "2024-02-18", "2024-04-07", "2024-04-28"}),
        ("?q=2024-02-18", {"2024-02-18"}),
    ],
)
def test_day_list_filters_and_searches(admin_client: Client, query: str, expected_days: set[str]) -> None:
    response = admin_client.get(f"/admin/calendars/calendarday/{query}")
    assert response.status_code == 200
    shown = {d.isoformat() for d in response.context["cl"].queryset.values_list("day", flat=True)}
    assert expected_days <= shown
    if "kind=makeup_workday" in query:
        assert all(
            k == "makeup_workday" for k in response.context["cl"].queryset.values_list("kind", flat=True)
        )
        assert all(d.startswith("2024-") for d in shown)


def test_search_by_festival_name(admin_client: Client) -> None:
    response = admin_client.get("/admin/calendars/calendarday/", {"q": "国庆节", "year": "2025"})
    shown = set(response.context["cl"].queryset.values_list("day", flat=True))
    assert date(2025, 10, 1) in shown
    assert date(2025, 10, 11) in shown  # the make-up Saturday carries the festival's name


def test_correcting_a_day_changes_the_count(admin_client: Client) -> None:
    # An administrator adds Mon 2024-02-19 as a holiday: Fri 02-09 + 2 is then Tue 02-20 instead of Mon 02-19.
    assert working_calendar().add_workdays(date(2024, 2, 9), 2) == date(2024, 2, 19)
    response = admin_client.post(
        "/admin/calendars/calendarday/add/", {"day": "2024-02-19", "kind": "holiday", "name": "春节"}
    )
    assert response.status_code == 302
    assert working_calendar().add_workdays(date(2024, 2, 9), 2) == date(2024, 2, 20)


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ({"day": "2030-01-01", "kind": "holiday", "name": "元旦"}, "2030 年日历尚未加载"),
        ({"day": "2024-03-05", "kind": "makeup_workday", "name": ""}, "本来就是工作日"),
        ({"day": "2024-02-18", "kind": "holiday", "name": ""}, "已存在"),
    ],
)
def test_a_wrong_day_is_refused(admin_client: Client, data: dict[str, str], expected: str) -> None:
    before = CalendarDay.objects.count()
    response = admin_client.post("/admin/calendars/calendarday/add/", data)
    assert response.status_code == 200
    assert expected in response.content.decode()
    assert CalendarDay.objects.count() == before


def test_years_are_listed_with_counts_and_not_added_by_hand(admin_client: Client) -> None:
    response = admin_client.get("/admin/calendars/calendaryear/")
    assert response.status_code == 200
    rows = {y.year: (y.holidays, y.makeup_workdays) for y in response.context["cl"].queryset}
    assert rows[2024] == (
        CalendarDay.objects.filter(day__year=2024, kind="holiday").count(),
        CalendarDay.objects.filter(day__year=2024, kind="makeup_workday").count(),
    )
    assert admin_client.get("/admin/calendars/calendaryear/add/").status_code == 403


def test_deleting_a_year_removes_its_days(admin_client: Client) -> None:
    response = admin_client.post("/admin/calendars/calendaryear/2025/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not CalendarYear.objects.filter(year=2025).exists()
    assert not CalendarDay.objects.filter(day__year=2025).exists()


def test_the_instruction_to_load_next_year_goes_to_the_administrators(admin_client: Client) -> None:
    import time_machine

    with time_machine.travel("2026-11-30 10:00 +0800", tick=False):
        page = admin_client.get("/admin/calendars/calendaryear/").content.decode()
        work_orders = admin_client.get("/admin/workorders/workorder/").content.decode()
    assert "./lianxin calendar add-year 2027" in page
    assert "暂定" in page
    assert "./lianxin calendar add-year 2027" in work_orders
    with time_machine.travel("2025-11-30 10:00 +0800", tick=False):
        assert "add-year" not in admin_client.get("/admin/calendars/calendaryear/").content.decode()
