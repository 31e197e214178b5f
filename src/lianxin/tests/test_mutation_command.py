"""`lianxin mutation`: the tally of mutmut's verdicts and the matching of listed equivalent mutants."""

from __future__ import annotations

import json

import pytest

from lianxin import mutation

pytest.importorskip("mutmut")  # a dev dependency; the tally reads mutmut's status codes

STAFFING = "lianxin.domain.staffing"


@pytest.fixture
def project(tmp_path, monkeypatch):
    meta = tmp_path / "mutants" / "src" / "lianxin" / "domain" / "staffing.py.meta"
    meta.parent.mkdir(parents=True)
    codes = {
        f"{STAFFING}.x_erlang_b__mutmut_1": 1,  # killed
        f"{STAFFING}.x_erlang_b__mutmut_2": 0,  # survived, listed as equivalent
        f"{STAFFING}.x_erlang_b__mutmut_3": 0,  # survived, not listed
        f"{STAFFING}.x_erlang_c__mutmut_1": 36,  # timeout: detected
        f"{STAFFING}.x_erlang_c__mutmut_2": 33,  # no test reaches it: not killed
    }
    meta.write_text(json.dumps({"exit_code_by_key": codes}), "utf-8")
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "mutation-equivalents.toml").write_text(
        "[[staffing]]\n"
        'function = "x_erlang_b"\n'
        'change = "for  k in range(1, agents + 1):"\n'
        'reason = "test"\n'
        "[[staffing]]\n"
        'function = "x_erlang_c"\n'
        'change = "return 3.0"\n'
        'reason = "no longer matches anything"\n',
        "utf-8",
    )
    changes = {
        f"{STAFFING}.x_erlang_b__mutmut_2": "for k in range(1, agents + 1):",
        f"{STAFFING}.x_erlang_b__mutmut_3": "blocking = traffic * blocking / (k - traffic * blocking)",
        f"{STAFFING}.x_erlang_c__mutmut_2": "return 2.0",
    }
    monkeypatch.setattr(mutation, "changed_lines", lambda name, module: changes[name])
    return tmp_path


def test_the_tally_leaves_listed_equivalents_out_of_the_score(project):
    (result,) = mutation.collect(["staffing"], root=project)
    assert (result.mutants, result.killed, result.equivalent) == (5, 2, 1)
    assert result.survived == [f"{STAFFING}.x_erlang_b__mutmut_3", f"{STAFFING}.x_erlang_c__mutmut_2"]
    assert result.other == {"timeout": 1, "no tests": 1}
    assert result.score == pytest.approx(100 * 2 / 4)
    assert result.stale_equivalents == ["x_erlang_c: return 3.0"]
    assert result.as_dict()["score"] == 50.0


def test_a_module_never_run_scores_nothing_to_kill(project):
    (result,) = mutation.collect(["calendar"], root=project)
    assert (result.mutants, result.score) == (0, 100.0)


def test_an_unknown_module_is_refused(capsys):
    assert mutation.main(["nosuchmodule", "--report-only"]) == 2
    assert "domain 下没有模块 nosuchmodule" in capsys.readouterr().err


def test_every_domain_module_is_offered():
    modules = mutation.domain_modules()
    assert {"address", "calendar", "deadlines", "staffing", "workflow"} <= set(modules)
    assert "__init__" not in modules
