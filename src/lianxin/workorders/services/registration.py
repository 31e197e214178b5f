"""Registering a work order (登记): validation, numbering, the rule set of the day, clocks and the first event."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, connection, transaction

from lianxin.accounts.models import User
from lianxin.calendars.selectors import deadline_calendar
from lianxin.common import clock
from lianxin.common.events import center_channel, publish_live
from lianxin.domain.deadlines import ClockState, start_clocks_on
from lianxin.domain.errors import NoRuleSetInForce, RequirementMissing, TooManyRepresentatives
from lianxin.domain.identifiers import (
    is_valid_credit_code,
    is_valid_division_code,
    is_valid_phone,
    is_valid_resident_id,
    normalize_phone,
)
from lianxin.domain.joint_complaints import CONTACT_KEY, JointComplainant, check_representatives
from lianxin.domain.rules import ClockName, RuleSet, StartEvent
from lianxin.domain.text_limits import too_long
from lianxin.domain.workflow import REGISTRATION_CLOCKS, Action, Channel, Kind, State
from lianxin.workorders.clock_storage import clocks_dump
from lianxin.workorders.errors import ActionForbidden, InvalidWorkOrder
from lianxin.workorders.models import (
    CoComplainant,
    IdType,
    OnlineRole,
    WorkOrder,
    WorkOrderSequence,
)
from lianxin.workorders.permissions import can_register
from lianxin.workorders.selectors import rule_set_for, taxonomy_ids

from .clocks import ClockDues, due_dates
from .events import event_append
from .routing import routing_suggestion


@dataclass(frozen=True, slots=True)
class CoComplainantInput:
    """One more complainant of a joint complaint (共同投诉人, Order 121 Art. 12): the real identity information
    Art. 10 asks of every complainant, and whether the complainants elected them representative."""

    name: str
    phone: str = ""
    id_type: str = ""
    id_number: str = ""
    address: str = ""
    is_representative: bool = False


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
    # A joint complaint: the other complainants, whether the main complainant is a representative, and the
    # record of the written election of the representatives (Order 121 Art. 12).
    co_complainants: tuple[CoComplainantInput, ...] = ()
    contact_is_representative: bool = False
    representative_election: str = ""


_REQUIRED = "此项为必填项。"
CO_COMPLAINANT_NAME_MAX = CoComplainant._meta.get_field("name").max_length or 50
CO_COMPLAINANT_ADDRESS_MAX = CoComplainant._meta.get_field("address").max_length or 200


def co_complainant_field(index: int, name: str) -> str:
    """The error key of one field of one co-complainant (interfaces map it onto their own field names)."""
    return f"co_complainants.{index}.{name}"


def co_complainant_errors(person: CoComplainantInput) -> dict[str, list[str]]:
    """What is wrong with one co-complainant's details, by field name ({} when nothing is): every complainant gives
    their real identity (Order 121 Art. 10), name and phone at least, and a resident ID number must be valid."""
    errors: dict[str, list[str]] = {}

    def add(name: str, message: str) -> None:
        errors.setdefault(name, []).append(message)

    if not person.name.strip():
        add("name", _REQUIRED)
    elif len(person.name.strip()) > CO_COMPLAINANT_NAME_MAX:
        add("name", f"姓名最多{CO_COMPLAINANT_NAME_MAX}字。")
    if not person.phone.strip():
        add("phone", _REQUIRED)
    elif not is_valid_phone(person.phone):
        add("phone", "联系电话格式不正确。")
    if person.id_type and person.id_type not in IdType.values:
        add("id_type", "证件类型不正确。")
    if person.id_number and not person.id_type:
        add("id_type", "填写证件号码时须选择证件类型。")
    if person.id_type == IdType.RESIDENT_ID and not is_valid_resident_id(person.id_number):
        add("id_number", "居民身份证号码不正确（校验位不符或日期无效）。")
    if len(person.address.strip()) > CO_COMPLAINANT_ADDRESS_MAX:
        add("address", f"联系地址最多{CO_COMPLAINANT_ADDRESS_MAX}字。")
    return errors


def co_complainant_row(
    *, work_order: WorkOrder, position: int, person: CoComplainantInput, actor: User, now: datetime
) -> CoComplainant:
    """The (unsaved) row of one co-complainant, stored like the main complainant: phone and ID number normalised
    (and encrypted with their blind indexes by the fields themselves)."""
    return CoComplainant(
        work_order=work_order,
        position=position,
        name=person.name.strip(),
        phone=normalize_phone(person.phone) if person.phone else "",
        id_type=person.id_type,
        id_number=person.id_number.strip().upper(),
        address=person.address.strip(),
        is_representative=person.is_representative,
        added_by=actor,
        added_at=now,
    )


def _validate_co_complainants(data: WorkOrderInput, errors: dict[str, list[str]]) -> None:
    def add(name: str, message: str) -> None:
        errors.setdefault(name, []).append(message)

    if not data.co_complainants:
        return
    if data.kind is not Kind.COMPLAINT:
        add("co_complainants", "只有投诉可以有共同投诉人（举报、咨询不适用）。")
        return
    for index, person in enumerate(data.co_complainants):
        for name, messages in co_complainant_errors(person).items():
            errors.setdefault(co_complainant_field(index, name), []).extend(messages)
    for name, messages in too_long({"facts": data.representative_election}).items():
        errors.setdefault("representative_election" if name == "facts" else name, []).extend(messages)


def joint_complainants_of_input(data: WorkOrderInput) -> list[JointComplainant]:
    """The complainants of an input as the joint-complaint checks see them (the main one first)."""
    return [
        JointComplainant(CONTACT_KEY, data.contact_name.strip(), data.contact_is_representative),
        *(
            JointComplainant(str(index), person.name.strip(), person.is_representative)
            for index, person in enumerate(data.co_complainants)
        ),
    ]


def _check_joint(data: WorkOrderInput, rule_set: RuleSet, errors: dict[str, list[str]]) -> None:
    """Representatives: at most the rule set's number (a third is refused with its own code), only on a joint
    complaint, and only with a record of their written election (Order 121 Art. 12)."""
    if data.kind is not Kind.COMPLAINT:
        return
    complainants = (
        joint_complainants_of_input(data) if data.co_complainants or data.contact_is_representative else []
    )
    try:
        check_representatives(
            complainants,
            max_representatives=rule_set.max_representatives,
            citation=rule_set.joint_complaint_citation,
            election_record=data.representative_election,
        )
    except TooManyRepresentatives as error:
        raise TooManyRepresentatives(error.message, fields={**errors, **error.fields}) from None
    except RequirementMissing as error:
        for name, messages in error.fields.items():
            errors.setdefault(name, []).extend(messages)


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
    _validate_co_complainants(data, errors)
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


@dataclass(frozen=True, slots=True)
class _Prepared:
    """A registration checked and computed, ready to be written (`_insert`, then `_record`)."""

    data: WorkOrderInput
    now: datetime
    rule_set_id: int
    rule_set: RuleSet
    category_id: int | None
    issue_type_id: int | None
    clocks: dict[ClockName, ClockState]
    computed: ClockDues
    routing: dict[str, Any]


def _prepare(
    actor: User, data: WorkOrderInput, now: datetime
) -> tuple[_Prepared | None, dict[str, list[str]]]:
    """Validate and compute everything a registration writes; the field errors when the input is invalid."""
    errors = _validate(data, now)
    taxonomy = taxonomy_ids()
    category_id = taxonomy["categories"].get(data.category_code) if data.category_code else None
    issue_type_id = taxonomy["issue_types"].get(data.issue_type_code) if data.issue_type_code else None
    if data.category_code and category_id is None:
        errors.setdefault("category_code", []).append("分类不存在或已停用。")
    if data.issue_type_code and issue_type_id is None:
        errors.setdefault("issue_type_code", []).append("问题类别不存在或已停用。")
    received_on = clock.local_date(data.received_at)
    try:
        rule_set_id, rule_set = rule_set_for(received_on)
    except NoRuleSetInForce:
        if errors:
            return None, errors
        raise
    _check_joint(data, rule_set, errors)
    if errors:
        return None, errors
    states = start_clocks_on(
        {}, StartEvent.RECEIVED, candidates=REGISTRATION_CLOCKS[data.kind], on=received_on, rule_set=rule_set
    )
    suggestion = routing_suggestion(
        kind=data.kind,
        online_role=data.respondent_online_role,
        address=data.respondent_address,
        published_address=data.respondent_published_address,
        platform_address=data.respondent_platform_address,
        received_on=received_on,
    )
    prepared = _Prepared(
        data=data,
        now=now,
        rule_set_id=rule_set_id,
        rule_set=rule_set,
        category_id=category_id,
        issue_type_id=issue_type_id,
        clocks=states,
        computed=due_dates(states, rule_set, deadline_calendar()),
        routing=suggestion,
    )
    return prepared, {}


def _insert(prepared: _Prepared, actor: User, *, counterpart: WorkOrder | None = None) -> WorkOrder:
    """Write the row (in the caller's transaction); `counterpart` links the other half of a mixed filing."""
    data, computed = prepared.data, prepared.computed
    due_on, due_clock, due_is_provisional = computed.next_due()
    center = actor.unit
    assert center is not None  # noqa: S101 - can_register checked it
    received_on = clock.local_date(data.received_at)
    return WorkOrder.objects.create(
        number=_next_number(center.pk, center.code, received_on.year),
        center=center,
        kind=data.kind.value,
        channel=data.channel.value,
        received_at=data.received_at,
        state=State.REGISTERED.value,
        version=1,
        rule_set_id=prepared.rule_set_id,
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
        routing=prepared.routing,
        category_id=prepared.category_id,
        issue_type_id=prepared.issue_type_id,
        summary=data.summary.strip(),
        facts=data.facts.strip(),
        claims=data.claims.strip(),
        amount_involved=data.amount_involved,
        is_group_complaint=data.is_group_complaint,
        consents_to_publish=data.consents_to_publish,
        is_delegated_mediation=data.is_delegated_mediation,
        is_joint_complaint=bool(data.co_complainants),
        contact_is_representative=data.contact_is_representative,
        representative_election=data.representative_election.strip(),
        mixed_counterpart=counterpart,
        due_on=due_on,
        due_clock=due_clock,
        is_due_provisional=due_is_provisional,
        has_provisional_deadline=bool(computed.provisional),
        deadline_problem=computed.problem,
        clocks=clocks_dump(prepared.clocks, computed.dues, computed.provisional),
        registered_by=actor,
    )


def _record(
    prepared: _Prepared, work_order: WorkOrder, actor: User, *, extra_changes: dict[str, Any] | None = None
) -> None:
    """The co-complainants, the registration event and the live message (in the caller's transaction)."""
    data, computed = prepared.data, prepared.computed
    due_on, _, due_is_provisional = computed.next_due()
    if data.co_complainants:
        CoComplainant.objects.bulk_create(
            co_complainant_row(
                work_order=work_order, position=position, person=person, actor=actor, now=prepared.now
            )
            for position, person in enumerate(data.co_complainants, start=1)
        )
    changes: dict[str, Any] = {
        "kind": [None, data.kind.value],
        "rule_set": [None, prepared.rule_set.code],
        "due_on": [None, due_on.isoformat() if due_on else None],
        "is_due_provisional": [None, due_is_provisional],
        "routing": [None, prepared.routing.get("unit_code") or prepared.routing.get("outcome")],
    }
    if data.co_complainants:
        # Counts only: the names are personal data and live in their own (protected) rows.
        representatives = (
            sum(p.is_representative for p in data.co_complainants) + data.contact_is_representative
        )
        changes["co_complainants"] = [None, len(data.co_complainants)]
        changes["representatives"] = [None, representatives]
    event_append(
        work_order=work_order,
        sequence=1,
        action=Action.REGISTER.value,
        actor=actor,
        occurred_at=prepared.now,
        from_state="",
        to_state=State.REGISTERED.value,
        note=computed.problem,
        changes={**changes, **(extra_changes or {})},
    )
    center_id = work_order.center_id
    publish_live(
        [center_channel(center_id)],
        "work_order.registered",
        {"id": work_order.pk, "kind": work_order.kind},
    )


def registration_prepare(*, actor: User, data: WorkOrderInput, now: datetime) -> _Prepared:
    """Check a registration and compute what it writes, or raise InvalidWorkOrder (for services that register
    more than one item at once: mixed filings)."""
    if not can_register(actor):
        raise ActionForbidden("只有12315中心的话务员、值班长或管理人员可以登记工单。")
    prepared, errors = _prepare(actor, data, now)
    if prepared is None:
        raise InvalidWorkOrder("登记信息有误，请检查标出的项目。", fields=errors)
    return prepared


def work_order_register(*, actor: User, data: WorkOrderInput) -> WorkOrder:
    """Register a work order at the actor's 12315 center and start the clocks that run from receipt."""
    prepared = registration_prepare(actor=actor, data=data, now=clock.now())
    with transaction.atomic():
        work_order = _insert(prepared, actor)
        _record(prepared, work_order, actor)
    return work_order
