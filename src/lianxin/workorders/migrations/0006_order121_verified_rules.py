"""Order 121 as verified (REGULATIONS.md, re-read in two agreeing copies of the published text).

Updates the stored Order 121 time limits and grounds that still hold the values shipped before the verification
(citations with 条号待核, Order 20 wordings, the reporter notice as a statutory period), adds the recusal pause
(Art. 21), and fills in `dispatched_at` from each work order's last dispatch event. A field an administrator has
changed since is left as it is: only a value equal to the old shipped one is replaced. New installs get the
verified rows from `reference/rule_sets.json` directly; on them this migration finds nothing to change.
"""

from django.db import migrations

ORDER_121 = "samr-order-121"

# clock -> {field: [old shipped value, verified value]}
TIME_LIMITS = {
    "accept_decision": {
        "citation": [
            "《市场监督管理投诉举报处理办法》受理决定期限（条号待核实）；《消费者权益保护法》第四十六条",
            "《市场监督管理投诉举报处理办法》第十五条；《消费者权益保护法》第四十六条",
        ],
        "confidence": ["likely", "verified"],
    },
    "mediation": {
        "paused_by": [
            ["testing_appraisal", "identity_verification"],
            ["testing_appraisal", "identity_verification", "recusal_application"],
        ],
        "citation": [
            "《市场监督管理投诉举报处理办法》第二十三条第一款第（五）项",
            "《市场监督管理投诉举报处理办法》第二十三条第一款第（五）项（“六十日”按自然日计）；检定、检验、检测、鉴定期间不计入（第二十二条第三款）；申请回避的调解中止（第二十一条）",
        ],
        "confidence": ["check", "likely"],
    },
    "termination_notice": {
        "citation": [
            "《市场监督管理投诉举报处理办法》终止调解告知期限（沿用第20号令第二十一条，待核实）",
            "《市场监督管理投诉举报处理办法》第二十三条：终止调解的，自作出决定之日起七个工作日内告知双方当事人",
        ],
        "confidence": ["check", "verified"],
    },
    "verification": {
        "citation": [
            "《市场监督管理行政处罚程序规定》第十八条",
            "《市场监督管理行政处罚程序规定》第十八条；《市场监督管理投诉举报处理办法》第三十五条（重复举报合并的，自最后一次举报起算）",
        ],
    },
    "reporter_notice": {
        "citation": [
            "《市场监督管理投诉举报处理办法》实名举报告知期限（沿用第20号令第三十一条，待核实）",
            "本中心内部工作目标，非法定期限：《市场监督管理投诉举报处理办法》第三十六条未规定告知期限，仅在法律、法规、规章有规定时告知或者奖励",
        ],
        "confidence": ["check", "verified"],
        "is_statutory": [True, False],
    },
}
# (kind, code) -> {field: [old shipped value, verified value]}
GROUNDS = {
    ("decline", "outside_duties"): {
        "confidence": ["likely", "verified"],
    },
    ("decline", "already_handled"): {
        "label": [
            "法院、仲裁机构、市场监督管理部门或者其他行政机关、消费者协会或者依法成立的其他调解组织已经受理或者处理过同一消费者权益争议",
            "法院、仲裁机构、市场监督管理部门或者其他行政机关、消费者协会已经受理或者处理过同一消费者权益争议",
        ],
        "confidence": ["likely", "verified"],
    },
    ("decline", "not_consumer_dispute"): {
        "confidence": ["likely", "verified"],
    },
    ("decline", "time_barred"): {
        "confidence": ["likely", "verified"],
    },
    ("decline", "materials_missing"): {
        "label": [
            "未提供规定的材料，或者提供虚假材料",
            "未按照本办法第十条第一款、第十一条的规定提供材料，或者提供的材料虚假",
        ],
        "confidence": ["likely", "verified"],
    },
    ("decline", "identity_refused"): {
        "label": ["冒用他人身份信息，或者拒不配合身份核验", "冒用他人名义投诉，或者拒不配合身份核验"],
        "confidence": ["likely", "verified"],
    },
    ("decline", "other_law"): {
        "confidence": ["likely", "verified"],
    },
    ("terminate", "withdrawn_or_settled"): {
        "confidence": ["likely", "verified"],
    },
    ("terminate", "party_absent_or_refuses"): {
        "label": [
            "投诉人或者被投诉人无正当理由不参加调解，或者被投诉人明确拒绝调解",
            "投诉人或者被投诉人无正当理由不参加调解，或者投诉人、被投诉人任何一方明确拒绝调解",
        ],
        "confidence": ["likely", "verified"],
    },
    ("terminate", "no_agreement_possible"): {
        "confidence": ["likely", "verified"],
    },
    ("terminate", "no_testing_agreement"): {
        "label": [
            "投诉人与被投诉人对检定、检验、检测、鉴定的技术机构或者费用承担无法协商一致",
            "投诉人与被投诉人对检定、检验、检测、鉴定费用的承担无法协商一致",
        ],
        "confidence": ["likely", "verified"],
    },
    ("terminate", "mediation_time_expired"): {
        "confidence": ["check", "verified"],
    },
    ("terminate", "decline_ground_found"): {
        "label": [
            "受理投诉后发现存在第十六条或者第四十二条规定情形",
            "市场监督管理部门受理投诉后，发现存在本办法第十六条规定情形或者第四十二条规定情形",
        ],
        "confidence": ["likely", "verified"],
    },
    ("terminate", "party_deceased_or_dissolved"): {
        "label": ["投诉人死亡或者被投诉人终止，无权利义务承受人", "投诉人或者被投诉人死亡或者终止"],
        "confidence": ["likely", "verified"],
    },
    ("terminate", "other_law"): {
        "confidence": ["likely", "verified"],
    },
    ("suspend", "testing_appraisal"): {
        "citation": ["《市场监督管理投诉举报处理办法》（条号待核实）", "第二十二条第三款"],
        "confidence": ["likely", "verified"],
    },
}
NEW_GROUNDS = [
    {
        "kind": "suspend",
        "code": "recusal_application",
        "label": "当事人申请回避，回避决定作出前调解中止，不计入调解期限",
        "citation": "第二十一条",
        "confidence": "verified",
        "position": 18,
    }
]


