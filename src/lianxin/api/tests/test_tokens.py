"""Issue 14 item 3: API tokens are stored hashed, expire, are listed and revoked by their owner, and die with a
password change; the clear tokens of before are migrated to digests."""

from __future__ import annotations

import hashlib
from datetime import timedelta
from importlib import import_module

from django.apps import apps as global_apps
from django.db import connection
from django.utils import timezone
from rest_framework.test import APIClient

from lianxin.accounts.models import ApiToken

TOKEN_URL = "/api/v1/auth/token/"


def _issue(name: str = "agent", **extra) -> dict:
    response = APIClient().post(
        TOKEN_URL, {"username": name, "password": "pass-1234", **extra}, format="json"
    )
    assert response.status_code == 200, response.content
    return response.json()


def _client(key: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def test_only_the_digest_is_stored(people):
    body = _issue()
    stored = ApiToken.objects.get(pk=body["token_id"])
    assert stored.key_hash == hashlib.sha256(body["token"].encode()).hexdigest()
    row = ApiToken.objects.filter(pk=stored.pk).values().get()
    assert body["token"] not in {str(v) for v in row.values()}


def test_owner_lists_and_revokes_tokens(people):
    first, second = _issue(name="agent"), _issue(name="agent")
    _issue(name="supervisor")
    listed = _client(first["token"]).get("/api/v1/auth/tokens/").json()
    assert {t["id"] for t in listed} == {first["token_id"], second["token_id"]}
    assert [t["is_current"] for t in listed if t["id"] == first["token_id"]] == [True]
    assert "token" not in listed[0]
    assert _client(first["token"]).delete(f"/api/v1/auth/tokens/{second['token_id']}/").status_code == 204
    assert _client(second["token"]).get("/api/v1/reference/").status_code == 401
    assert _client(first["token"]).get("/api/v1/reference/").status_code == 200


def test_nobody_revokes_another_users_token(people):
    mine, theirs = _issue(name="agent"), _issue(name="supervisor")
    response = _client(mine["token"]).delete(f"/api/v1/auth/tokens/{theirs['token_id']}/")
    assert response.status_code == 404
    assert _client(theirs["token"]).get("/api/v1/reference/").status_code == 200


def test_a_password_change_revokes_every_token(people):
    body = _issue()
    user = people["agent"]
    user.set_password("Another-Pass-2026")
    user.save()
    assert _client(body["token"]).get("/api/v1/reference/").status_code == 401
    assert ApiToken.objects.get(pk=body["token_id"]).revoked_reason == "password_changed"


def test_an_expired_token_is_refused(people):
    body = _issue(days=1)
    ApiToken.objects.filter(pk=body["token_id"]).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert _client(body["token"]).get("/api/v1/reference/").status_code == 401


def test_use_is_recorded(people):
    body = _issue()
    _client(body["token"]).get("/api/v1/reference/")
    assert ApiToken.objects.get(pk=body["token_id"]).last_used_at is not None


class _Editor:
    def __init__(self) -> None:
        self.connection = connection


def test_the_data_migration_hashes_the_old_clear_tokens(people):
    old_key = "0123456789abcdef0123456789abcdef01234567"
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TABLE authtoken_token (key varchar(40) PRIMARY KEY, created timestamp, user_id bigint)"
        )
        cursor.execute(
            "INSERT INTO authtoken_token (key, created, user_id) VALUES (%s, CURRENT_TIMESTAMP, %s)",
            [old_key, people["agent"].pk],
        )
    migration = import_module("lianxin.accounts.migrations.0003_hash_existing_authtoken_keys")
    migration.hash_tokens(global_apps, _Editor())
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM authtoken_token")
        assert cursor.fetchone()[0] == 0
        cursor.execute("DROP TABLE authtoken_token")
    assert _client(old_key).get("/api/v1/reference/").status_code == 200
