"""Token and session authentication, and the answers when they fail."""

from __future__ import annotations

import re

from rest_framework.test import APIClient

CHINESE = re.compile(r"[\u4e00-\u9fff]")
TOKEN_URL = "/api/v1/auth/token/"


def test_token_for_right_credentials_authenticates_later_requests(people, orders):
    response = APIClient().post(
        TOKEN_URL, {"username": "yanta_handler", "password": "pass-1234"}, format="json"
    )
    assert response.status_code == 200
    body = response.json()
    assert body["username"] == "yanta_handler"
    assert body["role"] == "unit_handler"
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {body['token']}")
    listed = client.get("/api/v1/work-orders/")
    assert listed.status_code == 200
    assert [item["id"] for item in listed.json()["results"]] == [orders["yanta"].pk]


def test_each_request_issues_a_new_token_and_both_work(people):
    first = APIClient().post(TOKEN_URL, {"username": "agent", "password": "pass-1234"}, format="json")
    second = APIClient().post(TOKEN_URL, {"username": "agent", "password": "pass-1234"}, format="json")
    assert first.json()["token"] != second.json()["token"]
    for body in (first.json(), second.json()):
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {body['token']}")
        assert client.get("/api/v1/reference/").status_code == 200


def test_wrong_password_is_refused_in_chinese(people):
    response = APIClient().post(TOKEN_URL, {"username": "agent", "password": "wrong"}, format="json")
    assert response.status_code == 400
    assert response.json() == {
        "code": "invalid_credentials",
        "message": "用户名或密码错误，或账号已停用。",
        "fields": {},
    }


def test_inactive_account_gets_no_token(people):
    people["agent"].is_active = False
    people["agent"].save(update_fields=["is_active"])
    response = APIClient().post(TOKEN_URL, {"username": "agent", "password": "pass-1234"}, format="json")
    assert response.status_code == 400
    assert response.json()["code"] == "invalid_credentials"


def test_token_request_without_fields_lists_each_missing_field(db):
    response = APIClient().post(TOKEN_URL, {}, format="json")
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid"
    assert set(body["fields"]) == {"username", "password"}
    assert all(CHINESE.search(m) for ms in body["fields"].values() for m in ms)


def test_unknown_token_is_401_authentication_failed(db):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token 0123456789abcdef0123456789abcdef01234567")
    response = client.get("/api/v1/work-orders/")
    assert response.status_code == 401
    assert response.json()["code"] == "authentication_failed"
    assert CHINESE.search(response.json()["message"])
    assert response["WWW-Authenticate"] == "Token"


def test_no_credentials_is_401_not_authenticated(db):
    for method, url in (
        ("get", "/api/v1/work-orders/"),
        ("post", "/api/v1/work-orders/"),
        ("get", "/api/v1/work-orders/1/"),
        ("get", "/api/v1/work-orders/1/events/"),
        ("post", "/api/v1/work-orders/1/transitions/"),
        ("get", "/api/v1/reference/"),
    ):
        response = getattr(APIClient(), method)(url)
        assert response.status_code == 401, url
        assert response.json() == {
            "code": "not_authenticated",
            "message": "请先登录（会话或令牌）。",
            "fields": {},
        }
        assert response["WWW-Authenticate"] == "Token"


def test_session_login_works_for_the_browser(people, orders):
    client = APIClient()
    assert client.login(username="weibin_handler", password="pass-1234")
    response = client.get("/api/v1/work-orders/")
    assert response.status_code == 200
    assert [item["id"] for item in response.json()["results"]] == [orders["weibin"].pk]


def test_password_guessing_is_throttled_in_chinese(people):
    client = APIClient()
    statuses = [
        client.post(TOKEN_URL, {"username": "agent", "password": f"guess-{i}"}, format="json").status_code
        for i in range(20)
    ]
    assert set(statuses) == {400}
    response = client.post(TOKEN_URL, {"username": "agent", "password": "pass-1234"}, format="json")
    assert response.status_code == 429
    body = response.json()
    assert body["code"] == "throttled"
    assert body["message"].startswith("请求过于频繁")
