"""Admin for the directory: units (names, links to the org tree) and the zone → unit table are edited here."""

from __future__ import annotations

from django.contrib import admin

from lianxin.common.admin import ReferenceDataAdmin

from .models import Division, FormerDivisionName, RegulatorUnit, Zone


@admin.register(Division)
class DivisionAdmin(ReferenceDataAdmin):
    list_display = ("code", "name", "level", "kind", "province_code", "city_code")
    list_filter = ("level", "province_code")
    search_fields = ("code", "name")


@admin.register(FormerDivisionName)
class FormerDivisionNameAdmin(ReferenceDataAdmin):
    list_display = ("name", "former_code", "division", "last_year")
    search_fields = ("name", "former_code", "division__name")
    raw_id_fields = ("division",)


@admin.register(RegulatorUnit)
class RegulatorUnitAdmin(ReferenceDataAdmin):
    list_display = ("code", "name", "level", "division", "org_unit", "is_active")
    list_filter = ("level", "is_active")
    search_fields = ("code", "name", "division__name")
    raw_id_fields = ("division", "org_unit")


@admin.register(Zone)
class ZoneAdmin(ReferenceDataAdmin):
    list_display = ("key", "names", "division", "unit", "effective_from", "is_active")
    search_fields = ("key", "names")
    raw_id_fields = ("division", "unit")
