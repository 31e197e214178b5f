"""Key rotation for the encrypted personal-data fields (``./lianxin keys rotate``).

Every model field that is an `EncryptedTextField` is re-encrypted under the primary key, batch by batch, each
batch in its own transaction under row locks (a concurrent edit of the same row waits, and is not lost). The
blind indexes are recomputed in the same pass, so after a rotation of the index key they match again.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

from django.apps import apps
from django.db import connection, models, transaction

from . import fieldcrypto
from .fields import BlindIndexField, EncryptedTextField

BATCH = 1000


@dataclass(frozen=True)
class EncryptedModel:
    model: type[models.Model]
    encrypted: tuple[str, ...]
    indexes: tuple[BlindIndexField, ...]


def encrypted_models() -> Iterator[EncryptedModel]:
    for model in apps.get_models():
        fields = model._meta.get_fields()
        encrypted = tuple(f.name for f in fields if isinstance(f, EncryptedTextField))
        if encrypted:
            indexes = tuple(f for f in fields if isinstance(f, BlindIndexField))
            yield EncryptedModel(model, encrypted, indexes)


def key_usage() -> dict[str, Counter[str]]:
    """Per model label: how many stored values each key id encrypts ("clear" for rows never encrypted)."""
    usage: dict[str, Counter[str]] = {}
    for entry in encrypted_models():
        counter: Counter[str] = Counter()
        table = connection.ops.quote_name(entry.model._meta.db_table)
        for name in entry.encrypted:
            column = connection.ops.quote_name(entry.model._meta.get_field(name).column)
            with connection.cursor() as cursor:
                cursor.execute(f"SELECT substr({column}, 1, 24) FROM {table} WHERE {column} <> ''")  # noqa: S608
                for (head,) in cursor.fetchall():
                    counter[fieldcrypto.key_id_of(head) or "clear"] += 1
        usage[entry.model._meta.label] = counter
    return usage


def reencrypt_all() -> int:
    """Rewrite every encrypted value under the primary key and recompute the blind indexes; rows touched."""
    fieldcrypto.reset_key_ring()
    touched = 0
    for entry in encrypted_models():
        model = entry.model
        index_names = [f.name for f in entry.indexes]
        pks = list(model._default_manager.order_by("pk").values_list("pk", flat=True))
        for start in range(0, len(pks), BATCH):
            chunk = pks[start : start + BATCH]
            with transaction.atomic():
                rows = list(
                    model._default_manager.select_for_update()
                    .filter(pk__in=chunk)
                    .only("pk", *entry.encrypted)
                )
                for row in rows:
                    for index in entry.indexes:
                        setattr(row, index.attname, index.digest(getattr(row, index.source)))
                model._default_manager.bulk_update(rows, [*entry.encrypted, *index_names])
                touched += len(rows)
    return touched


def add_primary_key_to_file(*, new_index_key: bool = False) -> str:
    """Generate a key, make it the primary of the key file (old keys stay, to read what is not yet rewritten)."""
    path = fieldcrypto.key_file_path()
    fieldcrypto.key_ring()  # creates the file on first use
    data = fieldcrypto.read_key_file(path)
    number = 1 + max(int(k[1:]) for k in data["keys"] if k[1:].isdigit())
    key_id = f"k{number}"
    data["keys"][key_id] = fieldcrypto.new_key_text()
    index_key = fieldcrypto.new_key_text() if new_index_key else data["index_key"]
    fieldcrypto.write_key_file(path, key_id, data["keys"], index_key)
    fieldcrypto.reset_key_ring()
    return key_id


def retire_unused_keys() -> list[str]:
    """Drop from the key file every key that no stored value uses any more."""
    path = fieldcrypto.key_file_path()
    data = fieldcrypto.read_key_file(path)
    used = {kid for counter in key_usage().values() for kid in counter}
    retired = [kid for kid in data["keys"] if kid != data["primary"] and kid not in used]
    keys = {kid: value for kid, value in data["keys"].items() if kid not in retired}
    fieldcrypto.write_key_file(path, data["primary"], keys, data["index_key"])
    fieldcrypto.reset_key_ring()
    return retired
