"""Article glosses (callers' phrasings indexed with the article) and how entries lend to articles."""

from lianxin.common import reference_cache
from lianxin.knowledge.models import Article, ArticleGloss
from lianxin.knowledge.search import ENTRY_LENDERS, knowledge_search
from lianxin.knowledge.services.entries import EntryInput, entry_create
from lianxin.knowledge.services.seed import knowledge_seed_load

from .conftest import CONSUMER_LAWS

CONSUMER = "中华人民共和国消费者权益保护法"


def _articles(query: str, **options) -> list[tuple[str, int]]:
    return [(r.law, r.article) for r in knowledge_search(query, **options) if r.kind == "article"]


def _entry(key: str, *, title: str, question: str, answer: str, article: Article) -> None:
    data = EntryInput(
        key=key,
        kind="faq",
        category="测试",
        title=title,
        question=question,
        answer=answer,
        article_ids=[article.pk],
    )
    entry_create(actor=None, data=data, publish=True)


def test_only_the_best_matching_entries_lend_to_their_articles(knowledge):
    cited_by_best = Article.objects.get(law__name=CONSUMER, number=2)
    cited_by_weak = Article.objects.get(law__name=CONSUMER, number=63)
    for i in range(ENTRY_LENDERS):
        _entry(
            f"ostrich-{i}",
            title=f"鸵鸟蛋问题{i}",
            question="鸵鸟蛋坏了怎么办",
            answer="答复。",
            article=cited_by_best,
        )
    _entry(
        "ostrich-weak",
        title="其他问题",
        question="别的事情",
        answer="顺带一提鸵鸟蛋。" + "与此无关的很长的说明文字。" * 20,
        article=cited_by_weak,
    )
    reference_cache.reference_changed()  # as every write to knowledge data does
    articles = _articles("鸵鸟蛋", top_k=30)
    assert (CONSUMER, 2) in articles
    # The sixth-best entry matches too, but only the best ENTRY_LENDERS lend: its article gets nothing.
    assert (CONSUMER, 63) not in articles
    assert "其他问题" in {r.title for r in knowledge_search("鸵鸟蛋", top_k=30)}


def test_a_gloss_lets_callers_words_find_the_article(knowledge):
    query = "鸵鸟蛋孵化器半夜炸了把手崩伤了"
    ArticleGloss.objects.filter(law_name=CONSUMER, number=18).delete()
    reference_cache.reference_changed()  # as every write to knowledge data does
    assert (CONSUMER, 18) not in _articles(query, top_k=5, use_entries=False)
    ArticleGloss.objects.create(law_name=CONSUMER, number=18, phrases="鸵鸟蛋孵化器炸了\n孵化器崩伤手")
    reference_cache.reference_changed()  # as every write to knowledge data does
    assert _articles(query, top_k=5, use_entries=False)[0] == (CONSUMER, 18)


def test_seed_loads_the_glosses_of_imported_laws_once(knowledge):
    _, seed = knowledge
    assert seed.glosses == ArticleGloss.objects.count() >= 40
    assert ArticleGloss.objects.filter(law_name=CONSUMER, number=25).exists()
    # Glosses of laws the test corpus does not import (民法典 …) are reported, not stored; none of an imported law is.
    reported = [item for item in seed.unresolved if item.startswith("glosses.tsv:")]
    assert any("中华人民共和国民法典:" in item for item in reported)
    assert not any(f" {law}:" in item for item in reported for law in CONSUMER_LAWS)
    assert not ArticleGloss.objects.filter(law_name="中华人民共和国民法典").exists()
    edited = ArticleGloss.objects.get(law_name=CONSUMER, number=25)
    edited.phrases = "管理员改过的说法"
    edited.save()
    again = knowledge_seed_load()
    assert again.glosses == 0
    edited.refresh_from_db()
    assert edited.phrases == "管理员改过的说法"


def test_admin_takes_a_short_law_name_and_refuses_an_article_not_in_force(client, knowledge, editor):
    ArticleGloss.objects.filter(law_name=CONSUMER, number=18).delete()
    form = {"law_name": "消法", "number": "18", "phrases": "鸵鸟蛋孵化器炸了", "note": ""}
    response = client.post("/admin/knowledge/articlegloss/add/", form)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert ArticleGloss.objects.get(number=18, law_name=CONSUMER).phrases == "鸵鸟蛋孵化器炸了"
    assert _articles("鸵鸟蛋孵化器炸了", top_k=3, use_entries=False)[0] == (CONSUMER, 18)
    response = client.post("/admin/knowledge/articlegloss/add/", dict(form, number="99"))
    assert response.status_code == 200
    assert "没有现行有效的第99条" in response.content.decode()
