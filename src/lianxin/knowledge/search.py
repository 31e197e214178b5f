"""Search over articles in force and published knowledge entries, in one ranked list.

Query pipeline: normalise (Traditional→Simplified, width, pinyin) → direct article references (消法第25条) first →
jieba terms + colloquial→legal expansions from the vocabulary table → BM25 over one index of articles and entries,
plus a character-bigram BM25 (robust to words jieba and the vocabulary have never seen: 不制热, typos) → × law
priority (consumer law first) and × 1.5 for a law the caller named → entries lend their score to the articles they
rest on. The snapshot (index and metadata) lives in the per-process reference cache.
"""

from __future__ import annotations

import dataclasses
import datetime
from collections import Counter
from dataclasses import dataclass

import numpy as np
from django.db.models import Case, IntegerField, Value, When

from lianxin.common.reference_cache import cached
from lianxin.domain.text import normalise

from .analysis import char_grams, tokens
from .citations import Reference, references
from .index import BM25Index, top
from .models import IN_FORCE_STATUSES, Article, ArticleGloss, KnowledgeEntry, Law, LawAlias, VocabularyTerm
from .store import Snapshot, snapshot_load_or_build

# Only statutes proper are searched by default; amendment decisions (修改决定, 修正案) are reached by look-up.
# Regulations an administrator imports (services/regulations.py) are searched too.
SEARCHED_DOC_TYPES = ("宪法", "法律", "立法解释", "行政法规", "部门规章", "地方性法规", "司法解释")
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


def short_name(name: str) -> str:
    return name.removeprefix("中华人民共和国") or name


def _snapshot_build(*, all_versions: bool = False) -> Snapshot:
    """Everything the search needs, from the database (the terms stored at import; bigrams and glosses computed
    here). Takes seconds and a few hundred MB for the full corpus: done once per data version (`store.py`)."""
    is_faq: list[bool] = []
    pks: list[int] = []
    document_laws: list[int] = []
    priorities: list[float] = []
    law_numbers: dict[str, int] = {}
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
        .values_list("pk", "number", "text", "tokens", "law__name", "law__priority")
    )
    for pk, number, text, stored, law_name, priority in rows:
        article_document[pk] = len(pks)
        is_faq.append(False)
        pks.append(pk)
        document_laws.append(law_numbers.setdefault(law_name, len(law_numbers)))
        priorities.append(priority)
        terms.append(stored.split())
        grams.append(char_grams(text, GRAM_SIZES, normalised=True))
        gloss = glosses.get((law_name, number), "")
        gloss_words.append(tokens(gloss) if gloss else [])
        gloss_grams.append(char_grams(gloss, GRAM_SIZES) if gloss else [])
    entry_numbers: list[int] = []
    entry_articles: list[list[int]] = []
    entries = KnowledgeEntry.objects.filter(is_published=True).prefetch_related("articles").order_by("pk")
    for entry in entries:
        entry_numbers.append(len(pks))
        is_faq.append(True)
        pks.append(entry.pk)
        document_laws.append(-1)
        priorities.append(ENTRY_WEIGHT)
        # The title and the callers' phrasings count twice: they are what the entry is about.
        terms.append(tokens(f"{entry.title}\n{entry.question}") * 2 + tokens(entry.answer))
        grams.append(
            char_grams(f"{entry.title}\n{entry.question}", GRAM_SIZES) * 2
            + char_grams(entry.answer, GRAM_SIZES)
        )
        gloss_words.append([])
        gloss_grams.append([])
        entry_articles.append(
            [article_document[a.pk] for a in entry.articles.all() if a.pk in article_document]
        )
    laws = sorted(set(Law.objects.values_list("name", flat=True)))
    aliases = dict(LawAlias.objects.values_list("alias", "law_name"))
    vocabulary = [
        (normalise(phrase), tokens(legal))
        for phrase, legal in VocabularyTerm.objects.values_list("phrase", "legal_terms")
    ]
    offsets = np.zeros(len(entry_articles) + 1, dtype=np.int64)
    offsets[1:] = np.cumsum([len(a) for a in entry_articles]) if entry_articles else []
    return Snapshot(
        index=BM25Index.build(terms),
        grams=BM25Index.build(grams),
        gloss_words=BM25Index.build(gloss_words),
        gloss_grams=BM25Index.build(gloss_grams),
        is_faq=np.asarray(is_faq, dtype=np.bool_),
        pks=np.asarray(pks, dtype=np.int64),
        document_laws=np.asarray(document_laws, dtype=np.int32),
        priorities=np.asarray(priorities, dtype=np.float32),
        entry_numbers=np.asarray(entry_numbers, dtype=np.int32),
        entry_offsets=offsets,
        entry_targets=np.asarray([n for a in entry_articles for n in a], dtype=np.int32),
        law_names=list(law_numbers),
        laws=laws,
        aliases=aliases,
        vocabulary=vocabulary,
    )


def snapshot(*, all_versions: bool = False) -> Snapshot:
    """The search snapshot of the laws in force, or (built only when first asked) of every version: memory-mapped
    from the files built for the current data version, built (once, by one process) when there are none."""
    kind = "all-versions" if all_versions else "in-force"
    return cached(
        f"knowledge.search.{kind}",
        lambda: snapshot_load_or_build(kind, lambda: _snapshot_build(all_versions=all_versions)),
    )


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
        numbers = [i for i, law in enumerate(snap.law_names) if law in named]
        scores *= np.where(np.isin(snap.document_laws, numbers), NAMED_LAW_BOOST, 1.0).astype(np.float32)
    entry_numbers = snap.entry_numbers
    if use_entries:
        lent = np.zeros_like(scores)
        for i in top(scores[entry_numbers], ENTRY_LENDERS):
            article_numbers = snap.entry_targets[snap.entry_offsets[i] : snap.entry_offsets[i + 1]]
            if article_numbers.size:
                lent[article_numbers] += scores[entry_numbers[i]] * ENTRY_SHARE
        scores += lent
    else:
        scores[entry_numbers] = 0
    seen = {(r.kind, r.id) for r in direct}
    ranked = [
        number
        for number in top(scores, top_k + len(direct))
        if ("faq" if snap.is_faq[number] else "article", int(snap.pks[number])) not in seen
    ]
    return (list(direct) + _document_results(snap, ranked, scores))[:top_k]


def _document_results(snap: Snapshot, numbers: list[int], scores: np.ndarray) -> list[SearchResult]:
    """The results for document `numbers`, in that order, read from the database (the index holds no text)."""
    faq = [int(snap.pks[n]) for n in numbers if snap.is_faq[n]]
    articles = [int(snap.pks[n]) for n in numbers if not snap.is_faq[n]]
    found: dict[tuple[bool, int], SearchResult] = {}
    rows = Article.objects.filter(pk__in=articles).values_list(
        "pk", "number", "label", "text", "law__name", "law__version_on", "law__status"
    )
    for pk, number, label, text, law_name, version_on, status in rows:
        title = f"《{short_name(law_name)}》{label}"
        found[False, pk] = SearchResult("article", pk, law_name, number, title, text, 0.0, version_on, status)
    for pk, title, answer in KnowledgeEntry.objects.filter(pk__in=faq).values_list("pk", "title", "answer"):
        found[True, pk] = SearchResult("faq", pk, None, None, title, answer, 0.0)
    results = []
    for n in numbers:
        result = found.get((bool(snap.is_faq[n]), int(snap.pks[n])))
        if result is not None:
            results.append(dataclasses.replace(result, score=float(scores[n])))
    return results


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
