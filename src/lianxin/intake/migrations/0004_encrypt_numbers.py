"""Phone numbers of calls and blocked numbers encrypted at rest, with a blind index (ADR 0019 §4).

Three steps: the columns (the blind index of blocked numbers not yet unique: existing rows have no digest), the
rows encrypted and indexed (0005), then the index made unique (0006)."""

import lianxin.common.fields
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('intake', '0003_wallboard_service_level'),
        ('workorders', '0011_action_choices_settle_online'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name='call',
            name='call_caller_offered',
        ),
        migrations.AddField(
            model_name='blockednumber',
            name='number_index',
            field=lianxin.common.fields.BlindIndexField(normalizer='phone', source='number', verbose_name='号码盲索引'),
        ),
        migrations.AddField(
            model_name='call',
            name='caller_number_index',
            field=lianxin.common.fields.BlindIndexField(normalizer='phone', source='caller_number', verbose_name='来电人号码盲索引'),
        ),
        migrations.AlterField(
            model_name='blockednumber',
            name='number',
            field=lianxin.common.fields.EncryptedTextField(help_text='去掉国家码的号码', verbose_name='号码'),
        ),
        migrations.AlterField(
            model_name='call',
            name='caller_number',
            field=lianxin.common.fields.EncryptedTextField(blank=True, help_text='呼入为主叫、呼出为被叫，去掉国家码', verbose_name='来电人号码（规范化）'),
        ),
        migrations.AlterField(
            model_name='call',
            name='from_number',
            field=lianxin.common.fields.EncryptedTextField(blank=True, verbose_name='主叫号码'),
        ),
        migrations.AlterField(
            model_name='call',
            name='to_number',
            field=lianxin.common.fields.EncryptedTextField(blank=True, verbose_name='被叫号码'),
        ),
        migrations.AddIndex(
            model_name='call',
            index=models.Index(fields=['caller_number_index', 'offered_at'], name='call_caller_offered'),
        ),
    ]
