"""Search over articles in force and published knowledge entries, in one ranked list.

Query pipeline: normalise (Traditional→Simplified, width, pinyin) → direct article references (消法第25条) first →
jieba terms + colloquial→legal expansions from the vocabulary table → BM25 over one index of articles and entries,
plus a character-bigram BM25 (robust to words jieba and the vocabulary have never seen: 不制热, typos) → × law
priority (consumer law first) and × 1.5 for a law the caller named → entries lend their score to the articles they
rest on. The snapshot (index and metadata) lives in the per-process reference cache.
"""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass, field

import numpy as np
from django.db.models import Case, IntegerField, Value, When

from lianxin.common.reference_cache import cached
from lianxin.domain.text import normalise

from .analysis import char_grams, tokens
from .citations import LawNames, Reference, references
from .index import BM25Index, top
from .models import IN_FORCE_STATUSES, Article, ArticleGloss, KnowledgeEntry, Law, LawAlias, VocabularyTerm

# Only statutes proper are searched by default; amendment decisions (修改决定, 修正案) are reached by look-up.
SEARCHED_DOC_TYPES = ("宪法", "法律", "立法解释")
EXPANSION_WEIGHT = 0.6
NAMED_LAW_BOOST = 1.5
ENTRY_WEIGHT = 1.0
# An entry's score lent to each article it rests on. The entries' questions are phrased as callers speak, so they
# bridge colloquial questions to articles better than the articles' own wording (cross-validated: 0.5 → 1.5 lifts
# recall@5 on unseen folds by ~3 points; bench/knowledge/README.md).
ENTRY_SHARE = 1.5
# Only the best-matching entries lend (the ones the agent sees beside the articles). When every entry lent, an
# article cited by dozens of entries (消法 20, 26, 53, 55) collected a little from each weakly matching one and
# crowded out the specific article; capping the lenders lifted recall@5 on every retired blind set (blind3
# 0.783 → 0.90; bench/knowledge/README.md, "Lending round").
ENTRY_LENDERS = 5
DIRECT_SCORE = 1000.0
COVERAGE_FLOOR = 0.5  # an article matching none of the other query concepts keeps half its BM25 score
GRAM_SIZES = (2,)
GRAM_WEIGHT = 0.8  # weight of the character-bigram BM25 score beside the word score
# Weight of an article's caller phrasings (ArticleGloss), indexed apart from the statute text so that the long
# legal wording does not dilute them (BM25 length normalisation) and they can be weighed on their own. Callers'
# words match the phrasings far better than the statute: on the retired question sets recall@5 of the articles
# alone rose 0.66 → 0.81 / 0.83 / 0.86 / 0.87 at weights 2 / 3 / 5 / 8 (bench/knowledge/README.md).
GLOSS_WEIGHT = 5.0


@dataclass(frozen=True, slots=True)
class Document:
    kind: str  # "article" | "faq"
    pk: int
    law: str | None
    article: int | None
    title: str
    text: str
    version_on: datetime.date | None
    status: str
    priority: float


@dataclass(frozen=True, slots=True)
class SearchResult:
    kind: str
    id: int
    law: str | None
    article: int | None
    title: str
    text: str
    score: float
    version_on: datetime.date | None = None
    status: str = ""
    via: str = "index"  # "index" | "reference"

    def as_dict(self) -> dict:
        return {
            "kind": self.kind,
            "id": self.id,
            "law": self.law,
            "article": self.article,
            "title": self.title,
            "text": self.text,
            "score": round(self.score, 4),
            "version_on": self.version_on.isoformat() if self.version_on else None,
            "status": self.status,
            "via": self.via,
        }


@dataclass
class Snapshot:
    index: BM25Index
    grams: BM25Index
    gloss_words: BM25Index
    gloss_grams: BM25Index
    documents: list[Document]
    names: LawNames
    vocabulary: list[tuple[str, list[str]]]
    priorities: np.ndarray
    law_of_document: list[str | None]
    entry_articles: dict[int, list[int]] = field(
        default_factory=dict
    )  # entry doc number → article doc numbers
    article_document: dict[int, int] = field(default_factory=dict)  # article pk → doc number


