"""Production configuration (issue 14 item 8): deploy checks clean, no constant secret key, HTTPS settings,
private data directory, no-store on responses with personal data, a Content-Security-Policy header."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from lianxin import cli

KEY = "k" * 20 + "Zq8-_x7Pp3LmN0vB2cD4eF6gH8jK0lM1nO3pQ5rS7tU9"


def _run(code: str, *, home: Path, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {
        key: value
        for key, value in os.environ.items()
        if key
        not in {
            "SECRET_KEY",
            "LIANXIN_HTTPS",
            "DJANGO_SETTINGS_MODULE",
            "DATABASE_URL",
            "DJANGO_ALLOW_ASYNC_UNSAFE",
        }
    }
    environment.update(
        {"DJANGO_SETTINGS_MODULE": "lianxin.config.settings.production", "LIANXIN_HOME": str(home), **env}
    )
    return subprocess.run(
        [sys.executable, "-c", code],
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


CHECK_DEPLOY = (
    "import django; django.setup(); from django.core.management import call_command; "
    "call_command('check', deploy=True, fail_level='WARNING')"
)


@pytest.mark.parametrize("https", ["true", "false"])
def test_check_deploy_is_clean(tmp_path, https):
    result = _run(CHECK_DEPLOY, home=tmp_path, SECRET_KEY=KEY, LIANXIN_HTTPS=https)
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    result = _run("import django; django.setup()", home=tmp_path)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "未设置 SECRET_KEY" in result.stderr


def test_the_key_file_is_used_when_present(tmp_path):
    (tmp_path / "secret_key").write_text(KEY)
    result = _run(
        "import django; django.setup(); from django.conf import settings; print(settings.SECRET_KEY)",
        home=tmp_path,
    )
    assert result.stdout.strip() == KEY


def test_https_turns_on_redirect_secure_cookies_and_hsts(tmp_path):
    show = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.SECURE_SSL_REDIRECT, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_HSTS_SECONDS)"
    )
    on = _run(show, home=tmp_path, SECRET_KEY=KEY, LIANXIN_HTTPS="true")
    assert on.stdout.split() == ["True", "True", "True", "31536000"]
    off = _run(show, home=tmp_path, SECRET_KEY=KEY)
    assert off.stdout.split() == ["False", "False", "False", "0"]


@pytest.fixture
def restore_umask():
    previous = os.umask(0o022)
    os.umask(previous)
    yield
    os.umask(previous)


@pytest.mark.usefixtures("restore_umask")
def test_lianxin_home_database_and_key_are_private(tmp_path, monkeypatch):
    home = tmp_path / "home"
    monkeypatch.setenv("LIANXIN_HOME", str(home))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.delenv("SECRET_KEY", raising=False)
    assert cli._lianxin_home() == home.resolve()
    cli._ensure_secret_key(home)
    assert stat.S_IMODE(home.stat().st_mode) == 0o700
    assert stat.S_IMODE((home / "lianxin.sqlite3").stat().st_mode) == 0o600
    assert stat.S_IMODE((home / "secret_key").stat().st_mode) == 0o600
    assert len((home / "secret_key").read_text()) >= 50
    # An existing, too open directory and database are tightened.
    home.chmod(0o755)
    (home / "lianxin.sqlite3").chmod(0o644)
    cli._lianxin_home()
    assert stat.S_IMODE(home.stat().st_mode) == 0o700
    assert stat.S_IMODE((home / "lianxin.sqlite3").stat().st_mode) == 0o600


def test_no_store_on_api_and_signed_in_pages(client, people):
    api = APIClient()
    api.force_authenticate(people["agent"])
    assert "no-store" in api.get("/api/v1/work-orders/")["Cache-Control"]
    assert "no-store" in APIClient().get("/api/v1/work-orders/")["Cache-Control"]  # even the 401
    client.force_login(people["agent"])
    assert "no-store" in client.get(reverse("web:home"))["Cache-Control"]


def test_every_page_carries_the_content_security_policy(client, people):
    policy = client.get(reverse("web:login"))["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "style-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy
