"""Moving a work order through its lifecycle (one service for every action in the transition table)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import F

from lianxin.accounts.models import UnitKind, User
from lianxin.accounts.selectors import UnitEntry, unit_entry
from lianxin.calendars.selectors import working_calendar
from lianxin.common import clock
from lianxin.domain.deadlines import apply_transition_clocks
from lianxin.domain.errors import RequirementMissing
from lianxin.domain.requirements import TransitionRequest, check_requirements
from lianxin.domain.routing import Outcome
from lianxin.domain.workflow import (
    ACTION_LABELS,
    TERMINAL_STATES,
    Action,
    Kind,
    Role,
    State,
    plan_transition,
)
from lianxin.workorders.clock_storage import clocks_dump, clocks_load
from lianxin.workorders.errors import ActionForbidden, InvalidWorkOrder, StaleWorkOrder, WorkOrderNotFound
from lianxin.workorders.models import WorkOrder, WorkOrderEvent
from lianxin.workorders.permissions import can_act, can_view
from lianxin.workorders.selectors import rule_set_by_id

from .clocks import due_dates, next_due

_HANDLING_UNIT_KINDS = frozenset(
    {
        UnitKind.CITY_BUREAU,
        UnitKind.COUNTY_BUREAU,
        UnitKind.ZONE_BUREAU,
        UnitKind.BRANCH,
        UnitKind.PROVINCE_BUREAU,
    }
)


@dataclass(frozen=True, slots=True)
class TransitionInput:
    action: Action
    note: str = ""
    ground_code: str = ""
    amount_recovered: Decimal | None = None
    handling_unit_id: int | None = None
    approver_id: int | None = None
    transfer_destination: str = ""
    merge_target_id: int | None = None
    expected_version: int | None = None


def _json(value: Any) -> Any:
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def _resolve_unit(unit_id: int | None) -> UnitEntry | None:
    if unit_id is None:
        return None
    unit = unit_entry(unit_id)
    if unit is None or not unit.is_active or unit.kind not in _HANDLING_UNIT_KINDS:
        raise InvalidWorkOrder("承办单位不存在或不能承办工单。", fields={"handling_unit": ["承办单位无效。"]})
    return unit


def _resolve_approver(approver_id: int | None, actor: User, work_order: WorkOrder) -> User | None:
    """An approval (批准) comes from a unit leader of the handling unit or a unit above it, not the actor."""
    if approver_id is None:
        return None
    approver = User.objects.filter(pk=approver_id, is_active=True).first()
    unit = unit_entry(work_order.handling_unit_id)
    approver_unit = unit_entry(approver.unit_id) if approver is not None else None
    if (
        approver is None
        or approver.pk == actor.pk
        or approver.role != Role.UNIT_LEADER
        or approver_unit is None
        or unit is None
        or not approver_unit.contains(unit.path)
    ):
        raise InvalidWorkOrder(
            "审批人须是承办单位或其上级单位的负责人，且不能是本人。",
            fields={"approver": ["审批人无效。"]},
        )
    return approver


def _resolve_merge_target(target_id: int | None, actor: User, work_order: WorkOrder) -> WorkOrder | None:
    if target_id is None:
        return None
    target = WorkOrder.objects.select_related("handling_unit").filter(pk=target_id).first()
    if (
        target is None
        or target.pk == work_order.pk
        or target.kind != Kind.REPORT
        or State(target.state) in TERMINAL_STATES
        or not can_view(actor, target)
    ):
        raise InvalidWorkOrder(
            "只能合并到本人可见、尚未办结的另一件举报。", fields={"merge_target": ["合并目标无效。"]}
        )
    return target


def _overrides_suggestion(work_order: WorkOrder, unit: UnitEntry | None, note: str) -> bool:
    """Whether the agent dispatches elsewhere than the jurisdiction suggestion; doing so needs a reason
    (the choice and the override are recorded on the work order and in its event)."""
    suggested = (
        work_order.routing.get("unit_code") if work_order.routing.get("outcome") == Outcome.ASSIGN else None
    )
    overrides = suggested is not None and unit is not None and unit.code != suggested
    if overrides and not note.strip():
        raise RequirementMissing(
            f"系统建议由「{work_order.routing.get('unit_name')}」承办；改派其他单位须说明理由。",
            fields={"note": ["未采纳管辖建议时须填写理由。"]},
        )
    return overrides


def work_order_transition(*, work_order_id: int, actor: User, data: TransitionInput) -> WorkOrder:
    """Take one action on a work order: authorise, check what it requires, move the clocks, recompute the
    due dates, and record the event — all in one transaction under a row lock, so two concurrent actions on
    the same work order can never both succeed."""
    now = clock.now()
    today = clock.local_date(now)
    with transaction.atomic():
        try:
            # .get(), not .first(): no ORDER BY from Meta.ordering on the locked read.
            work_order = WorkOrder.objects.select_for_update(no_key=True).get(pk=work_order_id)
        except WorkOrder.DoesNotExist:
            raise WorkOrderNotFound("工单不存在。") from None
        if not can_view(actor, work_order):
            raise ActionForbidden("该工单不在您的数据范围内。")
        if data.expected_version is not None and data.expected_version != work_order.version:
            raise StaleWorkOrder("工单已被他人更新，请刷新后重新操作。")
        kind, state = Kind(work_order.kind), State(work_order.state)
        step = plan_transition(kind, state, data.action)
        if not can_act(actor, work_order, step):
            raise ActionForbidden(f"您的角色不能对该工单执行「{ACTION_LABELS[data.action]}」。")

        handling_unit = _resolve_unit(data.handling_unit_id)
        approver = _resolve_approver(data.approver_id, actor, work_order)
        merge_target = _resolve_merge_target(data.merge_target_id, actor, work_order)
        rule_set = rule_set_by_id(work_order.rule_set_id)
        stored = clocks_load(work_order.clocks)
        before_clocks = {clock: entry.state for clock, entry in stored.items()}
        check_requirements(
            step,
            TransitionRequest(
                note=data.note,
                ground_code=data.ground_code,
                amount_recovered=data.amount_recovered,
                has_handling_unit=handling_unit is not None,
                has_approver=approver is not None,
                transfer_destination=data.transfer_destination,
                has_merge_target=merge_target is not None,
                is_reporter_anonymous=work_order.is_anonymous,
                is_extended=any(c.is_extended for c in before_clocks.values()),
            ),
            rule_set,
        )

        calendar = working_calendar()
        after_clocks = apply_transition_clocks(
            before_clocks, step, on=today, rule_set=rule_set, calendar=calendar
        )
        dues, problem = due_dates(after_clocks, rule_set, calendar)
        due_on, due_clock = next_due(dues)

        changes: dict[str, Any] = {
            "state": step.target.value,
            "clocks": clocks_dump(after_clocks, dues),
            "due_on": due_on,
            "due_clock": due_clock,
            "deadline_problem": problem,
        }
        if data.action in (Action.DISPATCH, Action.REDISPATCH):
            changes["handling_unit_id"] = handling_unit.pk if handling_unit else None
            changes["is_routing_overridden"] = _overrides_suggestion(work_order, handling_unit, data.note)
        elif data.action is Action.RETURN:
            changes["handling_unit_id"] = None  # back to the intake, out of this unit's inbox
        if step.ground_kind is not None:
            changes["ground_code"] = data.ground_code
        if data.action is Action.ACCEPT:
            changes["accepted_at"] = now
        if data.action is Action.CONFIRM_IDENTITY:
            changes["is_identity_verified"] = True
        if data.action is Action.REACH_AGREEMENT or (
            data.action is Action.SETTLE_ONLINE and data.amount_recovered is not None
        ):
            changes["amount_recovered"] = data.amount_recovered
        if data.action is Action.TRANSFER_OUT:
            changes["transfer_destination"] = data.transfer_destination.strip()
        if data.action is Action.MERGE:
            changes["merged_into_id"] = merge_target.pk if merge_target else None
        if step.target in (
            State.AGREED,
            State.TERMINATED,
            State.DECLINED,
            State.CASE_OPENED,
            State.CASE_NOT_OPENED,
            State.TRANSFERRED,
            State.MERGED,
        ) or data.action in (Action.ANSWER, Action.SETTLE_ONLINE):
            changes["outcome"] = data.note.strip()
        if step.target in TERMINAL_STATES:
            changes["closed_at"] = now

        diff = {
            name.removesuffix("_id"): [_json(getattr(work_order, name)), _json(value)]
            for name, value in changes.items()
            if getattr(work_order, name) != value
        }
        updated = WorkOrder.objects.filter(pk=work_order.pk, version=work_order.version).update(
            **changes, version=F("version") + 1, updated_at=now
        )
        if updated != 1:
            raise StaleWorkOrder("工单已被他人更新，请刷新后重新操作。")
        WorkOrderEvent.objects.create(
            work_order=work_order,
            sequence=work_order.version + 1,
            action=data.action.value,
            actor=actor,
            approver=approver,
            occurred_at=now,
            from_state=state.value,
            to_state=step.target.value,
            note=data.note.strip(),
            ground_code=data.ground_code if step.ground_kind is not None else "",
            changes=diff,
        )
    # The row as written, without reading it back: the changed fields, the new version.
    for name, value in changes.items():
        setattr(work_order, name, value)
    work_order.version += 1
    work_order.updated_at = now
    return work_order
