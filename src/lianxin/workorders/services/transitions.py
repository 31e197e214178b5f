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
from lianxin.calendars.selectors import deadline_calendar
from lianxin.common import clock
from lianxin.common.events import center_channel, publish_live
from lianxin.domain.deadlines import apply_transition_clocks, start_clocks_on
from lianxin.domain.errors import RequirementMissing
from lianxin.domain.joint_complaints import consent_missing
from lianxin.domain.requirements import TransitionRequest, check_requirements
from lianxin.domain.routing import Outcome
from lianxin.domain.rules import RuleSet, StartEvent
from lianxin.domain.text_limits import too_long
from lianxin.domain.workflow import (
    ACTION_LABELS,
    REGISTRATION_CLOCKS,
    REQUIREMENT_LABELS,
    TERMINAL_STATES,
    Action,
    Kind,
    Requirement,
    State,
    Transition,
    plan_transition,
)
from lianxin.workorders.clock_storage import clocks_dump, clocks_load
from lianxin.workorders.errors import ActionForbidden, InvalidWorkOrder, StaleWorkOrder, WorkOrderNotFound
from lianxin.workorders.facts import fact_holds
from lianxin.workorders.models import WorkOrder
from lianxin.workorders.permissions import can_act, can_view
from lianxin.workorders.selectors import rule_set_by_id
from lianxin.workorders.signals import work_order_stepped

from .clocks import due_dates
from .events import event_append
from .joint import joint_complainants_of
from .repeat_reports import restart_merged_report_clock

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
    goods_value: Decimal | None = None  # the part of amount_recovered that is goods replaced/repaired
    deadline: date | None = None  # the date stated in the notice (e.g. identity proof by …)
    handling_unit_id: int | None = None
    transfer_destination: str = ""
    merge_target_id: int | None = None
    expected_version: int | None = None
    return_reason: str = ""  # RETURN: the code of the reason (Order 121 Art. 41)
    suggested_unit_id: int | None = None  # RETURN: the unit the returning unit believes competent (optional)
    joint_consent: JointConsentInput | None = None  # a joint complaint's settlement or withdrawal (Art. 12)
    claims: str = ""  # CHANGE_CLAIMS: the requests as they now are
    claims_change: str = ""  # CHANGE_CLAIMS: a `domain.claims.ClaimsChange` (changed, or part dropped)


@dataclass(frozen=True, slots=True)
class JointConsentInput:
    """The represented complainants of a joint complaint who consented (keys: "contact" for the main complainant,
    else the co-complainant's id) and how the consent was given (signed statement, recorded call…)."""

    complainant_keys: tuple[str, ...]
    record: str


def _json(value: Any) -> Any:
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def _goods_value(data: TransitionInput) -> Decimal | None:
    """The goods part of the amount recovered: not negative and not more than the whole."""
    goods = data.goods_value
    if goods is None:
        return None
    if goods < 0 or (data.amount_recovered is not None and goods > data.amount_recovered):
        raise InvalidWorkOrder(
            "商品退换维修折价不能为负，也不能超过挽回经济损失总额。",
            fields={"goods_value": ["折价金额无效。"]},
        )
    return goods


def _resolve_unit(unit_id: int | None) -> UnitEntry | None:
    if unit_id is None:
        return None
    unit = unit_entry(unit_id)
    if unit is None or not unit.is_active or unit.kind not in _HANDLING_UNIT_KINDS:
        raise InvalidWorkOrder("承办单位不存在或不能承办工单。", fields={"handling_unit": ["承办单位无效。"]})
    return unit


def _resolve_merge_target(
    target_id: int | None, actor: User, work_order: WorkOrder, action: Action
) -> WorkOrder | None:
    """The report this one is merged into (must still be open), or the one it repeats (may be closed)."""
    if target_id is None:
        return None
    target = WorkOrder.objects.select_related("handling_unit").filter(pk=target_id).first()
    may_be_closed = action is Action.DISMISS_REPEAT
    if (
        target is None
        or target.pk == work_order.pk
        or target.kind != Kind.REPORT
        or (State(target.state) in TERMINAL_STATES and not may_be_closed)
        or not can_view(actor, target)
    ):
        message = (
            "只能指定本人可见的另一件举报作为所重复的举报。"
            if may_be_closed
            else "只能合并到本人可见、尚未办结的另一件举报。"
        )
        raise InvalidWorkOrder(message, fields={"merge_target": ["合并目标无效。"]})
    return target


