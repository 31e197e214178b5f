"""Demo data of the public side, on top of the demo work orders: businesses enrolled in ODR with accounts and
cases in every state, consumers' ratings, callbacks (about two in three with a recorded result, one 不满意
awaiting the supervisors' review, the rest still to call), and the disclosure published. Idempotent."""

from __future__ import annotations

import hashlib
import random
import secrets
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from lianxin.accounts.models import User
from lianxin.common import clock
from lianxin.domain.identifiers import credit_code_complete
from lianxin.domain.workflow import Action, Channel, Kind, Role, State
from lianxin.workorders.models import WorkOrder
from lianxin.workorders.services import (
    TransitionInput,
    WorkOrderInput,
    work_order_register,
    work_order_transition,
)

from .models import (
    Business,
    BusinessAccount,
    Callback,
    CallbackRule,
    CallbackState,
    DisclosurePolicy,
    OdrCase,
    OdrOutcome,
    Rating,
    Satisfaction,
)
from .services.callbacks import CallbackResult, callback_record, callbacks_select
from .services.disclosure import disclosure_publish
from .services.odr import OdrAnswer, business_account_create, odr_answer, odr_consumer_decide, odr_offer

BUSINESSES = 3


@dataclass
class PortalDemoReport:
    businesses: int = 0
    accounts: list[str] | None = None
    odr_cases: int = 0
    ratings: int = 0
    callbacks: int = 0
    callbacks_recorded: int = 0
    disclosed: int = 0
    generated_password: str | None = None


def _credit_code(name: str) -> str:
    digits = str(int(hashlib.sha256(name.encode()).hexdigest(), 16))[:8]
    return credit_code_complete(f"91610100MA{digits[:7]}")


def _ensure_businesses(password: str, report: PortalDemoReport) -> list[tuple[Business, BusinessAccount]]:
    names = Counter(
        WorkOrder.objects.filter(kind=Kind.COMPLAINT)
        .exclude(respondent_name="")
        .values_list("respondent_name", flat=True)
    )
    enrolled = []
    for index, (name, _) in enumerate(names.most_common(BUSINESSES), start=1):
        business, created = Business.objects.get_or_create(
            name=name,
            defaults={
                "credit_code": _credit_code(name),
                "is_odr_enrolled": True,
                "enrolled_on": clock.today(),
            },
        )
        report.businesses += created
        account = BusinessAccount.objects.filter(username=f"demo_odr_{index}").first()
        if account is None:
            account = business_account_create(
                business=business, username=f"demo_odr_{index}", password=password, full_name=f"{name}客服"
            )
            report.accounts = [*(report.accounts or []), account.username]
        enrolled.append((business, account))
    return enrolled


def _earlier_complaint(business: Business) -> WorkOrder:
    """A complaint the demo already holds about this business (enrolled businesses are the most complained-about):
    the online one is about the same trade, at the same address."""
    complaints = WorkOrder.objects.select_related("category", "issue_type").filter(
        kind=Kind.COMPLAINT, respondent_name=business.name
    )
    return (
        complaints.filter(handling_unit__isnull=False).order_by("id").first()
        or complaints.order_by("id").first()
    )


def _online_complaint(
    business: Business, like: WorkOrder, *, received: datetime, contact: tuple[str, str, str]
) -> WorkOrderInput:
    """A complaint filed online against an enrolled business, like an earlier one (contact: name, phone, address)."""
    name, phone, address = contact
    return WorkOrderInput(
        kind=Kind.COMPLAINT,
        channel=Channel.WEB,
        received_at=received,
        contact_name=name,
        contact_phone=phone,
        contact_address=address,
        respondent_name=business.name,
        respondent_credit_code=business.credit_code,
        respondent_address=like.respondent_address,
        respondent_division_code=like.respondent_division_code,
        category_code=like.category.code if like.category else "",
        issue_type_code=like.issue_type.code if like.issue_type else "",
        summary=like.summary,
        facts=like.facts,
        claims=like.claims,
        amount_involved=like.amount_involved or Decimal("1280.00"),
    )


def _odr_cases(
    agent: User, enrolled: list[tuple[Business, BusinessAccount]], report: PortalDemoReport
) -> None:
    if OdrCase.objects.exists():
        return
    for index, plan in enumerate(("awaiting", "awaiting", "answered", "settled", "rejected")):
        business, account = enrolled[index % len(enrolled)]
        like = _earlier_complaint(business)
        report.odr_cases += 1
        if plan == "rejected":
            _odr_rejected_then_dispatched(agent, business, account, like)
            continue
        # Received 6, 12, 18… hours ago; offered at once, answered three hours later, accepted two after that.
        received = clock.now() - timedelta(hours=6 * (index + 1))
        with clock.travel(received + timedelta(minutes=5)):
            order = work_order_register(
                actor=agent,
                data=_online_complaint(
                    business,
                    like,
                    received=received,
                    contact=("刘洋", f"1390291{index:04d}", "西安市雁塔区小寨东路"),
                ),
            )
            case = odr_offer(work_order=order, business=business)
        if plan in ("answered", "settled"):
            with clock.travel(received + timedelta(hours=3)):
                odr_answer(
                    account=account,
                    case_id=case.pk,
                    data=OdrAnswer(
                        OdrOutcome.REFUND if plan == "settled" else OdrOutcome.COMPENSATION,
                        "同意处理，请消费者确认",
                        order.amount_involved,
                    ),
                )
        if plan == "settled":
            with clock.travel(received + timedelta(hours=5)):
                odr_consumer_decide(case_id=case.pk, accept=True)


