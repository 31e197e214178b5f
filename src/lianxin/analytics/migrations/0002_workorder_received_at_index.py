"""The rollups recompute a day with one range scan of the work orders received that day; the work-order table has
no index on `received_at`, so analytics adds one (named for this app, dropped with it)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("analytics", "0001_initial"),
        ("workorders", "0001_initial"),
    ]

    operations = [
        migrations.RunSQL(
            "CREATE INDEX IF NOT EXISTS analytics_workorder_received_at ON workorders_workorder (received_at)",
            "DROP INDEX IF EXISTS analytics_workorder_received_at",
        ),
    ]
