"""Calls per half hour from the center's history: a weekly × daily profile with a trend, Chinese public holidays
and make-up workdays, and special periods; every forecast comes with a back-test error.

The model (multiplicative, fitted on daily totals, then spread over the day by an intraday shape):

    log(calls on day d) = a + b·d + effect[type(d)]        (least squares; d counts days)
    calls in half hour h of day d = exp(…) × shape[type(d)][h] × factor of any special period covering d

`type(d)` is the weekday (Mon…Sun) for an ordinary day; a public holiday (法定节假日) has its own type when the
history holds at least `MIN_DAYS_FOR_OWN_TYPE` holidays, and otherwise behaves like a Sunday; a make-up workday
(调休上班日, a Saturday or Sunday worked in place of a holiday) behaves like an ordinary workday (the mean of
Monday–Friday), or its own type when the history holds enough of them. A special period (3·15 week, a lockdown)
multiplies the forecast by its factor; history days inside a given special period are divided by it before
fitting, so they do not distort the ordinary profile.

Back-test: the last whole weeks of the history (2 when it has at least 6 weeks, else 1) are held out, the model is
fitted on the rest and compared with them. Per week, WAPE = Σ|forecast − actual| / Σ actual over its half hours,
and MAPE = mean(|forecast − actual| / actual) over the half hours with actual > 0 (quiet night half hours with a
call or two make MAPE much larger than WAPE; WAPE is the figure to plan with).
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import numpy as np

from lianxin.domain.calendar import WorkingCalendar
from lianxin.domain.errors import DomainError

from .demand import Demand

HOLIDAY = "holiday"
MAKEUP = "makeup"
WORKDAY = "workday"
MIN_DAYS_FOR_OWN_TYPE = 3
_SUNDAY = 6


class ForecastInvalid(DomainError):
    code = "invalid_forecast"


@dataclass(frozen=True, slots=True)
class SpecialPeriod:
    """Days `first`…`last` (inclusive) when calls run at `factor` × an ordinary day of the same type."""

    first: date
    last: date
    factor: float
    name: str = ""

    def covers(self, day: date) -> bool:
        return self.first <= day <= self.last


@dataclass(frozen=True, slots=True)
class WeekError:
    starts_on: date
    wape: float
    mape: float
    actual_calls: float
    forecast_calls: float

    def as_dict(self) -> dict[str, object]:
        return {
            "week_starting": self.starts_on.isoformat(),
            "wape": round(self.wape, 4),
            "mape": round(self.mape, 4),
            "actual_calls": round(self.actual_calls, 1),
            "forecast_calls": round(self.forecast_calls, 1),
        }


@dataclass(frozen=True, slots=True)
class Forecast:
    demand: Demand
    backtest: tuple[WeekError, ...]
    trend_per_week: float  # multiplicative: 0.01 = +1 % a week
    day_effects: dict[str, float]  # mean calls per day by type at the end of the history
    notes: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class _Model:
    intercept: float
    slope: float
    effects: dict[str, float]
    shapes: dict[str, tuple[float, ...]]
    origin: date
    own_types: frozenset[str]


def forecast_calls(
    history: Demand,
    *,
    calendar: WorkingCalendar,
    weeks: int,
    starts_on: date | None = None,
    special_periods: tuple[SpecialPeriod, ...] = (),
) -> Forecast:
    """Forecast `weeks` weeks of half-hourly calls from `starts_on` (default: the Monday after the history).

    The history must be whole days of 30-minute intervals, at least 3 weeks (2 to fit, 1 to back-test).
    Raises CalendarYearNotLoaded when a day of the history or the horizon falls in a year not loaded."""
    per_day = 1440 // history.interval_minutes
    days = _days(history, per_day)
    if len(days) < 21:
        raise ForecastInvalid(f"历史数据只有 {len(days)} 整天，预测至少需要 3 周。")
    if weeks <= 0:
        raise ForecastInvalid("预测周数必须大于 0。")
    last = max(days)
    start = starts_on or last + timedelta(days=7 - last.weekday())
    if start <= last:
        raise ForecastInvalid(f"预测开始日 {start} 应在历史数据最后一天 {last} 之后。")
    held_weeks = 2 if len(days) >= 42 else 1
    cut = last - timedelta(days=7 * held_weeks - 1)
    training = {d: v for d, v in days.items() if d < cut}
    held = {d: v for d, v in days.items() if d >= cut}
    backtest_model = _fit(training, calendar, special_periods)
    backtest = []
    for week_start in range(held_weeks):
        week = [cut + timedelta(days=7 * week_start + i) for i in range(7)]
        actual = [x for d in week for x in held[d]]
        predicted = [x for d in week for x in _predict_day(backtest_model, d, calendar, special_periods)]
        backtest.append(_week_error(week[0], actual, predicted))
    model = _fit(days, calendar, special_periods)
    horizon = [start + timedelta(days=i) for i in range(weeks * 7)]
    calls = [round(x, 1) for d in horizon for x in _predict_day(model, d, calendar, special_periods)]
    notes = []
    for kind, label, fallback in ((HOLIDAY, "法定节假日", "星期日"), (MAKEUP, "调休上班日", "普通工作日")):
        if kind not in model.own_types and any(_kind(d, calendar) == kind for d in horizon):
            notes.append(
                f"历史中{label}不足 {MIN_DAYS_FOR_OWN_TYPE} 天，预测期内的{label}按{fallback}的规律预测。"
            )
    end_of_history = (last - model.origin).days
    day_effects = {
        key: round(math.exp(model.intercept + model.slope * end_of_history + effect), 1)
        for key, effect in model.effects.items()
    }
    return Forecast(
        demand=Demand(datetime.combine(start, datetime.min.time()), history.interval_minutes, tuple(calls)),
        backtest=tuple(backtest),
        trend_per_week=math.exp(model.slope * 7) - 1,
        day_effects=day_effects,
        notes=tuple(notes),
    )


def _days(history: Demand, per_day: int) -> dict[date, list[float]]:
    whole = len(history.calls) // per_day
    return {
        history.starts_at.date() + timedelta(days=i): list(history.calls[i * per_day : (i + 1) * per_day])
        for i in range(whole)
    }


def _kind(day: date, calendar: WorkingCalendar) -> str:
    calendar.ensure_loaded(day)
    if day in calendar.holidays:
        return HOLIDAY
    if day in calendar.makeup_workdays:
        return MAKEUP
    return str(day.weekday())


def _factor(day: date, periods: tuple[SpecialPeriod, ...]) -> float:
    factor = 1.0
    for period in periods:
        if period.covers(day):
            factor *= period.factor
    return factor


def _fit(
    days: dict[date, list[float]], calendar: WorkingCalendar, periods: tuple[SpecialPeriod, ...]
) -> _Model:
    origin = min(days)
    kinds = {d: _kind(d, calendar) for d in days}
    counts: dict[str, int] = defaultdict(int)
    for kind in kinds.values():
        counts[kind] += 1
    own = frozenset(k for k in (HOLIDAY, MAKEUP) if counts[k] >= MIN_DAYS_FOR_OWN_TYPE)
    columns = ["1", "2", "3", "4", "5", "6", *sorted(own)]  # Monday is the base level

    def type_of(day: date) -> str:
        kind = kinds[day]
        if kind == HOLIDAY and HOLIDAY not in own:
            return str(_SUNDAY)
        if kind == MAKEUP and MAKEUP not in own:
            return WORKDAY
        return kind

    rows, targets, shares = [], [], defaultdict(list)
    for day, values in days.items():
        total = sum(values) / _factor(day, periods)
        kind = type_of(day)
        if kind == WORKDAY:
            continue  # a make-up day with no type of its own: it tells the shape of a workday, not a weekday
        row = [1.0, float((day - origin).days)] + [1.0 if kind == c else 0.0 for c in columns]
        rows.append(row)
        targets.append(math.log(max(total, 1.0)))
        if sum(values) > 0:
            shares[kind].append([v / sum(values) for v in values])
    solution, *_ = np.linalg.lstsq(np.array(rows), np.array(targets), rcond=None)
    intercept, slope = float(solution[0]), float(solution[1])
    effects = {"0": 0.0} | {c: float(v) for c, v in zip(columns, solution[2:], strict=True)}
    effects[WORKDAY] = sum(effects[str(k)] for k in range(5)) / 5
    shapes = {
        kind: tuple(float(x) for x in np.mean(np.array(rows_), axis=0)) for kind, rows_ in shares.items()
    }
    workday_rows = [r for k in range(5) for r in shares.get(str(k), [])]
    if workday_rows:
        shapes[WORKDAY] = tuple(float(x) for x in np.mean(np.array(workday_rows), axis=0))
    return _Model(intercept, slope, effects, shapes, origin, own)


def _predict_day(
    model: _Model, day: date, calendar: WorkingCalendar, periods: tuple[SpecialPeriod, ...]
) -> list[float]:
    kind = _kind(day, calendar)
    if kind == HOLIDAY and HOLIDAY not in model.own_types:
        kind = str(_SUNDAY)
    elif kind == MAKEUP and MAKEUP not in model.own_types:
        kind = WORKDAY
    shape = model.shapes.get(kind) or model.shapes[WORKDAY]
    total = math.exp(model.intercept + model.slope * (day - model.origin).days + model.effects[kind])
    total *= _factor(day, periods)
    return [total * share for share in shape]


def _week_error(starts_on: date, actual: list[float], predicted: list[float]) -> WeekError:
    total = sum(actual)
    absolute = sum(abs(f - a) for f, a in zip(predicted, actual, strict=True))
    ratios = [abs(f - a) / a for f, a in zip(predicted, actual, strict=True) if a > 0]
    return WeekError(
        starts_on=starts_on,
        wape=absolute / total if total else 0.0,
        mape=sum(ratios) / len(ratios) if ratios else 0.0,
        actual_calls=total,
        forecast_calls=sum(predicted),
    )
