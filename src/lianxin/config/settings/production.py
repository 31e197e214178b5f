"""Settings for `./lianxin start` and the ops commands: DEBUG off, a real secret key, HTTPS when served over it.

HTTPS (LIANXIN_HTTPS=true): the embedded default serves plain http on 127.0.0.1 (`./lianxin start`), where an SSL
redirect, Secure cookies and HSTS would lock everyone out. A deployment behind TLS — uvicorn behind a reverse proxy
that terminates TLS and sets X-Forwarded-Proto (uvicorn trusts it from 127.0.0.1, `--forwarded-allow-ips`), or
uvicorn with a certificate — sets LIANXIN_HTTPS=true and gets the SSL redirect, Secure session and CSRF cookies and
HSTS (LIANXIN_HSTS_SECONDS, default one year; LIANXIN_HSTS_PRELOAD only once the domain is submitted to the preload
list). Without it, the checks of `check --deploy` that only make sense over HTTPS are silenced here, by name, so
that the command stays clean and any other warning stands out.
"""

from __future__ import annotations

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import LIANXIN_HOME, SECRET_KEY, env

if not SECRET_KEY:
    # `lianxin` writes a random key here on first use (0600); a key in the environment wins. Never a constant.
    _key_file = LIANXIN_HOME / "secret_key"
    SECRET_KEY = _key_file.read_text().strip() if _key_file.exists() else ""
if not SECRET_KEY:
    raise ImproperlyConfigured(
        f"未设置 SECRET_KEY：请设置环境变量 SECRET_KEY，或运行 ./lianxin start 在 {LIANXIN_HOME} 生成密钥文件。"
    )

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

LIANXIN_HTTPS = env.bool("LIANXIN_HTTPS", default=False)
SECURE_SSL_REDIRECT = LIANXIN_HTTPS
SESSION_COOKIE_SECURE = LIANXIN_HTTPS
CSRF_COOKIE_SECURE = LIANXIN_HTTPS
SECURE_HSTS_SECONDS = env.int("LIANXIN_HSTS_SECONDS", default=31_536_000) if LIANXIN_HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = LIANXIN_HTTPS
SECURE_HSTS_PRELOAD = LIANXIN_HTTPS and env.bool("LIANXIN_HSTS_PRELOAD", default=False)

SILENCED_SYSTEM_CHECKS: list[str] = []
if not LIANXIN_HTTPS:
    # Plain http on the loopback (embedded default): no HSTS, redirect or Secure cookies — see the docstring.
    SILENCED_SYSTEM_CHECKS += ["security.W004", "security.W008", "security.W012", "security.W016"]
elif not SECURE_HSTS_PRELOAD:
    SILENCED_SYSTEM_CHECKS += ["security.W021"]  # preload is a commitment made per domain, not by default