def _overrides_suggestion(
    work_order: WorkOrder, unit: UnitEntry | None, note: str, action: Action = Action.DISPATCH
) -> bool:
    """Whether the agent dispatches elsewhere than the jurisdiction suggestion; doing so needs a reason
    (the choice and the override are recorded on the work order and in its event).

    A redispatch after a return: the unit that returned the item said it is not competent, so sending it back
    there needs a reason too; sending it to the unit the returning unit named has its reason already (the coded
    return reason, Order 121 Art. 41)."""
    suggested = (
        work_order.routing.get("unit_code") if work_order.routing.get("outcome") == Outcome.ASSIGN else None
    )
    overrides = suggested is not None and unit is not None and unit.code != suggested
    if action is Action.REDISPATCH and unit is not None and not note.strip():
        if unit.pk == work_order.returned_from_id:
            raise RequirementMissing(
                f"「{unit.name}」已将本工单退回（认为不属其管辖）；仍分送该单位须说明理由。",
                fields={"note": ["重新分送到退回单位时须填写理由。"]},
            )
        if unit.pk == work_order.return_suggested_unit_id:
            return overrides
    if overrides and not note.strip():
        raise RequirementMissing(
            f"系统建议由「{work_order.routing.get('unit_name')}」承办；改派其他单位须说明理由。",
            fields={"note": ["未采纳管辖建议时须填写理由。"]},
        )
    return overrides


def _needs_joint_consent(step: Transition, rule_set: RuleSet, data: TransitionInput) -> bool:
    """Whether this step, on a joint complaint, needs the represented complainants' consent: the table says so
    (an agreement), or the chosen ground's row does (withdrawal or settlement, Order 121 Art. 12)."""
    if Requirement.JOINT_CONSENT in step.requires:
        return True
    if step.ground_kind is None or not data.ground_code:
        return False
    ground = rule_set.ground(step.ground_kind, data.ground_code)
    return ground is not None and ground.requires_joint_consent


def _joint_consent(
    work_order: WorkOrder, step: Transition, rule_set: RuleSet, data: TransitionInput
) -> tuple[bool, dict[str, Any]]:
    """Whether the consent of every represented complainant is recorded, and what the event keeps of it.
    Refuses a consent that leaves someone out, naming them (the handler sees the names on the page)."""
    if not work_order.is_joint_complaint or not _needs_joint_consent(step, rule_set, data):
        return False, {}
    consent = data.joint_consent
    if consent is None or not consent.record.strip():
        return False, {}
    complainants = joint_complainants_of(work_order)
    missing = consent_missing(complainants, consent.complainant_keys)
    if missing:
        names = "、".join(c.name for c in missing)
        raise RequirementMissing(
            f"以下被代表的投诉人尚未记录同意：{names}（《市场监督管理投诉举报处理办法》第十二条）。",
            fields={"joint_consent": [f"尚未记录同意：{names}。"]},
        )
    if errors := too_long({"note": consent.record}):
        raise InvalidWorkOrder("同意情况的说明过长。", fields={"joint_consent": errors["note"]})
    keys = sorted({c.key for c in complainants} & set(consent.complainant_keys))
    return True, {"joint_consent": [None, {"complainants": keys, "record": consent.record.strip()}]}


SPLIT_ELSEWHERE = (
    "拆分混合诉求须同时登记另一件诉求（举报或投诉）的内容：请使用拆分功能"
    "（工单页面「拆分混合诉求」，或 POST /api/v1/work-orders/{id}/split/）。"
)


def work_order_transition(*, work_order_id: int, actor: User, data: TransitionInput) -> WorkOrder:
    """Take one action on a work order: authorise, check what it requires, move the clocks, recompute the
    due dates, and record the event — all in one transaction under a row lock, so two concurrent actions on
    the same work order can never both succeed.

    An action that needs a leader's approval is not taken here: it is requested (`approval_request`) and
    applied by the approver's own decision (`approval_decide`), so nobody can record an approval by naming an
    approver."""
    now = clock.now()
    with transaction.atomic():
        work_order = lock_work_order(work_order_id)
        if not can_view(actor, work_order):
            raise ActionForbidden("该工单不在您的数据范围内。")
        if data.expected_version is not None and data.expected_version != work_order.version:
            raise StaleWorkOrder("工单已被他人更新，请刷新后重新操作。")
        step = plan_transition(Kind(work_order.kind), State(work_order.state), data.action)
        if not can_act(actor, work_order, step):
            raise ActionForbidden(f"您的角色不能对该工单执行「{ACTION_LABELS[data.action]}」。")
        if Requirement.APPROVER in step.requires:
            raise RequirementMissing(
                f"「{ACTION_LABELS[data.action]}」须经单位负责人批准：请提交审批申请，"
                "由负责人在本人账号中批准后生效。",
                fields={"action": ["须提交审批申请，不能直接执行。"]},
            )
        if Requirement.COUNTERPART in step.requires:
            raise RequirementMissing(SPLIT_ELSEWHERE, fields={"action": ["须通过拆分功能提交。"]})
        if Requirement.JOINT_COMPLAINANTS in step.requires:
            raise RequirementMissing(
                REQUIREMENT_LABELS[Requirement.JOINT_COMPLAINANTS],
                fields={"action": ["须通过共同投诉人功能提交。"]},
            )
        apply_transition(work_order, step, actor=actor, data=data, now=now)
        if data.action == Action.DISPATCH:
            publish_live(
                [center_channel(work_order.center_id)],
                "work_order.dispatched",
                {"id": work_order.pk, "kind": work_order.kind},
            )
        elif data.action is Action.RETURN:
            # The center's 待分送 queue learns at once that an item came back (Order 121 Art. 41).
            publish_live(
                [center_channel(work_order.center_id)],
                "work_order.returned",
                {"id": work_order.pk, "number": work_order.number, "reason": data.return_reason},
            )
    return work_order


