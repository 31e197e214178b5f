"""A callback's result no longer writes a rating: the ratings written by callbacks (source "callback") are
removed — their satisfaction and remarks are on the `Callback` row itself — so that the consumer, who could not
rate online once a callback had written one, may, and the statistics count each source once."""

from django.db import migrations


def forwards(apps, schema_editor):
    Rating = apps.get_model("portal", "Rating")
    Rating.objects.filter(source="callback").delete()


def backwards(apps, schema_editor):
    Rating = apps.get_model("portal", "Rating")
    Callback = apps.get_model("portal", "Callback")
    for callback in Callback.objects.filter(state="done").exclude(satisfaction="").iterator():
        if not Rating.objects.filter(work_order_id=callback.work_order_id).exists():
            Rating.objects.create(
                work_order_id=callback.work_order_id,
                satisfaction=callback.satisfaction,
                remarks=callback.remarks,
                source="callback",
                rated_at=callback.called_at,
            )


class Migration(migrations.Migration):
    dependencies = [("portal", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards)]
