"""Search over articles in force and published knowledge entries, in one ranked list (the Django side).

The ranking itself is `ranking.rank` (no Django); here the snapshot it ranks is built from the database
(`_snapshot_build`) and kept per data version — on disk for every process (`store.py`) and in the per-process
reference cache.
"""

from __future__ import annotations

import numpy as np
from django.db.models import Case, IntegerField, Value, When

from lianxin.common.reference_cache import cached
from lianxin.domain.text import normalise

from . import ranking
from .analysis import char_grams, tokens
from .artifact import Snapshot, pack_strings, reference_key
from .citations import LawNames
from .index import BM25Index
from .models import IN_FORCE_STATUSES, Article, ArticleGloss, KnowledgeEntry, Law, LawAlias, VocabularyTerm
from .ranking import (
    ENTRY_LENDERS,
    SearchResult,
    query_terms,
    rank,
    short_name,
    snapshot_fingerprint,
)
from .store import snapshot_load_or_build

__all__ = [
    "ENTRY_LENDERS",
    "SearchResult",
    "article_find",
    "knowledge_search",
    "query_terms",
    "resolve_law",
    "short_name",
    "snapshot",
]


def _article_preference() -> tuple:
    """Which version of an article a look-up by law name and number gives: the version in force if there is one,
    else the latest version (whose status then tells it is no longer in force); `pk` only breaks exact ties."""
    in_force_first = Case(
        When(law__status__in=IN_FORCE_STATUSES, then=Value(0)), default=Value(1), output_field=IntegerField()
    )
    return (in_force_first, "-law__version_on", "position", "pk")


def _snapshot_build(*, all_versions: bool = False, token: str = "") -> Snapshot:
    """Everything the search needs, from the database (the terms stored at import; bigrams and glosses computed
    here), and what its results show. Takes seconds and a few hundred MB for the full corpus: done once per data
    version (`store.py`). The build constants are read from `ranking` at call time, so that the bench's `--set`
    overrides reach the build and the fingerprint alike."""
    document_laws: list[int] = []
    priorities: list[float] = []
    law_numbers: dict[str, int] = {}
    terms: list[list[str]] = []
    grams: list[list[str]] = []
    gloss_words: list[list[str]] = []
    gloss_grams: list[list[str]] = []
    shown = _ShownRows()
    article_document: dict[int, int] = {}
    glosses = {
        (law_name, number): phrases
        for law_name, number, phrases in ArticleGloss.objects.values_list("law_name", "number", "phrases")
    }
    rows = (
        Article.objects.filter(law__doc_type__in=ranking.SEARCHED_DOC_TYPES)
        .filter(**({} if all_versions else {"law__status__in": IN_FORCE_STATUSES}))
        .order_by("law_id", "position")
        .values_list("pk", "number", "label", "text", "tokens", "law_id", "law__name", "law__priority")
    )
    for pk, number, label, text, stored, law_id, law_name, priority in rows:
        article_document[pk] = shown.article(pk, number, label, text, law_id, law_name)
        document_laws.append(law_numbers.setdefault(law_name, len(law_numbers)))
        priorities.append(priority)
        terms.append(stored.split())
        grams.append(char_grams(text, ranking.GRAM_SIZES, normalised=True))
        gloss = glosses.get((law_name, number), "")
        gloss_words.append(tokens(gloss) if gloss else [])
        gloss_grams.append(char_grams(gloss, ranking.GRAM_SIZES) if gloss else [])
    entry_numbers: list[int] = []
    entry_articles: list[list[int]] = []
    entries = KnowledgeEntry.objects.filter(is_published=True).prefetch_related("articles").order_by("pk")
    for entry in entries:
        entry_numbers.append(shown.entry(entry.pk, entry.title, entry.answer))
        document_laws.append(-1)
        priorities.append(ranking.ENTRY_WEIGHT)
        # The title and the callers' phrasings count twice: they are what the entry is about.
        terms.append(tokens(f"{entry.title}\n{entry.question}") * 2 + tokens(entry.answer))
        grams.append(
            char_grams(f"{entry.title}\n{entry.question}", ranking.GRAM_SIZES) * 2
            + char_grams(entry.answer, ranking.GRAM_SIZES)
        )
        gloss_words.append([])
        gloss_grams.append([])
        entry_articles.append(
            [article_document[a.pk] for a in entry.articles.all() if a.pk in article_document]
        )
    reference_keys, reference_rows = _references(shown, article_document)
    laws = sorted(set(Law.objects.values_list("name", flat=True)))
    aliases = dict(LawAlias.objects.values_list("alias", "law_name"))
    vocabulary = [
        (normalise(phrase), tokens(legal))
        for phrase, legal in VocabularyTerm.objects.values_list("phrase", "legal_terms")
    ]
    offsets = np.zeros(len(entry_articles) + 1, dtype=np.int64)
    offsets[1:] = np.cumsum([len(a) for a in entry_articles]) if entry_articles else []
    title_offsets, titles = pack_strings(shown.titles)
    text_offsets, texts = pack_strings(shown.texts)
    return Snapshot(
        index=BM25Index.build(terms),
        grams=BM25Index.build(grams),
        gloss_words=BM25Index.build(gloss_words),
        gloss_grams=BM25Index.build(gloss_grams),
        document_laws=np.asarray(document_laws, dtype=np.int32),
        priorities=np.asarray(priorities, dtype=np.float32),
        entry_numbers=np.asarray(entry_numbers, dtype=np.int32),
        entry_offsets=offsets,
        entry_targets=np.asarray([n for a in entry_articles for n in a], dtype=np.int32),
        row_is_faq=np.asarray(shown.is_faq, dtype=np.bool_),
        row_pks=np.asarray(shown.pks, dtype=np.int64),
        row_numbers=np.asarray(shown.numbers, dtype=np.int32),
        row_versions=np.asarray(shown.versions, dtype=np.int32),
        title_offsets=title_offsets,
        titles=titles,
        text_offsets=text_offsets,
        texts=texts,
        reference_keys=reference_keys,
        reference_rows=reference_rows,
        law_names=list(law_numbers),
        law_versions=shown.law_versions,
        names_map=LawNames(laws, aliases).as_map(),
        vocabulary=vocabulary,
        token=token,
        fingerprint=snapshot_fingerprint(),
    )


