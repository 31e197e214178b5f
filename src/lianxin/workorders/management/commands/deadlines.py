"""`lianxin deadlines complaint|report --received DATE [--dispatched DATE] [--accepted DATE] [--provisional] [--json]`.

The statutory due dates. The rule set is the one in force on the received date (Order 20 before 2026-04-15,
Order 121 from that day), read from the database with its citations; each time limit counts from the event its row
names (`starts_on`: receipt by the center, or receipt by the competent unit — `--dispatched`, ADR 0014).

Every date that can be computed is printed. A date counted through a year whose holiday arrangement is not loaded
is printed with the 暂定 mark (exit 3 unless --provisional); one that cannot be computed at all is listed beside
the others with the reason (exit 2). Keys: complaint — accept_decision (受理决定), and mediation (调解) when
--accepted is given; report — verification (核查).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from lianxin.calendars.management.commandline import (
    PROVISIONAL_MARK,
    REFUSED_EXIT_STATUS,
    CommandInputInvalid,
    dumps,
    parse_date,
    provisional_explanation,
    refuse,
    refuse_provisional,
)
from lianxin.calendars.selectors import deadline_calendar
from lianxin.domain.calendar import WorkingCalendar
from lianxin.domain.errors import DomainError
from lianxin.domain.rules import CLOCK_LABELS, START_EVENT_LABELS, ClockName, DayUnit, RuleSet, StartEvent
from lianxin.domain.workflow import KIND_LABELS, REGISTRATION_CLOCKS, Kind
from lianxin.workorders.selectors import rule_set_for

_KINDS = (Kind.COMPLAINT, Kind.REPORT)
_UNIT_LABELS = {DayUnit.WORKDAYS: "个工作日", DayUnit.CALENDAR_DAYS: "日（自然日）"}


@dataclass(frozen=True, slots=True)
class Row:
    clock: ClockName
    starts_on: str
    started_on: date | None
    due_on: date | None = None
    is_provisional: bool = False
    refusal: str = ""


class Command(BaseCommand):
    help = (
        "按收到日期适用的规则集（第20号令或第121号令）和工作日历，计算投诉或举报的法定期限截止日期。"
        "能算出的期限全部列出；经过未加载年份的标为暂定（未加 --provisional 时退出码 3），"
        "无法计算的列出原因（退出码 2）。"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "kind", choices=[k.value for k in _KINDS], help="complaint（投诉）或 report（举报）"
        )
        parser.add_argument("--received", metavar="DATE", help="收到日期 YYYY-MM-DD（必填）")
        parser.add_argument(
            "--dispatched", metavar="DATE", help="分送到承办单位的日期（规则按承办单位收到起算时使用）"
        )
        parser.add_argument("--accepted", metavar="DATE", help="受理日期（仅投诉），给出时计算调解期限")
        parser.add_argument("--provisional", action="store_true", help="接受暂定日期（退出码 0）")
        parser.add_argument("--json", action="store_true", help="输出 JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        as_json = bool(options["json"])
        try:
            kind = Kind(options["kind"])
            if not options["received"]:
                raise CommandInputInvalid(
                    "请用 --received 给出收到日期（YYYY-MM-DD）：期限按收到当日适用的规则计算。"
                )
            received_on = parse_date(options["received"], label="收到日期")
            dispatched_on = _later_date(options["dispatched"], received_on, label="分送日期")
            accepted_on = _accepted_on(kind, options["accepted"], received_on)
            _, rule_set = rule_set_for(received_on)
        except DomainError as error:
            refuse(self, error, as_json=as_json)
        events = {
            StartEvent.RECEIVED.value: received_on,
            StartEvent.DISPATCHED.value: dispatched_on,
            StartEvent.ACCEPTED.value: accepted_on,
        }
        clocks = list(REGISTRATION_CLOCKS[kind])
        if accepted_on is not None:
            clocks.append(ClockName.MEDIATION)
        calendar = deadline_calendar()
        rows = [_row(clock, rule_set, events, calendar) for clock in clocks if clock in rule_set.time_limits]
        provisional_years = _provisional_years(rows, calendar)
        if as_json:
            self.stdout.write(dumps(_payload(rule_set, rows, provisional_years)))
        else:
            self._write_table(kind, rule_set, rows, received_on, accepted_on, provisional_years)
        if any(r.refusal for r in rows):
            raise CommandError(
                "；".join(f"{CLOCK_LABELS[r.clock]}：{r.refusal}" for r in rows if r.refusal),
                returncode=REFUSED_EXIT_STATUS,
            )
        if provisional_years and not options["provisional"]:
            refuse_provisional(self, provisional_years)

    def _write_table(
        self,
        kind: Kind,
        rule_set: RuleSet,
        rows: list[Row],
        received_on: date,
        accepted_on: date | None,
        provisional_years: list[int],
    ) -> None:
        self.stdout.write(f"{KIND_LABELS[kind]}　收到日期 {received_on.isoformat()}")
        if accepted_on is not None:
            self.stdout.write(f"　　　受理日期 {accepted_on.isoformat()}")
        self.stdout.write(f"适用规则：《{rule_set.title}》（{rule_set.code}）")
        table = [("期限", "时限", "截止日期", "依据")]
        for row in rows:
            limit = rule_set.time_limits[row.clock]
            span = f"{limit.amount}{_UNIT_LABELS[limit.unit]}"
            if row.due_on is not None:
                shown = row.due_on.isoformat() + (PROVISIONAL_MARK if row.is_provisional else "")
            else:
                shown = "无法计算"
            table.append((CLOCK_LABELS[row.clock], span, shown, limit.citation))
        widths = [max(_display_width(row[i]) for row in table) for i in range(3)]
        for row in table:
            cells = [_pad(cell, width) for cell, width in zip(row, widths, strict=False)]
            self.stdout.write("  ".join([*cells, row[3]]))
        for row in rows:
            if row.refusal:
                self.stdout.write(f"无法计算{CLOCK_LABELS[row.clock]}：{row.refusal}")
        if provisional_years:
            self.stdout.write(provisional_explanation(provisional_years))


def _row(
    clock: ClockName, rule_set: RuleSet, events: dict[str, date | None], calendar: WorkingCalendar
) -> Row:
    limit = rule_set.time_limits[clock]
    started_on = events.get(limit.starts_on)
    if started_on is None:
        label = START_EVENT_LABELS.get(StartEvent(limit.starts_on), limit.starts_on)
        option = {"dispatched": "--dispatched", "accepted": "--accepted"}.get(limit.starts_on, "")
        return Row(clock, limit.starts_on, None, refusal=f"该期限自{label}起算，请用 {option} 给出该日期。")
    try:
        due_on = limit.due_on(started_on=started_on, paused_units=0, is_extended=False, calendar=calendar)
    except DomainError as error:
        return Row(clock, limit.starts_on, started_on, refusal=error.message)
    return Row(clock, limit.starts_on, started_on, due_on, calendar.spans_provisional(started_on, due_on))


def _provisional_years(rows: list[Row], calendar: WorkingCalendar) -> list[int]:
    years: set[int] = set()
    for row in rows:
        if row.is_provisional and row.started_on is not None and row.due_on is not None:
            span = range(row.started_on.year, row.due_on.year + 1)
            years.update(y for y in span if y in calendar.provisional_years)
    return sorted(years)


def _display_width(text: str) -> int:
    """Terminal columns: a Chinese character takes two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _display_width(text))


