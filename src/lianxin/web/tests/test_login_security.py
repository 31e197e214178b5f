"""Issue 14 item 3: lockout per account and per address, trusted proxies only, two-factor for administrators and
unit leaders, session timeouts, password validation for the administrator from the environment."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import timedelta

import pytest
import time_machine
from axes.models import AccessAttempt, AccessFailureLog
from django.core.cache import cache
from django.core.management import CommandError, call_command
from django.test import Client, RequestFactory, override_settings
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.test import APIClient

from lianxin.accounts.models import User
from lianxin.api.throttling import TokenObtainThrottle
from lianxin.common.client_ip import client_ip

LOCKED = "登录失败次数过多"


@pytest.fixture
def axes_on(db):
    cache.clear()
    with override_settings(AXES_ENABLED=True):
        yield


def _login(client: Client, username: str, password: str, url: str = "/login/", **extra: str):
    return client.post(url, {"username": username, "password": password}, **extra)


# --- lockout ----------------------------------------------------------------------------------------------


def test_the_account_locks_after_five_failures_even_for_the_right_password(axes_on, people):
    client = Client()
    for _ in range(4):
        assert _login(client, "agent", "wrong").status_code == 200
    assert _login(client, "agent", "wrong").status_code == 429  # the fifth failure locks
    response = _login(client, "agent", "pass-1234")
    assert response.status_code == 429
    assert LOCKED in response.content.decode()
    assert "_auth_user_id" not in client.session
    # The audit record: who, from where, how often.
    attempt = AccessAttempt.objects.get(username="agent")
    assert attempt.failures_since_start >= 5
    assert attempt.ip_address == "127.0.0.1"
    assert AccessFailureLog.objects.filter(username="agent").count() >= 5


def test_one_address_guessing_many_accounts_is_locked(axes_on, people):
    client = Client()
    for name in ("agent", "supervisor", "manager", "analyst", "yanta_handler"):
        _login(client, name, "wrong")
    response = _login(client, "beilin_handler", "pass-1234")
    assert response.status_code == 429


def test_a_rotating_forwarded_for_header_does_not_escape_the_address_lockout(axes_on, people):
    client = Client()
    for number, name in enumerate(("agent", "supervisor", "manager", "analyst", "yanta_handler")):
        _login(client, name, "wrong", HTTP_X_FORWARDED_FOR=f"10.0.0.{number}")
    assert _login(client, "beilin_handler", "pass-1234", HTTP_X_FORWARDED_FOR="10.9.9.9").status_code == 429


def test_one_account_guessed_from_many_addresses_is_locked(axes_on, people):
    for number in range(5):
        _login(Client(REMOTE_ADDR=f"192.0.2.{number}"), "agent", "wrong")
    assert _login(Client(REMOTE_ADDR="192.0.2.200"), "agent", "pass-1234").status_code == 429


def test_the_admin_login_is_locked_too(axes_on, people):
    client = Client()
    for _ in range(5):
        _login(client, "administrator", "wrong", url="/admin/login/")
    response = _login(client, "administrator", "pass-1234", url="/admin/login/")
    assert response.status_code == 429
    assert LOCKED in response.content.decode()


def test_the_api_token_endpoint_is_locked_with_the_envelope(axes_on, people):
    client = APIClient()
    for _ in range(5):
        client.post("/api/v1/auth/token/", {"username": "agent", "password": "wrong"}, format="json")
    response = client.post(
        "/api/v1/auth/token/", {"username": "agent", "password": "pass-1234"}, format="json"
    )
    assert response.status_code == 429
    assert response.json()["code"] == "account_locked"
    assert LOCKED in response.json()["message"]


# --- trusted proxies --------------------------------------------------------------------------------------


def _request(remote: str, forwarded: str | None = None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


def test_forwarded_for_is_ignored_without_trusted_proxies():
    with override_settings(LIANXIN_TRUSTED_PROXIES=[]):
        assert client_ip(_request("203.0.113.7", "1.2.3.4")) == "203.0.113.7"


def test_forwarded_for_is_believed_from_a_trusted_proxy_only():
    with override_settings(LIANXIN_TRUSTED_PROXIES=["10.0.0.0/8"]):
        assert client_ip(_request("10.1.1.1", "6.6.6.6, 198.51.100.4")) == "198.51.100.4"
        assert client_ip(_request("10.1.1.1", "198.51.100.4, 10.2.2.2")) == "198.51.100.4"
        assert client_ip(_request("203.0.113.7", "198.51.100.4")) == "203.0.113.7"
        assert client_ip(_request("10.1.1.1", "not-an-address")) == "10.1.1.1"


def test_the_token_throttle_counts_by_the_real_address():
    throttle = TokenObtainThrottle()
    idents = {throttle.get_ident(_request("203.0.113.7", f"10.0.0.{n}")) for n in range(5)}
    assert idents == {"203.0.113.7"}


@pytest.mark.parametrize(
    ("redis_url", "backend"),
    [
        ("", "django.core.cache.backends.db.DatabaseCache"),
        ("redis://127.0.0.1:6379/9", "django_redis.cache.RedisCache"),
    ],
)
def test_the_production_cache_is_shared_between_processes(redis_url, backend):
    env = {
        **os.environ,
        "REDIS_URL": redis_url,
        "DJANGO_SETTINGS_MODULE": "lianxin.config.settings.production",
        # Production settings refuse to start without a key (issue 14 item 8); any will do for this check.
        "SECRET_KEY": "test-only-production-settings-key-0123456789abcdefghij",
    }
    code = "from django.conf import settings; import django; django.setup(); print(settings.CACHES['default']['BACKEND'])"
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == backend


# --- two-factor -------------------------------------------------------------------------------------------


def _code(device: TOTPDevice) -> str:
    return f"{TOTP(device.bin_key, device.step, device.t0, device.digits).token():06d}"


@pytest.fixture
def two_factor_on(db):
    with override_settings(LIANXIN_TWO_FACTOR_ENFORCED=True):
        yield


def test_a_unit_leader_must_enrol_then_verify(two_factor_on, people):
    client = Client()
    assert _login(client, "yanta_leader", "pass-1234").status_code == 302
    response = client.get("/home/")
    assert response.status_code == 302
    assert response["Location"].startswith("/login/2fa/enrol/")
    page = client.get("/login/2fa/enrol/")
    assert "<svg" in page.content.decode()
    device = TOTPDevice.objects.get(user=people["yanta_leader"], confirmed=False)
    assert client.post("/login/2fa/enrol/", {"code": _code(device), "next": "/home/"})["Location"] == "/home/"
    assert client.get("/home/").status_code == 200

    # Next sign-in: the code is asked for, and a wrong one does not pass.
    second = Client()
    _login(second, "yanta_leader", "pass-1234")
    assert second.get("/home/")["Location"].startswith("/login/2fa/?")
    assert "验证码不正确" in second.post("/login/2fa/", {"code": "123456"}).content.decode()
    assert second.get("/home/").status_code == 302


def test_the_admin_needs_the_second_factor(two_factor_on, people):
    administrator = people["administrator"]
    administrator.is_staff = True
    administrator.save(update_fields=["is_staff"])
    client = Client()
    client.force_login(administrator)
    assert client.get("/admin/")["Location"].startswith("/login/2fa/enrol/")


def test_a_handler_needs_no_second_factor(two_factor_on, people):
    client = Client()
    _login(client, "yanta_handler", "pass-1234")
    assert client.get("/home/").status_code == 200


def test_a_leaders_api_token_needs_the_code(two_factor_on, people):
    device = TOTPDevice.objects.create(user=people["yanta_leader"], name="t", confirmed=True)
    body = {"username": "yanta_leader", "password": "pass-1234"}
    refused = APIClient().post("/api/v1/auth/token/", body, format="json")
    assert refused.status_code == 400
    assert refused.json()["code"] == "two_factor_required"
    granted = APIClient().post("/api/v1/auth/token/", {**body, "otp": _code(device)}, format="json")
    assert granted.status_code == 200


def test_otp_reset_removes_the_authenticator(two_factor_on, people, capsys):
    TOTPDevice.objects.create(user=people["yanta_leader"], name="t", confirmed=True)
    call_command("otp_reset", "yanta_leader")
    assert not TOTPDevice.objects.filter(user=people["yanta_leader"]).exists()


# --- session timeouts -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("gaps_minutes", "signed_out"),
    [([29], False), ([31], True), ([25] * 20, False), ([25] * 30, True)],
    ids=["active", "idle", "within-absolute", "past-absolute"],
)
def test_idle_and_absolute_session_timeouts(people, gaps_minutes, signed_out):
    with time_machine.travel("2026-05-20 08:00 +0800", tick=False) as traveller:
        client = Client()
        _login(client, "agent", "pass-1234")
        response = client.get("/home/")
        for gap in gaps_minutes:
            traveller.shift(timedelta(minutes=gap))
            response = client.get("/home/")
            if response.status_code != 200:
                break
    if signed_out:
        assert response.status_code == 302
        assert "reason=timeout" in response["Location"]
        assert "会话已超时" in client.get(response["Location"]).content.decode()
    else:
        assert response.status_code == 200


# --- passwords --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("weak", ["12345678", "password", "admin", "admin123"])
def test_a_weak_administrator_password_from_the_environment_is_refused(db, monkeypatch, weak):
    monkeypatch.setenv("LIANXIN_ADMIN_PASSWORD", weak)
    with pytest.raises(CommandError, match="LIANXIN_ADMIN_PASSWORD 不符合密码要求"):
        call_command("ensure_administrator")
    assert not User.objects.filter(username="admin").exists()


def test_a_strong_administrator_password_is_accepted(db, monkeypatch):
    monkeypatch.setenv("LIANXIN_ADMIN_PASSWORD", "Qiang-Mima-2026!")
    call_command("ensure_administrator")
    assert User.objects.get(username="admin").check_password("Qiang-Mima-2026!")