def short_name(name: str) -> str:
    return name.removeprefix("中华人民共和国") or name


def _snapshot_build(*, all_versions: bool = False) -> Snapshot:
    documents: list[Document] = []
    terms: list[list[str]] = []
    grams: list[list[str]] = []
    gloss_words: list[list[str]] = []
    gloss_grams: list[list[str]] = []
    article_document: dict[int, int] = {}
    glosses = {
        (law_name, number): phrases
        for law_name, number, phrases in ArticleGloss.objects.values_list("law_name", "number", "phrases")
    }
    rows = (
        Article.objects.filter(law__doc_type__in=SEARCHED_DOC_TYPES)
        .filter(**({} if all_versions else {"law__status__in": IN_FORCE_STATUSES}))
        .order_by("law_id", "position")
        .values_list(
            "pk",
            "number",
            "label",
            "text",
            "tokens",
            "law__name",
            "law__version_on",
            "law__status",
            "law__priority",
        )
    )
    for pk, number, label, text, stored, law_name, version_on, status, priority in rows:
        article_document[pk] = len(documents)
        documents.append(
            Document(
                "article",
                pk,
                law_name,
                number,
                f"《{short_name(law_name)}》{label}",
                text,
                version_on,
                status,
                priority,
            )
        )
        terms.append(stored.split())
        grams.append(char_grams(text, GRAM_SIZES, normalised=True))
        gloss = glosses.get((law_name, number), "")
        gloss_words.append(tokens(gloss) if gloss else [])
        gloss_grams.append(char_grams(gloss, GRAM_SIZES) if gloss else [])
    entry_articles: dict[int, list[int]] = {}
    entries = KnowledgeEntry.objects.filter(is_published=True).prefetch_related("articles").order_by("pk")
    for entry in entries:
        number = len(documents)
        documents.append(
            Document("faq", entry.pk, None, None, entry.title, entry.answer, None, "", ENTRY_WEIGHT)
        )
        # The title and the callers' phrasings count twice: they are what the entry is about.
        terms.append(tokens(f"{entry.title}\n{entry.question}") * 2 + tokens(entry.answer))
        grams.append(
            char_grams(f"{entry.title}\n{entry.question}", GRAM_SIZES) * 2
            + char_grams(entry.answer, GRAM_SIZES)
        )
        gloss_words.append([])
        gloss_grams.append([])
        entry_articles[number] = [
            article_document[a.pk] for a in entry.articles.all() if a.pk in article_document
        ]
    laws = Law.objects.values_list("name", flat=True).distinct()
    names = LawNames(laws, dict(LawAlias.objects.values_list("alias", "law_name")))
    vocabulary = [
        (normalise(phrase), tokens(legal))
        for phrase, legal in VocabularyTerm.objects.values_list("phrase", "legal_terms")
    ]
    return Snapshot(
        index=BM25Index(terms),
        grams=BM25Index(grams),
        gloss_words=BM25Index(gloss_words),
        gloss_grams=BM25Index(gloss_grams),
        documents=documents,
        names=names,
        vocabulary=vocabulary,
        priorities=np.asarray([d.priority for d in documents], dtype=np.float32),
        law_of_document=[d.law for d in documents],
        entry_articles=entry_articles,
        article_document=article_document,
    )


def snapshot(*, all_versions: bool = False) -> Snapshot:
    """The search snapshot of the laws in force, or (built only when first asked) of every version."""
    if all_versions:
        return cached("knowledge.search.all-versions", lambda: _snapshot_build(all_versions=True))
    return cached("knowledge.search", _snapshot_build)


def query_terms(query: str, vocabulary: list[tuple[str, list[str]]]) -> list[tuple[str, float]]:
    """Weighted query terms: the caller's own words (1.0 each) and the legal terms their phrases map to."""
    weights: Counter[str] = Counter()
    for term in tokens(query):
        weights[term] += 1.0
    text = normalise(query)
    for phrase, legal in vocabulary:
        if phrase and phrase in text:
            for term in legal:
                weights[term] += EXPANSION_WEIGHT
    return list(weights.items())


