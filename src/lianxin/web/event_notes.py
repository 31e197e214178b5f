"""What the timelines add to an event's own note for the steps of issue 10's last items: the coded reason of a
return (Order 121 Art. 41), the consent of the represented complainants of a joint complaint (Art. 12), who joined
or left a joint complaint and whom it elected (Art. 12), how its requests changed (Art. 12), and the link a split
or a mixed registration made (Art. 9). Shared by the center's and the handler's work-order pages.

The events keep keys ("contact", co-complainant row ids), never names: names are added here, and only for readers
who see the complainants' personal data; everyone else reads counts."""

from __future__ import annotations

from typing import Any

from lianxin.domain.claims import CLAIMS_CHANGE_LABELS, ClaimsChange
from lianxin.domain.joint_complaints import CONTACT_KEY
from lianxin.domain.personal_data import mask_identifiers
from lianxin.domain.rules import GroundKind
from lianxin.domain.workflow import Kind
from lianxin.workorders.models import WorkOrder, WorkOrderEvent
from lianxin.workorders.selectors import rule_set_by_id


def complainant_names(work_order: WorkOrder) -> dict[str, str]:
    """Keys → names: "contact" for the main complainant, row ids for the co-complainants — those who left the
    complaint too, and on a complaint that is no longer joint, since earlier events still name them."""
    if work_order.kind != Kind.COMPLAINT:
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
    parts.extend(_joint_parts(changes, names=names, show_personal=show_personal))
    counterpart = changes.get("mixed_counterpart_number") or changes.get("mixed_counterpart")
    if (
        event.action in ("split_mixed", "register")
        and isinstance(counterpart, list)
        and counterpart
        and isinstance(counterpart[-1], str)
    ):
        parts.append(f"混合诉求，分别处理：关联工单 {counterpart[-1]}")
    return "；".join(p for p in parts if p)


def _after(changes: dict[str, Any], name: str) -> Any:
    value = changes.get(name)
    return value[-1] if isinstance(value, list) and value else None


def _people(keys: Any, names: dict[str, str], show_personal: bool) -> str:
    if not isinstance(keys, list) or not keys:
        return "无（各投诉人自行参加）"
    if not show_personal:
        return f"{len(keys)}名"
    return "、".join(names.get(str(key), "—") for key in keys)


def _joint_parts(changes: dict[str, Any], *, names: dict[str, str], show_personal: bool) -> list[str]:
    """Who joined or left, the representatives before and after, how the requests changed (Art. 12)."""
    parts = []
    added, removed = _after(changes, "co_complainant_added"), _after(changes, "co_complainant_removed")
    who = added or removed
    if who is not None:
        person = f"：{names.get(str(who), '')}" if show_personal and names.get(str(who)) else ""
        parts.append(f"{'增加' if added else '减少'}共同投诉人{person}")
    count = _after(changes, "co_complainants")
    if isinstance(count, int):
        parts.append(f"现有投诉人{count + 1}名")
    joint = changes.get("is_joint_complaint")
    if isinstance(joint, list) and joint[-1] is True:
        parts.append("本件成为共同投诉（第121号令第十二条）")
    elif isinstance(joint, list) and joint[-1] is False:
        parts.append("本件不再是共同投诉")
    representatives = changes.get("representatives")
    if isinstance(representatives, list) and len(representatives) == 2 and isinstance(representatives[1], int):
        # The registration keeps how many were elected (a count, not keys).
        if representatives[1]:
            parts.append(f"推选代表人{representatives[1]}名")
    elif isinstance(representatives, list) and len(representatives) == 2:
        before, after = representatives
        parts.append(
            f"代表人：{_people(before, names, show_personal)} → {_people(after, names, show_personal)}"
        )
    if _after(changes, "representative_election_updated") is True:
        parts.append("书面推选记录已更新")
    change = _after(changes, "claims_change")
    if change in ClaimsChange._value2member_map_:
        claims = changes.get("claims")
        text = CLAIMS_CHANGE_LABELS[ClaimsChange(change)]
        if isinstance(claims, list) and len(claims) == 2:
            before, after = (str(v or "") for v in claims)
            if not show_personal:  # free text: identifiers typed into it stay masked
                before, after = mask_identifiers(before), mask_identifiers(after)
            text += f"：原请求「{before}」，现请求「{after}」"
        parts.append(text)
    return parts
