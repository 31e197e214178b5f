"""Statutory rule sets (规则集) as data: time limits, grounds and their citations, chosen by the received date.

A work order is judged by the rule set in force on the day it was received (《市场监督管理投诉举报处理办法》
(SAMR Order 121) for items received from 2026-04-15; the 暂行办法 (Order 20) before). The rows themselves live in
the database and are edited by an administrator; this module only defines their shape and the arithmetic.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Final

from .calendar import WorkingCalendar
from .errors import NoRuleSetInForce


class ClockName(StrEnum):
    """The statutory timers that run on a work order."""

    ACCEPT_DECISION = "accept_decision"  # 受理决定期限
    MEDIATION = "mediation"  # 调解期限
    TERMINATION_NOTICE = "termination_notice"  # 终止调解告知期限
    VERIFICATION = "verification"  # 举报核查期限
    REPORTER_NOTICE = "reporter_notice"  # 举报结果告知期限


CLOCK_LABELS: Final[Mapping[ClockName, str]] = {
    ClockName.ACCEPT_DECISION: "受理决定期限",
    ClockName.MEDIATION: "调解期限",
    ClockName.TERMINATION_NOTICE: "终止调解告知期限",
    ClockName.VERIFICATION: "举报核查期限",
    ClockName.REPORTER_NOTICE: "举报结果告知期限",
}


class StartEvent(StrEnum):
    """The event a time limit counts from (the `starts_on` of its row)."""

    RECEIVED = "received"  # 收到（12315 中心登记）
    DISPATCHED = "dispatched"  # 有处理权限的部门收到（分送到承办单位）
    ACCEPTED = "accepted"  # 受理
    TERMINATED = "terminated"  # 作出终止调解决定
    CASE_DECIDED = "case_decided"  # 作出立案或者不予立案决定


START_EVENT_LABELS: Final[Mapping[StartEvent, str]] = {
    StartEvent.RECEIVED: "12315中心收到（登记）之日",
    StartEvent.DISPATCHED: "承办单位收到（分送）之日",
    StartEvent.ACCEPTED: "受理之日",
    StartEvent.TERMINATED: "作出终止调解决定之日",
    StartEvent.CASE_DECIDED: "作出立案或者不予立案决定之日",
}

# The clocks whose start event is a choice of the rule row (receipt by the center or by the competent unit).
MOVABLE_START_EVENTS: Final = frozenset({StartEvent.RECEIVED, StartEvent.DISPATCHED})


class DayUnit(StrEnum):
    WORKDAYS = "workdays"  # 工作日
    CALENDAR_DAYS = "calendar_days"  # 自然日


class GroundKind(StrEnum):
    DECLINE = "decline"  # 不予受理情形
    TERMINATE = "terminate"  # 终止调解情形
    SUSPEND = "suspend"  # 调解期间不计入的情形（检测鉴定、身份核验）
    # 退回原因: why a unit without competence reports an item back to the intake body instead of passing it on
    # (Order 121 Art. 41, Order 20 Art. 37) — coded, so the center can redispatch it and count the reasons.
    RETURN = "return"


@dataclass(frozen=True, slots=True)
class TimeLimit:
    """One time limit: `amount` units counted from the event that starts the clock."""

    clock: ClockName
    amount: int
    unit: DayUnit
    starts_on: str  # the event that starts it, e.g. "received", "accepted"
    paused_by: tuple[str, ...]
    citation: str
    extension_amount: int = 0  # added once, with a recorded approval (e.g. 核查 +15 工作日)
    is_statutory: bool = True  # False: the center's own target, not a period the law sets

    def due_on(
        self,
        *,
        started_on: date,
        paused_units: int,
        is_extended: bool,
        calendar: WorkingCalendar,
    ) -> date:
        """The last day of the period, pauses and any approved extension included."""
        total = self.amount + paused_units + (self.extension_amount if is_extended else 0)
        if self.unit is DayUnit.WORKDAYS:
            return calendar.add_workdays(started_on, total)
        return calendar.add_calendar_days(started_on, total)

    def units_between(self, start: date, end: date, calendar: WorkingCalendar) -> int:
        """How many units of this limit lie in (start, end] — what a pause over that span adds back."""
        if self.unit is DayUnit.WORKDAYS:
            return calendar.workdays_between(start, end)
        return max((end - start).days, 0)


@dataclass(frozen=True, slots=True)
class Ground:
    """A statutory ground (情形) for declining, terminating or suspending, ticked on the official notice; or a
    coded reason for returning an item to the intake body (`GroundKind.RETURN`)."""

    kind: GroundKind
    code: str
    label: str
    citation: str
    # The ground says too little by itself ("其他"): the person choosing it must explain it in the note.
    requires_note: bool = False
    # On a joint complaint the represented complainants must consent (Order 121 Art. 12: withdrawing or settling).
    requires_joint_consent: bool = False


@dataclass(frozen=True, slots=True)
class RuleSet:
    code: str
    title: str
    effective_from: date
    effective_to: date | None
    citation: str
    time_limits: Mapping[ClockName, TimeLimit] = field(default_factory=dict)
    grounds: tuple[Ground, ...] = ()
    # Joint complaints (共同投诉): how many representatives the complainants may elect in writing, and where
    # the rule stands (Order 121 Art. 12: up to two; Order 20 Art. 11 the same).
    max_representatives: int = 2
    joint_complaint_citation: str = ""

    def applies_to(self, received_on: date) -> bool:
        return self.effective_from <= received_on and (
            self.effective_to is None or received_on <= self.effective_to
        )

    def ground(self, kind: GroundKind, code: str) -> Ground | None:
        return next((g for g in self.grounds if g.kind is kind and g.code == code), None)

    def grounds_of(self, kind: GroundKind) -> tuple[Ground, ...]:
        return tuple(g for g in self.grounds if g.kind is kind)


def select_rule_set(rule_sets: Iterable[RuleSet], received_on: date) -> RuleSet:
    """The rule set in force on the day the item was received (从旧原则: judged by the rule of its day)."""
    matching = [r for r in rule_sets if r.applies_to(received_on)]
    if not matching:
        raise NoRuleSetInForce(
            f"{received_on.isoformat()} 没有生效的投诉举报处理规则，请管理员检查规则集配置。"
        )
    return max(matching, key=lambda r: r.effective_from)