def knowledge_search(
    query: str, *, top_k: int = 10, use_entries: bool = True, all_versions: bool = False
) -> list[SearchResult]:
    """The best `top_k` articles (in force) and published entries for a question as a caller would ask it.

    Direct references in the query (消法第25条, 民法典1254) come first, exactly. With `use_entries=False` only
    articles are ranked and entries neither appear nor lend their score (the benchmark reports both).
    `all_versions` also searches historical and repealed versions (each result carries its status and version date).
    """
    snap = snapshot(all_versions=all_versions)
    direct = [r for r in (_reference_result(ref) for ref in references(query, snap.names)) if r is not None]
    weighted_terms = query_terms(query, snap.vocabulary)
    query_grams = Counter(char_grams(query, GRAM_SIZES)).items()
    scores, coverage = snap.index.scores_and_coverage(weighted_terms)
    if GRAM_WEIGHT:
        scores += GRAM_WEIGHT * snap.grams.scores(query_grams)
    if GLOSS_WEIGHT:
        gloss_scores, gloss_coverage = snap.gloss_words.scores_and_coverage(weighted_terms)
        if GRAM_WEIGHT:
            gloss_scores += GRAM_WEIGHT * snap.gloss_grams.scores(query_grams)
        scores += GLOSS_WEIGHT * gloss_scores
        coverage = np.maximum(coverage, gloss_coverage)
    scores *= snap.priorities * (COVERAGE_FLOOR + coverage)
    named = {snap.names.resolve(m.group(0)) for m in snap.names.mentions(normalise(query))}
    if named:
        boost = np.fromiter(
            (NAMED_LAW_BOOST if law in named else 1.0 for law in snap.law_of_document), dtype=np.float32
        )
        scores *= boost
    entry_numbers = list(snap.entry_articles)
    if use_entries:
        lenders = [entry_numbers[i] for i in top(scores[entry_numbers], ENTRY_LENDERS)]
        lent = np.zeros_like(scores)
        for entry_number in lenders:
            article_numbers = snap.entry_articles[entry_number]
            if article_numbers:
                lent[article_numbers] += scores[entry_number] * ENTRY_SHARE
        scores += lent
    else:
        scores[entry_numbers] = 0
    results = list(direct)
    seen = {(r.kind, r.id) for r in direct}
    for number in top(scores, top_k + len(direct)):
        document = snap.documents[number]
        if (document.kind, document.pk) in seen:
            continue
        results.append(_document_result(document, float(scores[number])))
    return results[:top_k]


def _document_result(document: Document, score: float) -> SearchResult:
    return SearchResult(
        document.kind,
        document.pk,
        document.law,
        document.article,
        document.title,
        document.text,
        score,
        document.version_on,
        document.status,
    )


def _reference_result(reference: Reference) -> SearchResult | None:
    if reference.law_name is None:
        return None
    article = article_find(reference.law_name, reference.number)
    if article is None:
        return None
    law = article.law
    return SearchResult(
        "article",
        article.pk,
        law.name,
        article.number,
        f"《{short_name(law.name)}》{article.label}",
        article.text,
        DIRECT_SCORE,
        law.version_on,
        law.status,
        via="reference",
    )


def article_find(law_name: str, number: int, *, in_force_only: bool = False) -> Article | None:
    """Article `number` of the law with full name `law_name`: the version in force if it has one, else the
    latest version (whose status then tells it is no longer in force)."""
    candidates = Article.objects.filter(law__name=law_name, number=number).select_related("law")
    if in_force_only:
        candidates = candidates.filter(law__status__in=IN_FORCE_STATUSES)
    in_force_first = Case(
        When(law__status__in=IN_FORCE_STATUSES, then=Value(0)), default=Value(1), output_field=IntegerField()
    )
    return candidates.order_by(in_force_first, "-law__version_on", "position").first()


def resolve_law(name: str) -> str | None:
    return snapshot().names.resolve(name)
