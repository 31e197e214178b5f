"""The search snapshot on disk: built once per version of the knowledge data, memory-mapped by every process.

A snapshot is a directory `<index root>/<kind>-<token>/` (files: `artifact.py`) where `token` is the reference-data
version token (`common.reference_cache`): every write to laws, articles, entries, glosses, aliases or vocabulary
calls `reference_changed()`, so an edit gives a new token and the next search builds a new directory; a process
never uses files built from other data (the meta repeats the token and is checked on opening). The directory is
written under a temporary name and renamed into place, and a file lock lets one process build while the others
wait for it and then map its files (no thundering herd of 600 MB builds after an edit). Only the newest directory
of each kind is kept.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

from django.conf import settings

from lianxin.common.reference_cache import reference_token

from . import artifact
from .artifact import Snapshot, SnapshotUnusable, snapshot_save
from .ranking import snapshot_fingerprint

__all__ = ["Snapshot", "SnapshotUnusable", "index_root", "snapshot_load_or_build", "snapshot_warm"]


def index_root() -> Path:
    configured = getattr(settings, "LIANXIN_KNOWLEDGE_INDEX_DIR", None)
    return Path(configured) if configured else artifact.index_root(Path(settings.LIANXIN_HOME))


def _open(directory: Path, token: str) -> Snapshot:
    return artifact.snapshot_open(directory, token=token, fingerprint=snapshot_fingerprint())


def snapshot_load_or_build(kind: str, build: Callable[[str], Snapshot]) -> Snapshot:
    """The snapshot of `kind` for the current data version: mapped from disk, or built (`build(token)`) and saved
    first.

    Without a version token (a database where reference data was never written) nothing is saved: such a
    snapshot could not be told apart from one of other data."""
    token = reference_token()
    if not token:
        return build("")
    root = index_root()
    directory = root / f"{kind}-{token}"
    try:
        return _open(directory, token)
    except (OSError, ValueError):
        pass
    root.mkdir(parents=True, exist_ok=True)
    with (root / f"{kind}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            return _open(directory, token)  # another process built it while this one waited
        except (OSError, ValueError):
            pass
        snap = build(token)
        scratch = Path(tempfile.mkdtemp(prefix=f".{kind}-", dir=root))
        snapshot_save(snap, scratch)
        if directory.exists():
            shutil.rmtree(directory)  # built by an older release (format or parameters changed)
        os.replace(scratch, directory)
        for old in root.glob(f"{kind}-*"):
            if old != directory and old.is_dir():
                shutil.rmtree(old, ignore_errors=True)
    return _open(directory, token)


def snapshot_warm() -> None:
    """Build (if needed) and map the in-force snapshot: called at start so that no caller waits for it."""
    from .search import snapshot

    snapshot()
