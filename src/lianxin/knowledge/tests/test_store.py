"""The persisted search snapshot: built once per data version, mapped by later processes, never stale."""

from __future__ import annotations

import jieba
import pytest

from lianxin.common import reference_cache
from lianxin.knowledge import search, store
from lianxin.knowledge.analysis import _jieba
from lianxin.knowledge.lexicon import MappedFrequencies
from lianxin.knowledge.models import Article, ArticleGloss

CONSUMER = "中华人民共和国消费者权益保护法"


def _top_articles(query: str) -> list[tuple[str | None, int | None]]:
    return [(r.law, r.article) for r in search.knowledge_search(query, top_k=5) if r.kind == "article"]


@pytest.fixture
def builds(monkeypatch):
    calls: list[bool] = []
    real = search._snapshot_build

    def counting(**kwargs):  # type: ignore[no-untyped-def]
        calls.append(True)
        return real(**kwargs)

    monkeypatch.setattr(search, "_snapshot_build", counting)
    return calls


def test_a_new_process_maps_the_saved_snapshot_instead_of_building(knowledge, builds):
    expected = _top_articles("网上买的衣服不想要了能退吗")
    assert len(builds) == 1
    directory = store.index_root() / f"in-force-{reference_cache.reference_token()}"
    assert (directory / "meta.json").exists()
    reference_cache.clear()  # what a new process starts with: no copy in memory
    assert _top_articles("网上买的衣服不想要了能退吗") == expected
    assert len(builds) == 1
    assert isinstance(search.snapshot().index.documents.base, __import__("numpy").memmap)  # mapped, not read


def test_an_edit_gives_a_new_snapshot_and_the_old_one_is_removed(knowledge, builds):
    query = "鸵鸟蛋孵化器"
    assert (CONSUMER, 18) not in _top_articles(query)
    old = store.index_root() / f"in-force-{reference_cache.reference_token()}"
    ArticleGloss.objects.update_or_create(
        law_name=CONSUMER, number=18, defaults={"phrases": "鸵鸟蛋孵化器炸了\n孵化器崩伤手"}
    )
    reference_cache.reference_changed()
    assert (CONSUMER, 18) in _top_articles(query)
    assert len(builds) == 2
    assert not old.exists()


def test_without_a_version_token_nothing_is_saved(db, tmp_path, settings):
    settings.LIANXIN_KNOWLEDGE_INDEX_DIR = tmp_path
    reference_cache.clear()
    assert search.knowledge_search("退货", top_k=3) == []
    assert not any(path.name.startswith("in-force") for path in tmp_path.iterdir())


def test_the_mapped_dictionary_segments_exactly_as_jieba(knowledge):
    segmenter = _jieba()
    assert isinstance(segmenter.dt.FREQ, MappedFrequencies)
    reference = jieba.Tokenizer()
    reference.initialize()
    texts = [
        *Article.objects.values_list("text", flat=True)[:200],
        "网上买的衣服不想要了能退吗",
        "空调不制热商家不给修咋办",
        "外賣吃出蟲子了怎麼投訴",
    ]
    for text in texts:
        assert segmenter.lcut_for_search(text) == reference.lcut_for_search(text)
