"""Three hand-written demo items for issue 10's last features, so that `lianxin start --demo` shows each of them:

- a complaint a county returned to the 12315 center with a coded reason (退回原因, Order 121 Art. 41), waiting in the
  center's 待分送 queue;
- a mixed filing (混合诉求, Art. 9): a complaint and a report linked to each other, each dispatched by its own rule;
- a joint complaint (共同投诉, Art. 12): three consumers, two representatives elected in writing, under mediation,
  whose representatives dropped part of the requests with the represented complainant's consent (变更或者放弃投诉请求).

Written through the real services like every demo item; each is found again by its summary, so a second load adds
nothing. They count towards the demo's total (they are registered by the demo agent).
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from lianxin.accounts.models import OrgUnit, User
from lianxin.common import clock
from lianxin.domain.claims import ClaimsChange
from lianxin.domain.workflow import Action, Channel, Kind
from lianxin.workorders.models import WorkOrder
from lianxin.workorders.services import (
    CoComplainantInput,
    JointConsentInput,
    TransitionInput,
    WorkOrderInput,
    mixed_filing_register,
    mixed_report_input,
    work_order_register,
    work_order_transition,
)

RETURNED_SUMMARY = "【演示·退回】商城内柜台销售的吹风机漏电"
MIXED_SUMMARY = "【演示·混合诉求】买到过期酸奶要求退款"
JOINT_SUMMARY = "【演示·共同投诉】健身房闭店预付卡无法退费"
SHOWCASE_SUMMARIES = (RETURNED_SUMMARY, MIXED_SUMMARY, JOINT_SUMMARY)
SHOWCASE_COUNT = 4  # the mixed filing is two work orders


def _dispatch(order: WorkOrder, actor: User, unit: OrgUnit) -> WorkOrder:
    suggested = order.routing.get("unit_id") if order.routing.get("outcome") == "assign" else None
    note = "" if suggested in (None, unit.pk) else "按来电人补充的实际经营地址分送（与系统建议不同）。"
    return work_order_transition(
        work_order_id=order.pk,
        actor=actor,
        data=TransitionInput(Action.DISPATCH, handling_unit_id=unit.pk, note=note),
    )


def _step(order: WorkOrder, actor: User, action: Action, **fields: object) -> WorkOrder:
    return work_order_transition(
        work_order_id=order.pk,
        actor=actor,
        data=TransitionInput(action, **fields),  # type: ignore[arg-type]
    )


def showcase_missing() -> int:
    """How many showcase work orders a load would add (0 when they are there)."""
    present = set(WorkOrder.objects.filter(summary__in=SHOWCASE_SUMMARIES).values_list("summary", flat=True))
    return sum(
        2 if summary == MIXED_SUMMARY else 1 for summary in SHOWCASE_SUMMARIES if summary not in present
    )


def showcase_ensure(*, users: dict[str, User], units: dict[str, OrgUnit]) -> list[WorkOrder]:
    """Add the showcase items that are missing; the work orders added, as they end up."""
    present = set(WorkOrder.objects.filter(summary__in=SHOWCASE_SUMMARIES).values_list("summary", flat=True))
    agent, supervisor = users["demo_agent"], users["demo_supervisor"]
    received = clock.now().replace(microsecond=0) - timedelta(days=2)
    added: list[WorkOrder] = []
    if RETURNED_SUMMARY not in present:
        order = work_order_register(
            actor=agent,
            data=WorkOrderInput(
                kind=Kind.COMPLAINT,
                channel=Channel.HOTLINE,
                received_at=received,
                contact_name="周敏",
                contact_phone="13709181234",
                contact_address="陕西省西安市碑林区南院门12号",
                respondent_name="某商城三楼小家电柜台",
                respondent_address="西安市某商城三楼",
                category_code="household_appliances",
                issue_type_code="safety",
                summary=RETURNED_SUMMARY,
                facts="在商城三楼柜台购买吹风机，使用时外壳漏电，柜台拒绝退换。来电人记不清商城的具体地址。",
                claims="退货退款",
                amount_involved=Decimal("259.00"),
            ),
        )
        order = _dispatch(order, agent, units["beilin"])
        order = _step(
            order,
            users["demo_handler_beilin"],
            Action.RETURN,
            return_reason="address_unclear",
            note="被投诉人地址仅为“某商城三楼”，经电话联系投诉人未能补充，无法确定是否属本区管辖。",
        )
        added.append(order)
    if MIXED_SUMMARY not in present:
        complaint = WorkOrderInput(
            kind=Kind.COMPLAINT,
            channel=Channel.HOTLINE,
            received_at=received,
            contact_name="马丽",
            contact_phone="13991234567",
            contact_address="陕西省西安市雁塔区翠华路3号",
            respondent_name="雁塔区某某便利店",
            respondent_address="陕西省西安市雁塔区小寨西路26号",
            category_code="food",
            issue_type_code="food_safety",
            summary=MIXED_SUMMARY,
            facts="在该便利店购买酸奶两盒，回家发现已过保质期五天，店员拒绝退款。",
            claims="退款并按食品安全法赔偿",
            amount_involved=Decimal("17.80"),
        )
        report = mixed_report_input(
            complaint,
            summary="便利店冷柜内仍有多盒过期酸奶在售",
            facts="来电人称店内冷柜中仍有多盒过期酸奶在售，请求依法查处。",
            issue_type_code="report_food_safety",
        )
        filing = mixed_filing_register(actor=agent, complaint=complaint, report=report)
        added.append(_dispatch(filing.complaint, agent, units["yanta"]))
        added.append(_dispatch(filing.report, agent, units["yanta"]))
    if JOINT_SUMMARY not in present:
        order = work_order_register(
            actor=supervisor,
            data=WorkOrderInput(
                kind=Kind.COMPLAINT,
                channel=Channel.WALK_IN,
                received_at=received,
                contact_name="孙悦",
                contact_phone="13609187766",
                contact_address="陕西省西安市未央区凤城八路6号",
                respondent_name="未央区某某健身有限公司",
                respondent_address="陕西省西安市未央区凤城九路18号",
                category_code="culture_entertainment_sports",
                issue_type_code="contract",
                summary=JOINT_SUMMARY,
                facts="三人于今年三月在该健身房办理年卡，五月起门店停业，商家拒绝退还剩余费用。",
                claims="按剩余月数退还预付款，并按合同赔偿违约金",
                amount_involved=Decimal("5400.00"),
                co_complainants=(
                    CoComplainantInput(
                        name="钱程",
                        phone="13892001122",
                        address="陕西省西安市未央区凤城七路1号",
                        is_representative=True,
                    ),
                    CoComplainantInput(
                        name="吴桐", phone="13572003344", address="陕西省西安市未央区文景路9号"
                    ),
                ),
                contact_is_representative=True,
                representative_election="三名投诉人签名的书面推选书（来访时提交原件），推选孙悦、钱程为代表人。",
            ),
        )
        order = _dispatch(order, supervisor, units["weiyang"])
        handler = users["demo_handler_weiyang"]
        order = _step(order, handler, Action.ACCEPT, note="材料齐全，依法受理。")
        order = _step(order, handler, Action.START_MEDIATION, note="已通知三名投诉人及商家调解时间。")
        # The representatives drop the penalty claim before the session; 吴桐, whom they represent, consents in
        # writing (Order 121 Art. 12), as an agreement would need.
        wu = order.co_complainants.get(name="吴桐")
        added.append(
            _step(
                order,
                handler,
                Action.CHANGE_CLAIMS,
                claims="按剩余月数退还预付款",
                claims_change=ClaimsChange.PARTLY_DROPPED.value,
                note="代表人孙悦、钱程书面告知：为尽快退费，放弃违约金请求。",
                joint_consent=JointConsentInput(
                    complainant_keys=(str(wu.pk),), record="吴桐签署的同意书（已作为证据材料存档）"
                ),
            )
        )
    return added
