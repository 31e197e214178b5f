"""Statistics read from the rollups, scoped like the work orders themselves, and the drill-down to the work orders
behind any figure (lianxin.workorders.permissions decides what a user may see in both).

A figure for a period is summed from month cells for the whole months inside it and day cells for the edges, so a
month costs one small read however many work orders it holds.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum

from lianxin.accounts.models import User
from lianxin.accounts.selectors import unit_directory, unit_entry
from lianxin.analytics.models import Dimension, HotSpotAlert, Period, RollupState, VolumeRollup
from lianxin.analytics.services.rollups import (
    MEASURES,
    RATING_SOURCE,
    SATISFACTION_LEVELS,
    clock_outcome,
    local_day_bounds,
)
from lianxin.domain.errors import DomainError
from lianxin.domain.rules import ClockName
from lianxin.domain.workflow import CHANNEL_LABELS, KIND_LABELS, Channel, Kind
from lianxin.portal.models import Callback
from lianxin.workorders.models import Category, IssueType, WorkOrder
from lianxin.workorders.permissions import READ_ALL_ROLES, work_orders_visible_to

MAX_PERIOD_DAYS = 366 * 3


class InvalidStatisticsQuery(DomainError):
    code = "invalid"


@dataclass(frozen=True, slots=True)
class StatisticsFilter:
    """A period (both days included) and optional narrowing to one kind and one handling unit (and below)."""

    start: date
    end: date
    kind: str = ""
    unit_id: int | None = None

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise InvalidStatisticsQuery(
                "结束日期不能早于开始日期。", fields={"end": ["结束日期早于开始日期。"]}
            )
        if (self.end - self.start).days >= MAX_PERIOD_DAYS:
            raise InvalidStatisticsQuery("统计区间最长三年。", fields={"start": ["统计区间过长。"]})
        if self.kind and self.kind not in {k.value for k in Kind}:
            raise InvalidStatisticsQuery("类型无效。", fields={"kind": ["类型无效。"]})

    def previous(self) -> StatisticsFilter:
        """The period of the same length just before (period-over-period comparison, 环比)."""
        length = (self.end - self.start).days + 1
        return StatisticsFilter(
            start=self.start - timedelta(days=length),
            end=self.start - timedelta(days=1),
            kind=self.kind,
            unit_id=self.unit_id,
        )


@dataclass(frozen=True, slots=True)
class Figure:
    key: str
    label: str
    current: int
    previous: int

    @property
    def change(self) -> float | None:
        """Relative change against the previous period; None when there was nothing to compare with."""
        if not self.previous:
            return None
        return (self.current - self.previous) / self.previous


@dataclass(frozen=True, slots=True)
class UnitTimeliness:
    unit_id: int
    label: str
    items: int
    decided: int
    decided_in_time: int
    mediated: int
    mediated_in_time: int
    agreed: int
    closed: int
    amount_recovered: Decimal
    overdue_now: int

    @staticmethod
    def rate(part: int, whole: int) -> float | None:
        return part / whole if whole else None

    @property
    def decided_in_time_rate(self) -> float | None:
        return self.rate(self.decided_in_time, self.decided)

    @property
    def mediated_in_time_rate(self) -> float | None:
        return self.rate(self.mediated_in_time, self.mediated)

    @property
    def agreement_rate(self) -> float | None:
        return self.rate(self.agreed, self.mediated)


@dataclass(frozen=True, slots=True)
class _Scope:
    everything: bool = False
    center_id: int | None = None
    unit_ids: frozenset[int] = field(default_factory=frozenset)


def _subtree_ids(unit_id: int) -> frozenset[int]:
    unit = unit_entry(unit_id)
    if unit is None:
        return frozenset()
    return frozenset(pk for pk, entry in unit_directory().items() if entry.path.startswith(unit.path))


def _scope(user: User | None) -> _Scope:
    """The rollup twin of `workorders.permissions._scope`: everything, one center's items, or the items handled
    by a unit and the units below it. `None` is the center-wide view of the archived monthly report."""
    if user is None:
        return _Scope(everything=True)
    if not user.is_authenticated or not user.is_active:
        return _Scope()
    if user.role_enum in READ_ALL_ROLES or user.is_superuser:
        return _Scope(everything=True)
    if user.unit is None:
        return _Scope()
    if user.unit.is_center:
        return _Scope(center_id=user.unit_id)
    return _Scope(unit_ids=_subtree_ids(user.unit_id))


def _period_q(start: date, end: date) -> Q:
    first_month = start if start.day == 1 else (start.replace(day=1) + timedelta(days=32)).replace(day=1)
    after_end = end + timedelta(days=1)
    last_month = after_end.replace(day=1) if after_end.day != 1 else after_end
    # whole months are [first_month, last_month)
    if first_month >= last_month:
        return Q(period=Period.DAY, period_start__gte=start, period_start__lte=end)
    return (
        Q(period=Period.MONTH, period_start__gte=first_month, period_start__lt=last_month)
        | Q(period=Period.DAY, period_start__gte=start, period_start__lt=first_month)
        | Q(period=Period.DAY, period_start__gte=last_month, period_start__lte=end)
    )


def _cells(
    user: User | None, flt: StatisticsFilter, dimension: Dimension, *, days_only: bool = False
) -> QuerySet[VolumeRollup]:
    scope = _scope(user)
    period_q = (
        Q(period=Period.DAY, period_start__gte=flt.start, period_start__lte=flt.end)
        if days_only
        else _period_q(flt.start, flt.end)
    )
    queryset = VolumeRollup.objects.filter(period_q, dimension=dimension).order_by()
    if not scope.everything:
        if scope.center_id is not None:
            queryset = queryset.filter(center_id=scope.center_id)
        else:
            queryset = queryset.filter(handling_unit_id__in=scope.unit_ids)
    if flt.kind:
        queryset = queryset.filter(kind=flt.kind)
    if flt.unit_id is not None:
        queryset = queryset.filter(handling_unit_id__in=_subtree_ids(flt.unit_id) if flt.unit_id else {0})
    return queryset


_GROUPS = {"kind": "kind", "unit": "handling_unit_id"}
# Items without a handling unit: consultations the centre answers itself (they are never dispatched) and complaints
# or reports not yet dispatched. "未分送" alone would count every consultation as a delay.
NO_UNIT_LABEL = "中心直办或未分送"


def _labels(by: str) -> dict[str, str]:
    if by == "kind":
        return {k.value: KIND_LABELS[k] for k in Kind}
    if by == Dimension.CHANNEL:
        return {c.value: CHANNEL_LABELS[c] for c in Channel}
    if by == Dimension.CATEGORY:
        return {str(pk): name for pk, name in Category.objects.values_list("pk", "name")} | {"": "未分类"}
    if by == Dimension.ISSUE_TYPE:
        return {str(pk): name for pk, name in IssueType.objects.values_list("pk", "name")} | {"": "未分类"}
    if by == "unit":
        return {str(pk): entry.name for pk, entry in unit_directory().items()} | {"0": NO_UNIT_LABEL}
    return {}


VOLUME_BREAKDOWNS = (
    "kind",
    "unit",
    Dimension.CHANNEL.value,
    Dimension.CATEGORY.value,
    Dimension.ISSUE_TYPE.value,
)
BREAKDOWN_LABELS = {
    "kind": "类型",
    "unit": "承办单位",
    "channel": "渠道",
    "category": "分类",
    "issue_type": "问题类别",
}


def _sums(user: User | None, flt: StatisticsFilter, by: str, measure: str = "items") -> dict[str, int]:
    if by in _GROUPS:
        dimension, column = Dimension.ALL, _GROUPS[by]
    else:
        dimension, column = Dimension(by), "value"
    rows = _cells(user, flt, dimension).values(column).annotate(total=Sum(measure))
    return {str(row[column]): row["total"] or 0 for row in rows}


def statistics_volumes(*, user: User | None, flt: StatisticsFilter, by: str) -> list[Figure]:
    """Work orders received in the period, broken down `by` kind, unit, channel, category or issue type, with the
    previous period of the same length beside each figure."""
    if by not in VOLUME_BREAKDOWNS:
        raise InvalidStatisticsQuery("统计维度无效。", fields={"by": ["统计维度无效。"]})
    current = _sums(user, flt, by)
    previous = _sums(user, flt.previous(), by)
    labels = _labels(by)
    keys = sorted(set(current) | set(previous), key=lambda key: (-current.get(key, 0), key))
    return [
        Figure(
            key=key, label=labels.get(key, key), current=current.get(key, 0), previous=previous.get(key, 0)
        )
        for key in keys
    ]


def statistics_total(*, user: User | None, flt: StatisticsFilter) -> Figure:
    current = sum(_sums(user, flt, "kind").values())
    previous = sum(_sums(user, flt.previous(), "kind").values())
    return Figure(key="", label="合计", current=current, previous=previous)


def statistics_series(
    *, user: User | None, flt: StatisticsFilter, granularity: str = "day"
) -> list[tuple[date, int]]:
    """Items received per day, ISO week (Monday) or month across the period, empty buckets included."""
    day_q = _cells(user, flt, Dimension.ALL, days_only=True)
    totals: dict[date, int] = defaultdict(int)
    for row in day_q.values("period_start").annotate(total=Sum("items")):
        totals[_bucket(row["period_start"], granularity)] += row["total"]
    buckets: list[date] = []
    day = flt.start
    while day <= flt.end:
        bucket = _bucket(day, granularity)
        if not buckets or buckets[-1] != bucket:
            buckets.append(bucket)
        day += timedelta(days=1)
    return [(bucket, totals.get(bucket, 0)) for bucket in buckets]


def _bucket(day: date, granularity: str) -> date:
    if granularity == "week":
        return day - timedelta(days=day.weekday())
    if granularity == "month":
        return day.replace(day=1)
    return day


def _visible(user: User | None) -> QuerySet[WorkOrder]:
    return WorkOrder.objects.all() if user is None else work_orders_visible_to(user)


def _overdue_queryset(user: User | None, today: date) -> QuerySet[WorkOrder]:
    return _visible(user).filter(due_on__lt=today)


def statistics_timeliness(*, user: User | None, flt: StatisticsFilter, today: date) -> list[UnitTimeliness]:
    """Per handling unit: items received in the period, decisions on acceptance and mediations ended within their
    limits, agreements, closures, money recovered — and the unit's items overdue now."""
    rows = (
        _cells(user, flt, Dimension.ALL)
        .values("handling_unit_id")
        .annotate(**{name: Sum(name) for name in MEASURES})
    )
    overdue_queryset = _overdue_queryset(user, today)
    if flt.kind:
        overdue_queryset = overdue_queryset.filter(kind=flt.kind)
    overdue = dict(
        overdue_queryset.order_by()
        .values_list("handling_unit_id")
        .annotate(count=Count("id"))
        .values_list("handling_unit_id", "count")
    )
    labels = _labels("unit")
    result = {
        row["handling_unit_id"]: UnitTimeliness(
            unit_id=row["handling_unit_id"],
            label=labels.get(str(row["handling_unit_id"]), str(row["handling_unit_id"])),
            items=row["items"],
            decided=row["decided"],
            decided_in_time=row["decided_in_time"],
            mediated=row["mediated"],
            mediated_in_time=row["mediated_in_time"],
            agreed=row["agreed"],
            closed=row["closed"],
            amount_recovered=row["amount_recovered"] or Decimal(0),
            overdue_now=overdue.get(row["handling_unit_id"] or None, 0),
        )
        for row in rows
    }
    for unit_id, count in overdue.items():
        key = unit_id or 0
        if key not in result and (flt.unit_id is None or key in _subtree_ids(flt.unit_id)):
            result[key] = UnitTimeliness(
                unit_id=key,
                label=labels.get(str(key), str(key)),
                items=0,
                decided=0,
                decided_in_time=0,
                mediated=0,
                mediated_in_time=0,
                agreed=0,
                closed=0,
                amount_recovered=Decimal(0),
                overdue_now=count,
            )
    return sorted(result.values(), key=lambda entry: (-entry.items, entry.label))


