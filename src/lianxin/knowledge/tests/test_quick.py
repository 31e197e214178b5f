"""The cold `kb search` path (knowledge/quick.py): answers from the snapshot files without starting Django, exactly
as the server would, and never from files of another data version."""

from __future__ import annotations

import io
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from lianxin.common import reference_cache
from lianxin.common.models import ReferenceVersion
from lianxin.knowledge import artifact, quick, search
from lianxin.knowledge.models import LawImport
from lianxin.knowledge.ranking import result_lines

QUESTIONS = ["网上买的衣服不想要了能退吗", "消法第25条", "外賣吃出蟲子了怎麼投訴", "空调不制热商家不给修咋办"]


def _write_version(home: Path, token: str, *, imported: bool = True) -> None:
    """The two tables the quick path reads, as the migrations make them (names checked against the models)."""
    version, imported_table = quick.VERSION_TABLE, quick.IMPORT_TABLE
    with sqlite3.connect(home / "lianxin.sqlite3") as db:
        db.execute(f"CREATE TABLE IF NOT EXISTS {version} (id integer PRIMARY KEY, token text)")
        db.execute(f"CREATE TABLE IF NOT EXISTS {imported_table} (id integer PRIMARY KEY)")
        db.execute(f"DELETE FROM {version}")  # noqa: S608 — table names are constants
        db.execute(f"INSERT INTO {version} VALUES (1, ?)", (token,))  # noqa: S608
        db.execute(f"DELETE FROM {imported_table}")  # noqa: S608
        if imported:
            db.execute(f"INSERT INTO {imported_table} VALUES (1)")  # noqa: S608


@pytest.fixture
def home(knowledge, tmp_path, monkeypatch):
    """A LIANXIN_HOME as `./lianxin start` leaves it, for the quick path: an SQLite database holding the version
    token of the test database's knowledge data, and the snapshot built from that data."""
    token = reference_cache.reference_token()
    assert token
    artifact.snapshot_save(
        search._snapshot_build(token=token), artifact.index_root(tmp_path) / f"in-force-{token}"
    )
    _write_version(tmp_path, token)
    monkeypatch.delenv("DJANGO_SETTINGS_MODULE", raising=False)
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.delenv("LIANXIN_KB_QUICK", raising=False)
    monkeypatch.setenv("LIANXIN_HOME", str(tmp_path))
    return tmp_path


def _expected(questions: list[str], **options: object) -> str:
    as_json = bool(options.pop("as_json", True))
    lines = []
    for question in questions:
        results = search.knowledge_search(question, **options)  # type: ignore[arg-type]
        lines += result_lines(question, results, as_json=as_json)
    return "".join(f"{line}\n" for line in lines)


class _Fallback:
    def __init__(self) -> None:
        self.calls: list[tuple[list[str], list[str] | None]] = []

    def __call__(self, argv: list[str], questions: list[str] | None) -> int:
        self.calls.append((argv, questions))
        return 7


def _run(home: Path, argv: list[str], monkeypatch, capsys, stdin: str = "") -> tuple[int, str, _Fallback]:
    fallback = _Fallback()
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    status = quick.search_command(argv, home=home, fallback=fallback)
    return status, capsys.readouterr().out, fallback


def test_the_table_names_are_the_models_tables():
    assert ReferenceVersion._meta.db_table == quick.VERSION_TABLE
    assert LawImport._meta.db_table == quick.IMPORT_TABLE


def test_a_fresh_process_answers_exactly_as_the_server_without_starting_django(home):
    """The whole command in a new process (`lianxin.cli.main`, as the console script runs it)."""
    program = (
        "import sys; from lianxin.cli import main; status = main(sys.argv[1:]); sys.stdout.flush(); "
        "sys.stderr.write(repr((status, 'django.apps' in sys.modules, 'django.db' in sys.modules)))"
    )
    done = subprocess.run(
        [sys.executable, "-c", program, "kb", "search", "--json", "--top", "5"],
        input="\n".join(QUESTIONS) + "\n",
        capture_output=True,
        text=True,
        env={**os.environ, "LIANXIN_HOME": str(home)},
        check=True,
        timeout=120,
    )
    assert done.stderr.strip() == "(0, False, False)"
    assert done.stdout == _expected(QUESTIONS, top_k=5)
    assert json.loads(done.stdout.splitlines()[1])["results"][0]["via"] == "reference"


