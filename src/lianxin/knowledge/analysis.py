"""The analyzer shared by indexing and querying: normalise (domain.text), segment with jieba, drop stop words.

Articles and queries must go through the same function, or the index and the query disagree on what a word is.
"""

from __future__ import annotations

import logging
import re
import sys
from functools import lru_cache
from pathlib import Path

from lianxin.domain.text import normalise

_WORD = re.compile(r"[\u4e00-\u9fff\u3400-\u4dbfa-z0-9]+")

# Function words and the filler of spoken questions; they carry no legal meaning.
STOPWORDS = frozenset(
    [
        "的",
        "了",
        "是",
        "在",
        "和",
        "与",
        "对",
        "于",
        "由",
        "从",
        "被",
        "把",
        "及",
        "或",
        "并",
        "等",
        "请问",
        "我",
        "我们",
        "你",
        "他",
        "她",
        "它",
        "这",
        "那",
        "个",
        "之",
        "其",
        "什么",
        "怎么",
        "怎么办",
        "怎样",
        "如何",
        "咨询",
        "一下",
        "有关",
        "关于",
        "应该",
        "可以",
        "是否",
        "有没有",
        "如果",
        "因为",
        "所以",
        "但是",
        "然后",
        "因此",
        "就",
        "都",
        "也",
        "还",
        "又",
        "吗",
        "呢",
        "吧",
        "啊",
        "呀",
        "哦",
        "嘛",
        "能",
        "能不能",
        "可不可以",
        "要",
        "想",
        "说",
        "问",
        "给",
        "让",
        "去",
        "来",
        "到",
        "着",
        "过",
        "啥",
        "咋",
        "咋办",
        "么",
        "一个",
        "这个",
        "那个",
        "现在",
        "已经",
        "结果",
        "就是",
        "还是",
        "时候",
        "他们",
        "人家",
        "东西",
        "事",
        "事情",
        "而",
        "以",
        "为",
        "者",
        "所",
        "但",
        "不",
        "没",
        "没有",
    ]
)


@lru_cache(maxsize=1)
def _jieba():  # type: ignore[no-untyped-def]
    # jieba imports pkg_resources (~0.3 s, deprecated) only to open its own data files, and falls back to plain
    # open() without it: hide it during jieba's import (and only then) when nothing has imported it yet.
    hidden = "pkg_resources" not in sys.modules
    if hidden:
        sys.modules["pkg_resources"] = None  # type: ignore[assignment]
    try:
        import jieba
    finally:
        if hidden:
            del sys.modules["pkg_resources"]

    from .lexicon import install

    jieba.setLogLevel(logging.WARNING)
    if not (_LEXICON_ROOT and install(jieba, _LEXICON_ROOT[0])):
        jieba.initialize()
    return jieba


_LEXICON_ROOT: list[Path] = []


def use_lexicon_root(root: Path) -> None:
    """Where jieba's dictionary is kept memory-mapped (`lexicon.py`); set before the first segmentation — by the
    knowledge app when Django starts, by `quick.py` without it. Unset: jieba loads its own dictionary."""
    _LEXICON_ROOT[:] = [root]


def tokens(text: str) -> list[str]:
    """Index terms of `text`: jieba's search-mode segmentation (long words and their sub-words) of the normalised
    text, without punctuation and stop words. Single characters are kept: callers write 退, 赔, 假."""
    if not text:
        return []
    segmented = _jieba().lcut_for_search(normalise(text))
    return [t for t in segmented if _WORD.fullmatch(t) and t not in STOPWORDS]


def add_words(words: list[str]) -> None:
    """Teach the segmenter words it would otherwise split (vocabulary phrases, law aliases)."""
    jieba = _jieba()
    for word in words:
        if word:
            jieba.add_word(word)


_HANZI_RUN = re.compile(r"[\u4e00-\u9fff\u3400-\u4dbf]+")


def char_grams(text: str, sizes: tuple[int, ...] = (2,), *, normalised: bool = False) -> list[str]:
    """Overlapping character n-grams of each run of Chinese characters in `text` (a run shorter than n gives
    nothing for that n). They match what a dictionary segmenter misses: colloquial compounds it has never seen
    (不制热 ~ 制热), typos that break a word but keep half of it, and words split differently in law and speech."""
    if not text:
        return []
    if not normalised:
        text = normalise(text)
    grams: list[str] = []
    for run in _HANZI_RUN.findall(text):
        for n in sizes:
            grams.extend(run[i : i + n] for i in range(len(run) - n + 1))
    return grams