# ---- satisfaction --------------------------------------------------------------------------------------------

SATISFACTION_SOURCES = {"rating": "网上评价", "callback": "电话回访"}
SATISFACTION_LEVEL_LABELS = {"satisfied": "满意", "basically": "基本满意", "dissatisfied": "不满意"}
_SATISFACTION_MEASURES = tuple(
    f"{source}_{level}" for source in SATISFACTION_SOURCES for level in SATISFACTION_LEVELS
)


@dataclass(frozen=True, slots=True)
class SatisfactionCounts:
    satisfied: int = 0
    basically: int = 0
    dissatisfied: int = 0

    @property
    def total(self) -> int:
        return self.satisfied + self.basically + self.dissatisfied

    @property
    def rate(self) -> float | None:
        """满意率: satisfied and basically satisfied over every rated item; None when nothing was rated."""
        return (self.satisfied + self.basically) / self.total if self.total else None


@dataclass(frozen=True, slots=True)
class SatisfactionRow:
    """One source's satisfaction for all the user's units (`unit_id` None) or one handling unit (0: not
    dispatched), in the period and the period before."""

    unit_id: int | None
    label: str
    source: str
    current: SatisfactionCounts
    previous: SatisfactionCounts

    @property
    def source_label(self) -> str:
        return SATISFACTION_SOURCES[self.source]

    @property
    def change_points(self) -> float | None:
        """The change of the rate against the previous period, in percentage points."""
        if self.current.rate is None or self.previous.rate is None:
            return None
        return (self.current.rate - self.previous.rate) * 100


