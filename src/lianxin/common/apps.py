from django.apps import AppConfig
from django.core.signals import setting_changed


def _forget_field_keys(*, setting: str, **kwargs: object) -> None:
    if setting in {"LIANXIN_FIELD_KEYS", "LIANXIN_BLIND_INDEX_KEY", "LIANXIN_HOME"}:
        from . import fieldcrypto

        fieldcrypto.reset_key_ring()


class CommonConfig(AppConfig):
    name = "lianxin.common"
    label = "common"

    def ready(self) -> None:
        setting_changed.connect(_forget_field_keys, dispatch_uid="lianxin.common.field_keys")
