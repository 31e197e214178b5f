"""`lianxin kb search` from a cold process without starting Django (issue 13 §3: answer in under a second).

Starting Django costs more than the search: importing every app's models, the admin's autodiscovery, the URL
configuration — about a second before the first question is read (ADR 0012). A search needs none of it: the
snapshot files (`artifact.py`) hold the index and everything a result shows. So this path

1. reads the database settings exactly as the settings module does (`config.database.database_settings`),
2. asks the database one thing: the reference-data version token (the *generation stamp*; every write to
   knowledge data changes it, `common.reference_cache.reference_changed`) and whether the laws were imported,
3. maps the snapshot built for that token — only if its meta names that token and this code's build parameters,
4. answers every question with `ranking.rank`, the function the server uses, and prints what `kb` prints.

Whenever it cannot — no token yet, nothing imported, no snapshot for the current token (the data changed and
nobody has rebuilt it), another settings module, other arguments, a database error — it hands over to the Django
command (`fallback`), which migrates, imports, builds and answers as before. It never answers from files of
another data version: the token is read from the database before the first answer and again every
`LIANXIN_REFERENCE_CHECK_SECONDS` (as the server's processes do); if it changed and no snapshot exists for the new
one, the remaining questions go to the Django command.

No Django import here or below (import-linter contract "The cold knowledge search starts no Django").
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import closing
from pathlib import Path
from typing import Any

from . import artifact
from .analysis import use_lexicon_root
from .artifact import Snapshot
from .ranking import rank, result_lines, snapshot_fingerprint

Fallback = Callable[[list[str], "list[str] | None"], int]
PRODUCTION_SETTINGS = "lianxin.config.settings.production"


def add_search_arguments(parser: argparse.ArgumentParser) -> None:
    """The arguments of `kb search` (one definition for this path and the management command)."""
    parser.add_argument("query", nargs="?", help="查询；省略时从标准输入逐行读取")
    parser.add_argument("--top", type=int, default=5)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--no-entries", action="store_true", help="只检索法条")
    parser.add_argument("--all-versions", action="store_true", help="同时检索历史版本与已废止的法律")


class _Refused(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        raise _Refused(message)  # the management command reports it, in its own words


def search_command(argv: list[str], *, home: Path, fallback: Fallback) -> int:
    """Run `kb search ARGV`; `fallback(argv, questions)` runs the Django command instead (with `questions` on
    standard input when not None)."""
    options = _options(argv)
    if options is None:
        return fallback(argv, None)
    source = _Source(home)
    kind = "all-versions" if options.all_versions else "in-force"
    snap = source.snapshot(kind)
    if snap is None:
        return fallback(argv, None)
    use_lexicon_root(source.root / "jieba")
    questions = [options.query] if options.query else [line.strip() for line in sys.stdin if line.strip()]
    for position, question in enumerate(questions):
        if source.due():
            snap = source.snapshot(kind)
            if snap is None:  # the data changed since the first answer and nobody has built its snapshot yet
                sys.stdout.flush()
                return fallback(_stdin_arguments(options), questions[position:])
        results = rank(snap, question, top_k=options.top, use_entries=not options.no_entries)
        sys.stdout.write(
            "".join(f"{line}\n" for line in result_lines(question, results, as_json=options.json))
        )
    source.close()
    return 0


def _options(argv: list[str]) -> argparse.Namespace | None:
    if os.environ.get("LIANXIN_KB_QUICK", "1") == "0":
        return None
    settings_module = os.environ.get("DJANGO_SETTINGS_MODULE")
    if settings_module and settings_module != PRODUCTION_SETTINGS:
        return None  # other settings may name another database or index directory: let Django read them
    if any(arg in {"-h", "--help"} for arg in argv):
        return None
    parser = _Parser(prog="lianxin kb search", add_help=False)
    add_search_arguments(parser)
    try:
        return parser.parse_args(argv)
    except _Refused:
        return None


def _stdin_arguments(options: argparse.Namespace) -> list[str]:
    """The options again, without a positional question: the remaining questions go on standard input."""
    argv = ["--top", str(options.top)]
    for flag in ("json", "no_entries", "all_versions"):
        if getattr(options, flag):
            argv.append("--" + flag.replace("_", "-"))
    return argv


class _Source:
    """The database's version token (checked every LIANXIN_REFERENCE_CHECK_SECONDS) and the snapshot files."""

    def __init__(self, home: Path) -> None:
        import environ

        from lianxin.config.database import database_settings

        env = environ.Env()
        self.root = artifact.index_root(home)
        self.database: dict[str, Any] = database_settings(env, home)
        self.interval = env.float("LIANXIN_REFERENCE_CHECK_SECONDS", default=1.0)  # as settings.base
        self.connection: Any = None
        self.checked_at = 0.0
        self.token = ""
        self.kind = ""
        self.current: Snapshot | None = None

    def due(self) -> bool:
        return time.monotonic() - self.checked_at >= self.interval

    def snapshot(self, kind: str) -> Snapshot | None:
        """The snapshot for the database's current token, or None when there is none to use."""
        state = self._state()
        self.checked_at = time.monotonic()
        if state is None:
            return None
        token, loaded = state
        if not token or not loaded:
            return None
        if self.current is not None and (token, kind) == (self.token, self.kind):
            return self.current
        try:
            snap = artifact.snapshot_open(
                self.root / f"{kind}-{token}", token=token, fingerprint=snapshot_fingerprint()
            )
        except (OSError, ValueError, KeyError):
            return None
        self.token, self.kind, self.current = token, kind, snap
        return snap

    def _state(self) -> tuple[str, bool] | None:
        try:
            if self.connection is None:
                self.connection = _connect(self.database)
                if self.connection is None:
                    return None
            rows = list(_query(self.connection))
        except Exception:  # any database trouble: the Django command reports it properly
            self.close()
            return None
        token_row, loaded_row = rows
        return (token_row[0] if token_row else ""), bool(loaded_row)

    def close(self) -> None:
        if self.connection is not None:
            try:
                self.connection.close()
            finally:
                self.connection = None


