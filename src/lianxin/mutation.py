"""`lianxin mutation [MODULE…] [--json]`: mutation testing of the domain core with mutmut (docs/mutation.md).

mutmut (a dev dependency, configured in pyproject's [tool.mutmut]) copies `src/` to `mutants/`, changes one
thing at a time in `src/lianxin/domain/<module>.py` (an operator, a constant, a string, a condition) and runs the
domain tests that reach the changed function; a mutant the tests do not notice "survives". Some survivors cannot
be noticed by any test because the program behaves the same (equivalent mutants); they are listed, each with a
reason, in docs/mutation-equivalents.toml and left out of the score:

    score = killed / (mutants − equivalent)

The command runs one mutmut at a time with one worker by default (`--jobs`), because mutation runs are CPU-heavy.
It re-copies the tests (mutmut never refreshes a copied file itself) and re-runs the chosen modules, keeping the
other modules' last results (`--fresh` starts from nothing); it prints a table per module and the survivors that are
not listed as equivalent (their diffs with `--diff`), and exits 1 when a module scores below `--min` (90 % by
default). It is not part of CI: the whole domain takes from a quarter of an hour to an hour on a busy machine.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

REPOSITORY_DIR = Path(__file__).resolve().parents[2]
DOMAIN_DIR = Path("src/lianxin/domain")
EQUIVALENTS_FILE = Path("docs/mutation-equivalents.toml")
DETECTED = {"killed", "timeout", "segfault", "caught by type check"}


@dataclass
class ModuleResult:
    module: str
    mutants: int = 0
    killed: int = 0
    equivalent: int = 0
    survived: list[str] = field(
        default_factory=list
    )  # non-equivalent survivors (incl. mutants no test reaches)
    other: dict[str, int] = field(
        default_factory=dict
    )  # statuses besides killed/survived (timeout, no tests…)
    stale_equivalents: list[str] = field(default_factory=list)  # listed, but no surviving mutant matches

    @property
    def score(self) -> float:
        relevant = self.mutants - self.equivalent
        return 100.0 if relevant == 0 else 100.0 * self.killed / relevant

    def as_dict(self) -> dict[str, object]:
        return {
            "module": self.module,
            "mutants": self.mutants,
            "killed": self.killed,
            "equivalent": self.equivalent,
            "survived": len(self.survived),
            "score": round(self.score, 1),
            "other": self.other,
            "survivors": self.survived,
            "stale_equivalents": self.stale_equivalents,
        }


def domain_modules() -> list[str]:
    return sorted(p.stem for p in (REPOSITORY_DIR / DOMAIN_DIR).glob("*.py") if p.stem != "__init__")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="lianxin mutation", description="领域核心的变异测试（mutmut）：每个模块的杀死率，等价变异单列。"
    )
    parser.add_argument("modules", nargs="*", metavar="MODULE", help="domain 下的模块名，默认全部")
    parser.add_argument("--json", action="store_true", help="输出 JSON")
    parser.add_argument(
        "--jobs", type=int, default=1, help="并行的 mutmut 工作进程数（默认 1，机器是共用的）"
    )
    parser.add_argument(
        "--min", type=float, default=90.0, help="每个模块的最低杀死率（%%），低于则退出码为 1"
    )
    parser.add_argument("--diff", action="store_true", help="同时打印未被杀死的变异的差异")
    parser.add_argument("--report-only", action="store_true", help="不运行，只读取上次运行的结果")
    parser.add_argument("--fresh", action="store_true", help="清空 mutants/ 后重新运行（默认只重跑所选模块）")
    args = parser.parse_args(argv)

    known = domain_modules()
    modules = args.modules or known
    unknown = [m for m in modules if m not in known]
    if unknown:
        print(f"错误：domain 下没有模块 {'、'.join(unknown)}；可选：{'、'.join(known)}。", file=sys.stderr)
        return 2
    if shutil.which("mutmut", path=str(Path(sys.executable).parent)) is None:
        print(
            "错误：未安装 mutmut（开发依赖）；请用 ./lianxin 运行，它会按 pyproject.toml 安装。",
            file=sys.stderr,
        )
        return 2
    os.chdir(REPOSITORY_DIR)
    if not args.report_only:
        _refresh(modules, fresh=args.fresh)
        status = _run_mutmut(modules, jobs=args.jobs, quiet=args.json)
        if status != 0:
            print(f"错误：mutmut 运行失败（退出码 {status}），见上方输出。", file=sys.stderr)
            return status
    results = collect(modules)
    if args.json:
        print(json.dumps([r.as_dict() for r in results], ensure_ascii=False, indent=2))
    else:
        _print_table(results, show_diff=args.diff)
    return 0 if all(r.score >= args.min for r in results) else 1


def _refresh(modules: list[str], *, fresh: bool) -> None:
    """Prepare `mutants/` so that the chosen modules are mutated again against today's tests.

    mutmut never re-copies a file that is already in `mutants/`, so stale tests would decide every verdict: the
    copied tests, conftest, configuration and test statistics go, and so do the chosen modules' mutated copies and
    results. Other modules keep the results of their last run (`--fresh` starts from nothing).
    """
    mutants = REPOSITORY_DIR / "mutants"
    if fresh or not mutants.exists():
        shutil.rmtree(mutants, ignore_errors=True)
        return
    shutil.rmtree(mutants / DOMAIN_DIR / "tests", ignore_errors=True)
    for name in ("conftest.py", "pyproject.toml", "mutmut-stats.json"):
        (mutants / name).unlink(missing_ok=True)
    for module in modules:
        for suffix in ("", ".meta", ".spans"):
            (mutants / DOMAIN_DIR / f"{module}.py{suffix}").unlink(missing_ok=True)


def _run_mutmut(modules: list[str], *, jobs: int, quiet: bool) -> int:
    """One mutmut run over the chosen modules."""
    command = [
        str(Path(sys.executable).parent / "mutmut"),
        "run",
        "--max-children",
        str(max(jobs, 1)),
        *(f"lianxin.domain.{module}.*" for module in modules),
    ]
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "lianxin.config.settings.test"}
    completed = subprocess.run(
        command,
        cwd=REPOSITORY_DIR,
        env=environment,
        stdout=sys.stderr if quiet else None,
        check=False,
    )
    return completed.returncode


def load_equivalents(root: Path = REPOSITORY_DIR) -> dict[str, list[dict[str, str]]]:
    path = root / EQUIVALENTS_FILE
    if not path.exists():
        return {}
    return tomllib.loads(path.read_text("utf-8"))


def collect(modules: list[str], root: Path = REPOSITORY_DIR) -> list[ModuleResult]:
    """Tally mutmut's verdicts per module from `mutants/…/<module>.py.meta` and match survivors to the equivalents
    listed for the module by (function, mutated line) — not by mutant number, which shifts when code is edited."""
    from mutmut.stats import status_by_exit_code

    equivalents = load_equivalents(root)
    results = []
    for module in modules:
        result = ModuleResult(module)
        meta = root / "mutants" / DOMAIN_DIR / f"{module}.py.meta"
        codes: dict[str, int | None] = (
            json.loads(meta.read_text("utf-8"))["exit_code_by_key"] if meta.exists() else {}
        )
        survivors = []
        for name, code in sorted(codes.items(), key=lambda item: _natural(item[0])):
            status = status_by_exit_code[code]
            result.mutants += 1
            if status in DETECTED:
                result.killed += 1
                if status != "killed":
                    result.other[status] = result.other.get(status, 0) + 1
            else:
                if status != "survived":
                    result.other[status] = result.other.get(status, 0) + 1
                survivors.append(name)
        unmatched: dict[tuple[str, str], list[dict[str, str]]] = {}
        for entry in equivalents.get(module, []):  # one function may hold the same change twice
            unmatched.setdefault(_key(entry["function"], entry["change"]), []).append(entry)
        for name in survivors:
            entries = unmatched.get(_key(_function(name), changed_lines(name, module)))
            if entries:
                entries.pop()
                result.equivalent += 1
            else:
                result.survived.append(name)
        result.stale_equivalents = [
            f"{e['function']}: {e['change']}" for entries in unmatched.values() for e in entries
        ]
        results.append(result)
    return results


def changed_lines(mutant: str, module: str) -> str:
    """The mutated line(s) of a mutant as mutmut shows them, stripped and joined by ' / '."""
    return " / ".join(
        line[1:].strip()
        for line in diff(mutant, module).splitlines()
        if line.startswith("+") and not line.startswith("+++")
    )


def diff(mutant: str, module: str) -> str:
    from mutmut.mutation.diff_apply import get_diff_for_mutant

    return get_diff_for_mutant(mutant, path=DOMAIN_DIR / f"{module}.py")


def _function(mutant: str) -> str:
    """`lianxin.domain.staffing.x_erlang_b__mutmut_3` → `x_erlang_b` (classes as `xǁClassǁmethod`)."""
    return mutant.rpartition(".")[2].partition("__mutmut_")[0]


def _key(function: str, change: str) -> tuple[str, str]:
    return function, " ".join(change.split())


def _natural(name: str) -> tuple[str, int]:
    stem, _, number = name.rpartition("__mutmut_")
    return stem, int(number) if number.isdigit() else 0


def _print_table(results: list[ModuleResult], *, show_diff: bool) -> None:
    header = f"{'module':<14}{'mutants':>9}{'killed':>8}{'equiv.':>8}{'survived':>10}{'score':>9}  other"
    print(header)
    print("-" * len(header))
    totals = ModuleResult("(all)")
    for r in results:
        other = ", ".join(f"{k} {v}" for k, v in sorted(r.other.items()))
        print(
            f"{r.module:<14}{r.mutants:>9}{r.killed:>8}{r.equivalent:>8}{len(r.survived):>10}{r.score:>8.1f}%  {other}"
        )
        totals.mutants += r.mutants
        totals.killed += r.killed
        totals.equivalent += r.equivalent
        totals.survived += r.survived
    if len(results) > 1:
        print("-" * len(header))
        print(
            f"{totals.module:<14}{totals.mutants:>9}{totals.killed:>8}{totals.equivalent:>8}"
            f"{len(totals.survived):>10}{totals.score:>8.1f}%"
        )
    for r in results:
        if r.mutants == 0:
            print(f"\n{r.module}: no results in mutants/ (not run yet?): ./lianxin mutation {r.module}")
        if r.survived:
            print(f"\n{r.module}: survivors not listed as equivalent in {EQUIVALENTS_FILE}")
            for name in r.survived:
                print(f"  {name}: {changed_lines(name, r.module)}")
                if show_diff:
                    print("    " + diff(name, r.module).replace("\n", "\n    "))
        if r.stale_equivalents:
            print(f"\n{r.module}: equivalents listed in {EQUIVALENTS_FILE} that match no survivor (stale?)")
            for entry in r.stale_equivalents:
                print(f"  {entry}")
