"""The search snapshot as files: everything a search needs, including what its results show, in flat arrays that a
process memory-maps. No Django here: the cold `kb search` command answers from these files with one query to the
database (the version token), see `quick.py` and docs/adr/0012-knowledge-search-index.md.

A snapshot directory holds
- four `BM25Index`es over one document numbering (articles in force, then published entries) and, per document,
  only what ranking needs (law number, priority, the entries' lending targets);
- the *shown rows*: per row the kind, pk, article number, law version, title and text (UTF-8 blobs read by
  offsets). Rows `0 … size-1` are the documents; further rows are articles reachable only by a direct reference
  (消法第25条 of a repealed or amending law), so that a direct look-up needs no database either;
- the direct-reference table: `law name + article number` (sorted, binary search) → the row of the article that
  `search.article_find` prefers (in force first, then the latest version, then position);
- `meta.json`: the format, the *generation stamp* (the reference token the snapshot was built for: the directory
  name says it and the meta repeats it, and a reader compares it with the database's token before using the
  files), the build fingerprint (the constants that shape the arrays), the law-name map, aliases and vocabulary.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from .analysis import STOPWORDS
from .citations import LawNames
from .index import BM25Index, mapped

FORMAT = 2
INDEXES = ("index", "grams", "gloss_words", "gloss_grams")
ARRAYS = (
    "document_laws",
    "priorities",
    "entry_numbers",
    "entry_offsets",
    "entry_targets",
    "row_is_faq",
    "row_pks",
    "row_numbers",
    "row_versions",
    "title_offsets",
    "titles",
    "text_offsets",
    "texts",
    "reference_keys",
    "reference_rows",
)
_KEY_SEPARATOR = "\x1f"


def build_fingerprint(*, gram_sizes: tuple[int, ...], entry_weight: float, doc_types: tuple[str, ...]) -> str:
    """What, besides the data, decides the arrays: a snapshot built with other values is never opened."""
    parts = repr((FORMAT, gram_sizes, entry_weight, doc_types, sorted(STOPWORDS)))
    return hashlib.sha256(parts.encode()).hexdigest()[:16]


def reference_key(law_name: str, number: int) -> str:
    return f"{law_name}{_KEY_SEPARATOR}{number}"


@dataclass(frozen=True, slots=True)
class ShownRow:
    is_faq: bool
    pk: int
    law: str | None
    number: int | None
    title: str
    text: str
    version_on: str | None  # ISO date
    status: str


@dataclass
class Snapshot:
    """See the module docstring. Arrays are numpy arrays in memory (just built) or memory-mapped (opened)."""

    index: BM25Index
    grams: BM25Index
    gloss_words: BM25Index
    gloss_grams: BM25Index
    document_laws: np.ndarray  # index into law_names, -1 for an entry
    priorities: np.ndarray
    entry_numbers: np.ndarray  # document numbers of the entries
    entry_offsets: np.ndarray  # entry i lends to entry_targets[entry_offsets[i]:entry_offsets[i + 1]]
    entry_targets: np.ndarray  # article document numbers
    row_is_faq: np.ndarray  # bool per shown row
    row_pks: np.ndarray  # Article or KnowledgeEntry pk per row
    row_numbers: np.ndarray  # article number (-1: none)
    row_versions: np.ndarray  # index into law_versions (-1: an entry)
    title_offsets: np.ndarray
    titles: np.ndarray  # UTF-8 bytes of every row's title, back to back
    text_offsets: np.ndarray
    texts: np.ndarray  # UTF-8 bytes of every row's text (article text, entry answer)
    reference_keys: np.ndarray  # sorted `law name \x1f number`
    reference_rows: np.ndarray  # the row each key resolves to
    law_names: list[str]  # laws of the indexed documents
    law_versions: list[tuple[str, str | None, str]]  # (name, version date, status) of the rows' law versions
    names_map: dict[str, str]  # LawNames: normalised name or alias → full name
    vocabulary: list[tuple[str, list[str]]]
    token: str = ""
    fingerprint: str = ""
    names: LawNames = field(init=False)

    def __post_init__(self) -> None:
        self.names = LawNames.from_map(self.names_map)

    @property
    def size(self) -> int:
        """The number of ranked documents (the shown rows that follow are reachable by reference only)."""
        return int(self.priorities.size)

    @property
    def is_faq(self) -> np.ndarray:
        return self.row_is_faq[: self.size]

    @property
    def pks(self) -> np.ndarray:
        return self.row_pks[: self.size]

    def row(self, number: int) -> ShownRow:
        version = int(self.row_versions[number])
        law, version_on, status = self.law_versions[version] if version >= 0 else (None, None, "")
        article = int(self.row_numbers[number])
        return ShownRow(
            bool(self.row_is_faq[number]),
            int(self.row_pks[number]),
            law,
            article if article >= 0 else None,
            _slice(self.titles, self.title_offsets, number),
            _slice(self.texts, self.text_offsets, number),
            version_on,
            status,
        )

    def reference_row(self, law_name: str, number: int) -> int | None:
        """The row of article `number` of the law named `law_name`, as `search.article_find` would choose it."""
        key = reference_key(law_name, number)
        if not self.reference_keys.size or len(key) > self.reference_keys.dtype.itemsize // 4:
            return None
        position = int(np.searchsorted(self.reference_keys, key))
        if position < self.reference_keys.size and self.reference_keys[position] == key:
            return int(self.reference_rows[position])
        return None


def _slice(blob: np.ndarray, offsets: np.ndarray, number: int) -> str:
    return bytes(blob[int(offsets[number]) : int(offsets[number + 1])]).decode("utf-8")


def pack_strings(values: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """(offsets, bytes) of `values` back to back: value i is bytes[offsets[i]:offsets[i + 1]]."""
    encoded = [value.encode("utf-8") for value in values]
    offsets = np.zeros(len(encoded) + 1, dtype=np.int64)
    if encoded:
        offsets[1:] = np.cumsum([len(b) for b in encoded])
    return offsets, np.frombuffer(b"".join(encoded), dtype=np.uint8).copy()


def snapshot_save(snap: Snapshot, directory: Path) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    for name in INDEXES:
        getattr(snap, name).save(directory, name)
    for name in ARRAYS:
        np.save(directory / f"{name}.npy", getattr(snap, name), allow_pickle=False)
    meta = {
        "format": FORMAT,
        "token": snap.token,
        "fingerprint": snap.fingerprint,
        "size": snap.size,
        "law_names": snap.law_names,
        "law_versions": snap.law_versions,
        "names_map": snap.names_map,
        "vocabulary": snap.vocabulary,
    }
    (directory / "meta.json").write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")


class SnapshotUnusable(ValueError):
    """The files are missing, of another format or build, or of another data version than expected."""


def snapshot_open(directory: Path, *, token: str, fingerprint: str) -> Snapshot:
    """Map the snapshot in `directory` if it was built for data version `token` with build `fingerprint`;
    otherwise raise SnapshotUnusable (OSError when files are missing). Nothing is read but meta.json until a
    query touches the arrays."""
    meta = json.loads((directory / "meta.json").read_text(encoding="utf-8"))
    if meta.get("format") != FORMAT:
        raise SnapshotUnusable("index format changed")
    if meta.get("token") != token:
        raise SnapshotUnusable("built for another data version")
    if meta.get("fingerprint") != fingerprint:
        raise SnapshotUnusable("built with other parameters")
    size = meta["size"]
    indexes = {name: BM25Index.load(directory, name, size) for name in INDEXES}
    arrays = {name: mapped(directory / f"{name}.npy") for name in ARRAYS}
    return Snapshot(
        **indexes,
        **arrays,
        law_names=meta["law_names"],
        law_versions=[tuple(version) for version in meta["law_versions"]],  # type: ignore[misc]
        names_map=meta["names_map"],
        vocabulary=[(phrase, list(terms)) for phrase, terms in meta["vocabulary"]],
        token=meta["token"],
        fingerprint=meta["fingerprint"],
    )


def index_root(home: Path) -> Path:
    """Where snapshots live by default: `<LIANXIN_HOME>/knowledge-index`."""
    return home / "knowledge-index"
