"""Settings for `./lianxin test`: fast hashers, in-memory caches, a fixed key."""

from __future__ import annotations

from .base import *  # noqa: F403

SECRET_KEY = "test-only-not-secret"  # noqa: S105
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_AUTOREFRESH = True
# Tests change reference data and read it back at once: look at the version token on every read.
LIANXIN_REFERENCE_CHECK_SECONDS = 0

# Jobs run in the caller's thread, so a test sees their effect at once.
Q_CLUSTER = {**Q_CLUSTER, "sync": True}  # noqa: F405

# The captcha accepts the answer "PASSED" in tests (django-simple-captcha's test mode).
CAPTCHA_TEST_MODE = True
