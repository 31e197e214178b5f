"""Admin for the organisation tree and the people in it (reference data an administrator maintains)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.http import HttpRequest

from lianxin.common.admin import ReferenceDataAdmin

from .models import OrgUnit, User
from .services import org_unit_rebuild_paths


class OrgUnitForm(forms.ModelForm):
    class Meta:
        model = OrgUnit
        fields = ["name", "code", "kind", "parent", "division_code", "is_active"]

    def clean_parent(self) -> OrgUnit | None:
        # A unit under itself or under one of its own descendants would make the tree a loop.
        parent: OrgUnit | None = self.cleaned_data.get("parent")
        unit = self.instance
        if parent is not None and unit.pk is not None and unit.path and parent.path.startswith(unit.path):
            raise forms.ValidationError("上级单位不能是本单位或其下级单位。")
        return parent


@admin.register(OrgUnit)
class OrgUnitAdmin(ReferenceDataAdmin):
    form = OrgUnitForm
    list_display = ["name", "code", "kind", "parent", "division_code", "path", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "code", "division_code"]
    readonly_fields = ["path"]
    autocomplete_fields = ["parent"]
    list_select_related = ["parent"]

    def save_model(self, request: HttpRequest, obj: OrgUnit, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        if not change or "parent" in form.changed_data:
            # The materialised path ("/1/4/17/") scopes every query; the service recomputes it from the parents.
            org_unit_rebuild_paths()


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    fieldsets = (
        *DjangoUserAdmin.fieldsets,
        ("连心", {"fields": ("full_name", "role", "unit")}),
    )
    add_fieldsets = (
        *DjangoUserAdmin.add_fieldsets,
        ("连心", {"classes": ("wide",), "fields": ("full_name", "role", "unit")}),
    )
    list_display = ["username", "full_name", "role", "unit", "is_staff", "is_active"]
    list_filter = ["role", "unit__kind", "is_staff", "is_superuser", "is_active"]
    search_fields = ["username", "full_name", "first_name", "last_name", "email"]
    autocomplete_fields = ["unit"]
    list_select_related = ["unit"]
