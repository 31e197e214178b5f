from django.contrib import admin

from .models import LiveMessage


@admin.register(LiveMessage)
class LiveMessageAdmin(admin.ModelAdmin):
    """Read-only: what was pushed to whom (messages carry no personal data in clear)."""

    list_display = ["id", "created_at", "channel", "event_type"]
    list_filter = ["event_type"]
    ordering = ["-id"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
