"""Document forms are edited by administrators — each save is a new version; issued documents are read-only."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from lianxin.workorders.permissions import work_orders_visible_to

from .models import Document, DocumentTemplate
from .services import template_revise


@admin.register(DocumentTemplate)
class DocumentTemplateAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "version", "addressee", "created_by", "created_at"]
    list_filter = ["kind"]
    readonly_fields = ["version", "created_by", "created_at"]
    fields = [
        "kind",
        "title",
        "addressee",
        "number_prefix",
        "citation",
        "body",
        "version",
        "created_by",
        "created_at",
    ]

    def save_model(self, request: HttpRequest, obj: DocumentTemplate, form: Any, change: bool) -> None:
        # Never rewrite a version: documents issued from it keep pointing at the text they were made from.
        fields = {
            name: form.cleaned_data[name]
            for name in ("title", "addressee", "number_prefix", "citation", "body")
        }
        revised = template_revise(kind=form.cleaned_data["kind"], actor=request.user, **fields)  # type: ignore[arg-type]
        obj.pk, obj.version = revised.pk, revised.version
        obj._state.adding = False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    list_display = ["number", "title", "work_order", "unit", "issued_at", "pdf_sha256"]
    list_filter = ["kind", "year"]
    search_fields = ["number", "work_order__number"]
    list_select_related = ["work_order", "unit"]
    show_full_result_count = False

    def get_queryset(self, request: HttpRequest) -> QuerySet[Document]:
        visible = work_orders_visible_to(request.user)  # type: ignore[arg-type]
        return super().get_queryset(request).filter(work_order__in=visible)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
