"""Reads of the knowledge app: article detail, citation check, suggestions for a work order, entries."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet

from .citations import references
from .errors import ArticleNotFound
from .models import IN_FORCE_STATUSES, Article, EntryRevision, KnowledgeEntry
from .search import SearchResult, article_find, knowledge_search, short_name, snapshot


def article_get(*, article_id: int) -> Article:
    article = Article.objects.select_related("law").filter(pk=article_id).first()
    if article is None:
        raise ArticleNotFound("法条不存在。")
    return article


@dataclass(frozen=True, slots=True)
class CitationFinding:
    citation: str
    law: str | None
    article: int
    status: str  # "ok" | "unknown_law" | "no_such_article" | "not_in_force"
    message: str
    article_id: int | None = None
    version_on: str | None = None

    @property
    def is_problem(self) -> bool:
        return self.status != "ok"

    def as_dict(self) -> dict:
        return {
            "citation": self.citation,
            "law": self.law,
            "article": self.article,
            "status": self.status,
            "message": self.message,
            "article_id": self.article_id,
            "version_on": self.version_on,
        }


def citations_check(text: str) -> list[CitationFinding]:
    """Every 《X》第N条 (and 消法第N条-style) citation in `text`, each judged against the imported corpus:
    the law must be known, the article must exist, and the version that holds it must be in force."""
    findings = []
    for ref in references(text, snapshot().names):
        cited = f"《{ref.cited_name}》第{ref.number}条"
        if ref.law_name is None:
            findings.append(
                CitationFinding(cited, None, ref.number, "unknown_law", f"未找到法律「{ref.cited_name}」。")
            )
            continue
        article = article_find(ref.law_name, ref.number)
        name = short_name(ref.law_name)
        if article is None:
            findings.append(
                CitationFinding(
                    cited, ref.law_name, ref.number, "no_such_article", f"《{name}》没有第{ref.number}条。"
                )
            )
        elif article.law.status not in IN_FORCE_STATUSES:
            findings.append(
                CitationFinding(
                    cited,
                    ref.law_name,
                    ref.number,
                    "not_in_force",
                    f"《{name}》第{ref.number}条所在版本（{article.law.version_on}）{article.law.status}，现行版本中没有该条。",
                    article.pk,
                    str(article.law.version_on),
                )
            )
        else:
            findings.append(
                CitationFinding(
                    cited,
                    ref.law_name,
                    ref.number,
                    "ok",
                    "现行有效。",
                    article.pk,
                    str(article.law.version_on),
                )
            )
    return findings


def suggestions_for_text(*, facts: str, claims: str = "", top_k: int = 5) -> list[SearchResult]:
    """Articles and entries most likely to apply to a work order's facts and claims (the workstation shows them
    while the agent types). Claims count as much as facts: 退货 or 三倍赔偿 chooses the article."""
    return knowledge_search(f"{facts}\n{claims}", top_k=top_k)


def entries_published() -> QuerySet[KnowledgeEntry]:
    return KnowledgeEntry.objects.filter(is_published=True).prefetch_related("articles__law")


def entry_history(*, entry_id: int) -> QuerySet[EntryRevision]:
    return EntryRevision.objects.filter(entry_id=entry_id).select_related("actor").order_by("version")
