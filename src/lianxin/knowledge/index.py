"""A BM25 index over pre-segmented documents as flat numpy arrays (CSR postings). See
docs/adr/0012-knowledge-search-index.md.

Built once from the terms stored at import time and saved as `.npy` files that every process memory-maps
(`BM25Index.load`): a sorted term array (binary search, no Python dict of half a million strings), the offsets of
each term's postings, and per posting the document number and the precomputed BM25 contribution. A query is one
vectorised add per term into a score array; only the pages of the query's terms are ever read.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path

import numpy as np

K1 = 1.2
B = 0.75
_PARTS = ("terms", "offsets", "documents", "weights")


def mapped(path: Path) -> np.ndarray:
    """The array saved at `path`, memory-mapped read-only, as a plain ndarray view: slicing an `np.memmap`
    subclass costs ~10 µs of Python per slice (a query slices a few hundred times), a plain view nothing."""
    return np.load(path, mmap_mode="r").view(np.ndarray)


class BM25Index:
    """`terms` sorted (numpy unicode), `offsets[i]:offsets[i+1]` the postings of `terms[i]`."""

    def __init__(
        self, size: int, terms: np.ndarray, offsets: np.ndarray, documents: np.ndarray, weights: np.ndarray
    ) -> None:
        self.size = size
        self.terms = terms
        self.offsets = offsets
        self.documents = documents
        self.weights = weights

    @classmethod
    def build(cls, documents: Sequence[Sequence[str]]) -> BM25Index:
        """`documents` are term lists; document numbers are their positions."""
        size = len(documents)
        lengths = np.fromiter((len(d) for d in documents), dtype=np.float32, count=size)
        average = float(lengths.mean()) if size else 1.0
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
        ordered = sorted(postings)
        offsets = np.zeros(len(ordered) + 1, dtype=np.int64)
        for i, term in enumerate(ordered):
            offsets[i + 1] = offsets[i] + len(postings[term][0])
        docs = np.empty(int(offsets[-1]), dtype=np.int32)
        weights = np.empty(int(offsets[-1]), dtype=np.float32)
        for i, term in enumerate(ordered):
            numbers, counts = postings.pop(term)
            section = slice(int(offsets[i]), int(offsets[i + 1]))
            docs[section] = numbers
            tf = np.asarray(counts, dtype=np.float32)
            idf = math.log(1 + (size - len(numbers) + 0.5) / (len(numbers) + 0.5))
            weights[section] = idf * tf * (K1 + 1) / (tf + norm[docs[section]])
        terms_array = np.asarray(ordered, dtype=str) if ordered else np.asarray([], dtype="<U1")
        return cls(size, terms_array, offsets, docs, weights)

    def save(self, directory: Path, name: str) -> None:
        for part in _PARTS:
            np.save(directory / f"{name}.{part}.npy", getattr(self, part), allow_pickle=False)

    @classmethod
    def load(cls, directory: Path, name: str, size: int) -> BM25Index:
        """Memory-mapped: loading reads no postings; the pages of a query's terms are read when it needs them."""
        parts = [mapped(directory / f"{name}.{part}.npy") for part in _PARTS]
        return cls(size, *parts)

    def _find(self, term: str) -> int:
        if len(term) > self.terms.dtype.itemsize // 4 or not self.terms.size:
            return -1
        position = int(np.searchsorted(self.terms, term))
        if position < self.terms.size and self.terms[position] == term:
            return position
        return -1

    def __contains__(self, term: str) -> bool:
        return self._find(term) >= 0

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
            position = self._find(term)
            if position < 0:
                continue
            total += weight
            section = slice(int(self.offsets[position]), int(self.offsets[position + 1]))
            documents = self.documents[section]
            scores[documents] += weight * self.weights[section]
            covered[documents] += weight
        return scores, covered / total if total else covered


def top(scores: np.ndarray, k: int) -> list[int]:
    """Document numbers of the `k` best positive scores, best first."""
    if k <= 0 or not scores.size:
        return []
    k = min(k, scores.size)
    candidates = np.argpartition(-scores, k - 1)[:k]
    ordered = candidates[np.argsort(-scores[candidates], kind="stable")]
    return [int(i) for i in ordered if scores[i] > 0]
