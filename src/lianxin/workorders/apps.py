from typing import Any

from django.apps import AppConfig


class WorkOrdersConfig(AppConfig):
    name = "lianxin.workorders"
    label = "workorders"
    verbose_name = "工单"

    def ready(self) -> None:
        from lianxin.calendars.signals import calendar_year_loaded

        from . import receivers  # noqa: F401 - rule and calendar edits queue a recomputation

        calendar_year_loaded.connect(_year_loaded, dispatch_uid="workorders.recompute_provisional_deadlines")


def _year_loaded(sender: object, year: int, **kwargs: Any) -> None:
    """A year loaded: its provisional due dates become final (or the missing ones computable)."""
    from lianxin.workorders.services.recompute import recompute_provisional_deadlines

    recompute_provisional_deadlines()
