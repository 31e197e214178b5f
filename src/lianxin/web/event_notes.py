"""What the timelines add to an event's own note for the steps of issue 10's last items: the coded reason of a
return (Order 121 Art. 41), the consent of the represented complainants of a joint complaint (Art. 12), and the
link a split or a mixed registration made (Art. 9). Shared by the center's and the handler's work-order pages."""

from __future__ import annotations

from typing import Any

from lianxin.domain.joint_complaints import CONTACT_KEY
from lianxin.domain.rules import GroundKind
from lianxin.workorders.models import WorkOrder, WorkOrderEvent
from lianxin.workorders.selectors import rule_set_by_id


def complainant_names(work_order: WorkOrder) -> dict[str, str]:
    """Consent keys → names: "contact" for the main complainant, row ids for the co-complainants."""
    if not work_order.is_joint_complaint:
        return {}
    names = {CONTACT_KEY: work_order.contact_name}
    names.update({str(p.pk): p.name for p in work_order.co_complainants.all()})
    return names


def event_note(
    event: WorkOrderEvent, work_order: WorkOrder, *, names: dict[str, str], show_personal: bool
) -> str:
    """The event's note with what its coded fields say, in words (names only for readers who see them)."""
    parts = [event.note] if event.note else []
    changes: dict[str, Any] = event.changes or {}
    if event.action == "return" and event.ground_code:
        reason = rule_set_by_id(work_order.rule_set_id).ground(GroundKind.RETURN, event.ground_code)
        label = f"{reason.label}（{reason.citation}）" if reason else event.ground_code
        parts.insert(0, f"退回原因：{label}")
    consent = changes.get("joint_consent")
    if isinstance(consent, list) and consent and isinstance(consent[-1], dict):
        given = consent[-1]
        who = "、".join(names.get(key, "") for key in given.get("complainants", [])) if show_personal else ""
        parts.append(f"被代表的投诉人已同意{('：' + who) if who else ''}（{given.get('record', '')}）")
    counterpart = changes.get("mixed_counterpart_number") or changes.get("mixed_counterpart")
    if (
        event.action in ("split_mixed", "register")
        and isinstance(counterpart, list)
        and counterpart
        and isinstance(counterpart[-1], str)
    ):
        parts.append(f"混合诉求，分别处理：关联工单 {counterpart[-1]}")
    return "；".join(p for p in parts if p)
