"""Encrypt the phone and ID numbers stored before 0005, and fill their blind indexes (issue 14 item 9).

Rows written before encryption hold clear text; `EncryptedTextField` reads such a value as it is, and writing
it back encrypts it with the primary key. Reversing writes the clear values back (raw SQL, so nothing encrypts).
"""

from django.db import migrations
from django.db.models import Q

BATCH = 2000


def encrypt_rows(apps, schema_editor):
    WorkOrder = apps.get_model("workorders", "WorkOrder")
    phone_index = WorkOrder._meta.get_field("contact_phone_index")
    id_index = WorkOrder._meta.get_field("contact_id_number_index")
    rows = WorkOrder.objects.filter(~Q(contact_phone="") | ~Q(contact_id_number="")).only(
        "pk", "contact_phone", "contact_id_number"
    )
    batch = []
    for row in rows.iterator(chunk_size=BATCH):
        row.contact_phone_index = phone_index.digest(row.contact_phone)
        row.contact_id_number_index = id_index.digest(row.contact_id_number)
        batch.append(row)
        if len(batch) >= BATCH:
            _flush(WorkOrder, batch)
            batch = []
    _flush(WorkOrder, batch)


def _flush(WorkOrder, batch):
    if batch:
        WorkOrder.objects.bulk_update(
            batch, ["contact_phone", "contact_id_number", "contact_phone_index", "contact_id_number_index"]
        )


def decrypt_rows(apps, schema_editor):
    WorkOrder = apps.get_model("workorders", "WorkOrder")
    table = schema_editor.quote_name(WorkOrder._meta.db_table)
    rows = WorkOrder.objects.filter(~Q(contact_phone="") | ~Q(contact_id_number="")).only(
        "pk", "contact_phone", "contact_id_number"
    )
    with schema_editor.connection.cursor() as cursor:
        for row in rows.iterator(chunk_size=BATCH):
            cursor.execute(
                f"UPDATE {table} SET contact_phone = %s, contact_id_number = %s WHERE id = %s",  # noqa: S608
                [row.contact_phone, row.contact_id_number, row.pk],
            )


class Migration(migrations.Migration):
    dependencies = [("workorders", "0005_encrypt_contact_identifiers")]

    operations = [migrations.RunPython(encrypt_rows, decrypt_rows)]
