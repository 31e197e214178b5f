"""Recall of the disclosure scrubber on the labelled set, per kind of personal data, against the plain identifier
masker (`lianxin.domain.personal_data`, what the staff screens use) measured in the same run.

    .venv/bin/python -m bench.disclosure.run [--file bench/disclosure/labelled.tsv] [--json]

A labelled span counts as found when a finding covers every one of its characters; a business name marked KEEP
must come out unchanged. Figures and how the set was written: bench/disclosure/README.md.
"""

from __future__ import annotations

import argparse
import json
import re
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from lianxin.domain.disclosure_scrub import find_personal_data, scrub
from lianxin.domain.personal_data import find_identifiers

DEFAULT_SET = Path(__file__).with_name("labelled.tsv")
_MARK = re.compile(r"\[([A-Z_]+):([^\]]+)\]")


@dataclass(frozen=True, slots=True)
class Case:
    text: str
    spans: tuple[tuple[str, int, int], ...]  # (kind, start, end) in `text`
    keep: tuple[str, ...]


def load(path: Path) -> list[Case]:
    cases = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        text, spans, keep, position = "", [], [], 0
        for match in _MARK.finditer(line):
            text += line[position : match.start()]
            kind, value = match.groups()
            if kind == "KEEP":
                keep.append(value)
            else:
                spans.append((kind.lower(), len(text), len(text) + len(value)))
            text += value
            position = match.end()
        text += line[position:]
        cases.append(Case(text, tuple(spans), tuple(keep)))
    return cases


def _covered(start: int, end: int, found: list[tuple[int, int]]) -> bool:
    return all(any(s <= i < e for s, e in found) for i in range(start, end))


def measure(cases: list[Case], finder) -> dict:  # finder(text, keep) -> [(start, end)]
    total, hits, kept, keep_total = Counter(), Counter(), 0, 0
    started = time.perf_counter()
    for case in cases:
        found = finder(case.text, case.keep)
        for kind, start, end in case.spans:
            total[kind] += 1
            hits[kind] += _covered(start, end, found)
        for name in case.keep:
            keep_total += 1
            kept += not any(
                s < case.text.index(name) + len(name) and case.text.index(name) < e for s, e in found
            )
    seconds = time.perf_counter() - started
    return {
        "recall": {kind: round(hits[kind] / total[kind], 3) for kind in sorted(total)},
        "found": {kind: f"{hits[kind]}/{total[kind]}" for kind in sorted(total)},
        "overall": round(sum(hits.values()) / sum(total.values()), 3),
        "business_names_kept": f"{kept}/{keep_total}",
        "ms_per_text": round(1000 * seconds / len(cases), 2),
    }


def ours(text: str, keep: tuple[str, ...]) -> list[tuple[int, int]]:
    return [(f.start, f.end) for f in find_personal_data(text, keep=keep)]


def identifiers_only(text: str, keep: tuple[str, ...]) -> list[tuple[int, int]]:
    return [(f.start, f.end) for f in find_identifiers(text)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--file", type=Path, default=DEFAULT_SET)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    cases = load(args.file)
    scrub("预热：我叫张伟", keep=())  # load jieba's dictionary outside the timing
    result = {
        "texts": len(cases),
        "scrubber": measure(cases, ours),
        "identifier_masker": measure(cases, identifiers_only),
    }
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=2))
        return
    print(f"{len(cases)} labelled texts ({args.file})")
    for name in ("scrubber", "identifier_masker"):
        figures = result[name]
        print(
            f"\n{name}: overall recall {figures['overall']}, business names kept {figures['business_names_kept']},"
            f" {figures['ms_per_text']} ms/text"
        )
        for kind, recall in figures["recall"].items():
            print(f"  {kind:12} {recall:.3f}  ({figures['found'][kind]})")


if __name__ == "__main__":
    main()
