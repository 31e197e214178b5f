"""Recording a mediation session (调解记录): only while the complaint is being mediated, by its handlers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db import transaction

from lianxin.accounts.models import User
from lianxin.common import clock
from lianxin.domain.workflow import UNIT_ROLES, State
from lianxin.workorders.errors import ActionForbidden, InvalidWorkOrder, WorkOrderNotFound
from lianxin.workorders.models import MediationMethod, MediationSession, WorkOrder
from lianxin.workorders.permissions import can_view

_OPEN_FOR_SESSIONS = frozenset({State.ACCEPTED, State.MEDIATING, State.MEDIATION_SUSPENDED})


@dataclass(frozen=True, slots=True)
class MediationSessionInput:
    held_on: date | None
    method: str
    participants: str
    statements: str
    result: str


def mediation_session_record(
    *, work_order_id: int, actor: User, data: MediationSessionInput
) -> MediationSession:
    errors: dict[str, list[str]] = {}
    if data.held_on is None:
        errors["held_on"] = ["请填写调解日期。"]
    elif data.held_on > clock.today():
        errors["held_on"] = ["调解日期不能晚于今天。"]
    if data.method not in MediationMethod.values:
        errors["method"] = ["请选择调解方式（现场、电话或网络）。"]
    for name, label in (("participants", "参加人员"), ("statements", "调解情况"), ("result", "结果")):
        if not getattr(data, name).strip():
            errors[name] = [f"请填写{label}。"]
    if errors:
        raise InvalidWorkOrder("调解记录不完整。", fields=errors)
    with transaction.atomic():
        work_order = WorkOrder.objects.select_for_update(no_key=True).filter(pk=work_order_id).first()
        if work_order is None:
            raise WorkOrderNotFound("工单不存在。")
        if not can_view(actor, work_order) or actor.role_enum not in UNIT_ROLES:
            raise ActionForbidden("只有承办单位的人员可以记录调解。")
        if State(work_order.state) not in _OPEN_FOR_SESSIONS:
            raise InvalidWorkOrder("只有已受理、调解中或调解中止的投诉可以记录调解。")
        if data.held_on is not None and data.held_on < clock.local_date(work_order.received_at):
            raise InvalidWorkOrder("调解日期不能早于投诉接收日期。", fields={"held_on": ["日期无效。"]})
        return MediationSession.objects.create(
            work_order=work_order,
            held_on=data.held_on,
            method=data.method,
            participants=data.participants.strip(),
            statements=data.statements.strip(),
            result=data.result.strip(),
            recorded_by=actor,
            recorded_at=clock.now(),
        )
