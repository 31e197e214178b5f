"""Forecast on synthetic history generated here: weekly and daily profile, trend, holidays, make-up days,
special periods, and the back-test error; then the `forecast` command end to end."""

from __future__ import annotations

import json
import math
import random
from datetime import date, datetime, timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from lianxin.calendars.services import calendar_load_package_years
from lianxin.domain.calendar import WorkingCalendar
from lianxin.workforce.planning.demand import Demand, demand_read, demand_write
from lianxin.workforce.planning.forecast import SpecialPeriod, forecast_calls

WEEKDAY_LEVEL = (1.15, 1.0, 1.0, 1.0, 0.95, 0.7, 0.6)  # Monday … Sunday
HOLIDAY_LEVEL = 0.45
TREND = 0.01  # +1 % a week


def _shape(flat: bool) -> list[float]:
    values = []
    for h in range(48):
        hour = h / 2
        day = 1.0 if 8 <= hour < 21 else 0.08
        peak = 0.0 if flat else 1.2 * math.exp(-((hour - 10) ** 2) / 3) + math.exp(-((hour - 15) ** 2) / 4)
        values.append(day + peak)
    total = sum(values)
    return [v / total for v in values]


def _history(start: date, weeks: int, calendar: WorkingCalendar, noise: float = 0.03, spikes=()) -> Demand:
    rng = random.Random(12315)  # noqa: S311 — reproducible synthetic noise
    busy, flat = _shape(False), _shape(True)
    calls = []
    for d in range(weeks * 7):
        day = start + timedelta(days=d)
        level = 2000 * (1 + TREND) ** (d / 7)
        if day in calendar.holidays:
            level *= HOLIDAY_LEVEL
            shape = flat
        elif day in calendar.makeup_workdays:
            level *= 1.0
            shape = busy
        else:
            level *= WEEKDAY_LEVEL[day.weekday()]
            shape = busy
        for first, last, factor in spikes:
            if first <= day <= last:
                level *= factor
        calls.extend(round(level * s * rng.uniform(1 - noise, 1 + noise), 1) for s in shape)
    return Demand(datetime.combine(start, datetime.min.time()), 30, tuple(calls))


def _day_total(demand: Demand, day: date) -> float:
    first = (day - demand.starts_at.date()).days * 48
    return sum(demand.calls[first : first + 48])


# Made-up holidays and make-up days (this test owns its calendar): 4 holidays in the history, so holidays get
# a profile of their own; 1 make-up Sunday, so make-up days fall back to the ordinary workday.
CALENDAR = WorkingCalendar.build(
    years=[2025],
    holidays=[date(2025, 3, 19), date(2025, 3, 20), date(2025, 3, 21), date(2025, 4, 4), date(2025, 4, 23)],
    makeup_workdays=[date(2025, 3, 16), date(2025, 4, 26)],
)
START = date(2025, 3, 3)  # a Monday


def test_profile_trend_holidays_and_makeup_days():
    history = _history(START, 6, CALENDAR)
    result = forecast_calls(history, calendar=CALENDAR, weeks=2)
    forecast = result.demand
    assert forecast.starts_at == datetime(2025, 4, 14)  # noqa: DTZ001 — the Monday after the history
    assert len(forecast.calls) == 2 * 7 * 48
    assert result.trend_per_week == pytest.approx(TREND, abs=0.006)
    level = 2000 * (1 + TREND) ** ((date(2025, 4, 22) - START).days / 7)
    tuesday = _day_total(forecast, date(2025, 4, 22))
    assert tuesday == pytest.approx(level, rel=0.05)
    # A holiday on a Wednesday: its own (low) level, not a Wednesday's.
    assert _day_total(forecast, date(2025, 4, 23)) == pytest.approx(HOLIDAY_LEVEL * level, rel=0.1)
    # A make-up Saturday behaves like a workday, an ordinary Saturday does not.
    assert _day_total(forecast, date(2025, 4, 26)) == pytest.approx(level, rel=0.08)
    assert _day_total(forecast, date(2025, 4, 19)) == pytest.approx(0.7 * level, rel=0.08)
    # The daily shape: the 10:00 peak is the busiest half hour of a workday.
    tuesday_calls = forecast.calls[8 * 48 : 9 * 48]
    assert tuesday_calls.index(max(tuesday_calls)) in (19, 20, 21)
    assert any("调休上班日" in note for note in result.notes)
    # The back-test holds out the last 2 weeks of a 6-week history and reports each.
    assert [week.starts_on for week in result.backtest] == [date(2025, 3, 31), date(2025, 4, 7)]
    assert all(week.wape < 0.06 for week in result.backtest)
    assert all(week.mape >= week.wape * 0.5 for week in result.backtest)