def _satisfaction_by_unit(user: User | None, flt: StatisticsFilter) -> dict[int, dict[str, int]]:
    rows = (
        _cells(user, flt, Dimension.ALL)
        .values("handling_unit_id")
        .annotate(**{name: Sum(name) for name in _SATISFACTION_MEASURES})
    )
    return {
        row["handling_unit_id"]: {name: row[name] or 0 for name in _SATISFACTION_MEASURES} for row in rows
    }


def _counts(sums: dict[str, int], source: str) -> SatisfactionCounts:
    return SatisfactionCounts(*(sums.get(f"{source}_{level}", 0) for level in SATISFACTION_LEVELS))


def statistics_satisfaction(*, user: User | None, flt: StatisticsFilter) -> list[SatisfactionRow]:
    """Satisfaction of the items received in the period, from each source apart — the consumers' own ratings online
    and the callbacks' results — first for all the user's units, then per handling unit (only units with a rating
    in either period), with the period before of the same length."""
    current, previous = _satisfaction_by_unit(user, flt), _satisfaction_by_unit(user, flt.previous())
    totals_now = {name: sum(row[name] for row in current.values()) for name in _SATISFACTION_MEASURES}
    totals_before = {name: sum(row[name] for row in previous.values()) for name in _SATISFACTION_MEASURES}
    result = [
        SatisfactionRow(None, "合计", source, _counts(totals_now, source), _counts(totals_before, source))
        for source in SATISFACTION_SOURCES
    ]
    labels = _labels("unit")
    units = []
    for unit_id in set(current) | set(previous):
        for source in SATISFACTION_SOURCES:
            row = SatisfactionRow(
                unit_id,
                labels.get(str(unit_id), str(unit_id)),
                source,
                _counts(current.get(unit_id, {}), source),
                _counts(previous.get(unit_id, {}), source),
            )
            if row.current.total or row.previous.total:
                units.append(row)
    # The units with the most rated items first; within a unit, ratings before callbacks.
    rated = {
        unit_id: sum(sums.get(name, 0) for name in _SATISFACTION_MEASURES)
        for unit_id, sums in current.items()
    }
    order = list(SATISFACTION_SOURCES)
    units.sort(key=lambda row: (-rated.get(row.unit_id or 0, 0), row.label, order.index(row.source)))
    return result + units


