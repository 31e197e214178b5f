"""The ops commands `calendar`, `workdays` and `deadlines`, run as scripts run them (JSON on stdout)."""

from __future__ import annotations

import io
import json
import os
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
import time_machine
from django.core.management import call_command
from django.core.management.base import CommandError

from lianxin.calendars.management.commandline import PROVISIONAL_EXIT_STATUS, REFUSED_EXIT_STATUS
from lianxin.calendars.models import CalendarDay, CalendarYear
from lianxin.calendars.tests.conftest import CALENDAR_2027_CSV, CommandRun

Run = Callable[..., CommandRun]

# --- workdays ---


@pytest.mark.parametrize(
    ("start", "count", "expected"),
    [
        ("2024-02-08", "7", "2024-02-23"),  # the example: Spring Festival, make-up Sun 02-18 counts
        ("2024-02-23", "-7", "2024-02-08"),  # negative counts go back
        ("2025-09-26", "7", "2025-10-13"),  # National Day 2025, make-up Sun 09-28 and Sat 10-11 count
        ("2024-12-27", "7", "2025-01-08"),  # across New Year's Day 2025
        ("2024-02-10", "0", "2024-02-10"),
    ],
)
def test_workdays_prints_the_date(
    years_2024_to_2026: list[int], run: Run, start: str, count: str, expected: str
) -> None:
    assert run("workdays", start, count).stdout.strip() == expected
    assert run("workdays", start, count, "--json").json() == {
        "date": start,
        "workdays": int(count),
        "result": expected,
        "provisional": False,
    }


@time_machine.travel("2026-11-30 10:00 +0800", tick=False)
def test_workdays_into_an_unloaded_year_prints_a_provisional_date_and_exits_3(
    years_2024_to_2026: list[int],
) -> None:
    # 2027 is not loaded: 12-29, 12-30, 12-31, (01-01 元旦 by the 放假办法), 01-04 … 01-07.
    out = io.StringIO()
    with pytest.raises(CommandError) as caught:
        call_command("workdays", "2026-12-28", "7", stdout=out, stderr=io.StringIO())
    assert caught.value.returncode == PROVISIONAL_EXIT_STATUS
    assert out.getvalue().splitlines()[0] == "2027-01-07（暂定）"
    assert "--provisional" in str(caught.value)
    accepted = io.StringIO()
    call_command("workdays", "2026-12-28", "7", "--provisional", "--json", stdout=accepted)
    assert json.loads(accepted.getvalue()) == {
        "date": "2026-12-28",
        "workdays": 7,
        "result": "2027-01-07",
        "provisional": True,
        "provisional_years": [2027],
    }


@time_machine.travel("2026-11-30 10:00 +0800", tick=False)
def test_workdays_provisional_dates_keep_the_festivals_of_the_holiday_rule(
    years_2024_to_2026: list[int], run: Run
) -> None:
    # 春节 2027 by the 放假办法: 除夕 Fri 02-05 and 初一–初三 Sat 02-06 … Mon 02-08 are off (no make-up days known).
    assert run("workdays", "2027-02-04", "1", "--provisional").stdout.splitlines()[0] == "2027-02-09（暂定）"
    # 国庆 10-01 … 10-03 2027 (Fri–Sun): Thu 09-30 + 1 → Mon 10-04.
    assert run("workdays", "2027-09-30", "1", "--provisional").stdout.splitlines()[0] == "2027-10-04（暂定）"


@time_machine.travel("2026-11-30 10:00 +0800", tick=False)
def test_workdays_refuses_a_result_beyond_the_provisional_horizon(
    years_2024_to_2026: list[int], refused: Run
) -> None:
    payload = refused("workdays", "2026-12-28", "800", "--json").json()
    assert payload["code"] == "calendar_year_not_loaded"
    assert payload["year"] == 2029


def test_workdays_refuses_a_start_in_an_unloaded_year(years_2024_to_2026: list[int], refused: Run) -> None:
    assert refused("workdays", "2003-06-02", "1", "--json").json()["year"] == 2003
    assert "2003" in str(refused("workdays", "2003-06-02", "1").error)


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("2024-13-01", "7"), "日期「2024-13-01」不是有效日期"),
        (("yesterday", "7"), "日期「yesterday」不是有效日期"),
        (("2024-02-08", "seven"), "工作日数「seven」不是整数"),
        (("2024-02-08", "1.5"), "工作日数「1.5」不是整数"),
    ],
)
def test_workdays_rejects_bad_input(
    years_2024_to_2026: list[int], refused: Run, args: tuple[str, str], expected: str
) -> None:
    assert expected in str(refused("workdays", *args).error)
    assert refused("workdays", *args, "--json").json()["code"] == "invalid_input"


