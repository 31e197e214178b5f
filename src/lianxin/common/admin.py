"""Admin building blocks shared by the apps."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages

from .reference_cache import reference_changed

_RECOMPUTE_HINT = (
    "基础数据已更新。新办理的工单立即按新数据计算期限；已存工单的期限在其下一次办理时重新计算，"
    "如需立即全部更新，请运行 ./lianxin recompute_deadlines。"
)


class ReferenceDataAdmin(admin.ModelAdmin):
    """Admin for reference data: every save or delete tells the running processes to reload their copy."""

    def save_model(self, request: Any, obj: Any, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        reference_changed()

    def save_related(self, request: Any, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        reference_changed()
        messages.info(request, _RECOMPUTE_HINT)

    def delete_model(self, request: Any, obj: Any) -> None:
        super().delete_model(request, obj)
        reference_changed()

    def delete_queryset(self, request: Any, queryset: Any) -> None:
        super().delete_queryset(request, queryset)
        reference_changed()
        messages.info(request, _RECOMPUTE_HINT)
