"""The 分送通知书 cited Order 121 Art. 14 (several competent departments: the first to receive handles it); the
distribution of items by the unified intake body is Art. 41 (REGULATIONS.md §4, verified text). A database whose
form in force still carries the shipped citation gets a new version with the right one; an administrator's own
revision is left alone, and documents already issued keep pointing at the version they were made from."""

from django.db import migrations

OLD = "《市场监督管理投诉举报处理办法》第十四条"
NEW = "《市场监督管理投诉举报处理办法》第四十一条"


def cite_article_41(apps, schema_editor):
    template = apps.get_model("documents", "DocumentTemplate")
    current = template.objects.filter(kind="dispatch_notice").order_by("-version").first()
    if current is None or current.citation != OLD:
        return
    template.objects.create(
        kind=current.kind,
        version=current.version + 1,
        title=current.title,
        addressee=current.addressee,
        number_prefix=current.number_prefix,
        body=current.body,
        citation=NEW,
    )


class Migration(migrations.Migration):
    dependencies = [("documents", "0002_default_templates")]
    operations = [migrations.RunPython(cite_article_41, migrations.RunPython.noop)]
