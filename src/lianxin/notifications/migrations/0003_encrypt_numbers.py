"""The outbox's recipients and texts encrypted at rest, recipients found by a blind index (ADR 0019 §4)."""

import lianxin.common.fields
from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('notifications', '0002_default_notices'),
    ]

    operations = [
        migrations.AddField(
            model_name='outboxmessage',
            name='recipient_index',
            field=lianxin.common.fields.BlindIndexField(normalizer='contact', source='recipient', verbose_name='接收人盲索引'),
        ),
        migrations.AlterField(
            model_name='outboxmessage',
            name='body',
            field=lianxin.common.fields.EncryptedTextField(verbose_name='内容'),
        ),
        migrations.AlterField(
            model_name='outboxmessage',
            name='recipient',
            field=lianxin.common.fields.EncryptedTextField(verbose_name='接收人'),
        ),
    ]
