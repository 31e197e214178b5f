"""Valid registration inputs to start tests from; override what a test is about."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from lianxin.domain.workflow import Channel, Kind
from lianxin.workorders.services import CoComplainantInput, WorkOrderInput

SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(text: str) -> datetime:
    """An aware Asia/Shanghai datetime from 'YYYY-MM-DD HH:MM'."""
    return datetime.fromisoformat(text).replace(tzinfo=SHANGHAI)


def complaint_input(**overrides: Any) -> WorkOrderInput:
    base = WorkOrderInput(
        kind=Kind.COMPLAINT,
        channel=Channel.HOTLINE,
        received_at=at("2026-05-06 10:00"),
        contact_name="张伟",
        contact_phone="13912345678",
        contact_id_type="resident_id",
        contact_id_number="11010519491231002X",
        contact_address="西安市雁塔区小寨东路1号",
        respondent_name="西安某某电器有限公司",
        respondent_address="西安市雁塔区长安南路88号",
        respondent_division_code="610113",
        category_code="household_appliances",
        issue_type_code="quality",
        summary="新买冰箱不制冷",
        facts="2026年5月1日购买冰箱一台，使用三天后不制冷，商家拒绝退换。",
        claims="退货退款",
        amount_involved=Decimal("3999.00"),
    )
    return replace(base, **overrides)


def joint_complaint_input(**overrides: Any) -> WorkOrderInput:
    """张伟 (representative), 李明 (representative) and 赵强 (represented) against one business: a joint complaint
    (共同投诉, Order 121 Art. 12) with its representatives elected in writing."""

    joint: dict[str, Any] = {
        "co_complainants": (
            CoComplainantInput(name="李明", phone="13800002222", is_representative=True),
            CoComplainantInput(name="赵强", phone="13800003333"),
        ),
        "contact_is_representative": True,
        "representative_election": "三人签名的推选书",
    }
    return complaint_input(**(joint | overrides))


def report_input(**overrides: Any) -> WorkOrderInput:
    base = WorkOrderInput(
        kind=Kind.REPORT,
        channel=Channel.WEB,
        received_at=at("2026-05-06 10:00"),
        contact_name="李娜",
        contact_phone="029-88886666",
        respondent_name="碑林区某超市",
        respondent_address="西安市碑林区东大街1号",
        respondent_division_code="610103",
        issue_type_code="report_food_safety",
        facts="超市销售过期食品，货架上的牛奶已过保质期十天。",
    )
    return replace(base, **overrides)


def consultation_input(**overrides: Any) -> WorkOrderInput:
    base = WorkOrderInput(
        kind=Kind.CONSULTATION,
        channel=Channel.HOTLINE,
        received_at=at("2026-05-06 10:00"),
        contact_phone="13800001111",
        summary="网购七日无理由退货的条件",
    )
    return replace(base, **overrides)
