"""Filing and tracking online (网上投诉举报): the same registration, routing and rule set as the hotline.

- A consultation or complaint, and a real-name report, needs a mobile number confirmed with a one-time code sent
  through the outbox. An anonymous report needs none: it gets a query code (shown once) instead.
- Input may come in Traditional characters and full-width digits: it is normalised before registration.
- A complaint against a business enrolled in ODR goes to that business first (Order 121 Art. 6).
- The consumer tracks an item with its number and a code sent to the phone (or the query code), may ask to withdraw
  a complaint (the unit decides: Art. 23(1) for a mediation in progress), and rates the handling after closure.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass, fields
from datetime import timedelta
from decimal import Decimal

from django.db import transaction

from lianxin.common import clock
from lianxin.common.events import center_channel, publish_live, unit_channel
from lianxin.domain.text import to_halfwidth, to_simplified
from lianxin.domain.workflow import Channel, Kind, State
from lianxin.portal import throttle
from lianxin.portal.digests import digest, phone_digest, same
from lianxin.portal.errors import PortalError
from lianxin.portal.models import (
    ChallengePurpose,
    OdrCase,
    OnlineFiling,
    PhoneChallenge,
    Rating,
    Satisfaction,
)
from lianxin.portal.services.accounts import default_center, online_intake_account
from lianxin.portal.services.odr import enrolled_business_for, odr_offer
from lianxin.workorders.errors import InvalidWorkOrder
from lianxin.workorders.models import WorkOrder
from lianxin.workorders.services import WorkOrderInput, work_order_register

CODE_MINUTES = 10
CODE_ATTEMPTS = 5
CONFIRMATION_MINUTES = 30
QUERY_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud over the phone
MOBILE = re.compile(r"1[3-9][0-9]{9}")
FILED_KINDS = (Kind.CONSULTATION, Kind.COMPLAINT, Kind.REPORT)
IDENTIFIER_FIELDS = frozenset({"contact_id_number", "respondent_credit_code"})


def clean_mobile(phone: str) -> str:
    digits = re.sub(r"[\s\-()（）]", "", to_halfwidth(phone or ""))
    digits = re.sub(r"^(?:\+86|0086)", "", digits)
    if not MOBILE.fullmatch(digits):
        raise PortalError(
            "invalid_phone", "请填写正确的11位手机号码。", fields={"phone": ["请填写正确的11位手机号码。"]}
        )
    return digits


def _send_code_sms(phone: str, code: str) -> None:
    from lianxin.notifications.services import message_queue

    message_queue(recipient=phone, code="portal_code", context={"code": code, "minutes": CODE_MINUTES})


def code_request(*, phone: str, purpose: ChallengePurpose, client: str) -> None:
    """Send a one-time code to ``phone`` (rate-limited per phone and per address)."""
    phone = clean_mobile(phone)
    throttle.check(throttle.CODE_PER_PHONE_MINUTE, phone)
    throttle.check(throttle.CODE_PER_PHONE_HOUR, phone)
    throttle.check(throttle.CODE_PER_ADDRESS_HOUR, client)
    code = f"{secrets.randbelow(1_000_000):06d}"
    now = clock.now()
    with transaction.atomic():
        PhoneChallenge.objects.create(
            phone_digest=phone_digest(phone),
            purpose=purpose,
            code_digest=digest("code", f"{phone}:{code}"),
            created_at=now,
            expires_at=now + timedelta(minutes=CODE_MINUTES),
        )
        for limit in (throttle.CODE_PER_PHONE_MINUTE, throttle.CODE_PER_PHONE_HOUR):
            throttle.count(limit, phone)
        throttle.count(throttle.CODE_PER_ADDRESS_HOUR, client)
        _send_code_sms(phone, code)


def code_confirm(*, phone: str, purpose: ChallengePurpose, code: str) -> str:
    """Check the code; returns the confirmed phone. Five wrong tries spend the code."""
    phone = clean_mobile(phone)
    throttle.check(throttle.WRONG_CODE_PER_PHONE_HOUR, phone)
    code = to_halfwidth(code or "").strip()
    with transaction.atomic():
        challenge = (
            PhoneChallenge.objects.select_for_update()
            .filter(
                phone_digest=phone_digest(phone),
                purpose=purpose,
                confirmed_at__isnull=True,
                expires_at__gt=clock.now(),
                attempts__lt=CODE_ATTEMPTS,
            )
            .order_by("-created_at")
            .first()
        )
        if challenge is None:
            raise PortalError(
                "code_expired", "验证码已过期或已失效，请重新获取。", fields={"code": ["请重新获取验证码。"]}
            )
        if not same(challenge.code_digest, digest("code", f"{phone}:{code}")):
            challenge.attempts += 1
            challenge.save(update_fields=["attempts"])
            throttle.count(throttle.WRONG_CODE_PER_PHONE_HOUR, phone)
            left = CODE_ATTEMPTS - challenge.attempts
            message = f"验证码不正确，还可以再试 {left} 次。" if left else "验证码错误次数过多，请重新获取。"
            raise PortalError("wrong_code", message, fields={"code": [message]})
        challenge.confirmed_at = clock.now()
        challenge.save(update_fields=["confirmed_at"])
    return phone


@dataclass(frozen=True, slots=True)
class OnlineFilingInput:
    kind: Kind
    contact_name: str = ""
    contact_id_type: str = ""
    contact_id_number: str = ""
    contact_address: str = ""
    is_anonymous: bool = False
    respondent_name: str = ""
    respondent_credit_code: str = ""
    respondent_address: str = ""
    respondent_online_role: str = ""
    respondent_platform_name: str = ""
    respondent_published_address: str = ""
    category_code: str = ""
    issue_type_code: str = ""
    summary: str = ""
    facts: str = ""
    claims: str = ""
    amount_involved: Decimal | None = None
    consents_to_publish: bool = False

    def normalised(self) -> OnlineFilingInput:
        """Traditional → Simplified and full-width → ASCII in every text (the hotline form does the same)."""
        values = {}
        for field in fields(self):
            value = getattr(self, field.name)
            if isinstance(value, str) and not isinstance(value, Kind):
                # Full-width letters and digits are folded only in identifiers: in prose，the Chinese comma stays.
                folded = to_halfwidth(value) if field.name in IDENTIFIER_FIELDS else value
                value = to_simplified(folded).strip()
            values[field.name] = value
        return OnlineFilingInput(**values)


@dataclass(frozen=True, slots=True)
class FilingResult:
    work_order: WorkOrder
    query_code: str = ""
    odr_case: OdrCase | None = None


def _query_code() -> str:
    return "".join(secrets.choice(QUERY_CODE_ALPHABET) for _ in range(12))


def online_file(*, data: OnlineFilingInput, confirmed_phone: str, client: str) -> FilingResult:
    """Register an item filed online. ``confirmed_phone`` is empty only for an anonymous report."""
    if data.kind not in FILED_KINDS:
        raise PortalError("invalid_kind", "请选择咨询、投诉或举报。")
    data = data.normalised()
    anonymous = data.kind is Kind.REPORT and data.is_anonymous
    if not anonymous and not confirmed_phone:
        raise PortalError("phone_required", "请先验证手机号码。", fields={"phone": ["请先验证手机号码。"]})
    throttle.check(throttle.FILING_PER_ADDRESS_HOUR, client)
    if confirmed_phone:
        throttle.check(throttle.FILING_PER_PHONE_DAY, confirmed_phone)
    center = default_center()
    registration = WorkOrderInput(
        kind=data.kind,
        channel=Channel.WEB,
        received_at=clock.now(),
        contact_name="" if anonymous else data.contact_name,
        contact_phone="" if anonymous else confirmed_phone,
        contact_id_type="" if anonymous else data.contact_id_type,
        contact_id_number="" if anonymous else data.contact_id_number,
        contact_address="" if anonymous else data.contact_address,
        is_anonymous=anonymous,
        respondent_name=data.respondent_name,
        respondent_credit_code=data.respondent_credit_code.upper(),
        respondent_address=data.respondent_address,
        respondent_online_role=data.respondent_online_role,
        respondent_platform_name=data.respondent_platform_name,
        respondent_published_address=data.respondent_published_address,
        category_code=data.category_code,
        issue_type_code=data.issue_type_code,
        summary=data.summary,
        facts=data.facts,
        claims=data.claims,
        amount_involved=data.amount_involved,
        consents_to_publish=data.consents_to_publish and data.kind is Kind.COMPLAINT,
    )
    query_code = _query_code() if anonymous else ""
    with transaction.atomic():
        try:
            work_order = work_order_register(actor=online_intake_account(center.pk), data=registration)
        except InvalidWorkOrder as error:
            raise PortalError("invalid", error.message, fields=error.fields) from error
        OnlineFiling.objects.create(
            work_order=work_order,
            phone_digest=phone_digest(confirmed_phone) if confirmed_phone else "",
            query_code_digest=digest("query", query_code) if query_code else "",
            client_digest=digest("client", client),
            filed_at=clock.now(),
        )
        if confirmed_phone:
            throttle.count(throttle.FILING_PER_PHONE_DAY, confirmed_phone)
        throttle.count(throttle.FILING_PER_ADDRESS_HOUR, client)
        case = None
        if data.kind is Kind.COMPLAINT:
            business = enrolled_business_for(
                credit_code=data.respondent_credit_code, name=data.respondent_name
            )
            if business is not None:
                case = odr_offer(work_order=work_order, business=business)
        if confirmed_phone:
            from lianxin.notifications.services import message_queue

            message_queue(
                recipient=confirmed_phone,
                code="portal_filed",
                context={"number": work_order.number, "kind": work_order.get_kind_display()},
                work_order=work_order,
            )
        publish_live(
            [center_channel(center.pk)],
            "work_order.filed_online",
            {"work_order_id": work_order.pk, "number": work_order.number, "kind": work_order.kind},
        )
    return FilingResult(work_order=work_order, query_code=query_code, odr_case=case)


def track_find(*, number: str, confirmed_phone: str = "", query_code: str = "") -> WorkOrder:
    """The item with ``number`` filed by this phone (confirmed) or with this query code; one message for every
    refusal, so that the page does not tell which numbers exist."""
    refusal = PortalError("not_found", "没有找到与该手机号或查询码对应的工单，请核对工单编号。", status=404)
    number = to_halfwidth(number or "").strip().upper()
    filing = OnlineFiling.objects.select_related("work_order").filter(work_order__number=number).first()
    if filing is None:
        if confirmed_phone:
            # An item registered on the hotline can be tracked with the phone it was registered with.
            work_order = WorkOrder.objects.filter(number=number, is_anonymous=False).first()
            if work_order is not None and clean_mobile_or_blank(work_order.contact_phone) == confirmed_phone:
                return work_order
        raise refusal
    if confirmed_phone and filing.phone_digest and same(filing.phone_digest, phone_digest(confirmed_phone)):
        return filing.work_order
    if (
        query_code
        and filing.query_code_digest
        and same(filing.query_code_digest, digest("query", query_code.strip().upper()))
    ):
        return filing.work_order
    raise refusal


def clean_mobile_or_blank(phone: str) -> str:
    try:
        return clean_mobile(phone)
    except PortalError:
        return ""


def online_withdraw(*, work_order_id: int, reason: str) -> OnlineFiling:
    """The consumer asks to withdraw a complaint. The handling unit decides and records it (a mediation in progress
    ends on the Art. 23(1) ground); the request is kept and the unit is told at once."""
    with transaction.atomic():
        filing = (
            OnlineFiling.objects.select_for_update()
            .select_related("work_order")
            .filter(work_order_id=work_order_id)
            .first()
        )
        if filing is None or filing.work_order.kind != Kind.COMPLAINT:
            raise PortalError("not_withdrawable", "只有网上提交的投诉可以在这里申请撤回。")
        if filing.work_order.state in (State.CLOSED, State.TRANSFERRED, State.MERGED):
            raise PortalError("closed", "该投诉已办结，无需撤回。", status=409)
        if filing.withdrawn_at is not None:
            raise PortalError("already", "您已申请撤回，请等待处理。", status=409)
        filing.withdrawn_at = clock.now()
        filing.withdrawal_reason = to_simplified(reason).strip()[:300]
        filing.save(update_fields=["withdrawn_at", "withdrawal_reason"])
        order = filing.work_order
        channels = [center_channel(order.center_id)]
        if order.handling_unit_id:
            channels.append(unit_channel(order.handling_unit_id))
        publish_live(
            channels,
            "work_order.withdrawal_requested",
            {
                "work_order_id": order.pk,
                "number": order.number,
                "toast": f"投诉人申请撤回工单 {order.number}",
            },
        )
    return filing


MAX_FILES_PER_UPLOAD = 5


def online_supply_material(*, work_order_id: int, uploads: list, description: str = "") -> int:
    """The consumer adds evidence or identity proof (Order 121 Art. 10(3)) to an item filed online: each file goes
    through the evidence service (type sniffed from content, executables refused, size limits, SHA-256), stored
    under the center's online-intake account, and the handling unit is told at once. Returns how many."""
    from lianxin.evidence.services import EvidenceRefused, attachment_add

    if not uploads:
        raise PortalError("no_file", "请选择要上传的文件。", fields={"files": ["请选择要上传的文件。"]})
    if len(uploads) > MAX_FILES_PER_UPLOAD:
        message = f"一次最多上传 {MAX_FILES_PER_UPLOAD} 个文件。"
        raise PortalError("too_many_files", message, fields={"files": [message]})
    filing = OnlineFiling.objects.select_related("work_order").filter(work_order_id=work_order_id).first()
    if filing is None:
        raise PortalError("not_online", "只有网上提交的工单可以在这里补充材料。")
    order = filing.work_order
    if order.state in (State.CLOSED, State.TRANSFERRED, State.MERGED):
        raise PortalError("closed", "该工单已办结，不能再补充材料。", status=409)
    note = to_simplified(description).strip()[:150]
    with transaction.atomic():
        actor = online_intake_account(order.center_id)
        for upload in uploads:
            try:
                attachment_add(
                    work_order_id=order.pk,
                    actor=actor,
                    upload=upload,
                    description=f"消费者网上补充：{note}" if note else "消费者网上补充",
                )
            except EvidenceRefused as refusal:
                name = getattr(upload, "name", "")
                raise PortalError(
                    "file_refused",
                    f"「{name}」未能上传：{refusal.message}",
                    fields={"files": [refusal.message]},
                ) from refusal
        channels = [center_channel(order.center_id)]
        if order.handling_unit_id:
            channels.append(unit_channel(order.handling_unit_id))
        publish_live(
            channels,
            "work_order.material_supplied",
            {
                "work_order_id": order.pk,
                "number": order.number,
                "toast": f"工单 {order.number} 的投诉人补充了材料",
            },
        )
    return len(uploads)


def online_rate(*, work_order_id: int, satisfaction: str, remarks: str = "") -> Rating:
    if satisfaction not in Satisfaction.values:
        raise PortalError(
            "invalid", "请选择满意、基本满意或不满意。", fields={"satisfaction": ["请选择评价。"]}
        )
    with transaction.atomic():
        order = WorkOrder.objects.select_for_update().get(pk=work_order_id)
        if order.state != State.CLOSED:
            raise PortalError("not_closed", "工单办结后才能评价。", status=409)
        if Rating.objects.filter(work_order=order).exists():
            raise PortalError("already_rated", "您已评价过，感谢您的反馈。", status=409)
        return Rating.objects.create(
            work_order=order,
            satisfaction=satisfaction,
            remarks=to_simplified(remarks).strip()[:1000],
            source="online",
            rated_at=clock.now(),
        )
