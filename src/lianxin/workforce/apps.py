from django.apps import AppConfig


class WorkforceConfig(AppConfig):
    name = "lianxin.workforce"
    label = "workforce"
    verbose_name = "排班与人员测算"