def _later_date(value: str | None, received_on: date, *, label: str) -> date | None:
    if value is None:
        return None
    day = parse_date(value, label=label)
    if day < received_on:
        raise CommandInputInvalid(f"{label} {day.isoformat()} 早于收到日期 {received_on.isoformat()}。")
    return day


def _accepted_on(kind: Kind, value: str | None, received_on: date) -> date | None:
    """--accepted only means something for a complaint (the mediation clock starts on acceptance)."""
    if value is None:
        return None
    if kind is not Kind.COMPLAINT:
        raise CommandInputInvalid("--accepted 只适用于投诉（complaint）：举报没有受理和调解环节。")
    return _later_date(value, received_on, label="受理日期")


def _payload(rule_set: RuleSet, rows: list[Row], provisional_years: list[int]) -> dict[str, Any]:
    computed = [r for r in rows if r.due_on is not None]
    return {
        "rule_set": rule_set.code,
        "rule_set_title": rule_set.title,
        "due": {r.clock.value: r.due_on.isoformat() for r in computed},  # type: ignore[union-attr]
        "provisional": [r.clock.value for r in computed if r.is_provisional],
        "provisional_years": provisional_years,
        "refused": {r.clock.value: r.refusal for r in rows if r.refusal},
        "starts_on": {r.clock.value: r.starts_on for r in rows},
        "citations": {r.clock.value: rule_set.time_limits[r.clock].citation for r in rows},
    }
