"""The database settings, from the environment (one function, so the choices can be tested).

SQLite in ``LIANXIN_HOME`` is the embedded default. With ``DATABASE_URL=postgres://…`` each server process keeps a
psycopg connection pool (Django 5.2 ``OPTIONS["pool"]``): a request borrows a connection and returns it when the
request ends, so N uvicorn workers never hold more than N × ``LIANXIN_DB_POOL_MAX`` connections, however many
requests are in flight (the others wait up to ``LIANXIN_DB_POOL_TIMEOUT`` seconds, then get a 503).
Sizing against PostgreSQL's ``max_connections``: see docs/adr/0019-security-and-reliability.md.

``LIANXIN_DB_POOL=off`` is the pgbouncer-compatible mode: no pool in the process, a connection per request
(``LIANXIN_CONN_MAX_AGE``, default 0) and no server-side cursors (they do not survive transaction pooling).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import environ


def database_settings(env: environ.Env, home: Path) -> dict[str, Any]:
    sqlite_url = f"sqlite:///{home / 'lianxin.sqlite3'}"
    database: dict[str, Any] = env.db_url("DATABASE_URL", default=sqlite_url)
    options = database.setdefault("OPTIONS", {})
    if database["ENGINE"] == "django.db.backends.sqlite3":
        # IMMEDIATE takes the write lock at BEGIN, so two writers queue instead of failing mid-way
        # when one upgrades its read lock (Django 5.1+).
        options.update(
            {"transaction_mode": "IMMEDIATE", "timeout": 20, "init_command": "PRAGMA journal_mode=WAL;"}
        )
        database.setdefault("TEST", {})["NAME"] = ":memory:"
        return database
    options.setdefault("connect_timeout", env.int("LIANXIN_DB_CONNECT_TIMEOUT", default=5))
    if env.bool("LIANXIN_DB_POOL", default=True):
        database["CONN_MAX_AGE"] = 0  # Django refuses persistent connections together with a pool
        options["pool"] = {
            "min_size": env.int("LIANXIN_DB_POOL_MIN", default=2),
            "max_size": env.int("LIANXIN_DB_POOL_MAX", default=10),
            "timeout": env.float("LIANXIN_DB_POOL_TIMEOUT", default=10.0),
            "max_idle": env.float("LIANXIN_DB_POOL_MAX_IDLE", default=300.0),
        }
        # Django then has the pool test a connection before lending it (an empty query, ~0.1 ms on loopback):
        # after a database restart the pool's old connections are replaced instead of failing one request each.
        database["CONN_HEALTH_CHECKS"] = env.bool("LIANXIN_DB_POOL_CHECK", default=True)
    else:
        database["CONN_MAX_AGE"] = env.int("LIANXIN_CONN_MAX_AGE", default=0)
        database["DISABLE_SERVER_SIDE_CURSORS"] = True
    return database