def test_workdays_follows_an_administrators_correction(years_2024_to_2026: list[int], run: Run) -> None:
    # Make Mon 2024-02-19 a holiday too (as a local order might): Fri 02-09 + 2 → Sun 02-18 (1), Tue 02-20 (2).
    CalendarDay.objects.create(day="2024-02-19", kind="holiday", name="春节")
    assert run("workdays", "2024-02-09", "2").stdout.strip() == "2024-02-20"


# --- deadlines (reference data: the two shipped rule sets and every package year up to 2026) ---


def test_complaint_under_order_121_counts_the_labour_day_makeup_saturday(rules: None, run: Run) -> None:
    result = run("deadlines", "complaint", "--received", "2026-05-06", "--json").json()
    # Wed 2026-05-06 + 7: Thu 07, Fri 08, Sat 09 (make-up for Labour Day), Mon 11 … Thu 14.
    assert result["rule_set"] == "samr-order-121"
    assert result["rule_set_title"] == "市场监督管理投诉举报处理办法"
    assert result["due"] == {"accept_decision": "2026-05-14"}
    assert set(result["citations"]) == {"accept_decision"}


def test_complaint_under_order_20_across_national_day(rules: None, run: Run) -> None:
    result = run(
        "deadlines", "complaint", "--received", "2025-09-26", "--accepted", "2025-09-30", "--json"
    ).json()
    assert result["rule_set"] == "samr-order-20"
    # National Day 2025: holiday Wed 10-01 … Wed 10-08; make-up Sun 09-28 and Sat 10-11.
    # Accept decision, 7 working days from Fri 09-26 (Art. 14): Sun 28 (1), Mon 29 (2), Tue 30 (3), Thu 10-09 (4),
    # Fri 10-10 (5), Sat 10-11 (6), Mon 10-13 (7).
    # Mediation, 45 working days from acceptance on Tue 09-30 (Art. 21(1)(5)): 10-09, 10-10, 10-11 (3), eight full
    # weeks 10-13 … 12-05 (43) — no holiday in Oct after the 8th, Nov or early Dec — Mon 12-08 (44), Tue 12-09 (45).
    assert result["due"] == {"accept_decision": "2025-10-13", "mediation": "2025-12-09"}
    assert "第十四条" in result["citations"]["accept_decision"]
    assert "第二十一条" in result["citations"]["mediation"]


def test_mediation_under_order_121_is_60_calendar_days(rules: None, run: Run) -> None:
    result = run(
        "deadlines", "complaint", "--received", "2026-05-06", "--accepted", "2026-05-08", "--json"
    ).json()
    # Fri 2026-05-08 + 60 calendar days = Tue 2026-07-07 (23 days to 05-31, 30 to 06-30, 7 more), a working day.
    assert result["due"] == {"accept_decision": "2026-05-14", "mediation": "2026-07-07"}
    assert "第二十三条" in result["citations"]["mediation"]


def test_order_121_mediation_ending_on_a_sunday_moves_to_monday(rules: None, run: Run) -> None:
    result = run(
        "deadlines", "complaint", "--received", "2026-04-15", "--accepted", "2026-04-15", "--json"
    ).json()
    # Wed 2026-04-15 + 60 = Sun 2026-06-14 → Mon 06-15. Accept: 7 working days from Wed 04-15 → Fri 04-24.
    assert result["due"] == {"accept_decision": "2026-04-24", "mediation": "2026-06-15"}


def test_report_verification_is_15_working_days(rules: None, run: Run) -> None:
    result = run("deadlines", "report", "--received", "2026-05-06", "--json").json()
    # Wed 2026-05-06 + 15: 07, 08, Sat 09 (3), 11 … 15 (8), 18 … 22 (13), Mon 25 (14), Tue 26 (15).
    assert result["due"] == {"verification": "2026-05-26"}
    assert result["citations"]["verification"].startswith("《市场监督管理行政处罚程序规定》第十八条")


@pytest.mark.parametrize(
    ("received", "rule_set"),
    [("2026-04-14", "samr-order-20"), ("2026-04-15", "samr-order-121"), ("2020-01-01", "samr-order-20")],
)
def test_the_shipped_rule_sets_switch_on_2026_04_15(
    rules: None, run: Run, received: str, rule_set: str
) -> None:
    assert run("deadlines", "report", "--received", received, "--json").json()["rule_set"] == rule_set


