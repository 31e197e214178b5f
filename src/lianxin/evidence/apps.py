from django.apps import AppConfig


class EvidenceConfig(AppConfig):
    name = "lianxin.evidence"
    label = "evidence"
    verbose_name = "证据材料"
