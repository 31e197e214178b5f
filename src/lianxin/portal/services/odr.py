"""Online dispute resolution (在线消费纠纷解决, ODR): a complaint against an enrolled business goes to the business
first, which may settle it directly with the consumer (Order 121 Art. 6 encourages it). What the business sees is
the complaint about itself — never a report, never another business's item, and the consumer's contact details only
as far as settling needs them (name and a masked phone).

Flow: offered (awaiting the business) → answered with a fixed outcome → the consumer accepts (settled, the work
order is closed with the outcome) or rejects; a rejected or expired case returns to the center's normal dispatch
(the work order stays registered, in the agents' queue of items awaiting dispatch).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.contrib.auth.hashers import check_password, make_password
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction

from lianxin.calendars.selectors import deadline_calendar
from lianxin.common import clock
from lianxin.common.events import center_channel, publish_live
from lianxin.domain.workflow import Kind
from lianxin.portal.errors import PortalError
from lianxin.portal.models import (
    ODR_OPEN_STATES,
    Business,
    BusinessAccount,
    OdrCase,
    OdrEvent,
    OdrOutcome,
    OdrState,
)
from lianxin.workorders.models import WorkOrder
from lianxin.workorders.selectors import rule_set_by_id

OPEN_STATES = ODR_OPEN_STATES


def enrolled_business_for(*, credit_code: str, name: str) -> Business | None:
    """The enrolled business a complaint names: by credit code, else by its exact name."""
    queryset = Business.objects.filter(is_odr_enrolled=True)
    if credit_code:
        found = queryset.filter(credit_code=credit_code.strip().upper()).first()
        if found is not None:
            return found
    return queryset.filter(name=name.strip()).first() if name.strip() else None


def _settle_workdays(business: Business) -> int:
    return business.settle_workdays or settings.LIANXIN_ODR_SETTLE_WORKDAYS


def _settle_due(start: date, workdays: int) -> tuple[date, bool]:
    """The last day of direct settlement, and whether it is provisional (it runs into a year whose holiday
    arrangement is not yet published: counted on the deadline calendar's provisional year, marked 暂定)."""
    calendar = deadline_calendar()
    due_on = calendar.add_workdays(start, workdays)
    return due_on, calendar.spans_provisional(start, due_on)


def odr_provisional_dues_recompute() -> int:
    """Recount the provisional settlement dates of open cases on the calendar as it is now: once the year they
    ran into is loaded they become final (or move, when its arrangement differs from the festival days alone).
    Run when a year is loaded (`calendar_year_loaded`) and before the daily expiry; idempotent. Returns the number
    of cases whose date or mark changed."""
    changed = 0
    for case_id in OdrCase.objects.filter(state__in=OPEN_STATES, due_is_provisional=True).values_list(
        "pk", flat=True
    ):
        with transaction.atomic():
            case = _locked_case(case_id)
            if case.state not in OPEN_STATES or not case.due_is_provisional:
                continue
            workdays = case.settle_workdays or _settle_workdays(case.business)
            due_on, provisional = _settle_due(clock.local_date(case.created_at), workdays)
            if (due_on, provisional) == (case.due_on, case.due_is_provisional):
                continue
            before = case.due_on
            case.due_on, case.due_is_provisional = due_on, provisional
            case.save(update_fields=["due_on", "due_is_provisional"])
            mark = "（仍为暂定）" if provisional else ""
            _event(
                case,
                "due_recounted",
                "系统",
                f"节假日安排已加载，和解期限 {before:%Y-%m-%d} → {due_on:%Y-%m-%d}{mark}",
            )
            changed += 1
    return changed


def _event(case: OdrCase, kind: str, actor: str, note: str = "") -> None:
    OdrEvent.objects.create(case=case, kind=kind, actor=actor, note=note, occurred_at=clock.now())


def _joint_reason(work_order: WorkOrder) -> str:
    """Why a joint complaint is not settled directly with the business, citing the item's rule set."""
    citation = rule_set_by_id(work_order.rule_set_id).joint_complaint_citation
    return f"共同投诉的和解须经被代表的投诉人书面同意{f'（{citation}）' if citation else ''}"


def odr_offer(*, work_order: WorkOrder, business: Business) -> OdrCase:
    """Offer a registered complaint to its enrolled business (in the registration's transaction). Not a joint
    complaint: settling it needs the represented complainants' consent (Order 121 Art. 12), which the business's
    answer and one consumer's acceptance cannot give (`Action.SETTLE_ONLINE` requires `JOINT_CONSENT`)."""
    if work_order.kind != Kind.COMPLAINT:
        raise PortalError("only_complaints", "只有投诉可以交由经营者先行和解，举报不会告知被举报人。")
    if work_order.is_joint_complaint:
        raise PortalError(
            "joint_complaint", f"{_joint_reason(work_order)}，不交由经营者在线和解，按正常程序分送处理。"
        )
    workdays = _settle_workdays(business)
    due_on, provisional = _settle_due(clock.today(), workdays)
    case = OdrCase.objects.create(
        work_order=work_order,
        business=business,
        due_on=due_on,
        due_is_provisional=provisional,
        settle_workdays=workdays,
        created_at=clock.now(),
    )
    _event(case, "offered", "系统", f"交由经营者在 {due_on:%Y-%m-%d} 前和解")
    return case


def business_account_create(
    *, business: Business, username: str, password: str, full_name: str = ""
) -> BusinessAccount:
    try:
        validate_password(password)
    except ValidationError as error:
        raise PortalError("weak_password", "密码不符合要求：" + "；".join(error.messages)) from error
    return BusinessAccount.objects.create(
        business=business, username=username.strip(), password=make_password(password), full_name=full_name
    )


def business_account_authenticate(*, username: str, password: str) -> BusinessAccount | None:
    account = BusinessAccount.objects.select_related("business").filter(username=username.strip()).first()
    if account is None:
        make_password(password)  # the same work whether or not the name exists
        return None
    if (
        not account.is_active
        or not account.business.is_odr_enrolled
        or not check_password(password, account.password)
    ):
        return None
    account.last_login_at = clock.now()
    account.save(update_fields=["last_login_at"])
    return account


@dataclass(frozen=True, slots=True)
class OdrAnswer:
    outcome: OdrOutcome
    answer: str
    amount: Decimal | None = None


def _locked_case(case_id: int, business: Business | None = None) -> OdrCase:
    queryset = OdrCase.objects.select_for_update().select_related("work_order", "business")
    if business is not None:
        queryset = queryset.filter(business=business)
    case = queryset.filter(pk=case_id).first()
    if case is None:
        raise PortalError("not_found", "没有找到这件投诉。", status=404)
    return case


@transaction.atomic
def odr_answer(*, account: BusinessAccount, case_id: int, data: OdrAnswer) -> OdrCase:
    """The business answers with one fixed outcome (a refusal needs its reason)."""
    case = _locked_case(case_id, account.business)
    if case.state != OdrState.AWAITING_BUSINESS:
        raise PortalError("not_open", "这件投诉已答复或已转入正常处理，不能再答复。", status=409)
    if clock.today() > case.due_on:
        raise PortalError("expired", "已超过和解期限，投诉已转入市场监管部门处理。", status=409)
    fields: dict[str, list[str]] = {}
    if len(data.answer.strip()) < 5:
        fields["answer"] = ["请具体说明处理方案或不同意的理由（至少5个字）。"]
    if data.outcome in (OdrOutcome.REFUND, OdrOutcome.COMPENSATION) and (
        data.amount is None or data.amount <= 0
    ):
        fields["amount"] = ["退款或赔偿请填写金额。"]
    if data.amount is not None and data.amount < 0:
        fields["amount"] = ["金额不能为负数。"]
    if fields:
        raise PortalError("invalid", "答复信息有误，请检查标出的项目。", fields=fields)
    case.outcome, case.answer, case.amount = data.outcome, data.answer.strip(), data.amount
    case.answered_at = clock.now()
    case.state = OdrState.ANSWERED
    case.save()
    _event(
        case,
        "answered",
        f"{account.business.name}（{account.username}）",
        f"{case.get_outcome_display()}：{case.answer}",
    )
    return case


def _back_to_dispatch(case: OdrCase, state: OdrState, note: str, *, actor: str = "") -> None:
    case.state = state
    case.save(update_fields=["state", "consumer_decided_at", "consumer_reason"])
    _event(case, state.value, actor or ("消费者" if state is OdrState.REJECTED else "系统"), note)
    why = "成为共同投诉" if state is OdrState.JOINT_COMPLAINT else "未和解"
    publish_live(
        [center_channel(case.work_order.center_id)],
        "odr.returned",
        {
            "work_order_id": case.work_order_id,
            "number": case.work_order.number,
            "toast": f"工单 {case.work_order.number} {why}，待分送",
        },
    )


def odr_joint_complaint_withdraw(*, work_order: WorkOrder, actor: str) -> OdrCase | None:
    """A complaint offered to its business became joint (co-complainants joined): its open ODR case goes back to
    the normal dispatch, saying why (Order 121 Art. 12). In the caller's transaction (the step that added them);
    the case that was open, or None when there was none."""
    case = (
        OdrCase.objects.select_for_update()
        .select_related("work_order")
        .filter(work_order_id=work_order.pk, state__in=OPEN_STATES)
        .first()
    )
    if case is None:
        return None
    _back_to_dispatch(
        case,
        OdrState.JOINT_COMPLAINT,
        f"已增加共同投诉人：{_joint_reason(work_order)}，不再由经营者在线和解，转入正常分送",
        actor=actor,
    )
    return case


def odr_taken_over(*, work_order: WorkOrder, action_label: str) -> OdrCase | None:
    """The center took a step that moves the complaint out of `registered` (dispatch, transfer, merge…) while its
    ODR case was open: the case ends, so the business can no longer answer and the consumer no longer accept a
    settlement the work order could not record (`SETTLE_ONLINE` is only legal from `registered`), and the expiry
    job does not announce the item as waiting for dispatch. In the step's transaction; the case, or None."""
    case = (
        OdrCase.objects.select_for_update()
        .filter(work_order_id=work_order.pk, state__in=OPEN_STATES)
        .first()
    )
    if case is None:
        return None
    case.state = OdrState.TAKEN_OVER
    case.save(update_fields=["state"])
    _event(case, OdrState.TAKEN_OVER.value, "市场监管部门", f"12315中心已{action_label}，不再由经营者在线和解")
    return case


@transaction.atomic
def odr_consumer_decide(*, case_id: int, accept: bool, reason: str = "") -> OdrCase:
    """The consumer accepts the business's answer (settled) or not (back to the normal dispatch)."""
    case = _locked_case(case_id)
    if case.state != OdrState.ANSWERED:
        raise PortalError("not_answered", "经营者尚未答复，或已处理完毕。", status=409)
    case.consumer_decided_at = clock.now()
    if accept and case.outcome != OdrOutcome.REFUSE:
        case.state = OdrState.SETTLED
        case.save(update_fields=["state", "consumer_decided_at"])
        _event(case, "settled", "消费者", "消费者接受经营者的处理方案")
        _close_settled(case)
        return case
    case.consumer_reason = reason.strip()[:300]
    _back_to_dispatch(case, OdrState.REJECTED, case.consumer_reason or "消费者不接受经营者的处理方案")
    return case


def odr_settled(work_order: WorkOrder) -> bool:
    """The fact `Requirement.ODR_SETTLED`: the complaint went through the ODR portal, the business answered and the
    consumer accepted the answer (only then may the center close it by `Action.SETTLE_ONLINE`)."""
    return OdrCase.objects.filter(work_order_id=work_order.pk, state=OdrState.SETTLED).exists()


def _close_settled(case: OdrCase) -> None:
    """A settled complaint ends before dispatch (Action.SETTLE_ONLINE), with the business's answer as the outcome and
    the money it agreed to pay counted as recovered for the consumer."""
    from lianxin.domain.workflow import Action
    from lianxin.workorders.services import TransitionInput, work_order_transition

    from .accounts import online_intake_account

    work_order_transition(
        work_order_id=case.work_order_id,
        actor=online_intake_account(case.work_order.center_id),
        data=TransitionInput(
            Action.SETTLE_ONLINE,
            note=f"经营者与消费者在线和解（ODR）：{case.get_outcome_display()}。{case.answer}"[:1000],
            amount_recovered=case.amount,
        ),
    )


def odr_expire_due() -> int:
    """Cases past their period without a settlement return to the normal dispatch (a scheduled job). Provisional
    periods are recounted first, so that no case expires on a date its loaded year has moved."""
    odr_provisional_dues_recompute()
    expired = 0
    for case_id in OdrCase.objects.filter(state__in=OPEN_STATES, due_on__lt=clock.today()).values_list(
        "pk", flat=True
    ):
        with transaction.atomic():
            case = _locked_case(case_id)
            if case.state in OPEN_STATES and case.due_on < clock.today():
                _back_to_dispatch(case, OdrState.EXPIRED, "超过和解期限未和解，转入正常分送")
                expired += 1
    return expired


def odr_cases_for(account: BusinessAccount):
    """The only cases a business account can see: complaints about its own business."""
    return (
        OdrCase.objects.filter(business_id=account.business_id, work_order__kind=Kind.COMPLAINT)
        .select_related("work_order", "work_order__category")
        .order_by("state", "due_on", "id")
    )


def odr_statistics(account: BusinessAccount) -> dict[str, object]:
    cases = list(odr_cases_for(account).values_list("state", "answered_at", "created_at", "amount"))
    total = len(cases)
    by_state = {state.value: sum(1 for c in cases if c[0] == state.value) for state in OdrState}
    answered = [c for c in cases if c[1] is not None]
    hours = [(c[1] - c[2]).total_seconds() / 3600 for c in answered]
    settled = by_state[OdrState.SETTLED]
    decided = settled + by_state[OdrState.REJECTED] + by_state[OdrState.EXPIRED]
    return {
        "total": total,
        "by_state": by_state,
        "awaiting": by_state[OdrState.AWAITING_BUSINESS],
        "settlement_rate": round(100 * settled / decided, 1) if decided else None,
        "average_answer_hours": round(sum(hours) / len(hours), 1) if hours else None,
        "amount_agreed": sum((c[3] or 0) for c in cases if c[0] == OdrState.SETTLED.value),
    }


__all__ = [
    "OdrAnswer",
    "business_account_authenticate",
    "business_account_create",
    "enrolled_business_for",
    "odr_answer",
    "odr_cases_for",
    "odr_consumer_decide",
    "odr_expire_due",
    "odr_joint_complaint_withdraw",
    "odr_offer",
    "odr_settled",
    "odr_statistics",
    "odr_taken_over",
]
