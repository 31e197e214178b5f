"""Admin: laws and articles are read-only (they come from the package import); entries are edited through the
services so that every change leaves a revision; aliases and vocabulary are reference data."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path

from lianxin.common.admin import ReferenceDataAdmin
from lianxin.domain.errors import DomainError
from lianxin.domain.text import to_simplified

from .errors import RegulationTextInvalid
from .models import (
    STATUS_CHOICES,
    Article,
    ArticleGloss,
    EntryRevision,
    KnowledgeEntry,
    Law,
    LawAlias,
    VocabularyTerm,
)
from .search import article_find, resolve_law
from .services.entries import EntryInput, entry_create, entry_publish, entry_update
from .services.regulations import REGULATION_DOC_TYPES, regulation_import


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: Any) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False


class RegulationImportForm(forms.Form):
    """A regulation the corpus lacks, from a text file (or pasted text) the administrator supplies."""

    title = forms.CharField(label="法规全称", max_length=200)
    doc_type = forms.ChoiceField(label="文件类型", choices=[(t, t) for t in REGULATION_DOC_TYPES])
    status = forms.ChoiceField(label="时效性", choices=STATUS_CHOICES)
    effective_on = forms.DateField(label="施行日期", help_text="YYYY-MM-DD")
    promulgated_on = forms.DateField(label="公布日期", required=False, help_text="YYYY-MM-DD，可不填")
    issuing_body = forms.CharField(label="制定机关", max_length=100, required=False)
    priority = forms.FloatField(
        label="检索权重",
        initial=1.0,
        min_value=0.1,
        max_value=10,
        help_text="消费者权益相关法规 >1，排在前面",
    )
    file = forms.FileField(label="文本文件（UTF-8）", required=False)
    text = forms.CharField(label="或粘贴全文", widget=forms.Textarea(attrs={"rows": 16}), required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        upload = data.get("file")
        if upload:
            try:
                data["text"] = upload.read().decode("utf-8-sig")
            except UnicodeDecodeError:
                raise forms.ValidationError({"file": "文件不是 UTF-8 编码的文本。"}) from None
        if not (data.get("text") or "").strip():
            raise forms.ValidationError("请上传文本文件或粘贴法规全文。")
        return data


@admin.register(Law)
class LawAdmin(ReadOnlyAdmin):
    list_display = ["name", "doc_type", "status", "version_on", "priority"]
    list_filter = ["status", "doc_type", "department"]
    search_fields = ["name"]
    change_list_template = "admin/knowledge/law/change_list.html"

    def get_urls(self) -> list:
        extra = [
            path(
                "import-regulation/",
                self.admin_site.admin_view(self.import_regulation_view),
                name="knowledge_law_import_regulation",
            )
        ]
        return extra + super().get_urls()

    def import_regulation_view(self, request: HttpRequest) -> HttpResponse:
        """导入法规: parse, refuse with one message per unparseable line, or import and index."""
        if not request.user.has_perm("knowledge.add_law") and not request.user.is_superuser:
            raise PermissionDenied
        form = RegulationImportForm(request.POST or None, request.FILES or None)
        line_errors: list[str] = []
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                result = regulation_import(
                    text=data["text"],
                    title=data["title"],
                    status=data["status"],
                    effective_on=data["effective_on"],
                    promulgated_on=data.get("promulgated_on"),
                    doc_type=data["doc_type"],
                    issuing_body=data.get("issuing_body", ""),
                    priority=data["priority"],
                )
            except RegulationTextInvalid as error:
                line_errors = error.lines
            except DomainError as error:
                form.add_error(None, error.message)
            else:
                state = "已替换" if result.replaced else "已导入"
                messages.success(request, f"{state}《{result.title}》：{result.articles} 条，已加入检索。")
                return redirect("admin:knowledge_law_changelist")
        context = {
            **self.admin_site.each_context(request),
            "title": "导入法规文本",
            "opts": self.model._meta,
            "form": form,
            "line_errors": line_errors,
        }
        return render(request, "admin/knowledge/law/import_regulation.html", context)


@admin.register(Article)
class ArticleAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "chapter"]
    list_select_related = ["law"]
    search_fields = ["law__name", "label", "text"]  # the article text too, not only its law and label
    list_filter = ["law__status"]

    def get_search_results(self, request: Any, queryset: Any, search_term: str) -> Any:
        # The corpus is Simplified; an administrator may type Traditional (預收款): fold it first.
        return super().get_search_results(request, queryset, to_simplified(search_term))


@admin.register(LawAlias)
class LawAliasAdmin(ReferenceDataAdmin):
    list_display = ["alias", "law_name"]
    search_fields = ["alias", "law_name"]


@admin.register(VocabularyTerm)
class VocabularyTermAdmin(ReferenceDataAdmin):
    list_display = ["phrase", "legal_terms", "note"]
    search_fields = ["phrase", "legal_terms"]


class ArticleGlossForm(forms.ModelForm):
    """Accepts a law's short name (消法) and stores its full name; refuses an article that is not in force."""

    class Meta:
        model = ArticleGloss
        fields = ["law_name", "number", "phrases", "note"]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        law_part, number = data.get("law_name"), data.get("number")
        if not law_part or number is None:
            return data
        law_name = resolve_law(law_part)
        if law_name is None:
            raise forms.ValidationError({"law_name": f"找不到法律「{law_part}」。"})
        if article_find(law_name, number, in_force_only=True) is None:
            raise forms.ValidationError({"number": f"《{law_name}》没有现行有效的第{number}条。"})
        data["law_name"] = law_name
        return data