def forwards(apps, schema_editor):
    RuleSet = apps.get_model("workorders", "RuleSet")
    TimeLimitRule = apps.get_model("workorders", "TimeLimitRule")
    GroundRule = apps.get_model("workorders", "GroundRule")
    WorkOrder = apps.get_model("workorders", "WorkOrder")
    WorkOrderEvent = apps.get_model("workorders", "WorkOrderEvent")
    rule_set = RuleSet.objects.filter(code=ORDER_121).first()
    if rule_set is not None:
        for row in TimeLimitRule.objects.filter(rule_set=rule_set, clock__in=list(TIME_LIMITS)):
            _correct(row, TIME_LIMITS[row.clock])
        for row in GroundRule.objects.filter(rule_set=rule_set):
            if (row.kind, row.code) in GROUNDS:
                _correct(row, GROUNDS[(row.kind, row.code)])
        for ground in NEW_GROUNDS:
            GroundRule.objects.get_or_create(
                rule_set=rule_set,
                kind=ground["kind"],
                code=ground["code"],
                defaults={k: ground[k] for k in ("label", "citation", "confidence", "position")},
            )
    dispatches = (
        WorkOrderEvent.objects.filter(action__in=["dispatch", "redispatch"])
        .order_by("work_order_id", "sequence")
        .values_list("work_order_id", "occurred_at")
    )
    last = dict(dispatches.iterator())
    for work_order_id, occurred_at in last.items():
        WorkOrder.objects.filter(pk=work_order_id, dispatched_at__isnull=True).update(
            dispatched_at=occurred_at
        )


def _correct(row, changes):
    changed = []
    for field, (old, new) in changes.items():
        if getattr(row, field) == old:
            setattr(row, field, new)
            changed.append(field)
    if changed:
        row.save(update_fields=changed)


class Migration(migrations.Migration):
    dependencies = [("workorders", "0005_provisional_deadlines_start_events_verified")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
