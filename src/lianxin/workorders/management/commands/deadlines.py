"""`lianxin deadlines complaint|report --received DATE [--accepted DATE] [--json]`: the statutory due dates.

The rule set is the one in force on the received date (Order 20 before 2026-04-15, Order 121 from that day), read
from the database with its citations, and the dates are counted on the loaded working calendar. Keys: complaint —
accept_decision (受理决定), and mediation (调解) when --accepted is given; report — verification (核查).
"""

from __future__ import annotations

import unicodedata
from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from lianxin.calendars.management.commandline import (
    CommandInputInvalid,
    dumps,
    parse_date,
    refuse,
)
from lianxin.calendars.selectors import working_calendar
from lianxin.domain.deadlines import deadlines_for
from lianxin.domain.errors import DomainError
from lianxin.domain.rules import CLOCK_LABELS, ClockName, DayUnit, RuleSet
from lianxin.domain.workflow import KIND_LABELS, REGISTRATION_CLOCKS, Kind
from lianxin.workorders.selectors import rule_set_for

_KINDS = (Kind.COMPLAINT, Kind.REPORT)
_UNIT_LABELS = {DayUnit.WORKDAYS: "个工作日", DayUnit.CALENDAR_DAYS: "日（自然日）"}


class Command(BaseCommand):
    help = (
        "按收到日期适用的规则集（第20号令或第121号令）和工作日历，计算投诉或举报的法定期限截止日期。"
        "日期落在未加载的年份时拒绝计算（退出码 2）。"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "kind", choices=[k.value for k in _KINDS], help="complaint（投诉）或 report（举报）"
        )
        parser.add_argument("--received", metavar="DATE", help="收到日期 YYYY-MM-DD（必填）")
        parser.add_argument("--accepted", metavar="DATE", help="受理日期（仅投诉），给出时计算调解期限")
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
            accepted_on = _accepted_on(kind, options["accepted"], received_on)
            _, rule_set = rule_set_for(received_on)
            due = deadlines_for(
                received_on=received_on,
                rule_set=rule_set,
                calendar=working_calendar(),
                accepted_on=accepted_on,
                kind_clocks=REGISTRATION_CLOCKS[kind],
            )
        except DomainError as error:
            refuse(self, error, as_json=as_json)
        if as_json:
            self.stdout.write(dumps(_payload(rule_set, due)))
        else:
            self._write_table(kind, rule_set, due, received_on, accepted_on)

    def _write_table(
        self,
        kind: Kind,
        rule_set: RuleSet,
        due: dict[ClockName, date],
        received_on: date,
        accepted_on: date | None,
    ) -> None:
        self.stdout.write(f"{KIND_LABELS[kind]}　收到日期 {received_on.isoformat()}")
        if accepted_on is not None:
            self.stdout.write(f"　　　受理日期 {accepted_on.isoformat()}")
        self.stdout.write(f"适用规则：《{rule_set.title}》（{rule_set.code}）")
        rows = [("期限", "时限", "截止日期", "依据")]
        for clock, due_on in due.items():
            limit = rule_set.time_limits[clock]
            span = f"{limit.amount}{_UNIT_LABELS[limit.unit]}"
            rows.append((CLOCK_LABELS[clock], span, due_on.isoformat(), limit.citation))
        widths = [max(_display_width(row[i]) for row in rows) for i in range(3)]
        for row in rows:
            cells = [_pad(cell, width) for cell, width in zip(row, widths, strict=False)]
            self.stdout.write("  ".join([*cells, row[3]]))


def _display_width(text: str) -> int:
    """Terminal columns: a Chinese character takes two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _display_width(text))


def _accepted_on(kind: Kind, value: str | None, received_on: date) -> date | None:
    """--accepted only means something for a complaint (the mediation clock starts on acceptance)."""
    if value is None:
        return None
    if kind is not Kind.COMPLAINT:
        raise CommandInputInvalid("--accepted 只适用于投诉（complaint）：举报没有受理和调解环节。")
    accepted_on = parse_date(value, label="受理日期")
    if accepted_on < received_on:
        raise CommandInputInvalid(
            f"受理日期 {accepted_on.isoformat()} 早于收到日期 {received_on.isoformat()}。"
        )
    return accepted_on


def _payload(rule_set: RuleSet, due: dict[ClockName, date]) -> dict[str, Any]:
    return {
        "rule_set": rule_set.code,
        "rule_set_title": rule_set.title,
        "due": {clock.value: due_on.isoformat() for clock, due_on in due.items()},
        "citations": {clock.value: rule_set.time_limits[clock].citation for clock in due},
    }
