"""Encrypt the numbers of calls and blocked numbers stored before 0004, and fill their blind indexes.

A row written before encryption holds clear text; `EncryptedTextField` reads such a value as it is, and writing it
back encrypts it with the primary key. Reversing writes the clear values back (raw SQL, so nothing encrypts).
"""

from django.db import migrations

BATCH = 2000
CALL_FIELDS = ["from_number", "to_number", "caller_number"]


def _rewrite(model, fields, index_name, source):
    index = model._meta.get_field(index_name)
    batch = []
    for row in model.objects.only("pk", *fields).iterator(chunk_size=BATCH):
        setattr(row, index_name, index.digest(getattr(row, source)))
        batch.append(row)
        if len(batch) >= BATCH:
            model.objects.bulk_update(batch, [*fields, index_name])
            batch = []
    if batch:
        model.objects.bulk_update(batch, [*fields, index_name])


def encrypt_rows(apps, schema_editor):
    _rewrite(apps.get_model("intake", "Call"), CALL_FIELDS, "caller_number_index", "caller_number")
    _rewrite(apps.get_model("intake", "BlockedNumber"), ["number"], "number_index", "number")


def decrypt_rows(apps, schema_editor):
    for model, fields in (
        (apps.get_model("intake", "Call"), CALL_FIELDS),
        (apps.get_model("intake", "BlockedNumber"), ["number"]),
    ):
        table = schema_editor.quote_name(model._meta.db_table)
        assignments = ", ".join(f"{schema_editor.quote_name(f)} = %s" for f in fields)
        with schema_editor.connection.cursor() as cursor:
            for row in model.objects.only("pk", *fields).iterator(chunk_size=BATCH):
                cursor.execute(
                    f"UPDATE {table} SET {assignments} WHERE id = %s",  # noqa: S608
                    [*(getattr(row, f) for f in fields), row.pk],
                )


class Migration(migrations.Migration):
    dependencies = [("intake", "0004_encrypt_numbers")]

    operations = [migrations.RunPython(encrypt_rows, decrypt_rows)]