def test_backtest_error_grows_with_a_surprise():
    calm = forecast_calls(_history(START, 6, CALENDAR), calendar=CALENDAR, weeks=1)
    surprise = [(date(2025, 4, 7), date(2025, 4, 13), 1.5)]
    shocked = forecast_calls(_history(START, 6, CALENDAR, spikes=surprise), calendar=CALENDAR, weeks=1)
    assert shocked.backtest[-1].wape > calm.backtest[-1].wape + 0.2
    assert shocked.backtest[0].wape == pytest.approx(calm.backtest[0].wape)


def test_special_periods_in_history_and_horizon():
    spike = (date(2025, 3, 10), date(2025, 3, 16), 2.0)  # a week of double calls in the history
    history = _history(START, 6, CALENDAR, spikes=[spike])
    plain = forecast_calls(history, calendar=CALENDAR, weeks=1)
    declared = forecast_calls(
        history,
        calendar=CALENDAR,
        weeks=1,
        special_periods=(
            SpecialPeriod(spike[0], spike[1], 2.0, "往期活动"),
            SpecialPeriod(date(2025, 4, 15), date(2025, 4, 15), 1.8, "3·15"),
        ),
    )
    level = 2000 * (1 + TREND) ** ((date(2025, 4, 14) - START).days / 7)
    # Declared, the old spike no longer distorts the level and trend; undeclared it does.
    monday = date(2025, 4, 14)
    assert _day_total(declared.demand, monday) == pytest.approx(1.15 * level, rel=0.06)
    assert abs(_day_total(plain.demand, monday) - 1.15 * level) > 2 * abs(
        _day_total(declared.demand, monday) - 1.15 * level
    )
    ratio = _day_total(declared.demand, date(2025, 4, 15)) / _day_total(declared.demand, date(2025, 4, 16))
    assert ratio == pytest.approx(1.8, rel=0.02)


def test_too_short_history_refused():
    with pytest.raises(Exception, match="至少需要 3 周"):
        forecast_calls(_history(START, 2, CALENDAR), calendar=CALENDAR, weeks=1)


@pytest.mark.django_db
def test_forecast_command_writes_a_demand_file(tmp_path):
    calendar_load_package_years([2025])
    from lianxin.calendars.selectors import working_calendar

    start = date(2025, 8, 25)  # 8 weeks through the National Day holiday (10-01…10-08, make-up 09-28, 10-11)
    history = tmp_path / "history.csv"
    demand_write(history, _history(start, 8, working_calendar()))
    output = tmp_path / "forecast.csv"
    out = StringIO()
    call_command(
        "forecast", "--history", str(history), "--weeks", "2", "--output", str(output), "--json",
        "--special", "2025-10-27:2025-10-27:1.5:活动", stdout=out,
    )  # fmt: skip
    payload = json.loads(out.getvalue())
    assert payload["starts_at"] == "2025-10-20T00:00:00"
    assert len(payload["backtest"]) == 2  # 8 weeks of history: the last 2 are held out
    assert all(week["wape"] < 0.1 for week in payload["backtest"])
    demand = demand_read(output)  # what `roster plan --demand` reads
    assert len(demand.calls) == 14 * 48
    assert payload["calls_per_day"][7] == pytest.approx(
        1.5 * 1.15 / 1.0 * payload["calls_per_day"][1], rel=0.1
    )


@pytest.mark.django_db
def test_forecast_command_refuses_an_unloaded_year(tmp_path):
    history = tmp_path / "history.csv"
    demand_write(history, _history(START, 4, CALENDAR))
    out = StringIO()
    with pytest.raises(CommandError):
        call_command(
            "forecast", "--history", str(history), "--output", str(tmp_path / "f.csv"), "--json", stdout=out
        )
    assert json.loads(out.getvalue())["code"] == "calendar_year_not_loaded"
