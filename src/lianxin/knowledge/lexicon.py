"""jieba's prefix dictionary as memory-mapped numpy arrays, so that a new process segments at once.

`jieba.initialize()` unmarshals ~580,000 words and prefixes into a Python dict: 0.6–1.6 s and ~80 MB in every
process, before the first query can be segmented. The dictionary is the same every time, so it is converted once
into a sorted word array and a frequency array (`<LIANXIN_HOME>/jieba-dict/<fingerprint>/`) and looked up by
binary search. jieba's segmenter only ever asks `word in FREQ`, `FREQ[word]` and `FREQ.get(word)`, so the
segmentation is exactly jieba's (the tests compare both on the corpus analyser's inputs).
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any

import numpy as np


class MappedFrequencies:
    """A read-only mapping word → frequency over sorted arrays (0 marks a prefix that is not a word)."""

    def __init__(self, words: np.ndarray, frequencies: np.ndarray) -> None:
        self._words = words
        self._frequencies = frequencies
        self._longest = words.dtype.itemsize // 4
        self._seen: dict[str, int | None] = {}

    def _lookup(self, word: str) -> int | None:
        found = self._seen.get(word, -1)
        if found != -1:
            return found  # type: ignore[return-value]
        value = None
        if word and len(word) <= self._longest:
            position = int(np.searchsorted(self._words, word))
            if position < self._words.size and self._words[position] == word:
                value = int(self._frequencies[position])
        if len(self._seen) < 200_000:
            self._seen[word] = value
        return value

    def __contains__(self, word: object) -> bool:
        return isinstance(word, str) and self._lookup(word) is not None

    def __getitem__(self, word: str) -> int:
        value = self._lookup(word)
        if value is None:
            raise KeyError(word)
        return value

    def get(self, word: str, default: Any = None) -> Any:
        value = self._lookup(word)
        return default if value is None else value

    def __len__(self) -> int:
        return int(self._words.size)


def _fingerprint(jieba: Any) -> str:
    path = Path(jieba.__file__).parent / jieba.DEFAULT_DICT_NAME
    stat = path.stat()
    return hashlib.sha256(
        f"{jieba.__version__}|{path}|{stat.st_size}|{stat.st_mtime_ns}".encode()
    ).hexdigest()[:16]


def install(jieba: Any, root: Path) -> bool:
    """Give jieba's default tokenizer the mapped dictionary (built under `root` on first use). False (and jieba
    left to load its own) when the files cannot be written or read."""
    try:
        directory = root / _fingerprint(jieba)
        if not (directory / "meta.json").exists():
            _build(jieba, root, directory)
        words = np.load(directory / "words.npy", mmap_mode="r")
        frequencies = np.load(directory / "frequencies.npy", mmap_mode="r")
        total = json.loads((directory / "meta.json").read_text())["total"]
    except (OSError, ValueError, KeyError):
        return False
    tokenizer = jieba.dt
    with tokenizer.lock:
        tokenizer.FREQ = MappedFrequencies(words, frequencies)
        tokenizer.total = total
        tokenizer.initialized = True
    return True


def _build(jieba: Any, root: Path, directory: Path) -> None:
    tokenizer = jieba.dt
    with tokenizer.get_dict_file() as handle:
        frequencies, total = tokenizer.gen_pfdict(handle)
    ordered = sorted(frequencies)
    root.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix=".jieba-", dir=root))
    np.save(scratch / "words.npy", np.asarray(ordered, dtype=str), allow_pickle=False)
    np.save(
        scratch / "frequencies.npy",
        np.asarray([frequencies[w] for w in ordered], dtype=np.int64),
        allow_pickle=False,
    )
    (scratch / "meta.json").write_text(json.dumps({"total": total}))
    try:
        os.replace(scratch, directory)
    except OSError:  # another process got there first
        for item in scratch.iterdir():
            item.unlink()
        scratch.rmdir()