@admin.register(ArticleGloss)
class ArticleGlossAdmin(ReferenceDataAdmin):
    form = ArticleGlossForm
    list_display = ["__str__", "phrases", "note"]
    search_fields = ["law_name", "phrases"]
    list_filter = ["law_name"]


class RevisionInline(admin.TabularInline):
    model = EntryRevision
    extra = 0
    can_delete = False
    fields = ["version", "action", "actor", "changed_at", "changes", "note"]
    readonly_fields = fields

    def has_add_permission(self, request: Any, obj: Any = None) -> bool:
        return False


@admin.register(KnowledgeEntry)
class KnowledgeEntryAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "category", "is_published", "version", "updated_at"]
    list_filter = ["kind", "category", "is_published"]
    search_fields = ["key", "title", "question", "answer"]
    autocomplete_fields = ["articles"]
    fields = ["key", "kind", "category", "title", "question", "answer", "articles", "is_published"]
    inlines = [RevisionInline]
    actions = ["publish", "unpublish"]

    def save_model(self, request: Any, obj: Any, form: Any, change: bool) -> None:
        """Nothing here: the service writes the entry, its links and the revision together (in save_related)."""

    def save_related(self, request: Any, form: Any, formsets: Any, change: bool) -> None:
        data = form.cleaned_data
        payload = EntryInput(
            key=data["key"],
            kind=data["kind"],
            category=data["category"],
            title=data["title"],
            question=data.get("question", ""),
            answer=data["answer"],
            article_ids=[a.pk for a in data.get("articles", [])],
        )
        if change:
            entry = entry_update(entry_id=form.instance.pk, actor=request.user, data=payload)
            entry = entry_publish(
                entry_id=entry.pk, actor=request.user, publish=data.get("is_published", False)
            )
        else:
            entry = entry_create(actor=request.user, data=payload, publish=data.get("is_published", False))
        form.instance.pk = entry.pk
        form.instance.version = entry.version

    def construct_change_message(self, request: Any, form: Any, formsets: Any, add: bool = False) -> list:
        # The revision inline is read-only and never saved, so only the entry's own fields are logged here;
        # the full before/after lives in EntryRevision.
        return [{"added": {}}] if add else [{"changed": {"fields": list(form.changed_data)}}]

    @admin.action(description="发布所选问答")
    def publish(self, request: Any, queryset: Any) -> None:
        for entry in queryset:
            entry_publish(entry_id=entry.pk, actor=request.user, publish=True)

    @admin.action(description="撤回所选问答")
    def unpublish(self, request: Any, queryset: Any) -> None:
        for entry in queryset:
            entry_publish(entry_id=entry.pk, actor=request.user, publish=False)