def _odr_rejected_then_dispatched(
    agent: User, business: Business, account: BusinessAccount, like: WorkOrder
) -> None:
    """A complaint filed online one evening three days ago, offered to its business, which offered to make good a
    third of the amount the next morning; the consumer refused that evening and the centre dispatched it to the
    unit of the business's place — whose handler then reads the whole online settlement before mediating."""
    received = timezone.localtime(clock.now()).replace(
        hour=20, minute=10, second=0, microsecond=0
    ) - timedelta(days=3)
    with clock.travel(received + timedelta(minutes=5)):
        order = work_order_register(
            actor=agent,
            data=_online_complaint(
                business, like, received=received, contact=("孙悦", "13902915555", "西安市雁塔区电子二路")
            ),
        )
        case = odr_offer(work_order=order, business=business)
    next_day = received + timedelta(days=1)
    offer = (order.amount_involved / 3).quantize(Decimal("0.01"))
    with clock.travel(next_day.replace(hour=10, minute=30)):
        odr_answer(
            account=account,
            case_id=case.pk,
            data=OdrAnswer(OdrOutcome.COMPENSATION, f"愿补偿 {offer} 元，不同意全部诉求", offer),
        )
    with clock.travel(next_day.replace(hour=19, minute=0)):
        odr_consumer_decide(case_id=case.pk, accept=False, reason="补偿太少，坚持原诉求。")
    if like.handling_unit_id is not None:
        with clock.travel(next_day.replace(hour=19, minute=40)):
            work_order_transition(
                work_order_id=order.pk,
                actor=agent,
                data=TransitionInput(Action.DISPATCH, handling_unit_id=like.handling_unit_id),
            )


def _ratings(report: PortalDemoReport) -> None:
    rng = random.Random(20261130)  # noqa: S311 - demo data
    closed = WorkOrder.objects.filter(kind=Kind.COMPLAINT, state=State.CLOSED, rating__isnull=True).order_by(
        "id"
    )[:120]
    choices = [Satisfaction.SATISFIED] * 6 + [Satisfaction.BASICALLY] * 3 + [Satisfaction.DISSATISFIED]
    rows = [
        Rating(
            work_order=order,
            satisfaction=rng.choice(choices),
            source="online",
            rated_at=order.closed_at or clock.now(),
        )
        for order in closed
        if rng.random() < 0.5
    ]
    Rating.objects.bulk_create(rows)
    report.ratings = len(rows)


def _callback_results(agent: User, report: PortalDemoReport) -> None:
    """Record a result on about two in three of the callbacks (once: not when some are recorded already), so that
    the statistics show satisfaction from callbacks and one 不满意 waits for the supervisors' review."""
    if Callback.objects.exclude(state=CallbackState.PENDING).exists():
        return
    rng = random.Random(20261201)  # noqa: S311 - demo data
    pending = list(Callback.objects.filter(state=CallbackState.PENDING).order_by("id"))
    choices = [Satisfaction.SATISFIED] * 6 + [Satisfaction.BASICALLY] * 3 + [Satisfaction.DISSATISFIED]
    for index, callback in enumerate(pending):
        if index % 3 == 2:
            continue  # left on the agents' callback list
        satisfaction = Satisfaction.DISSATISFIED if index == 0 else rng.choice(choices)
        callback_record(
            actor=agent,
            callback_id=callback.pk,
            result=CallbackResult(
                reached=True,
                satisfaction=satisfaction,
                remarks="消费者表示退款尚未到账"
                if satisfaction == Satisfaction.DISSATISFIED
                else "消费者认可处理结果",
            ),
        )
        report.callbacks_recorded += 1


@transaction.atomic
def portal_demo_load(*, password: str | None = None) -> PortalDemoReport:
    report = PortalDemoReport()
    if password is None and not BusinessAccount.objects.filter(username__startswith="demo_odr_").exists():
        password = secrets.token_urlsafe(9)
        report.generated_password = password
    agent = User.objects.filter(role=Role.AGENT, unit__kind="center", is_active=True).order_by("id").first()
    if agent is None:
        return report
    enrolled = _ensure_businesses(password or "", report)
    if enrolled:
        _odr_cases(agent, enrolled, report)
    _ratings(report)
    if not CallbackRule.objects.exists():
        CallbackRule.objects.create(sample_percent=20)
    report.callbacks = callbacks_select()
    _callback_results(agent, report)
    if not DisclosurePolicy.objects.exists():
        # The demo's items were all closed while it loaded: publish at once so the disclosure has content.
        DisclosurePolicy.objects.create(delay_days=0)
    report.disclosed = disclosure_publish().complaints_published
    return report
