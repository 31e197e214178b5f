"""Settings shared by every environment. The environment is read here, once."""

from __future__ import annotations

from pathlib import Path

import environ

PACKAGE_DIR = Path(__file__).resolve().parents[2]
REPOSITORY_DIR = PACKAGE_DIR.parents[1]

env = environ.Env()

LIANXIN_HOME = Path(env.str("LIANXIN_HOME", default=str(REPOSITORY_DIR / "var"))).resolve()

DEBUG = env.bool("LIANXIN_DEBUG", default=False)
SECRET_KEY = env.str("SECRET_KEY", default="")
ALLOWED_HOSTS = env.list("LIANXIN_ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("LIANXIN_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "django_q",
    "captcha",
    "lianxin.common",
    "lianxin.accounts",
    "lianxin.calendars",
    "lianxin.workorders",
    "lianxin.web",
    "lianxin.workforce",
    "lianxin.directory",
    "lianxin.knowledge",
    "lianxin.realtime",
    "lianxin.portal",
    "lianxin.portal_web",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "lianxin.config.urls"
ASGI_APPLICATION = "lianxin.config.asgi.application"
WSGI_APPLICATION = "lianxin.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "lianxin.web.navigation.navigation",
            ],
        },
    },
]

# SQLite in LIANXIN_HOME is the embedded default; DATABASE_URL switches to PostgreSQL.
_SQLITE_URL = f"sqlite:///{LIANXIN_HOME / 'lianxin.sqlite3'}"
DATABASES = {"default": env.db_url("DATABASE_URL", default=_SQLITE_URL)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # IMMEDIATE takes the write lock at BEGIN, so two writers queue instead of failing mid-way
    # when one upgrades its read lock (Django 5.1+).
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"transaction_mode": "IMMEDIATE", "timeout": 20, "init_command": "PRAGMA journal_mode=WAL;"}
    )
    DATABASES["default"].setdefault("TEST", {})["NAME"] = ":memory:"
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("LIANXIN_CONN_MAX_AGE", default=60)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "web:login"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "web:login"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = LIANXIN_HOME / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "lianxin.api.errors.exception_handler",
    "DEFAULT_PAGINATION_CLASS": "lianxin.api.pagination.WorkOrderCursorPagination",
    "PAGE_SIZE": 50,
}

SPECTACULAR_SETTINGS = {
    "TITLE": "连心 Lianxin API",
    "DESCRIPTION": "12315 投诉举报工单 API。错误统一返回 {code, message, fields}。",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
}

# A work order is "due soon" when its next deadline falls within this many working days.
LIANXIN_DUE_SOON_WORKDAYS = env.int("LIANXIN_DUE_SOON_WORKDAYS", default=2)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LIANXIN_LOG_LEVEL", default="INFO")},
}

# How often (seconds) a process checks whether reference data changed (see lianxin.common.reference_cache).
LIANXIN_REFERENCE_CHECK_SECONDS = env.float("LIANXIN_REFERENCE_CHECK_SECONDS", default=1.0)

# The province this center serves (6-digit division code): the context for ambiguous place names, and the line
# between dispatching to a local unit and transferring to another province's 12315.
LIANXIN_PROVINCE_CODE = env.str("LIANXIN_PROVINCE_CODE", default="610000")

# Redis, when configured, carries live pushes between server processes and the job queue (ADR 0013);
# without it both run on the database, with no other service to start.
REDIS_URL = env.str("REDIS_URL", default="")

# Background jobs (django-q2, ADR 0013). A job not acknowledged within `retry` seconds (its worker died) is
# delivered again; a job that raised is retried until `max_attempts`. `timeout` must stay below `retry`.
Q_CLUSTER = {
    "name": "lianxin",
    "label": "后台任务",
    "workers": env.int("LIANXIN_JOB_WORKERS", default=1),
    "timeout": env.int("LIANXIN_JOB_TIMEOUT", default=600),
    "retry": env.int("LIANXIN_JOB_TIMEOUT", default=600) + 60,
    "max_attempts": env.int("LIANXIN_JOB_MAX_ATTEMPTS", default=5),
    "ack_failures": False,
    "catch_up": False,
    "save_limit": 5000,
    "poll": 0.5,
}
if REDIS_URL:
    Q_CLUSTER["redis"] = REDIS_URL
else:
    Q_CLUSTER["orm"] = "default"

# Online dispute resolution: working days an enrolled business has to settle a complaint directly (Order 121
# Art. 6 encourages it and sets no period; a business may have its own in the admin).
LIANXIN_ODR_SETTLE_WORKDAYS = env.int("LIANXIN_ODR_SETTLE_WORKDAYS", default=10)

# The public forms' captcha is drawn on the server (offline, no third-party service): a small sum to solve.
CAPTCHA_CHALLENGE_FUNCT = "captcha.helpers.math_challenge"
CAPTCHA_TIMEOUT = 10  # minutes