class _ShownRows:
    """The rows results are shown from, in document order (articles, entries), then reference-only articles."""

    def __init__(self) -> None:
        self.is_faq: list[bool] = []
        self.pks: list[int] = []
        self.numbers: list[int] = []
        self.versions: list[int] = []
        self.titles: list[str] = []
        self.texts: list[str] = []
        self.law_versions: list[tuple[str, str | None, str]] = []
        self._laws = {
            pk: (name, version_on.isoformat() if version_on else None, status)
            for pk, name, version_on, status in Law.objects.values_list("pk", "name", "version_on", "status")
        }
        self._version_of_law: dict[int, int] = {}

    def article(self, pk: int, number: int | None, label: str, text: str, law_id: int, law_name: str) -> int:
        if law_id not in self._version_of_law:
            self._version_of_law[law_id] = len(self.law_versions)
            self.law_versions.append(self._laws[law_id])
        self.is_faq.append(False)
        self.pks.append(pk)
        self.numbers.append(-1 if number is None else number)
        self.versions.append(self._version_of_law[law_id])
        self.titles.append(f"《{short_name(law_name)}》{label}")
        self.texts.append(text)
        return len(self.pks) - 1

    def entry(self, pk: int, title: str, answer: str) -> int:
        self.is_faq.append(True)
        self.pks.append(pk)
        self.numbers.append(-1)
        self.versions.append(-1)
        self.titles.append(title)
        self.texts.append(answer)
        return len(self.pks) - 1


def _references(shown: _ShownRows, article_document: dict[int, int]) -> tuple[np.ndarray, np.ndarray]:
    """For every (law name, article number) of the corpus, the row of the article `article_find` would give: the
    documents' rows where the chosen article is indexed, a new reference-only row otherwise."""
    chosen: dict[tuple[str, int], int] = {}
    ordered = (
        Article.objects.exclude(number=None)
        .order_by("law__name", "number", *_article_preference())
        .values_list("pk", "law__name", "number")
    )
    for pk, law_name, number in ordered.iterator(chunk_size=5000):
        chosen.setdefault((law_name, number), pk)
    missing = {pk for pk in chosen.values() if pk not in article_document}
    rows = dict(article_document)
    extra = Article.objects.filter(pk__in=missing).order_by("pk")
    for pk, number, label, text, law_id, law_name in extra.values_list(
        "pk", "number", "label", "text", "law_id", "law__name"
    ).iterator(chunk_size=2000):
        rows[pk] = shown.article(pk, number, label, text, law_id, law_name)
    keyed = sorted((reference_key(name, number), rows[pk]) for (name, number), pk in chosen.items())
    keys = np.asarray([k for k, _ in keyed], dtype=str) if keyed else np.asarray([], dtype="<U1")
    return keys, np.asarray([row for _, row in keyed], dtype=np.int32)


def snapshot(*, all_versions: bool = False) -> Snapshot:
    """The search snapshot of the laws in force, or (built only when first asked) of every version: memory-mapped
    from the files built for the current data version, built (once, by one process) when there are none."""
    kind = "all-versions" if all_versions else "in-force"
    return cached(
        f"knowledge.search.{kind}",
        lambda: snapshot_load_or_build(
            kind, lambda token: _snapshot_build(all_versions=all_versions, token=token)
        ),
    )


def knowledge_search(
    query: str, *, top_k: int = 10, use_entries: bool = True, all_versions: bool = False
) -> list[SearchResult]:
    """The best `top_k` articles (in force) and published entries for a question as a caller would ask it.

    Direct references in the query (消法第25条, 民法典1254) come first, exactly. With `use_entries=False` only
    articles are ranked and entries neither appear nor lend their score (the benchmark reports both).
    `all_versions` also searches historical and repealed versions (each result carries its status and version date).
    Everything comes from the snapshot of the current data version (`ranking.rank`): no query per result.
    """
    return rank(snapshot(all_versions=all_versions), query, top_k=top_k, use_entries=use_entries)


def article_find(law_name: str, number: int, *, in_force_only: bool = False) -> Article | None:
    """Article `number` of the law with full name `law_name`: the version in force if it has one, else the
    latest version (whose status then tells it is no longer in force)."""
    candidates = Article.objects.filter(law__name=law_name, number=number).select_related("law")
    if in_force_only:
        candidates = candidates.filter(law__status__in=IN_FORCE_STATUSES)
    return candidates.order_by(*_article_preference()).first()


def resolve_law(name: str) -> str | None:
    return snapshot().names.resolve(name)
