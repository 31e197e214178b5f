from lianxin.knowledge.models import Article, EntryRevision, KnowledgeEntry


def _form(**overrides):
    article = Article.objects.get(law__name="中华人民共和国消费者权益保护法", number=53)
    data = {
        "key": "gym-card",
        "kind": "faq",
        "category": "预付式消费",
        "title": "健身卡退费",
        "question": "健身房跑路",
        "answer": "可以要求退回预付款。",
        "articles": [article.pk],
        "is_published": "on",
        "revisions-TOTAL_FORMS": "0",
        "revisions-INITIAL_FORMS": "0",
    }
    data.update(overrides)
    return data


def test_admin_add_and_change_go_through_the_services_with_history(client, knowledge, editor):
    response = client.post("/admin/knowledge/knowledgeentry/add/", _form())
    assert response.status_code == 302, response.content.decode()[:2000]
    entry = KnowledgeEntry.objects.get(key="gym-card")
    assert entry.is_published
    assert entry.articles.get().number == 53
    response = client.post(f"/admin/knowledge/knowledgeentry/{entry.pk}/change/", _form(answer="新的答复。"))
    assert response.status_code == 302
    revisions = list(EntryRevision.objects.filter(entry=entry).order_by("version"))
    assert [(r.action, r.actor) for r in revisions] == [("create", editor), ("update", editor)]
    assert revisions[1].changes == {"answer": ["可以要求退回预付款。", "新的答复。"]}
    assert client.get(f"/admin/knowledge/knowledgeentry/{entry.pk}/change/").status_code == 200
    assert client.get("/admin/knowledge/article/?q=预收款").status_code == 200


def test_admin_article_search_finds_words_of_the_article_text_typed_in_either_script(
    client, knowledge, editor
):
    for term in ("预收款", "預收款"):
        page = client.get("/admin/knowledge/article/", {"q": term}).content.decode()
        assert "第五十三条" in page, term
    assert (
        "第五十三条"
        not in client.get("/admin/knowledge/article/", {"q": "不存在的词语组合"}).content.decode()
    )
