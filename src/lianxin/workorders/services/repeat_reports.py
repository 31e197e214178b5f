"""Repeated reports (重复举报, Order 121 Art. 35): a report merged into another restarts that one's clock.

A re-report that adds facts may be merged into the report it repeats; the verification period then runs again
from the last report's receipt. (A report that adds nothing — same reporter, facts and business — is closed with
`DISMISS_REPEAT` instead and is not handled again.)
"""

from __future__ import annotations

from datetime import datetime

from django.db.models import F

from lianxin.accounts.models import User
from lianxin.common import clock
from lianxin.domain.calendar import WorkingCalendar
from lianxin.domain.deadlines import ClockState
from lianxin.domain.rules import ClockName
from lianxin.domain.workflow import Action
from lianxin.workorders.clock_storage import clocks_dump, clocks_load
from lianxin.workorders.models import WorkOrder
from lianxin.workorders.selectors import rule_set_by_id

from .clocks import due_dates
from .events import event_append

ART_35 = "《市场监督管理投诉举报处理办法》第三十五条"


def restart_merged_report_clock(
    *, target_id: int, merged: WorkOrder, actor: User, now: datetime, calendar: WorkingCalendar
) -> None:
    """Inside the merge's transaction: lock the target, restart its running verification clock from the later
    of its start and the merged report's receipt, and record that on the target as an event."""
    target = WorkOrder.objects.select_for_update(no_key=True).get(pk=target_id)
    rule_set = rule_set_by_id(target.rule_set_id)
    states = {name: entry.state for name, entry in clocks_load(target.clocks).items()}
    current = states.get(ClockName.VERIFICATION)
    last_report_on = clock.local_date(merged.received_at)
    restarted = current is not None and current.stopped_on is None and last_report_on > current.started_on
    if restarted:
        states[ClockName.VERIFICATION] = ClockState(clock=ClockName.VERIFICATION, started_on=last_report_on)
        note = (
            f"并入举报 {merged.number}（补充了事实）；核查期限自最后一次举报之日 {last_report_on.isoformat()} "
            f"重新起算（{ART_35}）。"
        )
    else:
        note = f"并入举报 {merged.number}。"
    computed = due_dates(states, rule_set, calendar)
    due_on, due_clock, due_is_provisional = computed.next_due()
    changes = {
        "clocks": clocks_dump(states, computed.dues, computed.provisional),
        "due_on": due_on,
        "due_clock": due_clock,
        "is_due_provisional": due_is_provisional,
        "has_provisional_deadline": bool(computed.provisional),
        "deadline_problem": computed.problem,
    }
    diff = {
        name: [_iso(getattr(target, name)), _iso(value)]
        for name, value in changes.items()
        if getattr(target, name) != value
    }
    WorkOrder.objects.filter(pk=target.pk).update(**changes, version=F("version") + 1, updated_at=now)
    event_append(
        work_order=target,
        sequence=target.version + 1,
        action=Action.MERGE.value,
        actor=actor,
        occurred_at=now,
        from_state=target.state,
        to_state=target.state,
        note=note,
        changes={**diff, "merged_report": [None, merged.number]},
    )


def _iso(value: object) -> object:
    return value.isoformat() if hasattr(value, "isoformat") else value
