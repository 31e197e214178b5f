from django.db import migrations


def seed(apps, schema_editor):
    from lianxin.notifications.defaults import DEFAULT_NOTICES

    template = apps.get_model("notifications", "NoticeTemplate")
    for fields in DEFAULT_NOTICES:
        template.objects.get_or_create(code=fields["code"], channel=fields["channel"], defaults=fields)


class Migration(migrations.Migration):
    dependencies = [("notifications", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
