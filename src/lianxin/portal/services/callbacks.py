"""Callbacks (回访): after closure, a sample of items is called back to check the handling (Order 121 Art. 26:
spot checks and callbacks evaluate it). Every item whose consumer rated it 不满意 is called; of the rest, the share
the rule sets, chosen by a hash of the work-order number (the same items whenever the selection runs).
A dissatisfied result goes to the shift supervisors for review. The two sources of satisfaction stay apart: the
consumer's own rating online (``Rating``) and the result an agent records on a callback (``Callback.satisfaction``);
the statistics count both, each under its name (analytics rollups, ADR 0016)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.db import transaction

from lianxin.accounts.models import User
from lianxin.common import clock
from lianxin.common.events import publish_live, role_channel
from lianxin.domain.workflow import CENTER_ROLES, Kind, Role, State
from lianxin.portal.errors import PortalError
from lianxin.portal.models import Callback, CallbackRule, CallbackState, Rating, Satisfaction
from lianxin.workorders.models import WorkOrder

CALLBACK_KINDS = (Kind.COMPLAINT, Kind.REPORT)


def callback_rule() -> CallbackRule:
    return CallbackRule.objects.order_by("id").first() or CallbackRule.objects.create()


def _sampled(number: str, percent: int) -> bool:
    return int(hashlib.sha256(number.encode()).hexdigest()[:8], 16) % 100 < percent


def callbacks_select(*, limit: int = 5000) -> int:
    """Put newly closed items on the callback list (a scheduled job; idempotent)."""
    rule = callback_rule()
    if not rule.is_active:
        return 0
    candidates = (
        WorkOrder.objects.filter(
            kind__in=CALLBACK_KINDS, state=State.CLOSED, is_anonymous=False, callback__isnull=True
        )
        .exclude(contact_phone="")
        .values_list("pk", "number", "rating__satisfaction")[:limit]
    )
    now = clock.now()
    chosen = []
    for pk, number, satisfaction in candidates:
        if rule.include_dissatisfied and satisfaction == Satisfaction.DISSATISFIED:
            chosen.append(Callback(work_order_id=pk, reason="dissatisfied", created_at=now))
        elif _sampled(number, rule.sample_percent):
            chosen.append(Callback(work_order_id=pk, reason="sample", created_at=now))
    Callback.objects.bulk_create(chosen, ignore_conflicts=True)
    return len(chosen)


@dataclass(frozen=True, slots=True)
class CallbackResult:
    reached: bool
    satisfaction: str = ""
    remarks: str = ""


def _ensure_center_staff(actor: User, roles: frozenset[Role] = CENTER_ROLES) -> None:
    if (
        not actor.is_authenticated
        or actor.role_enum not in roles
        or actor.unit is None
        or not actor.unit.is_center
    ):
        raise PortalError("forbidden", "只有12315中心的坐席或值班长可以回访。", status=403)


@transaction.atomic
def callback_record(*, actor: User, callback_id: int, result: CallbackResult) -> Callback:
    _ensure_center_staff(actor)
    callback = (
        Callback.objects.select_for_update().select_related("work_order").filter(pk=callback_id).first()
    )
    if callback is None or callback.work_order.center_id != actor.unit_id:
        raise PortalError("not_found", "没有找到这条回访任务。", status=404)
    if callback.state != CallbackState.PENDING:
        raise PortalError("done", "这条回访已记录，不能重复记录。", status=409)
    if result.reached and result.satisfaction not in Satisfaction.values:
        raise PortalError(
            "invalid", "请选择消费者的评价。", fields={"satisfaction": ["请选择满意、基本满意或不满意。"]}
        )
    if len(result.remarks) > 2000:
        raise PortalError("invalid", "回访记录过长。", fields={"remarks": ["最多2000字。"]})
    now = clock.now()
    callback.agent, callback.called_at, callback.remarks = actor, now, result.remarks.strip()
    if not result.reached:
        callback.state = CallbackState.UNREACHABLE
        callback.save()
        return callback
    callback.state = CallbackState.DONE
    callback.satisfaction = result.satisfaction
    callback.needs_review = result.satisfaction == Satisfaction.DISSATISFIED
    # The result stays on the callback: it never replaces the consumer's own rating (both are counted, apart).
    callback.save()
    if callback.needs_review:
        publish_live(
            [role_channel(Role.SHIFT_SUPERVISOR)],
            "callback.dissatisfied",
            {
                "callback_id": callback.pk,
                "number": callback.work_order.number,
                "toast": f"回访不满意：工单 {callback.work_order.number} 待复核",
                "tone": "warning",
            },
        )
    return callback


@transaction.atomic
def callback_review(*, actor: User, callback_id: int, note: str) -> Callback:
    _ensure_center_staff(actor, frozenset({Role.SHIFT_SUPERVISOR, Role.CENTER_MANAGER}))
    callback = (
        Callback.objects.select_for_update().select_related("work_order").filter(pk=callback_id).first()
    )
    if callback is None or callback.work_order.center_id != actor.unit_id or not callback.needs_review:
        raise PortalError("not_found", "没有找到待复核的回访。", status=404)
    if not note.strip():
        raise PortalError("invalid", "请填写复核意见。", fields={"review_note": ["此项为必填项。"]})
    callback.needs_review = False
    callback.review_note, callback.reviewed_by, callback.reviewed_at = note.strip(), actor, clock.now()
    callback.save()
    return callback


def callbacks_pending(actor: User):
    return (
        Callback.objects.filter(work_order__center_id=actor.unit_id, state=CallbackState.PENDING)
        .select_related("work_order", "work_order__handling_unit")
        .order_by("-reason", "created_at")
    )


def callbacks_to_review(actor: User):
    return (
        Callback.objects.filter(work_order__center_id=actor.unit_id, needs_review=True)
        .select_related("work_order", "agent")
        .order_by("called_at")
    )


def satisfaction_counts(*, center_id: int | None = None) -> dict[str, dict[str, int]]:
    """Satisfaction by source — the consumers' own ratings online and the callbacks' results — for a glance on the
    callback screen (the statistics read the rollups)."""
    ratings = Rating.objects.filter(source="online")
    callbacks = Callback.objects.filter(state=CallbackState.DONE)
    if center_id is not None:
        ratings = ratings.filter(work_order__center_id=center_id)
        callbacks = callbacks.filter(work_order__center_id=center_id)
    result = {}
    for source, queryset in (("rating", ratings), ("callback", callbacks)):
        counts = {choice.value: 0 for choice in Satisfaction}
        for value in queryset.values_list("satisfaction", flat=True):
            if value in counts:
                counts[value] += 1
        result[source] = counts
    return result
