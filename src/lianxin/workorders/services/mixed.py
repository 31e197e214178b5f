"""Mixed filings (混合诉求): one submission that contains both a complaint and a report is handled separately
under each procedure, as two items linked to each other (Order 121 Art. 9).

Each half is a work order of its own: its own rule set (of the day it was received), its own clocks (the decision
on the complaint, Art. 15; the verification of the report), its own jurisdiction suggestion (complaints Art. 13,
reports Art. 29/31) and its own handling unit. The link is stored both ways (`WorkOrder.mixed_counterpart`).
The report half keeps the reporter's confidentiality (Art. 37): nothing addressed to the business names them.

Two ways in: registering a mixed filing at once (`mixed_filing_register`), and splitting an item already
registered — before dispatch, or when a unit returns it — with `work_order_split` (the `SPLIT_MIXED` step of the
transition table, which decides who may split and when).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal

from django.db import transaction

from lianxin.accounts.models import User
from lianxin.common import clock
from lianxin.domain.requirements import TransitionRequest, check_requirements
from lianxin.domain.workflow import ACTION_LABELS, Action, Channel, Kind, State, plan_transition
from lianxin.workorders.errors import ActionForbidden, InvalidWorkOrder, StaleWorkOrder
from lianxin.workorders.models import WorkOrder
from lianxin.workorders.permissions import can_act, can_view
from lianxin.workorders.selectors import rule_set_by_id

from .registration import WorkOrderInput, _insert, _record, registration_prepare
from .transitions import TransitionInput, apply_transition, lock_work_order, work_order_transition

# Error keys of the report half of a mixed filing (its own facts, summary and report category).
REPORT_FIELDS = {
    "facts": "report_facts",
    "summary": "report_summary",
    "issue_type_code": "report_issue_type_code",
}


@dataclass(frozen=True, slots=True)
class MixedFiling:
    complaint: WorkOrder
    report: WorkOrder


def mixed_report_input(
    complaint: WorkOrderInput, *, facts: str, summary: str = "", issue_type_code: str = ""
) -> WorkOrderInput:
    """The report half of a mixed filing: the same person, business and receipt as the complaint, the report's
    own facts and category; no claims, amounts or co-complainants (those belong to the complaint)."""
    return replace(
        complaint,
        kind=Kind.REPORT,
        is_anonymous=False,
        summary=summary,
        facts=facts,
        claims="",
        issue_type_code=issue_type_code,
        amount_involved=None,
        is_group_complaint=False,
        consents_to_publish=False,
        is_delegated_mediation=False,
        co_complainants=(),
        contact_is_representative=False,
        representative_election="",
    )


def _merged_errors(complaint_error: InvalidWorkOrder | None, report_error: InvalidWorkOrder | None) -> dict:
    fields: dict[str, list[str]] = dict(complaint_error.fields) if complaint_error else {}
    for name, messages in (report_error.fields if report_error else {}).items():
        key = REPORT_FIELDS.get(name, name)
        for message in messages:
            if message not in fields.get(key, []):
                fields.setdefault(key, []).append(message)
    return fields


def mixed_filing_register(*, actor: User, complaint: WorkOrderInput, report: WorkOrderInput) -> MixedFiling:
    """Register both halves of a mixed filing in one transaction, linked both ways; each gets its registration
    event naming the other. Errors of either half come back together (the report's under `report_*`)."""
    if complaint.kind is not Kind.COMPLAINT or report.kind is not Kind.REPORT:
        raise InvalidWorkOrder(
            "混合诉求由一件投诉和一件举报组成。", fields={"kind": ["混合诉求须为投诉加举报。"]}
        )
    if report.is_anonymous:
        # The person identified themselves as the complainant; the report half is theirs under their name, kept
        # confidential from the business (Art. 37) rather than anonymous.
        raise InvalidWorkOrder(
            "混合诉求的举报部分与投诉为同一人提出，不能匿名；举报人身份依法保密（第三十七条）。",
            fields={"is_anonymous": ["混合诉求不能匿名。"]},
        )
    now = clock.now()
    prepared: list = []
    errors: list[InvalidWorkOrder | None] = []
    for data in (complaint, report):
        try:
            prepared.append(registration_prepare(actor=actor, data=data, now=now))
            errors.append(None)
        except InvalidWorkOrder as error:
            errors.append(error)
    if any(errors):
        raise InvalidWorkOrder("登记信息有误，请检查标出的项目。", fields=_merged_errors(*errors))
    complaint_plan, report_plan = prepared
    with transaction.atomic():
        complaint_order = _insert(complaint_plan, actor)
        report_order = _insert(report_plan, actor, counterpart=complaint_order)
        WorkOrder.objects.filter(pk=complaint_order.pk).update(mixed_counterpart=report_order)
        complaint_order.mixed_counterpart = report_order
        _record(
            complaint_plan,
            complaint_order,
            actor,
            extra_changes={"mixed_counterpart": [None, report_order.number]},
        )
        _record(
            report_plan,
            report_order,
            actor,
            extra_changes={"mixed_counterpart": [None, complaint_order.number]},
        )
    return MixedFiling(complaint=complaint_order, report=report_order)


@dataclass(frozen=True, slots=True)
class SplitInput:
    """The other half of the filing: its facts (and, for a complaint, the claims), optionally a category, the note
    on the split, and the unit to dispatch the new half to at once."""

    facts: str
    summary: str = ""
    claims: str = ""
    issue_type_code: str = ""
    category_code: str = ""
    amount_involved: Decimal | None = None
    note: str = ""
    dispatch_unit_id: int | None = None
    dispatch_note: str = ""
    expected_version: int | None = None


def _counterpart_input(work_order: WorkOrder, data: SplitInput) -> WorkOrderInput:
    kind = Kind.REPORT if work_order.kind == Kind.COMPLAINT else Kind.COMPLAINT
    return WorkOrderInput(
        kind=kind,
        channel=Channel(work_order.channel),
        received_at=work_order.received_at,  # one submission: received once
        contact_name=work_order.contact_name,
        contact_phone=work_order.contact_phone,
        contact_id_type=work_order.contact_id_type,
        contact_id_number=work_order.contact_id_number,
        contact_address=work_order.contact_address,
        is_identity_verified=work_order.is_identity_verified,
        respondent_name=work_order.respondent_name,
        respondent_credit_code=work_order.respondent_credit_code,
        respondent_address=work_order.respondent_address,
        respondent_division_code=work_order.respondent_division_code,
        respondent_online_role=work_order.respondent_online_role,
        respondent_published_address=work_order.respondent_published_address,
        respondent_platform_name=work_order.respondent_platform_name,
        respondent_platform_address=work_order.respondent_platform_address,
        category_code=data.category_code or (work_order.category.code if work_order.category_id else ""),
        issue_type_code=data.issue_type_code,
        summary=data.summary,
        facts=data.facts,
        claims=data.claims if kind is Kind.COMPLAINT else "",
        amount_involved=data.amount_involved if kind is Kind.COMPLAINT else None,
    )


def work_order_split(*, actor: User, work_order_id: int, data: SplitInput) -> MixedFiling:
    """Split a registered or returned item into a linked complaint and report (Order 121 Art. 9): the new half is
    registered beside it (same receipt, its own rule set, clocks and jurisdiction suggestion), the item records the
    split as an event, and — when a unit is given — the new half is dispatched at once. One transaction."""
    now = clock.now()
    with transaction.atomic():
        work_order = lock_work_order(work_order_id)
        if not can_view(actor, work_order):
            raise ActionForbidden("该工单不在您的数据范围内。")
        if data.expected_version is not None and data.expected_version != work_order.version:
            raise StaleWorkOrder("工单已被他人更新，请刷新后重新操作。")
        step = plan_transition(Kind(work_order.kind), State(work_order.state), Action.SPLIT_MIXED)
        if not can_act(actor, work_order, step):
            raise ActionForbidden(f"您的角色不能对该工单执行「{ACTION_LABELS[Action.SPLIT_MIXED]}」。")
        if work_order.kind == Kind.REPORT and work_order.is_anonymous:
            raise InvalidWorkOrder(
                "匿名举报不能拆分出投诉：投诉须提供投诉人真实身份信息（第十条）。",
                fields={"action": ["匿名举报不能拆分出投诉。"]},
            )
        # What the table asks of a split (not split before, …) is checked before the new half is written.
        check_requirements(
            step,
            TransitionRequest(
                note=data.note, has_counterpart=True, is_split=work_order.mixed_counterpart_id is not None
            ),
            rule_set_by_id(work_order.rule_set_id),
        )
        counterpart_data = _counterpart_input(work_order, data)
        plan = registration_prepare(actor=actor, data=counterpart_data, now=now)
        counterpart = _insert(plan, actor, counterpart=work_order)
        _record(
            plan,
            counterpart,
            actor,
            extra_changes={
                "mixed_counterpart": [None, work_order.number],
                "split_from": [None, work_order.number],
            },
        )
        apply_transition(
            work_order,
            step,
            actor=actor,
            data=TransitionInput(Action.SPLIT_MIXED, note=data.note),
            now=now,
            counterpart=counterpart,
            extra_changes={"mixed_counterpart_number": [None, counterpart.number]},
        )
        if data.dispatch_unit_id is not None:
            counterpart = work_order_transition(
                work_order_id=counterpart.pk,
                actor=actor,
                data=TransitionInput(
                    Action.DISPATCH,
                    handling_unit_id=data.dispatch_unit_id,
                    note=data.dispatch_note,
                    expected_version=counterpart.version,
                ),
            )
    if work_order.kind == Kind.COMPLAINT:
        return MixedFiling(complaint=work_order, report=counterpart)
    return MixedFiling(complaint=counterpart, report=work_order)
