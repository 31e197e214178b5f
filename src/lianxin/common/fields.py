"""Model fields for personal identifiers encrypted at rest, and the blind index that makes them findable.

    contact_phone = EncryptedTextField("联系电话", blank=True)
    contact_phone_index = BlindIndexField(source="contact_phone", normalizer="phone")

In Python the attribute holds the clear value (read and assign it as before); the column holds the ciphertext
(`lianxin.common.fieldcrypto`). The blind index is recomputed from the clear value whenever the row is saved
(``save()``, ``create()``, ``bulk_create()``; with ``save(update_fields=…)`` name both fields). A queryset can
test an encrypted field only for emptiness (``contact_phone=""``, ``__isnull``); every other lookup raises
`FieldError` — find rows by the blind index (e.g. ``workorders.selectors.work_orders_by_phone``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import FieldError
from django.db import models
from django.db.models.lookups import Exact, IsNull, Lookup

from lianxin.domain.identifiers import contact_lookup_key, id_number_lookup_key, phone_lookup_key

from . import fieldcrypto

NORMALIZERS: dict[str, Callable[[str], str]] = {
    "phone": phone_lookup_key,
    "id_number": id_number_lookup_key,
    "contact": contact_lookup_key,
}

REFUSED_LOOKUP = "加密字段不能按内容筛选、搜索或排序；按完整号码查找请使用盲索引（如 work_orders_by_phone）。"


def purpose_of(model: type[models.Model], field_name: str) -> str:
    return f"{model._meta.label}.{field_name}"


class _EmptyOnlyExact(Exact):
    """``field=""`` (is it empty?) is allowed; comparing against a value is not — ciphertexts are randomised."""

    def get_prep_lookup(self) -> Any:
        if self.rhs not in ("", None):
            raise FieldError(REFUSED_LOOKUP)
        return super().get_prep_lookup()


class _RefusedLookup(Lookup):
    """Any lookup but emptiness: refused with a message that says why and what to use instead."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        raise FieldError(REFUSED_LOOKUP)


class EncryptedTextField(models.TextField):
    """A text value stored AES-GCM encrypted; read and assigned in clear."""

    def get_lookup(self, lookup_name: str) -> Any:
        if lookup_name == "exact":
            return _EmptyOnlyExact
        if lookup_name == "isnull":
            return IsNull
        return _RefusedLookup

    def get_transform(self, lookup_name: str) -> Any:
        return None

    @property
    def purpose(self) -> str:
        return purpose_of(self.model, self.name)

    def from_db_value(self, value: str | None, expression: Any, connection: Any) -> str | None:
        return value if value is None else fieldcrypto.decrypt(value, self.purpose)

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        if value is None or value == "" or fieldcrypto.is_encrypted(value):
            return value
        return fieldcrypto.encrypt(value, self.purpose)


class BlindIndexField(models.CharField):
    """HMAC-SHA256 (hex) of the normalised clear value of `source`, indexed; recomputed on every save.

    The HMAC purpose is the normalizer (``blind:phone``), not the column: the same phone number has the same
    digest in every table, so a caller's history can be matched across tables."""

    def __init__(self, *args: Any, source: str, normalizer: str, **kwargs: Any) -> None:
        if normalizer not in NORMALIZERS:
            raise ValueError(f"unknown normalizer {normalizer!r}")
        self.source = source
        self.normalizer = normalizer
        kwargs.setdefault("max_length", 64)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("db_index", True)
        kwargs.setdefault("editable", False)
        kwargs.setdefault("default", "")
        super().__init__(*args, **kwargs)

    def deconstruct(self) -> tuple[str, str, list[Any], dict[str, Any]]:
        name, path, args, kwargs = super().deconstruct()
        kwargs["source"] = self.source
        kwargs["normalizer"] = self.normalizer
        for key in ("max_length", "blank", "db_index", "editable", "default"):
            kwargs.pop(key, None)
        return name, path, args, kwargs

    def digest(self, clear: str) -> str:
        return fieldcrypto.blind_index(NORMALIZERS[self.normalizer](clear or ""), f"blind:{self.normalizer}")

    def pre_save(self, model_instance: models.Model, add: bool) -> str:
        value = self.digest(getattr(model_instance, self.source) or "")
        setattr(model_instance, self.attname, value)
        return value


def blind_index_for(model: type[models.Model], field_name: str, clear: str) -> str:
    """The digest that `model.<field_name>` (a `BlindIndexField`) holds for the clear value `clear`."""
    field = model._meta.get_field(field_name)
    assert isinstance(field, BlindIndexField)  # noqa: S101 - a programming error otherwise
    return field.digest(clear)