def satisfaction_reviews_pending(*, user: User | None) -> int:
    """Dissatisfied callbacks still waiting for a supervisor's review (回访不满意待复核), among the user's items."""
    return Callback.objects.filter(needs_review=True, work_order__in=_visible(user)).count()


def statistics_freshness() -> Any:
    state = RollupState.objects.filter(pk=1).first()
    return state.refreshed_at if state else None


# ---- drill-down ---------------------------------------------------------------------------------------------

DRILL_MEASURES = (
    "items",
    "group_items",
    "decided",
    "decided_in_time",
    "mediated",
    "mediated_in_time",
    "agreed",
    "closed",
    "overdue",
    *SATISFACTION_SOURCES,  # every item rated online / called back with a result
    *_SATISFACTION_MEASURES,  # rating_satisfied … callback_dissatisfied
)


@dataclass(frozen=True, slots=True)
class DrillDown:
    """The work orders behind one figure: a period and the cell's coordinates, and which measure."""

    flt: StatisticsFilter
    by: str = ""
    key: str = ""
    measure: str = "items"
    exact_unit: bool = False

    def __post_init__(self) -> None:
        if self.measure not in DRILL_MEASURES:
            raise InvalidStatisticsQuery("统计指标无效。", fields={"measure": ["统计指标无效。"]})
        if self.by and self.by not in VOLUME_BREAKDOWNS:
            raise InvalidStatisticsQuery("统计维度无效。", fields={"by": ["统计维度无效。"]})


def _key_q(by: str, key: str) -> Q:
    if by == "kind":
        return Q(kind=key)
    if by == "unit":
        return Q(handling_unit__isnull=True) if key in {"", "0"} else Q(handling_unit_id=int(key))
    if by == Dimension.CHANNEL:
        return Q(channel=key)
    if by == Dimension.CATEGORY:
        return Q(category__isnull=True) if key == "" else Q(category_id=int(key))
    if by == Dimension.ISSUE_TYPE:
        return Q(issue_type__isnull=True) if key == "" else Q(issue_type_id=int(key))
    return Q()


