"""Cross-validated recall on the tuning set: an estimate of how the search does on questions it was not tuned on.

    .venv/bin/python -m bench.knowledge.cv [--folds 5] [--held-out] [--show-misses]

The vocabulary table was written while looking at questions.tsv, so its plain recall is optimistic. Here the
questions are split into folds (question i goes to fold i mod k); for each fold, the vocabulary phrases that occur
in that fold's questions and in no other tuning question are removed (they could only have been written for those
questions), and the fold is scored with the rest. The mean over folds is the cross-validated recall@5; the spread
across folds says whether a change helps everywhere or only somewhere. No peer, no latency: a quick loop for
comparing search variants. `--held-out` also scores heldout.tsv (consult it rarely).
"""

from __future__ import annotations

import argparse
import os
import sys

from bench.knowledge.run import HELD_OUT, QUESTIONS, load_questions


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--held-out", action="store_true")
    parser.add_argument("--show-misses", action="store_true")
    parser.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="override a constant of knowledge/ranking.py (Python literal)",
    )
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lianxin.config.settings.production")
    import django

    django.setup()
    import ast

    from lianxin.domain.text import normalise
    from lianxin.knowledge import ranking
    from lianxin.knowledge.search import knowledge_search, snapshot

    for assignment in args.set:
        name, value = assignment.split("=", 1)
        setattr(ranking, name, ast.literal_eval(value))  # the constants live in ranking.py

    snap = snapshot()
    names = snap.names
    full_vocabulary = list(snap.vocabulary)

    def resolve(label: str) -> tuple[str, int]:
        law, number = label.rsplit(":", 1)
        return (names.resolve(law), int(number))

    def recall(questions, misses=None) -> float:  # type: ignore[no-untyped-def]
        hits = 0
        for question, labels in questions:
            wanted = {resolve(label) for label in labels}
            ranked = [(r.law, r.article) for r in knowledge_search(question, top_k=15) if r.kind == "article"]
            if wanted & set(ranked[:5]):
                hits += 1
            elif misses is not None:
                misses.append(question)
        return hits / len(questions) if questions else 0.0

    questions = load_questions(QUESTIONS)
    texts = [normalise(q) for q, _ in questions]
    print(f"tuning, full vocabulary: recall@5 {recall(questions):.3f}")
    fold_scores = []
    misses: list[str] = []
    for fold in range(args.folds):
        inside = [i for i in range(len(questions)) if i % args.folds == fold]
        outside_texts = [texts[i] for i in range(len(questions)) if i % args.folds != fold]
        snap.vocabulary = [
            (phrase, legal)
            for phrase, legal in full_vocabulary
            if not (any(phrase in texts[i] for i in inside) and not any(phrase in t for t in outside_texts))
        ]
        removed = len(full_vocabulary) - len(snap.vocabulary)
        score = recall([questions[i] for i in inside], misses)
        fold_scores.append(score)
        print(f"  fold {fold}: {len(inside)} questions, {removed} phrases removed, recall@5 {score:.3f}")
    snap.vocabulary = full_vocabulary
    mean = sum(fold_scores) / len(fold_scores)
    print(f"tuning, cross-validated ({args.folds} folds): recall@5 {mean:.3f}")
    if args.show_misses:
        for miss in misses:
            print(f"    miss: {miss}")
    if args.held_out:
        held_misses: list[str] = []
        print(f"held-out: recall@5 {recall(load_questions(HELD_OUT), held_misses):.3f}")
        if args.show_misses:
            for miss in held_misses:
                print(f"    miss: {miss}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
