from django.apps import AppConfig


class WorkOrdersConfig(AppConfig):
    name = "lianxin.workorders"
    label = "workorders"
    verbose_name = "工单"

    def ready(self) -> None:
        from . import receivers  # noqa: F401 - rule and calendar edits queue a recomputation