def _connect(database: dict[str, Any]) -> Any:
    engine = database["ENGINE"]
    options = database.get("OPTIONS", {})
    if engine == "django.db.backends.sqlite3":
        import sqlite3
        from urllib.parse import quote

        name = str(database["NAME"])
        if not Path(name).is_file() or Path(name).stat().st_size == 0:
            return None  # not created yet: the Django command migrates and loads
        # mode=rw: never create a database here; reads only.
        return sqlite3.connect(f"file:{quote(name)}?mode=rw", uri=True, timeout=options.get("timeout", 20))
    if engine in {"django.db.backends.postgresql", "django.db.backends.postgresql_psycopg2"}:
        import psycopg

        django_only = {
            "pool",
            "isolation_level",
            "server_side_binding",
            "assume_role",
            "context",
            "cursor_factory",
        }
        parameters = {key: value for key, value in options.items() if key not in django_only}
        for key, setting in (
            ("dbname", "NAME"),
            ("user", "USER"),
            ("password", "PASSWORD"),
            ("host", "HOST"),
        ):
            if database.get(setting):
                parameters[key] = database[setting]
        if database.get("PORT"):
            parameters["port"] = str(database["PORT"])
        return psycopg.connect(autocommit=True, **parameters)
    return None


# The tables of common.ReferenceVersion and knowledge.LawImport (a test checks them against the models).
VERSION_TABLE = "common_referenceversion"
IMPORT_TABLE = "knowledge_lawimport"
_QUERIES = (
    f"SELECT token FROM {VERSION_TABLE} WHERE id = 1",  # noqa: S608 — constants, no input
    f"SELECT 1 FROM {IMPORT_TABLE} LIMIT 1",  # noqa: S608
)


def _query(connection: Any) -> Iterator[tuple | None]:
    for sql in _QUERIES:
        with closing(connection.cursor()) as cursor:
            cursor.execute(sql)
            yield cursor.fetchone()
