from django.db import migrations


def seed(apps, schema_editor):
    from lianxin.documents.defaults import DEFAULT_TEMPLATES

    template = apps.get_model("documents", "DocumentTemplate")
    for fields in DEFAULT_TEMPLATES:
        if not template.objects.filter(kind=fields["kind"]).exists():
            template.objects.create(version=1, **fields)


class Migration(migrations.Migration):
    dependencies = [("documents", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
