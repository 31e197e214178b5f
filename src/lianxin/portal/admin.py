"""Administration of the public side: enrolled businesses and their accounts, the rules of callbacks and disclosure,
and the published disclosure (an item can be taken down)."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.contrib.auth.hashers import make_password
from django.contrib.auth.password_validation import validate_password

from lianxin.domain.identifiers import is_valid_credit_code

from .models import (
    Business,
    BusinessAccount,
    Callback,
    CallbackRule,
    DisclosedBusinessFigure,
    DisclosedComplaint,
    DisclosurePolicy,
    OdrCase,
    OdrEvent,
)


class BusinessForm(forms.ModelForm):
    class Meta:
        model = Business
        fields = ["credit_code", "name", "address", "is_odr_enrolled", "enrolled_on", "settle_workdays"]

    def clean_credit_code(self) -> str:
        code = self.cleaned_data["credit_code"].strip().upper()
        if not is_valid_credit_code(code):
            raise forms.ValidationError("统一社会信用代码无效（18位，校验位不符）。")
        return code


class BusinessAccountForm(forms.ModelForm):
    new_password = forms.CharField(
        label="设置密码", required=False, widget=forms.PasswordInput, help_text="留空则不修改"
    )

    class Meta:
        model = BusinessAccount
        fields = ["username", "full_name", "is_active"]

    def clean_new_password(self) -> str:
        password = self.cleaned_data.get("new_password", "")
        if password:
            validate_password(password)
        elif self.instance.pk is None:
            raise forms.ValidationError("新账号须设置密码。")
        return password

    def save(self, commit: bool = True) -> BusinessAccount:
        account = super().save(commit=False)
        if self.cleaned_data.get("new_password"):
            account.password = make_password(self.cleaned_data["new_password"])
        if commit:
            account.save()
        return account


class BusinessAccountInline(admin.TabularInline):
    model = BusinessAccount
    form = BusinessAccountForm
    extra = 0
    fields = ["username", "full_name", "is_active", "new_password", "last_login_at"]
    readonly_fields = ["last_login_at"]


@admin.register(Business)
class BusinessAdmin(admin.ModelAdmin):
    form = BusinessForm
    list_display = ["name", "credit_code", "is_odr_enrolled", "enrolled_on", "settle_workdays"]
    list_filter = ["is_odr_enrolled"]
    search_fields = ["name", "credit_code"]
    inlines = [BusinessAccountInline]


class OdrEventInline(admin.TabularInline):
    model = OdrEvent
    extra = 0
    can_delete = False
    readonly_fields = ["occurred_at", "kind", "actor", "note"]

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(OdrCase)
class OdrCaseAdmin(admin.ModelAdmin):
    list_display = ["work_order", "business", "state", "due_on", "outcome", "amount"]
    list_filter = ["state", "outcome"]
    search_fields = ["business__name", "work_order__number"]
    readonly_fields = [f.name for f in OdrCase._meta.fields]
    inlines = [OdrEventInline]

    def has_add_permission(self, request) -> bool:
        return False


@admin.register(CallbackRule)
class CallbackRuleAdmin(admin.ModelAdmin):
    list_display = ["__str__", "is_active", "citation"]


@admin.register(Callback)
class CallbackAdmin(admin.ModelAdmin):
    list_display = ["work_order", "reason", "state", "satisfaction", "needs_review", "called_at"]
    list_filter = ["reason", "state", "satisfaction", "needs_review"]
    search_fields = ["work_order__number"]
    readonly_fields = [f.name for f in Callback._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False


@admin.register(DisclosurePolicy)
class DisclosurePolicyAdmin(admin.ModelAdmin):
    list_display = ["__str__", "is_active", "citation"]


@admin.action(description="撤下所选公示")
def withdraw_disclosure(modeladmin, request, queryset) -> None:
    count = queryset.update(is_withdrawn=True)
    messages.success(request, f"已撤下 {count} 条公示。")


@admin.register(DisclosedComplaint)
class DisclosedComplaintAdmin(admin.ModelAdmin):
    list_display = ["public_id", "business_name", "result", "closed_on", "is_withdrawn"]
    list_filter = ["is_withdrawn", "result"]
    search_fields = ["public_id", "business_name", "credit_code"]
    readonly_fields = [f.name for f in DisclosedComplaint._meta.fields if f.name != "is_withdrawn"]
    actions = [withdraw_disclosure]

    def has_add_permission(self, request) -> bool:
        return False


@admin.register(DisclosedBusinessFigure)
class DisclosedBusinessFigureAdmin(admin.ModelAdmin):
    list_display = ["business_name", "credit_code", "year", "complaints", "mediated", "mediation_succeeded"]
    search_fields = ["business_name", "credit_code"]
    readonly_fields = [f.name for f in DisclosedBusinessFigure._meta.fields]
