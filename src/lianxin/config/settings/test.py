"""Settings for `./lianxin test`: fast hashers, in-memory caches, a fixed key."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from .base import *  # noqa: F403

SECRET_KEY = "test-only-not-secret"  # noqa: S105
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_AUTOREFRESH = True
# Tests change reference data and read it back at once: look at the version token on every read.
LIANXIN_REFERENCE_CHECK_SECONDS = 0

# Jobs run in the caller's thread, so a test sees their effect at once.
Q_CLUSTER = {**Q_CLUSTER, "sync": True}  # noqa: F405
# Each test database has its own reference tokens; keep their search snapshots out of LIANXIN_HOME.
LIANXIN_KNOWLEDGE_INDEX_DIR = Path(tempfile.gettempdir()) / f"lianxin-test-knowledge-{os.getpid()}"
# Fixed test keys (never used outside tests): two in the ring, so reading an old key's ciphertext is exercised.
LIANXIN_FIELD_KEYS = (
    "t2:dGVzdC1vbmx5LWZpZWxkLWtleS1udW1iZXItMi0zMmI=,t1:dGVzdC1vbmx5LWZpZWxkLWtleS1udW1iZXItMS0zMmI="
)
LIANXIN_BLIND_INDEX_KEY = "dGVzdC1vbmx5LWJsaW5kLWluZGV4LWtleS0zMmJ5dGU="
# One process: an in-memory cache keeps query counts free of cache queries (production: database or Redis).
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Login lockout and two-factor are switched on by the tests that are about them.
AXES_ENABLED = False
LIANXIN_TWO_FACTOR_ENFORCED = False

# The captcha accepts the answer "PASSED" in tests (django-simple-captcha's test mode).
CAPTCHA_TEST_MODE = True

# SQLite: the test database is a file, not ":memory:". With an in-memory database Django's live server hands its one
# connection to every request thread, so a browser test's concurrent requests (a live stream, a draft save, the
# registration) run on one connection and inside each other's transactions — a random commit, rollback or
# "cannot start a transaction within a transaction". A file gives each thread its own connection, as in production.
# Durability is not a test's concern: no fsync.
_database = DATABASES["default"]  # noqa: F405
if _database["ENGINE"] == "django.db.backends.sqlite3":
    _database["TEST"]["NAME"] = str(Path(tempfile.gettempdir()) / f"lianxin-test-{os.getpid()}.sqlite3")
    _database["OPTIONS"]["init_command"] = "PRAGMA journal_mode=WAL; PRAGMA synchronous=OFF;"

# The threaded test server lends a pooled connection to every request thread, and browser tests keep several
# pages (and their live streams) open at once: a larger pool than one production worker's.
if "pool" in DATABASES["default"].get("OPTIONS", {}):  # noqa: F405
    DATABASES["default"]["OPTIONS"]["pool"]["max_size"] = 40  # noqa: F405