@time_machine.travel("2026-11-30 10:00 +0800", tick=False)
def test_deadlines_prints_every_computable_date_and_marks_the_provisional_one(rules: None) -> None:
    """The issue's example: the decision deadline is known; mediation (60 日 from 11-25 → Sun 2027-01-24 → Mon
    01-25) runs into 2027, which is not loaded, so it is printed provisional and the command exits 3."""
    out = io.StringIO()
    args = ("complaint", "--received", "2026-11-20", "--accepted", "2026-11-25")
    with pytest.raises(CommandError) as caught:
        call_command("deadlines", *args, stdout=out, stderr=io.StringIO())
    assert caught.value.returncode == PROVISIONAL_EXIT_STATUS
    text = out.getvalue()
    assert "2026-12-01" in text
    assert "2026-12-01（暂定）" not in text
    assert "2027-01-25（暂定）" in text
    assert "第十五条" in text
    accepted = io.StringIO()
    call_command("deadlines", *args, "--provisional", "--json", stdout=accepted)
    payload = json.loads(accepted.getvalue())
    assert payload["due"] == {"accept_decision": "2026-12-01", "mediation": "2027-01-25"}
    assert (payload["provisional"], payload["provisional_years"], payload["refused"]) == (
        ["mediation"],
        [2027],
        {},
    )


@time_machine.travel("2026-11-30 10:00 +0800", tick=False)
def test_deadlines_lists_a_refused_date_beside_the_computed_ones(rules: None) -> None:
    out = io.StringIO()
    with pytest.raises(CommandError) as caught:
        call_command(
            "deadlines",
            "complaint",
            "--received",
            "2026-11-20",
            "--accepted",
            "2029-03-01",
            "--json",
            stdout=out,
        )
    assert caught.value.returncode == REFUSED_EXIT_STATUS
    payload = json.loads(out.getvalue())
    assert payload["due"] == {"accept_decision": "2026-12-01"}
    assert "2029" in payload["refused"]["mediation"]


def test_deadlines_before_any_rule_set_is_refused(rules: None, refused: Run) -> None:
    assert refused("deadlines", "report", "--received", "2019-06-03", "--json").json()["code"] == (
        "no_rule_set_in_force"
    )


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("report", "--received", "2026-05-06", "--accepted", "2026-05-07"), "--accepted 只适用于投诉"),
        (("complaint", "--received", "2026-05-06", "--accepted", "2026-05-01"), "早于收到日期"),
        (("complaint", "--received", "06/05/2026"), "收到日期「06/05/2026」不是有效日期"),
        (("complaint",), "请用 --received 给出收到日期"),
    ],
)
def test_deadlines_rejects_bad_input(rules: None, refused: Run, args: tuple[str, ...], expected: str) -> None:
    assert expected in str(refused("deadlines", *args).error)


def test_deadlines_prints_a_chinese_table(rules: None, run: Run) -> None:
    text = run("deadlines", "complaint", "--received", "2025-09-26", "--accepted", "2025-09-30").stdout
    assert "《市场监督管理投诉举报处理暂行办法》（samr-order-20）" in text
    lines = text.splitlines()
    assert any(
        line.startswith("受理决定期限") and "7个工作日" in line and "2025-10-13" in line for line in lines
    )
    assert any(
        line.startswith("调解期限") and "45个工作日" in line and "2025-12-09" in line for line in lines
    )


# --- calendar list | load-package | add-year ---


def test_calendar_list(years_2024_to_2026: list[int], run: Run) -> None:
    years = run("calendar", "list", "--json").json()["years"]
    assert [y["year"] for y in years] == [2024, 2025, 2026]
    assert all(y["source"].startswith("chinesecalendar") for y in years)
    assert (
        years[0]["makeup_workdays"]
        == CalendarDay.objects.filter(day__year=2024, kind="makeup_workday").count()
    )
    assert "2026" in run("calendar", "list").stdout


def test_calendar_load_package_is_idempotent(db: None, run: Run) -> None:
    assert run("calendar", "load-package", "2024", "2025", "--json").json()["loaded"] == [2024, 2025]
    again = run("calendar", "load-package", "2024", "2025", "--json").json()
    assert (again["loaded"], again["skipped"]) == ([], [2024, 2025])
    replaced = run("calendar", "load-package", "2024", "--replace", "--json").json()
    assert replaced["loaded"] == [2024]


