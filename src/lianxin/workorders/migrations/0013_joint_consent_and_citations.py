"""Joint complaints on installs that have the rule sets already: the citation of the written election of
representatives (Order 121 Art. 12, Order 20 Art. 11) and the withdrawal/settlement ground that needs the
represented complainants' consent. A value an administrator has set is left as it is. The coded return reasons
(kind "return") are added by `load_reference_data`, which `lianxin start` runs, like every other missing row.
"""

from django.db import migrations

CITATIONS = {
    "samr-order-20": "《市场监督管理投诉举报处理暂行办法》第十一条",
    "samr-order-121": "《市场监督管理投诉举报处理办法》第十二条",
}


def forward(apps, schema_editor):
    rule_set = apps.get_model("workorders", "RuleSet")
    ground = apps.get_model("workorders", "GroundRule")
    for code, citation in CITATIONS.items():
        rule_set.objects.filter(code=code, joint_complaint_citation="").update(joint_complaint_citation=citation)
    ground.objects.filter(
        rule_set__code__in=list(CITATIONS), kind="terminate", code="withdrawn_or_settled"
    ).update(requires_joint_consent=True)


class Migration(migrations.Migration):
    dependencies = [("workorders", "0012_return_reasons_mixed_filings_joint_complaints")]
    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
