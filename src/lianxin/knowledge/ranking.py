"""Ranking a question against a search snapshot, and presenting the results — no Django (the cold `kb search`
path in `quick.py` runs this without starting Django; the server runs the very same function through
`search.knowledge_search`).

Query pipeline: normalise (Traditional→Simplified, width, pinyin) → direct article references (消法第25条) first →
jieba terms + colloquial→legal expansions from the vocabulary table → BM25 over one index of articles and entries,
plus a character-bigram BM25 (robust to words jieba and the vocabulary have never seen: 不制热, typos) → × law
priority (consumer law first) and × 1.5 for a law the caller named → entries lend their score to the articles they
rest on.
"""

from __future__ import annotations

import datetime
import json
from collections import Counter
from dataclasses import dataclass

import numpy as np

from lianxin.domain.text import normalise

from .analysis import char_grams, tokens
from .artifact import Snapshot, build_fingerprint
from .citations import references
from .index import top

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


def snapshot_fingerprint() -> str:
    """The build parameters a snapshot must have been made with (see artifact.build_fingerprint)."""
    return build_fingerprint(gram_sizes=GRAM_SIZES, entry_weight=ENTRY_WEIGHT, doc_types=SEARCHED_DOC_TYPES)


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


def rank(snap: Snapshot, query: str, *, top_k: int = 10, use_entries: bool = True) -> list[SearchResult]:
    """The best `top_k` documents of `snap` for a question as a caller would ask it (see search.knowledge_search).

    Direct references in the query (消法第25条, 民法典1254) come first, exactly. With `use_entries=False` only
    articles are ranked and entries neither appear nor lend their score.
    """
    direct = []
    for reference in references(query, snap.names):
        if reference.law_name is None:
            continue
        row = snap.reference_row(reference.law_name, reference.number)
        if row is not None:
            direct.append(_result(snap, row, DIRECT_SCORE, via="reference"))
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
    named = {snap.names.resolve(m.name) for m in snap.names.mentions(normalise(query))}
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
        _result(snap, number, float(scores[number]))
        for number in top(scores, top_k + len(direct))
        if ("faq" if snap.row_is_faq[number] else "article", int(snap.row_pks[number])) not in seen
    ]
    return (direct + ranked)[:top_k]


def _result(snap: Snapshot, number: int, score: float, *, via: str = "index") -> SearchResult:
    row = snap.row(number)
    if row.is_faq:
        return SearchResult("faq", row.pk, None, None, row.title, row.text, score, via=via)
    version_on = datetime.date.fromisoformat(row.version_on) if row.version_on else None
    return SearchResult(
        "article", row.pk, row.law, row.number, row.title, row.text, score, version_on, row.status, via
    )


def result_lines(query: str, results: list[SearchResult], *, as_json: bool) -> list[str]:
    """What `lianxin kb search` prints for one question: one JSON line, or the question and a ranked list."""
    if as_json:
        return [json.dumps({"query": query, "results": [r.as_dict() for r in results]}, ensure_ascii=False)]
    lines = [f"问：{query}"]
    for position, r in enumerate(results, start=1):
        label = "问答" if r.kind == "faq" else f"{r.version_on or ''} {r.status}".strip()
        lines.append(f"  {position}. {r.title}  [{label}]  {r.score:.2f}")
        lines.append(f"     {r.text[:80].replace(chr(10), ' ')}")
    return lines