def test_calendar_load_package_refuses_a_year_it_lacks(db: None, refused: Run) -> None:
    payload = refused("calendar", "load-package", "2030", "--json").json()
    assert payload["code"] == "calendar_year_not_in_package"
    assert "2030" in payload["message"]


def test_calendar_add_year_then_workdays_sees_it(
    years_2024_to_2026: list[int], run: Run, csv_file: Callable[[str], Path]
) -> None:
    path = csv_file(CALENDAR_2027_CSV)
    added = run("calendar", "add-year", "2027", "--file", str(path), "--source", "测试通知", "--json").json()
    assert added == {"year": 2027, "holidays": 8, "makeup_workdays": 1, "source": "测试通知"}
    assert run("workdays", "2026-12-28", "7").stdout.strip() == "2027-01-07"


def test_calendar_add_year_rejects_a_bad_file_and_writes_nothing(
    years_2024_to_2026: list[int], refused: Run, csv_file: Callable[[str], Path]
) -> None:
    path = csv_file(
        "date,kind,name\n2027-02-06,holiday,春节\n2027-02-06,makeup_workday,春节\n2028-01-01,holiday,元旦\n"
    )
    result = refused("calendar", "add-year", "2027", "--file", str(path), "--json")
    assert result.json()["code"] == "calendar_file_invalid"
    message = str(result.error)
    assert "第 3 行" in message
    assert "第 4 行：日期 2028-01-01 不在 2027 年内" in message
    assert not CalendarYear.objects.filter(year=2027).exists()
    assert not CalendarDay.objects.filter(day__year=2027).exists()


def test_calendar_add_year_refuses_a_loaded_year_without_replace(
    years_2024_to_2026: list[int], run: Run, refused: Run, csv_file: Callable[[str], Path]
) -> None:
    path = csv_file("date,kind,name\n2026-01-01,holiday,元旦\n")
    assert refused("calendar", "add-year", "2026", "--file", str(path), "--json").json()["code"] == (
        "calendar_year_already_loaded"
    )
    run("calendar", "add-year", "2026", "--file", str(path), "--replace")
    assert CalendarDay.objects.filter(day__year=2026).count() == 1


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("add-year", "2027", "--file", "/nonexistent/holidays.csv"), "找不到文件"),
        (("add-year", "2027"), "请用 --file 指定 2027 年节假日安排的 CSV 文件"),
        (("add-year", "twenty", "--file", "x.csv"), "年份「twenty」不是整数"),
        (("add-year", "1900", "--file", "x.csv"), "年份 1900 超出范围"),
    ],
)
def test_calendar_add_year_rejects_bad_arguments(
    db: None, refused: Run, args: tuple[str, ...], expected: str
) -> None:
    assert expected in str(refused("calendar", *args).error)


def test_calendar_add_year_rejects_a_file_not_in_utf8(db: None, refused: Run, tmp_path: Path) -> None:
    path = tmp_path / "gbk.csv"
    path.write_bytes("date,kind,name\n2027-01-01,holiday,元旦\n".encode("gbk"))
    assert "不是 UTF-8 编码" in str(refused("calendar", "add-year", "2027", "--file", str(path)).error)


# --- The real command line: exit status 2 and the year named ---


def test_lianxin_workdays_exits_3_with_a_provisional_date_in_an_unloaded_year(tmp_path: Path) -> None:
    """`./lianxin workdays 2026-12-28 7` on a fresh SQLite home with 2026 loaded (production settings)."""
    repository = Path(__file__).resolve().parents[4]
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE"}}
    env["LIANXIN_HOME"] = str(tmp_path)
    command = [str(repository / "lianxin")]
    for args in (["migrate", "--verbosity", "0"], ["calendar", "load-package", "2026"]):
        subprocess.run(
            [*command, *args], env=env, cwd=repository, check=True, capture_output=True, timeout=120
        )
    done = subprocess.run(
        [*command, "workdays", "2026-12-28", "7"],
        env=env,
        cwd=repository,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 3  # provisional: printed with its mark, not passed off as final
    assert "2027" in done.stderr
    assert done.stdout.splitlines()[0] == "2027-01-07（暂定）"
    ok = subprocess.run(
        [*command, "workdays", "2026-12-28", "3"],
        env=env,
        cwd=repository,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert (ok.returncode, ok.stdout.strip()) == (0, "2026-12-31")
