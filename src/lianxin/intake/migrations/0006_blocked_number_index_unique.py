"""One blocked entry per number: the blind index is unique once every row has its digest (0005)."""

import lianxin.common.fields
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("intake", "0005_encrypt_existing_numbers")]

    operations = [
        migrations.AlterField(
            model_name="blockednumber",
            name="number_index",
            field=lianxin.common.fields.BlindIndexField(
                normalizer="phone", source="number", unique=True, verbose_name="号码盲索引"
            ),
        ),
    ]