_CLOCK_MEASURES = {
    "decided": (ClockName.ACCEPT_DECISION, False),
    "decided_in_time": (ClockName.ACCEPT_DECISION, True),
    "mediated": (ClockName.MEDIATION, False),
    "mediated_in_time": (ClockName.MEDIATION, True),
}


def statistics_work_orders(*, user: User | None, drill: DrillDown, today: date) -> QuerySet[WorkOrder]:
    """The work orders behind a figure, from the user's own scope; their count equals the figure."""
    flt = drill.flt
    if drill.measure == "overdue":
        queryset = _overdue_queryset(user, today)
    else:
        start, end = local_day_bounds(flt.start, flt.end)
        queryset = _visible(user).filter(received_at__gte=start, received_at__lt=end)
    if flt.kind:
        queryset = queryset.filter(kind=flt.kind)
    if flt.unit_id is not None:
        queryset = queryset.filter(
            _key_q("unit", "0") if flt.unit_id == 0 else Q(handling_unit_id__in=_subtree_ids(flt.unit_id))
        )
    if drill.by:
        queryset = queryset.filter(_key_q(drill.by, drill.key))
    if drill.measure == "group_items":
        queryset = queryset.filter(is_group_complaint=True)
    elif drill.measure == "agreed":
        queryset = queryset.filter(amount_recovered__isnull=False)
    elif drill.measure == "closed":
        queryset = queryset.filter(closed_at__isnull=False)
    elif drill.measure in SATISFACTION_SOURCES or drill.measure in _SATISFACTION_MEASURES:
        source, _, level = drill.measure.partition("_")
        levels = [level] if level else list(SATISFACTION_LEVELS)
        if source == "rating":
            queryset = queryset.filter(rating__source=RATING_SOURCE, rating__satisfaction__in=levels)
        else:
            queryset = queryset.filter(callback__satisfaction__in=levels)
    elif drill.measure in _CLOCK_MEASURES:
        clock_name, in_time = _CLOCK_MEASURES[drill.measure]
        clock_key = f"clocks__{clock_name.value}__stopped_on__isnull"
        candidates = queryset.filter(**{clock_key: False}).values_list("pk", "clocks", "rule_set_id")
        ids = [
            pk
            for pk, clocks, rule_set_id in candidates
            if _measured(clocks, clock_name, rule_set_id, in_time)
        ]
        queryset = queryset.filter(pk__in=ids)
    return queryset.select_related("handling_unit", "category", "issue_type").order_by("-received_at", "-id")


def _measured(clocks: dict[str, Any], clock_name: ClockName, rule_set_id: int, in_time: bool) -> bool:
    stopped, on_time = clock_outcome(clocks, clock_name, rule_set_id)
    return on_time if in_time else stopped


def unit_choices(*, user: User) -> list[tuple[int, str]]:
    """Units the user's statistics can be narrowed to (handling units inside the user's scope)."""
    scope = _scope(user)
    units: Iterable[Any] = unit_directory().values()
    if not scope.everything and scope.center_id is None:
        units = [unit for unit in units if unit.pk in scope.unit_ids]
    return sorted(((unit.pk, unit.name) for unit in units if not unit.is_center), key=lambda item: item[1])


# ---- hot spots ------------------------------------------------------------------------------------------------


def hotspot_alerts(*, user: User | None, since: date, until: date) -> list[tuple[Any, int]]:
    """Alerts in the period that touch at least one work order the user may see, each with how many of its work
    orders the user sees (an alert never reveals items outside the user's scope)."""
    alerts = list(HotSpotAlert.objects.filter(detected_on__gte=since, detected_on__lte=until))
    every_id = {pk for alert in alerts for pk in alert.work_order_ids}
    visible = set(_visible(user).filter(pk__in=every_id).values_list("pk", flat=True))
    result = []
    for alert in alerts:
        seen = sum(1 for pk in alert.work_order_ids if pk in visible)
        if seen:
            result.append((alert, seen))
    return result


def hotspot_work_orders(*, user: User | None, alert_id: int) -> QuerySet[WorkOrder]:
    alert = HotSpotAlert.objects.filter(pk=alert_id).first()
    ids = alert.work_order_ids if alert else []
    return (
        _visible(user)
        .filter(pk__in=ids)
        .select_related("handling_unit", "category", "issue_type")
        .order_by("-received_at")
    )
