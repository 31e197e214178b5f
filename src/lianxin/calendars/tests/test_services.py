"""Loading the calendar: from the package (idempotent), from an administrator's CSV file (validated)."""

from __future__ import annotations

from datetime import date

import chinese_calendar
import pytest

from lianxin.calendars.arrangements import arrangement_from_csv
from lianxin.calendars.errors import (
    CalendarFileInvalid,
    CalendarYearAlreadyLoaded,
    CalendarYearMissingFromPackage,
)
from lianxin.calendars.models import CalendarDay, CalendarYear, DayKind
from lianxin.calendars.selectors import calendar_years_summary, working_calendar
from lianxin.calendars.services import (
    calendar_load_package_years,
    calendar_year_delete,
    calendar_year_import,
)
from lianxin.calendars.tests.conftest import CALENDAR_2027_CSV
from lianxin.domain.errors import CalendarYearNotLoaded


def _package_days(year: int) -> tuple[set[date], set[date]]:
    holidays = {d for d in chinese_calendar.constants.holidays if d.year == year}
    workdays = {d for d in chinese_calendar.constants.workdays if d.year == year}
    return holidays, workdays


def _stored_days(year: int) -> tuple[set[date], set[date]]:
    rows = CalendarDay.objects.filter(day__year=year)
    return (
        set(rows.filter(kind=DayKind.HOLIDAY).values_list("day", flat=True)),
        set(rows.filter(kind=DayKind.MAKEUP_WORKDAY).values_list("day", flat=True)),
    )


def test_loading_from_the_package_stores_its_days(db: None) -> None:
    assert calendar_load_package_years([2024]) == [2024]
    assert _stored_days(2024) == _package_days(2024)
    assert CalendarYear.objects.get(year=2024).source.startswith("chinesecalendar ")


def test_loading_from_the_package_is_idempotent(db: None) -> None:
    assert calendar_load_package_years([2024, 2025]) == [2024, 2025]
    rows_before = set(CalendarDay.objects.values_list("day", "kind", "name"))
    assert calendar_load_package_years([2024, 2025]) == []
    assert set(CalendarDay.objects.values_list("day", "kind", "name")) == rows_before


def test_loading_everything_covers_2004_to_2026(db: None) -> None:
    loaded = calendar_load_package_years()
    assert loaded[0] == 2004
    assert 2026 in loaded
    assert calendar_load_package_years() == []


def test_an_administrators_correction_survives_reloading_but_not_replace(db: None) -> None:
    calendar_load_package_years([2024])
    CalendarDay.objects.filter(day=date(2024, 2, 18)).delete()  # e.g. a local order cancels a make-up day
    calendar_load_package_years([2024])
    assert not CalendarDay.objects.filter(day=date(2024, 2, 18)).exists()
    assert calendar_load_package_years([2024], replace=True) == [2024]
    assert CalendarDay.objects.get(day=date(2024, 2, 18)).kind == DayKind.MAKEUP_WORKDAY


def test_a_year_the_package_lacks_is_refused_and_nothing_is_written(db: None) -> None:
    with pytest.raises(CalendarYearMissingFromPackage) as caught:
        calendar_load_package_years([2024, 2030])
    assert "2030" in caught.value.message
    assert not CalendarYear.objects.exists()


def test_a_year_added_from_a_file_is_seen_by_the_working_calendar(years_2024_to_2026: list[int]) -> None:
    with pytest.raises(CalendarYearNotLoaded):
        working_calendar().add_workdays(date(2026, 12, 28), 7)
    arrangement = arrangement_from_csv(year=2027, text=CALENDAR_2027_CSV, source="测试通知")
    calendar_year_import(arrangement)
    # Mon 2026-12-28 + 7: 12-29, 12-30, 12-31 (3), [Fri 2027-01-01 holiday from the file], 01-04…01-07 (7).
    assert working_calendar().add_workdays(date(2026, 12, 28), 7) == date(2027, 1, 7)
    # Fri 2027-02-05 + 1: the file's Spring Festival 02-06…02-12 is skipped → Mon 02-15.
    assert working_calendar().add_workdays(date(2027, 2, 5), 1) == date(2027, 2, 15)
    assert working_calendar().is_workday(date(2027, 2, 20))  # the file's make-up Saturday
    summary = {y.year: y for y in calendar_years_summary()}
    assert (summary[2027].holidays, summary[2027].makeup_workdays, summary[2027].source) == (8, 1, "测试通知")


