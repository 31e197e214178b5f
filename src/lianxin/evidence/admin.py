from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from lianxin.workorders.permissions import work_orders_visible_to

from .models import Attachment


@admin.register(Attachment)
class AttachmentAdmin(admin.ModelAdmin):
    list_display = ["original_name", "kind", "size", "sha256", "work_order", "uploaded_at"]
    list_filter = ["kind"]
    search_fields = ["work_order__number", "sha256"]
    list_select_related = ["work_order"]
    exclude = ["file", "thumbnail"]  # read through the handler's page (scoped and logged), not here

    def get_queryset(self, request: HttpRequest) -> QuerySet[Attachment]:
        visible = work_orders_visible_to(request.user)  # type: ignore[arg-type]
        return super().get_queryset(request).filter(work_order__in=visible)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
