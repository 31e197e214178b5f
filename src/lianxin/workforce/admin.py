"""Admin for the workforce data. None of these tables sits in the reference cache (they are read once per plan),
so plain ModelAdmin; roster versions are read-only records of what a plan produced."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from .models import Agent, LabourRuleSet, Leave, Roster, RosterAssignment, RosterVersion, ShiftTemplate, Skill


@admin.register(Skill)
class SkillAdmin(admin.ModelAdmin):
    list_display = ["code", "name"]


class LeaveInline(admin.TabularInline):
    model = Leave
    extra = 0


@admin.register(Agent)
class AgentAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "skill_list", "active"]
    list_filter = ["active", "skills"]
    search_fields = ["code", "name"]
    filter_horizontal = ["skills"]
    autocomplete_fields = ["user"]
    inlines = [LeaveInline]

    def get_queryset(self, request: HttpRequest) -> Any:
        return super().get_queryset(request).prefetch_related("skills")

    @admin.display(description="技能")
    def skill_list(self, obj: Agent) -> str:
        return "、".join(skill.name for skill in obj.skills.all())


@admin.register(ShiftTemplate)
class ShiftTemplateAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "start", "minutes", "is_night", "active"]
    list_editable = ["active"]


@admin.register(LabourRuleSet)
class LabourRuleSetAdmin(admin.ModelAdmin):
    list_display = [
        "kind", "min_rest_hours", "min_days_per_week", "max_days_per_week", "max_consecutive_days",
        "max_hours_per_week", "max_nights_per_week", "max_consecutive_nights", "design_max_shift_types",
        "updated_at",
    ]  # fmt: skip
    readonly_fields = ["updated_at"]
    fieldsets = [
        (None, {"fields": [
            "kind", "min_rest_hours", "min_days_per_week", "max_days_per_week", "max_consecutive_days",
            "max_hours_per_week", "max_nights_per_week", "max_consecutive_nights", "skill_minimums",
        ]}),
        ("班次设计（roster plan --shift-design）", {"fields": [
            "design_earliest_start", "design_latest_start", "design_step_minutes", "design_shift_minutes",
            "design_max_shift_types", "night_starts", "night_ends",
        ]}),
        (None, {"fields": ["notes", "updated_at"]}),
    ]  # fmt: skip


@admin.register(Leave)
class LeaveAdmin(admin.ModelAdmin):
    list_display = ["agent", "kind", "first_day", "last_day", "note"]
    list_filter = ["kind"]
    search_fields = ["agent__code", "agent__name", "note"]
    date_hierarchy = "first_day"
    autocomplete_fields = ["agent"]


class VersionInline(admin.TabularInline):
    model = RosterVersion
    extra = 0
    can_delete = False
    show_change_link = True
    fields = ["number", "status", "shortfall", "violations", "service_level", "created_at"]
    readonly_fields = fields


@admin.register(Roster)
class RosterAdmin(admin.ModelAdmin):
    list_display = ["__str__", "starts_on", "days", "created_at"]
    inlines = [VersionInline]


class AssignmentInline(admin.TabularInline):
    model = RosterAssignment
    extra = 0
    can_delete = False
    fields = ["agent", "shift_code", "starts_at", "ends_at", "is_night"]
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(RosterVersion)
class RosterVersionAdmin(admin.ModelAdmin):
    """A version is a record of what a plan produced; only its note may be edited."""

    list_display = [
        "__str__",
        "status",
        "is_proven",
        "shortfall",
        "violations",
        "service_level",
        "created_at",
    ]
    list_filter = ["status"]
    readonly_fields = [
        "roster", "number", "status", "is_proven", "shortfall", "skill_shortfall", "violations",
        "solve_seconds", "service_level", "inputs", "outcome", "created_at", "created_by",
    ]  # fmt: skip
    inlines = [AssignmentInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # versions come from `roster plan --save`
