from rest_framework.test import APIClient

CONSUMER = "中华人民共和国消费者权益保护法"


def _client(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_search_article_detail_and_citation_check(knowledge, people):
    client = _client(people["agent"])
    response = client.get("/api/v1/knowledge/search/", {"q": "消法第二十五条", "top": 3})
    assert response.status_code == 200
    first = response.json()["results"][0]
    assert (first["law"], first["article"]) == (CONSUMER, 25)
    detail = client.get(f"/api/v1/knowledge/articles/{first['id']}/")
    assert detail.status_code == 200
    assert detail.json()["version_on"] == "2013-10-25"
    assert client.get("/api/v1/knowledge/articles/999999999/").status_code == 404
    check = client.post(
        "/api/v1/knowledge/check-citations/", {"text": "《消费者权益保护法》第200条"}, format="json"
    )
    assert check.json()["problems"] == 1


def test_anonymous_is_refused(knowledge):
    assert APIClient().get("/api/v1/knowledge/search/", {"q": "退货"}).status_code == 401


def test_suggestions_for_a_work_order_and_for_typed_text(knowledge, rules, people):
    import time_machine

    from lianxin.workorders.services import work_order_register
    from lianxin.workorders.tests.factories import at, complaint_input

    with time_machine.travel(at("2026-05-06 10:05"), tick=False):
        order = work_order_register(actor=people["agent"], data=complaint_input())
    response = _client(people["agent"]).get("/api/v1/knowledge/suggestions/", {"work_order": order.pk})
    assert response.status_code == 200
    articles = [(r["law"], r["article"]) for r in response.json()["results"] if r["kind"] == "article"]
    assert (CONSUMER, 24) in articles
    typed = _client(people["agent"]).get(
        "/api/v1/knowledge/suggestions/", {"facts": "在健身房办的卡，老板跑路了", "claims": "退钱"}
    )
    assert (CONSUMER, 53) in [(r["law"], r["article"]) for r in typed.json()["results"]]
    assert _client(people["agent"]).get("/api/v1/knowledge/suggestions/").status_code == 400
