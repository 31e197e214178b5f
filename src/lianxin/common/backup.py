"""Backup and restore of the whole database (``./lianxin backup`` / ``./lianxin restore``).

- SQLite: SQLite's online backup API, page by page, consistent while the server keeps running; restore copies
  the backup into the live database the same way (under SQLite's lock: writers wait, nobody reads a half state).
- PostgreSQL: ``pg_dump --format=custom`` (one consistent snapshot, online) and ``pg_restore --clean --if-exists``
  (``--single-transaction``: all or nothing).

The field-encryption keys (``LIANXIN_HOME/field_keys.json`` or the environment) are NOT in the backup: keep them
safe separately — a backup without its keys cannot show phone or ID numbers, which is the point.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
from pathlib import Path
from typing import Any

from django.db import connection, connections


class BackupError(Exception):
    pass


def _vendor(settings_dict: dict[str, Any]) -> str:
    return "sqlite" if settings_dict["ENGINE"].endswith("sqlite3") else "postgresql"


def _pg_env(settings_dict: dict[str, Any]) -> tuple[list[str], dict[str, str]]:
    args = ["-h", settings_dict.get("HOST") or "127.0.0.1", "-p", str(settings_dict.get("PORT") or 5432)]
    if settings_dict.get("USER"):
        args += ["-U", settings_dict["USER"]]
    env = {**os.environ}
    if settings_dict.get("PASSWORD"):
        env["PGPASSWORD"] = settings_dict["PASSWORD"]
    return args, env


def _run(command: list[str], env: dict[str, str]) -> None:
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise BackupError(f"{command[0]} 失败：{result.stderr.strip()[-500:]}")


def backup(output: Path) -> Path:
    output.parent.mkdir(parents=True, exist_ok=True)
    settings_dict = connection.settings_dict
    if _vendor(settings_dict) == "sqlite":
        connection.ensure_connection()
        target = sqlite3.connect(output)
        try:
            connection.connection.backup(target)
        finally:
            target.close()
    else:
        args, env = _pg_env(settings_dict)
        _run(
            ["pg_dump", *args, "--format=custom", "--no-owner", "-f", str(output), settings_dict["NAME"]], env
        )
    output.chmod(0o600)
    return output


def restore(source: Path, *, database: str | None = None) -> None:
    """Replace the contents of the configured database (or, on PostgreSQL, of `database`) with the backup."""
    if not source.exists():
        raise BackupError(f"备份文件不存在：{source}")
    settings_dict = connection.settings_dict
    if _vendor(settings_dict) == "sqlite":
        connection.ensure_connection()
        backup_db = sqlite3.connect(source)
        try:
            backup_db.backup(connection.connection)
        finally:
            backup_db.close()
        return
    connections.close_all()
    args, env = _pg_env(settings_dict)
    _run(
        [
            "pg_restore",
            *args,
            "--clean",
            "--if-exists",
            "--no-owner",
            "--single-transaction",
            "-d",
            database or settings_dict["NAME"],
            str(source),
        ],
        env,
    )
