"""The statutory points that send a notice to the consumer, and the in-app news for the handling unit."""

from __future__ import annotations

from typing import Any

from django.dispatch import receiver

from lianxin.accounts.models import User
from lianxin.accounts.selectors import unit_entry
from lianxin.common import clock
from lianxin.domain.rules import GroundKind
from lianxin.domain.workflow import UNIT_ROLES, Action
from lianxin.workorders.selectors import rule_set_by_id
from lianxin.workorders.signals import work_order_stepped

from .models import NotificationKind
from .services import _publish_live, notice_queue, notify

STEP_NOTICES: dict[Action, str] = {
    Action.REQUEST_IDENTITY: "identity_request",
    Action.ACCEPT: "accepted",
    Action.DECLINE: "declined",
    Action.TERMINATE_MEDIATION: "terminated",
    Action.REACH_AGREEMENT: "agreed",
    Action.INFORM_REPORTER: "report_result",
}
_GROUND_KINDS = {Action.DECLINE: GroundKind.DECLINE, Action.TERMINATE_MEDIATION: GroundKind.TERMINATE}


def _date(day: Any) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def notice_context(work_order: Any, action: Action, data: Any) -> dict[str, Any]:
    unit = unit_entry(work_order.handling_unit_id) if work_order.handling_unit_id else None
    ground_label = ""
    if action in _GROUND_KINDS and work_order.ground_code:
        ground = rule_set_by_id(work_order.rule_set_id).ground(_GROUND_KINDS[action], work_order.ground_code)
        ground_label = ground.label if ground else ""
    deadline = getattr(data, "deadline", None)
    return {
        "unit_name": unit.name if unit else "12315",
        "respondent_name": work_order.respondent_name or "经营者",
        "work_order_number": work_order.number,
        "today": _date(clock.today()),
        "deadline": _date(deadline) if deadline else "通知规定的期限",
        "ground_label": ground_label,
        "amount_recovered": f"{(work_order.amount_recovered or 0):,.2f}",
    }


def unit_staff(unit_id: int) -> list[User]:
    return list(User.objects.filter(unit_id=unit_id, is_active=True, role__in=[r.value for r in UNIT_ROLES]))


@receiver(work_order_stepped, dispatch_uid="notifications.notices_for_step")
def notices_for_step(sender: Any, work_order: Any, event: Any, actor: Any, data: Any, **kwargs: Any) -> None:
    action = Action(event.action)
    code = STEP_NOTICES.get(action)
    if code is not None:
        notice_queue(work_order=work_order, code=code, context=notice_context(work_order, action, data))
    if action in (Action.DISPATCH, Action.REDISPATCH) and work_order.handling_unit_id:
        notify(
            users=unit_staff(work_order.handling_unit_id),
            kind=NotificationKind.NEW_ITEM,
            title=f"新分送工单 {work_order.number}：{work_order.summary[:40]}",
            work_order=work_order,
            dedupe_key=f"new:{work_order.pk}:{event.sequence}",
        )
        _publish_live(
            [f"unit:{work_order.handling_unit_id}"],
            "work_order.dispatched",
            {"id": work_order.pk, "number": work_order.number, "kind": work_order.kind},
        )
