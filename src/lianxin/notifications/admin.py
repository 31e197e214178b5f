"""Notice texts are editable; the outbox and in-app notifications are read-only records."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from lianxin.workorders.permissions import work_orders_visible_to

from .models import NoticeTemplate, OutboxMessage


@admin.register(NoticeTemplate)
class NoticeTemplateAdmin(admin.ModelAdmin):
    list_display = ["code", "channel", "is_active", "updated_at"]
    list_filter = ["channel", "is_active"]


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin):
    list_display = ["created_at", "code", "channel", "state", "attempts", "next_attempt_at", "work_order"]
    list_filter = ["state", "channel", "code"]
    search_fields = ["work_order__number"]
    list_select_related = ["work_order"]
    show_full_result_count = False

    def get_queryset(self, request: HttpRequest) -> QuerySet[OutboxMessage]:
        visible = work_orders_visible_to(request.user)  # type: ignore[arg-type]
        return super().get_queryset(request).filter(work_order__in=visible)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
