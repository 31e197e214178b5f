"""Break reasons (小休原因) and the default intake policy as data; an index for the lookup by caller number."""

from django.db import migrations

BREAK_REASONS = [
    ("meal", "用餐", 1),
    ("rest", "休息", 2),
    ("training", "培训", 3),
    ("meeting", "会议", 4),
    ("coaching", "辅导", 5),
    ("no_answer", "振铃未接", 9),
    ("other", "其他", 10),
]


def seed(apps, schema_editor):
    BreakReason = apps.get_model("intake", "BreakReason")
    for code, label, position in BREAK_REASONS:
        BreakReason.objects.get_or_create(code=code, defaults={"label": label, "position": position})
    IntakePolicy = apps.get_model("intake", "IntakePolicy")
    if not IntakePolicy.objects.exists():
        IntakePolicy.objects.create()


class Migration(migrations.Migration):
    dependencies = [("intake", "0001_initial"), ("workorders", "0001_initial")]

    operations = [
        migrations.RunPython(seed, migrations.RunPython.noop),
    ]
