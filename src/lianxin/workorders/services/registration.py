"""Registering a work order (登记): validation, numbering, the rule set of the day, clocks and the first event."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.db import IntegrityError, connection, transaction

from lianxin.accounts.models import User
from lianxin.calendars.selectors import deadline_calendar
from lianxin.common import clock
from lianxin.common.events import center_channel, publish_live
from lianxin.domain.deadlines import start_clocks_on
from lianxin.domain.identifiers import (
    is_valid_credit_code,
    is_valid_division_code,
    is_valid_phone,
    is_valid_resident_id,
    normalize_phone,
)
from lianxin.domain.rules import StartEvent
from lianxin.domain.text_limits import too_long
from lianxin.domain.workflow import REGISTRATION_CLOCKS, Action, Channel, Kind, State
from lianxin.workorders.clock_storage import clocks_dump
from lianxin.workorders.errors import ActionForbidden, InvalidWorkOrder
from lianxin.workorders.models import (
    IdType,
    OnlineRole,
    WorkOrder,
    WorkOrderSequence,
)
from lianxin.workorders.permissions import can_register
from lianxin.workorders.selectors import rule_set_for, taxonomy_ids

from .clocks import due_dates
from .events import event_append
from .routing import routing_suggestion


@dataclass(frozen=True, slots=True)
class WorkOrderInput:
    """What the registration forms (投诉登记表 / 举报登记表) carry."""

    kind: Kind
    channel: Channel
    received_at: datetime
    contact_name: str = ""
    contact_phone: str = ""
    contact_id_type: str = ""
    contact_id_number: str = ""
    contact_address: str = ""
    is_anonymous: bool = False
    is_identity_verified: bool = False
    respondent_name: str = ""
    respondent_credit_code: str = ""
    respondent_address: str = ""
    respondent_division_code: str = ""
    respondent_online_role: str = ""
    respondent_published_address: str = ""
    respondent_platform_name: str = ""
    respondent_platform_address: str = ""
    category_code: str = ""
    issue_type_code: str = ""
    summary: str = ""
    facts: str = ""
    claims: str = ""
    amount_involved: Decimal | None = None
    is_group_complaint: bool = False
    consents_to_publish: bool = False
    is_delegated_mediation: bool = False


_REQUIRED = "此项为必填项。"


def _validate(data: WorkOrderInput, now: datetime) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}

    def add(name: str, message: str) -> None:
        errors.setdefault(name, []).append(message)

    if data.received_at > now:
        add("received_at", "接收时间不能晚于当前时间。")
    if data.is_anonymous and data.kind is not Kind.REPORT:
        # Complaints need the complainant's real identity (Order 121 Art. 10); only reports may be anonymous.
        add("is_anonymous", "只有举报可以匿名；投诉须提供投诉人真实身份信息。")
    needs_identity = data.kind is Kind.COMPLAINT or (data.kind is Kind.REPORT and not data.is_anonymous)
    if needs_identity:
        if not data.contact_name.strip():
            add("contact_name", _REQUIRED)
        if not data.contact_phone.strip():
            add("contact_phone", _REQUIRED)
    if data.contact_phone.strip() and not is_valid_phone(data.contact_phone):
        add(
            "contact_phone",
            "联系电话格式不正确：应为手机号码或带区号的固定电话（如 13912345678、029-88886666）。",
        )
    if data.contact_id_type and data.contact_id_type not in IdType.values:
        add("contact_id_type", "证件类型不正确。")
    if data.contact_id_number and not data.contact_id_type:
        add("contact_id_type", "填写证件号码时须选择证件类型。")
    if data.contact_id_type == IdType.RESIDENT_ID and not is_valid_resident_id(data.contact_id_number):
        add("contact_id_number", "居民身份证号码不正确（校验位不符或日期无效）。")
    if data.kind in (Kind.COMPLAINT, Kind.REPORT):
        if not data.respondent_name.strip():
            add("respondent_name", _REQUIRED)
        if not data.facts.strip():
            add("facts", _REQUIRED)
    if data.kind is Kind.COMPLAINT and not data.claims.strip():
        add("claims", _REQUIRED)
    if data.respondent_credit_code and not is_valid_credit_code(data.respondent_credit_code):
        add("respondent_credit_code", "统一社会信用代码不正确（应为18位且校验位正确）。")
    if data.respondent_division_code and not is_valid_division_code(data.respondent_division_code):
        add("respondent_division_code", "行政区划代码应为6位（或9位、12位）半角数字，如 610113。")
    if data.respondent_online_role not in OnlineRole.values:
        add("respondent_online_role", "网络交易身份不正确。")
    if data.respondent_online_role == OnlineRole.PLATFORM_SELLER and not data.respondent_platform_name:
        add("respondent_platform_name", "平台内经营者须填写所在平台。")
    if data.amount_involved is not None and data.amount_involved < 0:
        add("amount_involved", "涉及金额不能为负数。")
    if data.is_group_complaint and data.kind is not Kind.COMPLAINT:
        add("is_group_complaint", "只有投诉可以标记为群体投诉。")
    for name, messages in too_long({"facts": data.facts, "claims": data.claims}).items():
        errors.setdefault(name, []).extend(messages)
    return errors


def _next_number(center_id: int, center_code: str, year: int) -> str:
    """`<center code>-<year>-<six digits>`, unique per center and year. One `UPDATE … RETURNING` both takes the
    row lock and reads the new value, so two registrations at once queue for it rather than read the same value."""
    table = connection.ops.quote_name(WorkOrderSequence._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET last_value = last_value + 1 "  # noqa: S608 - table name from model meta
            "WHERE center_id = %s AND year = %s RETURNING last_value",
            [center_id, year],
        )
        row = cursor.fetchone()
    if row is None:
        try:
            with transaction.atomic():
                WorkOrderSequence.objects.create(center_id=center_id, year=year, last_value=1)
            return f"{center_code}-{year}-{1:06d}"
        except IntegrityError:  # another registration created the row first
            return _next_number(center_id, center_code, year)
    return f"{center_code}-{year}-{row[0]:06d}"


def work_order_register(*, actor: User, data: WorkOrderInput) -> WorkOrder:
    """Register a work order at the actor's 12315 center and start the clocks that run from receipt."""
    if not can_register(actor):
        raise ActionForbidden("只有12315中心的话务员、值班长或管理人员可以登记工单。")
    now = clock.now()
    errors = _validate(data, now)
    taxonomy = taxonomy_ids()
    category_id = taxonomy["categories"].get(data.category_code) if data.category_code else None
    issue_type_id = taxonomy["issue_types"].get(data.issue_type_code) if data.issue_type_code else None
    if data.category_code and category_id is None:
        errors.setdefault("category_code", []).append("分类不存在或已停用。")
    if data.issue_type_code and issue_type_id is None:
        errors.setdefault("issue_type_code", []).append("问题类别不存在或已停用。")
    if errors:
        raise InvalidWorkOrder("登记信息有误，请检查标出的项目。", fields=errors)

    received_on = clock.local_date(data.received_at)
    rule_set_id, rule_set = rule_set_for(received_on)
    center = actor.unit
    assert center is not None  # noqa: S101 - can_register checked it
    states = start_clocks_on(
        {}, StartEvent.RECEIVED, candidates=REGISTRATION_CLOCKS[data.kind], on=received_on, rule_set=rule_set
    )
    computed = due_dates(states, rule_set, deadline_calendar())
    due_on, due_clock, due_is_provisional = computed.next_due()
    suggestion = routing_suggestion(
        kind=data.kind,
        online_role=data.respondent_online_role,
        address=data.respondent_address,
        published_address=data.respondent_published_address,
        platform_address=data.respondent_platform_address,
        received_on=received_on,
    )

    with transaction.atomic():
        work_order = WorkOrder.objects.create(
            number=_next_number(center.pk, center.code, received_on.year),
            center=center,
            kind=data.kind.value,
            channel=data.channel.value,
            received_at=data.received_at,
            state=State.REGISTERED.value,
            version=1,
            rule_set_id=rule_set_id,
            contact_name=data.contact_name.strip(),
            contact_phone=normalize_phone(data.contact_phone) if data.contact_phone else "",
            contact_id_type=data.contact_id_type,
            contact_id_number=data.contact_id_number.strip().upper(),
            contact_address=data.contact_address.strip(),
            is_anonymous=data.is_anonymous,
            is_identity_verified=data.is_identity_verified,
            respondent_name=data.respondent_name.strip(),
            respondent_credit_code=data.respondent_credit_code.strip().upper(),
            respondent_address=data.respondent_address.strip(),
            respondent_division_code=data.respondent_division_code.strip(),
            respondent_online_role=data.respondent_online_role,
            respondent_published_address=data.respondent_published_address.strip(),
            respondent_platform_name=data.respondent_platform_name.strip(),
            respondent_platform_address=data.respondent_platform_address.strip(),
            routing=suggestion,
            category_id=category_id,
            issue_type_id=issue_type_id,
            summary=data.summary.strip(),
            facts=data.facts.strip(),
            claims=data.claims.strip(),
            amount_involved=data.amount_involved,
            is_group_complaint=data.is_group_complaint,
            consents_to_publish=data.consents_to_publish,
            is_delegated_mediation=data.is_delegated_mediation,
            due_on=due_on,
            due_clock=due_clock,
            is_due_provisional=due_is_provisional,
            has_provisional_deadline=bool(computed.provisional),
            deadline_problem=computed.problem,
            clocks=clocks_dump(states, computed.dues, computed.provisional),
            registered_by=actor,
        )
        event_append(
            work_order=work_order,
            sequence=1,
            action=Action.REGISTER.value,
            actor=actor,
            occurred_at=now,
            from_state="",
            to_state=State.REGISTERED.value,
            note=computed.problem,
            changes={
                "kind": [None, data.kind.value],
                "rule_set": [None, rule_set.code],
                "due_on": [None, due_on.isoformat() if due_on else None],
                "is_due_provisional": [None, due_is_provisional],
                "routing": [None, suggestion.get("unit_code") or suggestion.get("outcome")],
            },
        )
        publish_live(
            [center_channel(center.pk)],
            "work_order.registered",
            {"id": work_order.pk, "kind": work_order.kind},
        )
    return work_order
