"""Joint complaints (共同投诉, Order 121 Art. 12) after registration: who joins or leaves the complaint, and whom the
complainants elect, in writing, to represent them.

Each change is a step of the transition table (`ADD_CO_COMPLAINANT`, `REMOVE_CO_COMPLAINANT`,
`ELECT_REPRESENTATIVES`, all requiring `JOINT_COMPLAINANTS`): the table says who may take it and in which states (the
center while the item waits at the intake, the handling unit until its decision); the item stays where it is, and
the step's event is written by `apply_transition` in the same transaction as the rows — chained like every event,
and seen by the apps that follow the steps (an open ODR case goes back to dispatch when a complaint becomes joint,
`lianxin.portal.receivers`).

The events keep keys and counts only ("contact" for the main complainant, the co-complainant's row id): names,
phones and ID numbers stay in their protected rows, and the timelines name people only to readers who see them.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from django.db import transaction
from django.db.models import Max

from lianxin.accounts.models import User
from lianxin.common import clock
from lianxin.domain.joint_complaints import CONTACT_KEY, JointComplainant, check_representatives
from lianxin.domain.requirements import TransitionRequest, check_requirements
from lianxin.domain.text_limits import too_long
from lianxin.domain.workflow import ACTION_LABELS, Action, Kind, State, Transition, plan_transition
from lianxin.workorders.errors import ActionForbidden, InvalidWorkOrder, StaleWorkOrder
from lianxin.workorders.models import WorkOrder
from lianxin.workorders.permissions import can_act, can_view
from lianxin.workorders.selectors import rule_set_by_id

from .joint import joint_complainants_of
from .registration import CoComplainantInput, co_complainant_errors, co_complainant_row
from .transitions import TransitionInput, apply_transition, lock_work_order


@dataclass(frozen=True, slots=True)
class CoComplainantAddInput:
    """One more complainant joining the complaint, and how they joined (optional). They join as represented:
    representatives are elected in writing (`representatives_elect`), so `person.is_representative` is ignored."""

    person: CoComplainantInput
    note: str = ""
    expected_version: int | None = None


@dataclass(frozen=True, slots=True)
class CoComplainantRemoveInput:
    """A co-complainant leaving the complaint, and why (their own written withdrawal, a registration error…)."""

    co_complainant_id: int
    reason: str
    expected_version: int | None = None


@dataclass(frozen=True, slots=True)
class RepresentativesElectInput:
    """The representatives the complainants elected in writing (keys: "contact" or a co-complainant's id; none
    means every complainant acts for themselves) and the record of the written election."""

    representative_keys: tuple[str, ...]
    election_record: str
    note: str = ""
    expected_version: int | None = None


def _representative_keys(people: list[JointComplainant]) -> list[str]:
    return [c.key for c in people if c.is_representative]


def _begin(
    actor: User, work_order_id: int, action: Action, *, expected_version: int | None, note: str = ""
) -> tuple[WorkOrder, Transition]:
    """The work order under its row lock and the table's step, once the actor may take it and what the table asks
    (a joint complaint, a reason) is there — checked before any row is written (in the caller's transaction)."""
    work_order = lock_work_order(work_order_id)
    if not can_view(actor, work_order):
        raise ActionForbidden("该工单不在您的数据范围内。")
    if expected_version is not None and expected_version != work_order.version:
        raise StaleWorkOrder("工单已被他人更新，请刷新后重新操作。")
    step = plan_transition(Kind(work_order.kind), State(work_order.state), action)
    if not can_act(actor, work_order, step):
        raise ActionForbidden(f"您的角色不能对该工单执行「{ACTION_LABELS[action]}」。")
    check_requirements(
        step,
        TransitionRequest(
            note=note, is_joint_complaint=work_order.is_joint_complaint, has_complainant_change=True
        ),
        rule_set_by_id(work_order.rule_set_id),
    )
    return work_order, step


def _record(
    work_order: WorkOrder,
    step: Transition,
    *,
    actor: User,
    note: str,
    now: datetime,
    fields: dict[str, Any],
    changes: dict[str, Any],
) -> None:
    apply_transition(
        work_order,
        step,
        actor=actor,
        data=TransitionInput(step.action, note=note),
        now=now,
        complainant_change=True,
        fields=fields,
        extra_changes=changes,
    )


def co_complainant_add(*, actor: User, work_order_id: int, data: CoComplainantAddInput) -> WorkOrder:
    """Add a complainant to a complaint (Order 121 Art. 12): a single complaint becomes a joint one. The person's
    identity is checked as at registration (Art. 10) and stored the same way (encrypted, blind-indexed); the event
    keeps the new row's key and the counts, never the person's details."""
    person = replace(data.person, is_representative=False)
    if errors := co_complainant_errors(person):
        raise InvalidWorkOrder("共同投诉人信息有误，请检查标出的项目。", fields=errors)
    now = clock.now()
    with transaction.atomic():
        work_order, step = _begin(
            actor, work_order_id, Action.ADD_CO_COMPLAINANT, expected_version=data.expected_version
        )
        before = len(joint_complainants_of(work_order)) - 1
        last = work_order.co_complainants.aggregate(last=Max("position"))["last"] or 0
        row = co_complainant_row(work_order=work_order, position=last + 1, person=person, actor=actor, now=now)
        row.save()
        changes: dict[str, Any] = {
            "co_complainants": [before, before + 1],
            "co_complainant_added": [None, str(row.pk)],
        }
        if not work_order.is_joint_complaint:
            changes["is_joint_complaint"] = [False, True]
        _record(
            work_order,
            step,
            actor=actor,
            note=data.note,
            now=now,
            fields={"is_joint_complaint": True},
            changes=changes,
        )
    return work_order


def co_complainant_remove(*, actor: User, work_order_id: int, data: CoComplainantRemoveInput) -> WorkOrder:
    """A co-complainant leaves the complaint, the reason being the step's note. The row is kept, marked removed
    (events refer to it). With nobody left beside the main complainant the complaint is no longer joint and its
    representatives lapse: a single complainant acts for themselves."""
    now = clock.now()
    with transaction.atomic():
        work_order, step = _begin(
            actor,
            work_order_id,
            Action.REMOVE_CO_COMPLAINANT,
            expected_version=data.expected_version,
            note=data.reason,
        )
        person = work_order.co_complainants.current().filter(pk=data.co_complainant_id).first()
        if person is None:
            raise InvalidWorkOrder(
                "该投诉人不是本工单现有的共同投诉人。",
                fields={"co_complainant": ["请选择本工单现有的共同投诉人。"]},
            )
        people = joint_complainants_of(work_order)
        remaining = [c for c in people if c.key != str(person.pk)]
        fields: dict[str, Any] = {}
        changes: dict[str, Any] = {
            "co_complainants": [len(people) - 1, len(remaining) - 1],
            "co_complainant_removed": [None, str(person.pk)],
        }
        if len(remaining) < 2:  # "two or more" make a complaint joint (Art. 12)
            remaining = [replace(c, is_representative=False) for c in remaining]
            fields = {"is_joint_complaint": False, "contact_is_representative": False}
            changes["is_joint_complaint"] = [True, False]
        before_keys, after_keys = _representative_keys(people), _representative_keys(remaining)
        if before_keys != after_keys:
            changes["representatives"] = [before_keys, after_keys]
        person.removed_at, person.removed_by = now, actor
        person.save(update_fields=["removed_at", "removed_by"])
        _record(work_order, step, actor=actor, note=data.reason, now=now, fields=fields, changes=changes)
    return work_order


def representatives_elect(*, actor: User, work_order_id: int, data: RepresentativesElectInput) -> WorkOrder:
    """Record a new written election of representatives (Order 121 Art. 12): at most the rule set's number (more is
    refused with `too_many_representatives`), and only with the record of the written election when anyone is
    elected. The record replaces the one on the item; the event keeps the representatives' keys before and after
    (the record itself may name people, so it stays on the item)."""
    keys = tuple(dict.fromkeys(key.strip() for key in data.representative_keys if key.strip()))
    record = data.election_record.strip()
    if errors := too_long({"facts": record}):
        raise InvalidWorkOrder("书面推选记录过长。", fields={"representative_election": errors["facts"]})
    now = clock.now()
    with transaction.atomic():
        work_order, step = _begin(
            actor, work_order_id, Action.ELECT_REPRESENTATIVES, expected_version=data.expected_version
        )
        people = joint_complainants_of(work_order)
        if set(keys) - {c.key for c in people}:
            raise InvalidWorkOrder(
                "代表人须从本工单现有的投诉人中推选。",
                fields={"representatives": ["所选的代表人不是本工单现有的投诉人。"]},
            )
        elected = [replace(c, is_representative=c.key in keys) for c in people]
        rule_set = rule_set_by_id(work_order.rule_set_id)
        check_representatives(
            elected,
            max_representatives=rule_set.max_representatives,
            citation=rule_set.joint_complaint_citation,
            election_record=record,
        )
        before_keys, after_keys = _representative_keys(people), _representative_keys(elected)
        if before_keys == after_keys and record == work_order.representative_election.strip():
            raise InvalidWorkOrder(
                "推选结果与现有代表人及推选记录相同，无需重新推选。",
                fields={"representatives": ["代表人没有变化。"]},
            )
        for person in work_order.co_complainants.current():
            chosen = str(person.pk) in keys
            if person.is_representative != chosen:
                person.is_representative = chosen
                person.save(update_fields=["is_representative"])
        changes: dict[str, Any] = {"representatives": [before_keys, after_keys]}
        if record != work_order.representative_election.strip():
            changes["representative_election_updated"] = [False, True]
        _record(
            work_order,
            step,
            actor=actor,
            note=data.note,
            now=now,
            fields={"contact_is_representative": CONTACT_KEY in keys, "representative_election": record},
            changes=changes,
        )
    return work_order