def test_importing_a_loaded_year_needs_replace(years_2024_to_2026: list[int]) -> None:
    text = "date,kind,name\n2026-01-01,holiday,元旦\n"
    with pytest.raises(CalendarYearAlreadyLoaded):
        calendar_year_import(arrangement_from_csv(year=2026, text=text, source="文件"))
    assert CalendarDay.objects.filter(day__year=2026).count() > 1
    calendar_year_import(arrangement_from_csv(year=2026, text=text, source="文件"), replace=True)
    assert _stored_days(2026) == ({date(2026, 1, 1)}, set())


def test_deleting_a_year_refuses_its_dates_again(years_2024_to_2026: list[int]) -> None:
    calendar_year_delete(2025)
    assert not CalendarDay.objects.filter(day__year=2025).exists()
    with pytest.raises(CalendarYearNotLoaded) as caught:
        working_calendar().add_workdays(date(2024, 12, 30), 3)
    assert caught.value.year == 2025


def test_summary_counts_match_the_package(years_2024_to_2026: list[int]) -> None:
    summary = {y.year: y for y in calendar_years_summary()}
    assert sorted(summary) == [2024, 2025, 2026]
    holidays, workdays = _package_days(2024)
    assert (summary[2024].holidays, summary[2024].makeup_workdays) == (len(holidays), len(workdays))


# --- The CSV parser, every check ---


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("day,type\n2027-01-01,holiday\n", "第 1 行应为表头", id="wrong-header"),
        pytest.param("", "（空文件）", id="empty-file"),
        pytest.param("date,kind,name\n", "没有任何 2027 年的节假日", id="no-holiday"),
        pytest.param(
            "date,kind,name\n2027-02-30,holiday,春节\n", "第 2 行：日期「2027-02-30」无效", id="bad-date"
        ),
        pytest.param(
            "date,kind,name\n2026-12-31,holiday,x\n",
            "第 2 行：日期 2026-12-31 不在 2027 年内",
            id="wrong-year",
        ),
        pytest.param("date,kind,name\n2027-01-01,rest,元旦\n", "第 2 行：类型「rest」无效", id="bad-kind"),
        pytest.param(
            "date,kind,name\n2027-02-06,holiday,春节\n2027-02-06,makeup_workday,春节\n",
            "第 3 行：日期 2027-02-06 不能既是节假日又是调休上班日（第 2 行已登记为节假日）",
            id="both-kinds",
        ),
        pytest.param(
            "date,kind,name\n2027-01-01,holiday,元旦\n2027-01-01,holiday,元旦\n",
            "第 3 行：日期 2027-01-01 重复",
            id="duplicate",
        ),
        pytest.param(
            "date,kind,name\n2027-01-01,holiday,元旦\n2027-01-05,makeup_workday,x\n",
            "2027-01-05 是星期二，本来就是工作日",
            id="makeup-on-a-weekday",
        ),
        pytest.param("date,kind,name\n2027-01-01\n", "第 2 行：应有 3 列", id="too-few-columns"),
    ],
)
def test_a_bad_file_is_refused_with_the_line(text: str, expected: str) -> None:
    with pytest.raises(CalendarFileInvalid) as caught:
        arrangement_from_csv(year=2027, text=text, source="文件")
    assert expected in caught.value.message
    assert caught.value.code == "calendar_file_invalid"


def test_every_problem_is_reported_at_once() -> None:
    text = "date,kind,name\n2027-13-01,holiday,x\n2026-05-01,holiday,x\n2027-01-01,rest,x\n"
    with pytest.raises(CalendarFileInvalid) as caught:
        arrangement_from_csv(year=2027, text=text, source="文件")
    assert [p.split("：")[0] for p in caught.value.problems] == ["第 2 行", "第 3 行", "第 4 行"]


def test_a_good_file_with_bom_blank_lines_and_no_names_is_read() -> None:
    text = "\ufeffdate,kind,name\n\n2027-01-01,holiday,\n2027-02-20,makeup_workday\n"
    arrangement = arrangement_from_csv(year=2027, text=text, source="文件")
    assert arrangement.holidays == {date(2027, 1, 1): ""}
    assert arrangement.makeup_workdays == {date(2027, 2, 20): ""}
