"""An in-memory BM25 index over pre-segmented documents (numpy postings). See docs/adr/0012-knowledge-search-index.md.

Built once per process from the terms stored at import time (no segmentation at build time), kept in the
reference cache, and queried in well under a millisecond: for each query term, one vectorised add of its
precomputed BM25 contributions into a score array.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

K1 = 1.2
B = 0.75


@dataclass(frozen=True, slots=True)
class Posting:
    documents: np.ndarray  # int32 document numbers
    weights: np.ndarray  # float32 BM25 contribution of the term to each document


class BM25Index:
    """`documents` are term lists; document numbers are their positions."""

    def __init__(self, documents: Sequence[Sequence[str]]) -> None:
        self.size = len(documents)
        lengths = np.fromiter((len(d) for d in documents), dtype=np.float32, count=self.size)
        average = float(lengths.mean()) if self.size else 1.0
        norm = K1 * (1 - B + B * lengths / max(average, 1.0))
        postings: dict[str, tuple[list[int], list[int]]] = {}
        for number, terms in enumerate(documents):
            for term, count in Counter(terms).items():
                entry = postings.get(term)
                if entry is None:
                    postings[term] = ([number], [count])
                else:
                    entry[0].append(number)
                    entry[1].append(count)
        self._postings: dict[str, Posting] = {}
        for term, (numbers, counts) in postings.items():
            docs = np.asarray(numbers, dtype=np.int32)
            tf = np.asarray(counts, dtype=np.float32)
            idf = math.log(1 + (self.size - len(numbers) + 0.5) / (len(numbers) + 0.5))
            weights = (idf * tf * (K1 + 1) / (tf + norm[docs])).astype(np.float32)
            self._postings[term] = Posting(docs, weights)

    def __contains__(self, term: str) -> bool:
        return term in self._postings

    def scores(self, weighted_terms: Iterable[tuple[str, float]]) -> np.ndarray:
        """BM25 score of every document for the query; a term given twice counts twice (with its weights)."""
        return self.scores_and_coverage(weighted_terms)[0]

    def scores_and_coverage(
        self, weighted_terms: Iterable[tuple[str, float]]
    ) -> tuple[np.ndarray, np.ndarray]:
        """BM25 scores, and for each document the share of the query's term weight it contains (0–1).

        Coverage rewards an article that speaks to several of the caller's concepts over one that repeats a
        single frequent word many times.
        """
        scores = np.zeros(self.size, dtype=np.float32)
        covered = np.zeros(self.size, dtype=np.float32)
        total = 0.0
        for term, weight in weighted_terms:
            posting = self._postings.get(term)
            if posting is None:
                continue
            total += weight
            scores[posting.documents] += weight * posting.weights
            covered[posting.documents] += weight
        return scores, covered / total if total else covered


def top(scores: np.ndarray, k: int) -> list[int]:
    """Document numbers of the `k` best positive scores, best first."""
    if k <= 0 or not scores.size:
        return []
    k = min(k, scores.size)
    candidates = np.argpartition(-scores, k - 1)[:k]
    ordered = candidates[np.argsort(-scores[candidates], kind="stable")]
    return [int(i) for i in ordered if scores[i] > 0]
