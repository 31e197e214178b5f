from django.apps import AppConfig


class WorkOrdersConfig(AppConfig):
    name = "lianxin.workorders"
    label = "workorders"
    verbose_name = "工单"
