"""Encrypt the recipients and texts of messages written before 0003, and fill the recipients' blind index."""

from django.db import migrations

BATCH = 2000
FIELDS = ["recipient", "body"]


def encrypt_rows(apps, schema_editor):
    OutboxMessage = apps.get_model("notifications", "OutboxMessage")
    index = OutboxMessage._meta.get_field("recipient_index")
    batch = []
    for row in OutboxMessage.objects.only("pk", *FIELDS).iterator(chunk_size=BATCH):
        row.recipient_index = index.digest(row.recipient)
        batch.append(row)
        if len(batch) >= BATCH:
            OutboxMessage.objects.bulk_update(batch, [*FIELDS, "recipient_index"])
            batch = []
    if batch:
        OutboxMessage.objects.bulk_update(batch, [*FIELDS, "recipient_index"])


def decrypt_rows(apps, schema_editor):
    OutboxMessage = apps.get_model("notifications", "OutboxMessage")
    table = schema_editor.quote_name(OutboxMessage._meta.db_table)
    with schema_editor.connection.cursor() as cursor:
        for row in OutboxMessage.objects.only("pk", *FIELDS).iterator(chunk_size=BATCH):
            cursor.execute(
                f"UPDATE {table} SET recipient = %s, body = %s WHERE id = %s",  # noqa: S608
                [row.recipient, row.body, row.pk],
            )


class Migration(migrations.Migration):
    dependencies = [("notifications", "0003_encrypt_numbers")]

    operations = [migrations.RunPython(encrypt_rows, decrypt_rows)]
