"""Move the clear DRF tokens (``authtoken_token``) into `ApiToken` as SHA-256 digests, then delete the clear keys.

Programs keep working with the key they have; the clear key is no longer stored anywhere. Raw SQL, because
``rest_framework.authtoken`` is no longer installed (its table stays, empty).
"""

import hashlib
from datetime import timedelta

from django.db import migrations
from django.utils import timezone


def hash_tokens(apps, schema_editor):
    connection = schema_editor.connection
    if "authtoken_token" not in connection.introspection.table_names():
        return
    ApiToken = apps.get_model("accounts", "ApiToken")
    with connection.cursor() as cursor:
        cursor.execute("SELECT key, user_id FROM authtoken_token")
        rows = cursor.fetchall()
    expires = timezone.now() + timedelta(days=90)
    ApiToken.objects.bulk_create(
        [
            ApiToken(
                user_id=user_id,
                name="迁移自旧令牌",
                key_hash=hashlib.sha256(key.encode()).hexdigest(),
                prefix=key[:10],
                expires_at=expires,
            )
            for key, user_id in rows
        ]
    )
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM authtoken_token")


class Migration(migrations.Migration):
    dependencies = [("accounts", "0002_api_tokens")]

    operations = [migrations.RunPython(hash_tokens, migrations.RunPython.noop)]
