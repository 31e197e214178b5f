"""The search snapshot on disk: built once per version of the knowledge data, memory-mapped by every process.

A snapshot is a directory `<LIANXIN_KNOWLEDGE_INDEX_DIR>/<kind>-<token>/` where `token` is the reference-data
version token (`common.reference_cache`): every write to laws, articles, entries, glosses, aliases or vocabulary
calls `reference_changed()`, so an edit gives a new token and the next search builds a new directory; a process
never uses files built from other data. The directory is written under a temporary name and renamed into place,
and a file lock lets one process build while the others wait for it and then map its files (no thundering herd of
600 MB builds after an edit). Only the newest directory of each kind is kept.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from django.conf import settings

from lianxin.common.reference_cache import reference_token

from .citations import LawNames
from .index import BM25Index

FORMAT = 1
_INDEXES = ("index", "grams", "gloss_words", "gloss_grams")
_ARRAYS = (
    "is_faq",
    "pks",
    "document_laws",
    "priorities",
    "entry_numbers",
    "entry_offsets",
    "entry_targets",
)


@dataclass
class Snapshot:
    """Four BM25 indexes over one document numbering (articles, then published entries) and, per document, only
    what ranking needs; titles and texts are read from the database for the few results shown."""

    index: BM25Index
    grams: BM25Index
    gloss_words: BM25Index
    gloss_grams: BM25Index
    is_faq: np.ndarray  # bool per document
    pks: np.ndarray  # Article or KnowledgeEntry pk per document
    document_laws: np.ndarray  # index into law_names, -1 for an entry
    priorities: np.ndarray
    entry_numbers: np.ndarray  # document numbers of the entries
    entry_offsets: np.ndarray  # entry i lends to entry_targets[entry_offsets[i]:entry_offsets[i + 1]]
    entry_targets: np.ndarray  # article document numbers
    law_names: list[str]  # laws of the indexed documents
    laws: list[str]  # every law name in the corpus (citations resolve against all)
    aliases: dict[str, str]
    vocabulary: list[tuple[str, list[str]]]
    names: LawNames = field(init=False)

    def __post_init__(self) -> None:
        self.names = LawNames(self.laws, self.aliases)

    @property
    def size(self) -> int:
        return int(self.pks.size)


def index_root() -> Path:
    configured = getattr(settings, "LIANXIN_KNOWLEDGE_INDEX_DIR", None)
    return Path(configured) if configured else Path(settings.LIANXIN_HOME) / "knowledge-index"


def snapshot_save(snap: Snapshot, directory: Path) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    for name in _INDEXES:
        getattr(snap, name).save(directory, name)
    for name in _ARRAYS:
        np.save(directory / f"{name}.npy", getattr(snap, name), allow_pickle=False)
    meta = {
        "format": FORMAT,
        "size": snap.size,
        "law_names": snap.law_names,
        "laws": snap.laws,
        "aliases": snap.aliases,
        "vocabulary": snap.vocabulary,
    }
    (directory / "meta.json").write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")


def snapshot_open(directory: Path) -> Snapshot:
    meta = json.loads((directory / "meta.json").read_text(encoding="utf-8"))
    if meta.get("format") != FORMAT:
        raise ValueError("index format changed")
    size = meta["size"]
    indexes = {name: BM25Index.load(directory, name, size) for name in _INDEXES}
    arrays = {name: np.load(directory / f"{name}.npy", mmap_mode="r") for name in _ARRAYS}
    return Snapshot(
        **indexes,
        **arrays,
        law_names=meta["law_names"],
        laws=meta["laws"],
        aliases=meta["aliases"],
        vocabulary=[(phrase, list(terms)) for phrase, terms in meta["vocabulary"]],
    )


def snapshot_load_or_build(kind: str, build: Callable[[], Snapshot]) -> Snapshot:
    """The snapshot of `kind` for the current data version: mapped from disk, or built and saved first.

    Without a version token (a database where reference data was never written) nothing is saved: such a
    snapshot could not be told apart from one of other data."""
    token = reference_token()
    if not token:
        return build()
    root = index_root()
    directory = root / f"{kind}-{token}"
    try:
        return snapshot_open(directory)
    except (OSError, ValueError):
        pass
    root.mkdir(parents=True, exist_ok=True)
    with (root / f"{kind}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            return snapshot_open(directory)  # another process built it while this one waited
        except (OSError, ValueError):
            pass
        snap = build()
        scratch = Path(tempfile.mkdtemp(prefix=f".{kind}-", dir=root))
        snapshot_save(snap, scratch)
        if directory.exists():
            shutil.rmtree(scratch)
        else:
            os.replace(scratch, directory)
        for old in root.glob(f"{kind}-*"):
            if old != directory and old.is_dir():
                shutil.rmtree(old, ignore_errors=True)
    return snapshot_open(directory)


def snapshot_warm() -> None:
    """Build (if needed) and map the in-force snapshot: called at start so that no caller waits for it."""
    from .search import snapshot

    snapshot()