def lock_work_order(work_order_id: int) -> WorkOrder:
    """The work order under a row lock (inside the caller's transaction), or WorkOrderNotFound."""
    try:
        # .get(), not .first(): no ORDER BY from Meta.ordering on the locked read.
        return WorkOrder.objects.select_for_update(no_key=True).get(pk=work_order_id)
    except WorkOrder.DoesNotExist:
        raise WorkOrderNotFound("工单不存在。") from None


def apply_transition(
    work_order: WorkOrder,
    step: Transition,
    *,
    actor: User,
    data: TransitionInput,
    now: datetime,
    approver: User | None = None,
    extra_changes: dict[str, Any] | None = None,
    counterpart: WorkOrder | None = None,
    complainant_change: bool = False,
    fields: dict[str, Any] | None = None,
) -> None:
    """Check the requirements, move the clocks, write the row and its event. The caller holds the row lock
    and has authorised `actor`; `approver` is given only by `approval_decide` (the approver's own act);
    `counterpart` only by `work_order_split` (the other half of a mixed filing, just registered);
    `complainant_change` only by the joint-complainant services (services/joint.py), which also pass the columns
    they change as `fields`: written with the step but not diffed into the event (the election record may name
    people), so the caller says in `extra_changes` what the event keeps of them.
    Updates `work_order` in place to the row as written."""
    today = clock.local_date(now)
    kind, state = Kind(work_order.kind), State(work_order.state)
    if errors := too_long({"note": data.note, "claims": data.claims}):
        raise InvalidWorkOrder("办理说明或投诉请求过长。", fields=errors)
    handling_unit = _resolve_unit(data.handling_unit_id)
    suggested_unit = _resolve_unit(data.suggested_unit_id) if data.action is Action.RETURN else None
    if suggested_unit is not None and suggested_unit.pk == work_order.handling_unit_id:
        raise InvalidWorkOrder(
            "建议的承办单位不能是退回的本单位。", fields={"suggested_unit": ["请选择其他单位或留空。"]}
        )
    merge_target = _resolve_merge_target(data.merge_target_id, actor, work_order, data.action)
    rule_set = rule_set_by_id(work_order.rule_set_id)
    stored = clocks_load(work_order.clocks)
    before_clocks = {clock: entry.state for clock, entry in stored.items()}
    has_joint_consent, consent_changes = _joint_consent(work_order, step, rule_set, data)
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
            is_settled_online=(
                Requirement.ODR_SETTLED in step.requires
                and fact_holds(Requirement.ODR_SETTLED, work_order)
            ),
            return_reason=data.return_reason,
            is_joint_complaint=work_order.is_joint_complaint,
            has_joint_consent=has_joint_consent,
            has_counterpart=counterpart is not None,
            is_split=work_order.mixed_counterpart_id is not None,
            has_complainant_change=complainant_change,
            claims=data.claims,
            claims_change=data.claims_change,
            current_claims=work_order.claims,
        ),
        rule_set,
    )
    calendar = deadline_calendar()
    after_clocks = apply_transition_clocks(
        before_clocks, step, on=today, rule_set=rule_set, calendar=calendar
    )
    if data.action in (Action.DISPATCH, Action.REDISPATCH):
        # A clock whose row counts from receipt by the competent unit starts (again) here (ADR 0014).
        after_clocks = start_clocks_on(
            after_clocks,
            StartEvent.DISPATCHED,
            candidates=REGISTRATION_CLOCKS[kind],
            on=today,
            rule_set=rule_set,
        )
    computed = due_dates(after_clocks, rule_set, calendar)
    due_on, due_clock, due_is_provisional = computed.next_due()

    changes: dict[str, Any] = {
        "state": step.target.value,
        "clocks": clocks_dump(after_clocks, computed.dues, computed.provisional),
        "due_on": due_on,
        "due_clock": due_clock,
        "is_due_provisional": due_is_provisional,
        "has_provisional_deadline": bool(computed.provisional),
        "deadline_problem": computed.problem,
    }
    if data.action in (Action.DISPATCH, Action.REDISPATCH):
        changes["handling_unit_id"] = handling_unit.pk if handling_unit else None
        changes["is_routing_overridden"] = _overrides_suggestion(
            work_order, handling_unit, data.note, data.action
        )
        changes["dispatched_at"] = now
    elif data.action is Action.RETURN:
        changes["handling_unit_id"] = None  # back to the intake, out of this unit's inbox
        # Why, from whom, when, and the unit it named: what the center redispatches by (Order 121 Art. 41).
        changes["return_reason_code"] = data.return_reason
        changes["returned_from_id"] = work_order.handling_unit_id
        changes["returned_at"] = now
        changes["return_suggested_unit_id"] = suggested_unit.pk if suggested_unit else None
    elif data.action is Action.SPLIT_MIXED and counterpart is not None:
        changes["mixed_counterpart_id"] = counterpart.pk
    if step.ground_kind is not None:
        changes["ground_code"] = data.ground_code
    if data.action is Action.ACCEPT:
        changes["accepted_at"] = now
    if data.action is Action.CONFIRM_IDENTITY:
        changes["is_identity_verified"] = True
    if data.action is Action.REACH_AGREEMENT:
        changes["amount_recovered"] = data.amount_recovered
        changes["goods_value_recovered"] = _goods_value(data)
    if data.action is Action.SETTLE_ONLINE and data.amount_recovered is not None:
        changes["amount_recovered"] = data.amount_recovered  # what the business agreed to pay (ODR)
    if data.action is Action.CHANGE_CLAIMS:
        # The requests as the complainant side now states them (Order 121 Art. 12); the event keeps the old and
        # the new text (the diff) and how they changed.
        changes["claims"] = data.claims.strip()
        consent_changes = {**consent_changes, "claims_change": [None, data.claims_change]}
    if data.action is Action.TRANSFER_OUT:
        changes["transfer_destination"] = data.transfer_destination.strip()
    if data.action in (Action.MERGE, Action.DISMISS_REPEAT):
        changes["merged_into_id"] = merge_target.pk if merge_target else None
    if step.target in (
        State.AGREED,
        State.TERMINATED,
        State.DECLINED,
        State.CASE_OPENED,
        State.CASE_NOT_OPENED,
        State.TRANSFERRED,
        State.MERGED,
    ) or (data.action in (Action.ANSWER, Action.DISMISS_REPEAT, Action.SETTLE_ONLINE)):
        changes["outcome"] = data.note.strip()
    if step.target in TERMINAL_STATES:
        changes["closed_at"] = now

    diff = {
        name.removesuffix("_id"): [_json(getattr(work_order, name)), _json(value)]
        for name, value in changes.items()
        if getattr(work_order, name) != value
    }
    changes.update(fields or {})
    updated = WorkOrder.objects.filter(pk=work_order.pk, version=work_order.version).update(
        **changes, version=F("version") + 1, updated_at=now
    )
    if updated != 1:
        raise StaleWorkOrder("工单已被他人更新，请刷新后重新操作。")
    event = event_append(
        work_order=work_order,
        sequence=work_order.version + 1,
        action=data.action.value,
        actor=actor,
        approver=approver,
        occurred_at=now,
        from_state=state.value,
        to_state=step.target.value,
        note=data.note.strip(),
        # The event's coded reason: the statutory ground, or the reason of a return (GroundKind.RETURN).
        ground_code=data.ground_code
        if step.ground_kind is not None
        else (data.return_reason if data.action is Action.RETURN else ""),
        changes={**diff, **consent_changes, **(extra_changes or {})},
    )
    if data.action is Action.MERGE and merge_target is not None:
        restart_merged_report_clock(
            target_id=merge_target.pk, merged=work_order, actor=actor, now=now, calendar=calendar
        )
    # The row as written, without reading it back: the changed fields, the new version.
    for name, value in changes.items():
        setattr(work_order, name, value)
    work_order.version += 1
    work_order.updated_at = now
    # Apps that act on a step (documents, notices) do so in this transaction: they commit or roll back with it.
    work_order_stepped.send(sender=WorkOrder, work_order=work_order, event=event, actor=actor, data=data)
