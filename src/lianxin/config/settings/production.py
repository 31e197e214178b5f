"""Settings for `./lianxin start` and the ops commands: DEBUG off, a real secret key."""

from __future__ import annotations

from .base import *  # noqa: F403
from .base import LIANXIN_HOME, SECRET_KEY

if not SECRET_KEY:
    # `lianxin start` writes a random key here on first run; a key in the environment wins.
    _key_file = LIANXIN_HOME / "secret_key"
    SECRET_KEY = _key_file.read_text().strip() if _key_file.exists() else "unset-run-lianxin-start"

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
