from django.apps import AppConfig


class IntakeConfig(AppConfig):
    name = "lianxin.intake"
    label = "intake"
    verbose_name = "来电与坐席"
