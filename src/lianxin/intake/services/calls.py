"""What agents and supervisors do with calls: answer one that rings, register from it (and dispatch or close in
the same action), cite articles, keep drafts, block numbers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db import transaction

from lianxin.accounts.models import User
from lianxin.common import clock
from lianxin.common.fields import blind_index_for
from lianxin.domain.errors import DomainError
from lianxin.domain.workflow import CENTER_ROLES, Action, Kind, Role
from lianxin.intake.errors import CallNotFound, IntakeForbidden, InvalidIntakeInput
from lianxin.intake.live import SUPERVISORS, publish
from lianxin.intake.models import BlockedNumber, Call, CallDraft, WorkOrderReference
from lianxin.intake.numbers import national_number
from lianxin.intake.selectors import intake_policy, same_business_open_complaints
from lianxin.knowledge.models import Article, KnowledgeEntry
from lianxin.workorders.errors import WorkOrderNotFound
from lianxin.workorders.models import WorkOrder
from lianxin.workorders.permissions import can_view
from lianxin.workorders.services import (
    TransitionInput,
    WorkOrderInput,
    mixed_filing_register,
    work_order_register,
    work_order_transition,
)

from .cti import call_answered

SUPERVISOR_ROLES = frozenset({Role.SHIFT_SUPERVISOR, Role.CENTER_MANAGER})


def call_answer(*, user: User, call_id: str) -> Call:
    """The agent takes the call ringing at their seat (the PBX's `answer` event, if it follows, changes nothing)."""
    now = clock.now()
    with transaction.atomic():
        call = Call.objects.select_for_update().filter(call_id=call_id).first()
        if call is None:
            raise CallNotFound("来电不存在。")
        if call.answered_at is not None and call.agent_id == user.pk:
            return call
        if call.offered_to_id != user.pk:
            raise IntakeForbidden("这通来电没有分配给您，或已被接听、已挂断。")
        call_answered(call, user, now)
    return call


@dataclass(frozen=True, slots=True)
class RegistrationFromCall:
    """A registration from the workstation, with what follows it in the same action."""

    data: WorkOrderInput
    call_id: str = ""
    dispatch_unit_id: int | None = None  # complaint/report: dispatch at once to this unit
    dispatch_note: str = ""  # required by the dispatch service when overriding the suggestion
    answer_note: str = ""  # consultation/suggestion answered on the call: the reply given
    answer_entry_id: int | None = None  # the script (口径) used for the answer
    article_ids: tuple[int, ...] = ()
    link_work_order_id: int | None = None  # an open item of the same caller offered for linking
    # A mixed filing (Order 121 Art. 9): `data` is the complaint, this the report, each dispatched to its own unit.
    mixed_report: WorkOrderInput | None = None
    report_dispatch_unit_id: int | None = None
    report_dispatch_note: str = ""


def _reference_citation(article: Article | None, entry: KnowledgeEntry | None) -> str:
    if article is not None:
        return f"《{article.law.name}》{article.label}"
    assert entry is not None  # noqa: S101 - one of the two is given
    return f"口径：{entry.title}"


def work_order_reference_add(
    *, actor: User, work_order: WorkOrder, article_id: int | None = None, entry_id: int | None = None
) -> WorkOrderReference:
    """Cite an article (or a published script) on a work order the actor may see; citing twice is a no-op."""
    if not can_view(actor, work_order):
        raise IntakeForbidden("该工单不在您的数据范围内。")
    article = Article.objects.select_related("law").filter(pk=article_id).first() if article_id else None
    entry = KnowledgeEntry.objects.filter(pk=entry_id, is_published=True).first() if entry_id else None
    if article is None and entry is None:
        raise InvalidIntakeInput("引用的法条或口径不存在。", fields={"article_id": ["不存在。"]})
    existing = WorkOrderReference.objects.filter(work_order=work_order, article=article, entry=entry).first()
    if existing is not None:
        return existing
    return WorkOrderReference.objects.create(
        work_order=work_order,
        article=article,
        entry=entry,
        citation=_reference_citation(article, entry)[:200],
        attached_by=actor,
        attached_at=clock.now(),
    )


def _group_alert(work_order: WorkOrder) -> None:
    if work_order.kind != Kind.COMPLAINT or not work_order.respondent_name:
        return
    since = clock.now() - timedelta(days=1)
    count = same_business_open_complaints(respondent_name=work_order.respondent_name, since=since)
    if count >= intake_policy().group_alert_complaints:
        publish(
            [SUPERVISORS],
            "alert",
            {
                "code": "group_complaints",
                "message": f"「{work_order.respondent_name}」一天内已有 {count} 件未办结投诉，可能是群体投诉。",
                "toast": f"群体投诉提醒：「{work_order.respondent_name}」一天内已有 {count} 件未办结投诉。",
                "tone": "warning",
                "work_order": work_order.number,
                "respondent_name": work_order.respondent_name,
                "count": count,
            },
        )


def call_register(*, actor: User, data: RegistrationFromCall) -> WorkOrder:
    """Register a work order from a call and, in the same transaction, dispatch it (complaint, report) or close
    it with the reply and the script used (consultation, suggestion); link it to the call, cite the articles."""
    kind = data.data.kind
    with transaction.atomic():
        call = None
        if data.call_id:
            call = Call.objects.select_for_update().filter(call_id=data.call_id).first()
            if call is None:
                raise CallNotFound("来电不存在。")
        report = None
        if data.mixed_report is not None:
            filing = mixed_filing_register(actor=actor, complaint=data.data, report=data.mixed_report)
            work_order, report = filing.complaint, filing.report
            if data.report_dispatch_unit_id is not None:
                report = _dispatch_report_half(actor, report, data)
        else:
            work_order = work_order_register(actor=actor, data=data.data)
        if kind in (Kind.COMPLAINT, Kind.REPORT) and data.dispatch_unit_id is not None:
            work_order = work_order_transition(
                work_order_id=work_order.pk,
                actor=actor,
                data=TransitionInput(
                    action=Action.DISPATCH,
                    handling_unit_id=data.dispatch_unit_id,
                    note=data.dispatch_note,
                    expected_version=work_order.version,
                ),
            )
        elif kind in (Kind.CONSULTATION, Kind.SUGGESTION) and (
            data.answer_note.strip() or data.answer_entry_id
        ):
            entry = (
                KnowledgeEntry.objects.filter(pk=data.answer_entry_id, is_published=True).first()
                if data.answer_entry_id
                else None
            )
            if data.answer_entry_id and entry is None:
                raise InvalidIntakeInput(
                    "所选口径不存在或未发布。", fields={"answer_entry_id": ["口径无效。"]}
                )
            note = data.answer_note.strip() or (entry.answer if entry else "")
            if entry is not None:
                note = f"{note}\n（解答口径：{entry.title}）"
                work_order_reference_add(actor=actor, work_order=work_order, entry_id=entry.pk)
            work_order = work_order_transition(
                work_order_id=work_order.pk,
                actor=actor,
                data=TransitionInput(action=Action.ANSWER, note=note, expected_version=work_order.version),
            )
        for article_id in data.article_ids:
            work_order_reference_add(actor=actor, work_order=work_order, article_id=article_id)
        if call is not None:
            call.work_orders.add(work_order)
            if report is not None:
                call.work_orders.add(report)
        if data.link_work_order_id:
            linked = WorkOrder.objects.filter(pk=data.link_work_order_id).first()
            if linked is None or not can_view(actor, linked):
                raise WorkOrderNotFound("要关联的工单不存在。")
            if call is not None:
                call.work_orders.add(linked)
        if call is not None:
            CallDraft.objects.filter(user=actor, key=call.call_id).delete()
        transaction.on_commit(lambda: _group_alert(work_order))
    return work_order


def _dispatch_report_half(actor: User, report: WorkOrder, data: RegistrationFromCall) -> WorkOrder:
    """Dispatch the report half of a mixed filing to its own unit; its errors are named `report_*` so the form can
    tell them from the complaint's."""
    try:
        return work_order_transition(
            work_order_id=report.pk,
            actor=actor,
            data=TransitionInput(
                action=Action.DISPATCH,
                handling_unit_id=data.report_dispatch_unit_id,
                note=data.report_dispatch_note,
                expected_version=report.version,
            ),
        )
    except DomainError as error:
        error.fields = {f"report_{name}": messages for name, messages in error.fields.items()}
        raise


def call_draft_save(*, user: User, key: str, data: dict[str, Any]) -> CallDraft:
    key = key.strip()[:260]
    if not key:
        raise InvalidIntakeInput("草稿标识不能为空。", fields={"key": ["此项为必填项。"]})
    draft, _ = CallDraft.objects.update_or_create(user=user, key=key, defaults={"data": data})
    return draft


def call_draft_delete(*, user: User, key: str) -> None:
    CallDraft.objects.filter(user=user, key=key).delete()


def blocked_number_add(
    *, actor: User, number: str, reason: str, expires_at: datetime | None = None
) -> BlockedNumber:
    """Supervisors block a number (harassment etc.) with a reason and optionally an expiry."""
    if actor.role_enum not in SUPERVISOR_ROLES and not actor.is_superuser:
        raise IntakeForbidden("只有值班长或中心管理人员可以设置黑名单号码。")
    national = national_number(number)
    errors: dict[str, list[str]] = {}
    if not national:
        errors["number"] = ["号码无效。"]
    if not reason.strip():
        errors["reason"] = ["请填写原因。"]
    if expires_at is not None and expires_at <= clock.now():
        errors["expires_at"] = ["到期时间应晚于现在。"]
    if errors:
        raise InvalidIntakeInput("黑名单信息有误。", fields=errors)
    # Found by the blind index: the number itself is encrypted (ADR 0019 §4). update_or_create also settles a
    # race between two supervisors blocking the same number (the index is unique).
    fields = {"reason": reason.strip(), "expires_at": expires_at, "created_by": actor}
    entry, _ = BlockedNumber.objects.update_or_create(
        number_index=blind_index_for(BlockedNumber, "number_index", national),
        defaults=fields,
        create_defaults={"number": national, **fields},
    )
    return entry


def blocked_number_remove(*, actor: User, number: str) -> int:
    if actor.role_enum not in SUPERVISOR_ROLES and not actor.is_superuser:
        raise IntakeForbidden("只有值班长或中心管理人员可以解除黑名单号码。")
    national = national_number(number)
    if not national:
        return 0
    digest = blind_index_for(BlockedNumber, "number_index", national)
    deleted, _ = BlockedNumber.objects.filter(number_index=digest).delete()
    return deleted


def center_staff(user: User) -> bool:
    return user.is_authenticated and user.role_enum in CENTER_ROLES
