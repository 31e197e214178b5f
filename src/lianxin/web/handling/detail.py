"""What the work-order page shows a handler: the item, its clocks with due dates, documents, notices, timeline."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from lianxin.documents.models import Document
from lianxin.domain.rules import CLOCK_LABELS
from lianxin.domain.workflow import ACTION_LABELS, STATE_LABELS, Action, State
from lianxin.notifications.models import OutboxMessage
from lianxin.web.event_notes import complainant_names, event_note
from lianxin.web.landing import DueHorizon
from lianxin.workorders.clock_storage import clocks_load
from lianxin.workorders.models import MediationSession, WorkOrder

_ACTIONS = frozenset(a.value for a in Action)


@dataclass(frozen=True, slots=True)
class ClockRow:
    label: str
    started_on: date
    due_on: date | None
    status: str
    badge: str
    is_provisional: bool = False  # 暂定: counted through a year whose holiday arrangement is not loaded


def clock_rows(work_order: WorkOrder, horizon: DueHorizon) -> list[ClockRow]:
    rows = []
    for name, stored in clocks_load(work_order.clocks).items():
        state = stored.state
        if state.stopped_on:
            status, badge = f"已于 {state.stopped_on:%Y-%m-%d} 停止", ""
        elif state.paused_on:
            status, badge = f"自 {state.paused_on:%Y-%m-%d} 暂停（不计入期限）", ""
        else:
            status = "计时中" + ("（已延长）" if state.is_extended else "")
            badge = horizon.badge(stored.due_on).value
        rows.append(
            ClockRow(
                CLOCK_LABELS[name], state.started_on, stored.due_on, status, badge, stored.is_provisional
            )
        )
    return rows


def _local(moment: datetime) -> datetime:
    return timezone.localtime(moment)


def timeline(
    work_order: WorkOrder,
    documents: list[Document],
    notices: QuerySet[OutboxMessage],
    sessions: list[MediationSession],
    *,
    show_personal: bool = True,
) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    names = complainant_names(work_order)
    for event in work_order.events.select_related("actor", "approver").order_by("sequence"):
        label = (
            ACTION_LABELS.get(Action(event.action), event.action)
            if event.action in _ACTIONS
            else event.action
        )
        note = event_note(event, work_order, names=names, show_personal=show_personal)
        if event.approver_id:
            note = f"{note}（审批人：{event.approver.full_name or event.approver.username}）"
        items.append(
            {
                "at": event.occurred_at,
                "kind": "transition",
                "label": f"{label} → {STATE_LABELS.get(State(event.to_state), event.to_state)}",
                "actor": (event.actor.full_name or event.actor.username) if event.actor else "",
                "note": note,
            }
        )
    for document in documents:
        items.append(
            {
                "at": document.issued_at,
                "kind": "document",
                "label": f"制发{document.title}",
                "actor": document.number,
                "note": "",
            }
        )
    for notice in notices:
        items.append(
            {
                "at": notice.created_at,
                "kind": "notice",
                "label": f"{notice.get_channel_display()}通知：{notice.get_state_display()}",
                "actor": f"尝试 {notice.attempts} 次" if notice.attempts else "",
                "note": notice.body,
            }
        )
    for session in sessions:
        items.append(
            {
                "at": session.recorded_at,
                "kind": "mediation",
                "label": f"调解记录：{session.held_on:%Y-%m-%d} {session.get_method_display()}",
                "actor": session.participants,
                "note": f"{session.statements} 结果：{session.result}",
            }
        )
    items.sort(key=lambda item: item["at"])
    return items