def test_text_output_and_options_match_the_management_command(home, monkeypatch, capsys):
    status, out, fallback = _run(
        home, ["外賣吃出蟲子了怎麼投訴", "--top", "3", "--no-entries"], monkeypatch, capsys
    )
    assert (status, fallback.calls) == (0, [])
    assert out == _expected(["外賣吃出蟲子了怎麼投訴"], top_k=3, use_entries=False, as_json=False)


def test_whatever_the_files_cannot_answer_for_goes_to_the_django_command(home, monkeypatch, capsys):
    token = reference_cache.reference_token()
    meta_file = artifact.index_root(home) / f"in-force-{token}" / "meta.json"
    meta = meta_file.read_text()

    def damaged(damage: str) -> None:
        if damage == "data changed, no snapshot for it yet":
            _write_version(home, "a-newer-version")
        elif damage == "laws never imported":
            _write_version(home, token, imported=False)
        elif damage == "no token yet":
            _write_version(home, "")
        elif damage == "built with other parameters":
            meta_file.write_text(json.dumps({**json.loads(meta), "fingerprint": "0123456789abcdef"}))
        elif damage == "no database":
            (home / "lianxin.sqlite3").unlink()
        elif damage == "other settings":
            monkeypatch.setenv("DJANGO_SETTINGS_MODULE", "lianxin.config.settings.local")

    for damage in (
        "data changed, no snapshot for it yet",
        "laws never imported",
        "no token yet",
        "built with other parameters",
        "no database",
        "other settings",
    ):
        damaged(damage)
        status, out, fallback = _run(home, ["退货", "--json"], monkeypatch, capsys)
        assert (status, out, fallback.calls) == (7, "", [(["退货", "--json"], None)]), damage
        # repaired: answered from the files again
        _write_version(home, token)
        meta_file.write_text(meta)
        monkeypatch.delenv("DJANGO_SETTINGS_MODULE", raising=False)
        status, out, fallback = _run(home, ["退货", "--json"], monkeypatch, capsys)
        assert (status, fallback.calls) == (0, []), damage
        assert out == _expected(["退货"], top_k=5)
    assert not (home / "knowledge-index" / "in-force-a-newer-version").exists()  # nothing built here


def test_a_data_change_during_a_batch_hands_the_remaining_questions_over(home, monkeypatch, capsys):
    monkeypatch.setenv("LIANXIN_REFERENCE_CHECK_SECONDS", "0")
    real_rank = quick.rank

    def rank_then_edit(*args, **kwargs):  # type: ignore[no-untyped-def]
        results = real_rank(*args, **kwargs)
        _write_version(home, "edited-meanwhile")  # an administrator's edit commits after the first answer
        return results

    monkeypatch.setattr(quick, "rank", rank_then_edit)
    stdin = "".join(f"{q}\n" for q in QUESTIONS[:3])
    status, out, fallback = _run(home, ["--json", "--top", "5"], monkeypatch, capsys, stdin=stdin)
    assert status == 7
    assert out == _expected(QUESTIONS[:1], top_k=5)
    assert fallback.calls == [(["--top", "5", "--json"], QUESTIONS[1:3])]


def test_help_and_unknown_options_go_to_the_django_command(home, monkeypatch, capsys):
    for argv in (["--help"], ["退货", "--verbosity", "2"], ["退货", "--top", "x"]):
        status, out, fallback = _run(home, argv, monkeypatch, capsys)
        assert (status, out, fallback.calls) == (7, "", [(argv, None)])
