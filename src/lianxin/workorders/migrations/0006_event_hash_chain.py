"""The hash chain over work-order events (issue 14 item 6): a column, the chain computed for the events already
stored, and on PostgreSQL a trigger that refuses UPDATE and DELETE on events (they are append-only evidence)."""

from django.db import migrations, models

from lianxin.domain.event_chain import GENESIS, EventContent, chain_hash

TRIGGER_SQL = """
CREATE OR REPLACE FUNCTION lianxin_refuse_change() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION USING
        MESSAGE = 'append-only table ' || TG_TABLE_NAME || ': ' || TG_OP || ' refused',
        ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS workorderevent_append_only ON workorders_workorderevent;
CREATE TRIGGER workorderevent_append_only BEFORE UPDATE OR DELETE ON workorders_workorderevent
    FOR EACH ROW EXECUTE FUNCTION lianxin_refuse_change();
"""
DROP_TRIGGER_SQL = "DROP TRIGGER IF EXISTS workorderevent_append_only ON workorders_workorderevent;"


def chain_existing_events(apps, schema_editor):
    event_model = apps.get_model("workorders", "WorkOrderEvent")
    previous, current_work_order = GENESIS, None
    for event in event_model.objects.order_by("work_order_id", "sequence").iterator(chunk_size=2000):
        if event.work_order_id != current_work_order:
            previous, current_work_order = GENESIS, event.work_order_id
        content = EventContent(
            work_order_id=event.work_order_id,
            sequence=event.sequence,
            action=event.action,
            actor_id=event.actor_id,
            approver_id=event.approver_id,
            occurred_at=event.occurred_at,
            from_state=event.from_state,
            to_state=event.to_state,
            note=event.note,
            ground_code=event.ground_code,
            changes=event.changes,
        )
        previous = chain_hash(previous, content)
        event_model.objects.filter(pk=event.pk).update(chain_hash=previous)


def create_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(TRIGGER_SQL)


def drop_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP_TRIGGER_SQL)


class Migration(migrations.Migration):
    dependencies = [
        ("workorders", "0005_approval_requests"),
    ]

    operations = [
        migrations.AddField(
            model_name="workorderevent",
            name="chain_hash",
            field=models.CharField(
                blank=True,
                editable=False,
                help_text="sha256(上一条校验值 + 本条内容)",
                max_length=64,
                verbose_name="链式校验值",
            ),
        ),
        migrations.RunPython(chain_existing_events, migrations.RunPython.noop),
        migrations.RunPython(create_trigger, drop_trigger),
    ]
