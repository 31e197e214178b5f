"""Recall of the disclosure scrubber on the labelled set, per kind of personal data, against the plain identifier
masker (`lianxin.domain.personal_data`, what the staff screens use) measured in the same run.

    .venv/bin/python -m bench.disclosure.run [--file bench/disclosure/labelled.tsv] [--json]

A labelled span counts as found when a finding covers every one of its characters; a business name marked KEEP
must come out unchanged. Figures and how the sets were written: bench/disclosure/README.md.

A NAME label of one or two characters right before a title or placeholder (王女士, 李先生, 张某某, 小刘) is counted
apart, as `name_titled`: the scrubber keeps a surname by design (张伟 → 张某, and 陈女士 stays), so these labels,
written into the blind set before its authors knew that rule, measure the policy rather than the detector. They are
left out of `overall` and shown on their own line; `overall_strict` counts them.
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
_TITLE_AFTER = re.compile(r"^(?:先生|女士|小姐|某|师傅|老师|阿姨|大爷|大妈|经理)")
POLICY_KEPT = frozenset({"name_titled"})


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
                kind = kind.lower()
                after, before = _MARK.sub(r"\2", line[match.end() :]), text[-1:]
                if (
                    kind == "name"
                    and len(value) <= 2
                    and (_TITLE_AFTER.match(after) or before in {"小", "老"})
                ):
                    kind = "name_titled"
                spans.append((kind, len(text), len(text) + len(value)))
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
    measured = [kind for kind in total if kind not in POLICY_KEPT]
    return {
        "recall": {kind: round(hits[kind] / total[kind], 3) for kind in sorted(total)},
        "found": {kind: f"{hits[kind]}/{total[kind]}" for kind in sorted(total)},
        "overall": round(sum(hits[k] for k in measured) / sum(total[k] for k in measured), 3),
        "overall_strict": round(sum(hits.values()) / sum(total.values()), 3),
        "business_names_kept": f"{kept}/{keep_total}",
        "ms_per_text": round(1000 * seconds / len(cases), 2),
    }


def ours(text: str, keep: tuple[str, ...]) -> list[tuple[int, int]]:
    return [(f.start, f.end) for f in find_personal_data(text, keep=keep)]


def ours_untold(text: str, keep: tuple[str, ...]) -> list[tuple[int, int]]:
    """The scrubber not told which business names to keep: the disclosure passes only the respondent and the
    platform, so another shop named in the summary depends on the detector alone."""
    return [(f.start, f.end) for f in find_personal_data(text, keep=())]


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
        "scrubber_not_told_business_names": measure(cases, ours_untold),
        "identifier_masker": measure(cases, identifiers_only),
    }
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=2))
        return
    print(f"{len(cases)} labelled texts ({args.file})")
    for name in ("scrubber", "scrubber_not_told_business_names", "identifier_masker"):
        figures = result[name]
        print(
            f"\n{name}: overall recall {figures['overall']} (strict {figures['overall_strict']}), business names"
            f" kept {figures['business_names_kept']}, {figures['ms_per_text']} ms/text"
        )
        for kind, recall in figures["recall"].items():
            note = "  (kept by policy: surname before a title)" if kind in POLICY_KEPT else ""
            print(f"  {kind:12} {recall:.3f}  ({figures['found'][kind]}){note}")


if __name__ == "__main__":
    main()
