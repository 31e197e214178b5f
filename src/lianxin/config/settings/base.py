"""Settings shared by every environment. The environment is read here, once."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import environ

from lianxin.config.database import database_settings

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
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "django_q",
    "captcha",
    "lianxin.common",
    "lianxin.accounts",
    "lianxin.calendars",
    "lianxin.workorders",
    "lianxin.documents",
    "lianxin.notifications",
    "lianxin.evidence",
    "lianxin.web",
    "lianxin.workforce",
    "lianxin.directory",
    "lianxin.knowledge",
    "lianxin.realtime",
    "lianxin.audit",
    "csp",
    "lianxin.intake",
    "lianxin.analytics",
    "lianxin.web.supervision",
    "lianxin.portal",
    "lianxin.portal_web",
]

MIDDLEWARE = [
    # Outermost: a database outage anywhere below answers 503 (envelope under /api/), never an HTML 500.
    "lianxin.api.outage.DatabaseOutageMiddleware",
    # One version of the reference data (rule sets, calendar, directory) for the whole request, read once.
    "lianxin.config.middleware.ReferenceTokenMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "lianxin.web.security.SessionTimeoutMiddleware",
    "lianxin.web.security.TwoFactorRequiredMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "csp.middleware.CSPMiddleware",
    "lianxin.config.middleware.NoStoreMiddleware",
    # Last: turns a lockout detected during authentication into the Chinese lockout answer.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# Content-Security-Policy (django-csp), in every environment so that what is tested is what runs: scripts and
# styles only from our own origin — no inline <script>, no on…= handlers, no style= attributes (ADR 0013).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

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

# SQLite in LIANXIN_HOME is the embedded default; DATABASE_URL switches to PostgreSQL (pooled, see database.py).
DATABASES = {"default": database_settings(env, LIANXIN_HOME)}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "web:login"
LOGIN_REDIRECT_URL = "web:root"  # by role: agents to the workstation, others to the landing page
LOGOUT_REDIRECT_URL = "web:login"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": env.int("LIANXIN_PASSWORD_MIN_LENGTH", default=8)},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = LIANXIN_HOME / "static"
# Uploaded evidence and issued documents (through the storage API; S3-compatible storage by STORAGES).
MEDIA_ROOT = LIANXIN_HOME / "media"
MEDIA_URL = "media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "lianxin.api.authentication.HashedTokenAuthentication",
    ],
    # Throttles count in the shared cache (CACHES below) by the real client address (api/throttling.py).
    "DEFAULT_THROTTLE_RATES": {"auth_token": env.str("LIANXIN_THROTTLE_AUTH_TOKEN", default="20/min")},
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "lianxin.api.errors.exception_handler",
    "DEFAULT_PARSER_CLASSES": [
        "lianxin.api.parsers.BoundedJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_PAGINATION_CLASS": "lianxin.api.pagination.WorkOrderCursorPagination",
    "PAGE_SIZE": 50,
}

SPECTACULAR_SETTINGS = {
    "TITLE": "连心 Lianxin API",
    "DESCRIPTION": "12315 投诉举报工单 API。错误统一返回 {code, message, fields}。",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # The schema and the docs page are for signed-in users and API clients only (ADR 0015).
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "ApprovalActionEnum": "lianxin.api.approvals.APPROVABLE_ACTIONS",
        "ApprovalStateEnum": "lianxin.workorders.models.ApprovalState.choices",
        "ActionEnum": "lianxin.workorders.models.ACTION_CHOICES",
        "StateEnum": "lianxin.workorders.models.STATE_CHOICES",
        "IdTypeEnum": "lianxin.workorders.models.IdType.choices",
    },
}

# A work order is "due soon" when its next deadline falls within this many working days.
LIANXIN_DUE_SOON_WORKDAYS = env.int("LIANXIN_DUE_SOON_WORKDAYS", default=2)
# The wallboard alerts when this many items or more became overdue today.
LIANXIN_WALLBOARD_OVERDUE_SPIKE = env.int("LIANXIN_WALLBOARD_OVERDUE_SPIKE", default=10)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LIANXIN_LOG_LEVEL", default="INFO")},
    # django-q writes three INFO lines per job (enqueued, processing, processed): one per notice and document,
    # thousands while the demo loads, nothing an operator acts on (the admin lists the jobs). Failures are
    # ERROR and still shown; LIANXIN_JOB_LOG_LEVEL=INFO brings the lines back.
    "loggers": {"django-q": {"level": env.str("LIANXIN_JOB_LOG_LEVEL", default="WARNING")}},
}

# How often (seconds) a process checks whether reference data changed (see lianxin.common.reference_cache).
LIANXIN_REFERENCE_CHECK_SECONDS = env.float("LIANXIN_REFERENCE_CHECK_SECONDS", default=1.0)

# The province this center serves (6-digit division code): the context for ambiguous place names, and the line
# between dispatching to a local unit and transferring to another province's 12315.
LIANXIN_PROVINCE_CODE = env.str("LIANXIN_PROVINCE_CODE", default="610000")

# Official documents: the CJK font file (default: Debian's fonts-noto-cjk, see lianxin.documents.rendering).
LIANXIN_DOCUMENT_FONT = env.str("LIANXIN_DOCUMENT_FONT", default="")

# Notices: the gateway that delivers SMS and e-mail (the embedded default records them instead of sending).
LIANXIN_SMS_GATEWAY = env.str("LIANXIN_SMS_GATEWAY", default="lianxin.notifications.gateways.RecordingGateway")
LIANXIN_SMS_GATEWAY_URL = env.str("LIANXIN_SMS_GATEWAY_URL", default="")
LIANXIN_SMS_GATEWAY_TOKEN = env.str("LIANXIN_SMS_GATEWAY_TOKEN", default="")
LIANXIN_EMAIL_GATEWAY = env.str(
    "LIANXIN_EMAIL_GATEWAY", default="lianxin.notifications.gateways.RecordingGateway"
)
# Evidence size limits in MB per kind (image, pdf, audio, video); see lianxin.evidence.services.
LIANXIN_EVIDENCE_MAX_MB = {"image": 15, "pdf": 20, "audio": 50, "video": 200}
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
LIANXIN_NOTICE_MAX_ATTEMPTS = env.int("LIANXIN_NOTICE_MAX_ATTEMPTS", default=6)

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
# Field-level encryption of phone and ID numbers (lianxin.common.fieldcrypto). Empty: a key file generated in
# LIANXIN_HOME (mode 0600). Otherwise "id:base64key,id:base64key" (the first encrypts) and the blind-index key.
LIANXIN_FIELD_KEYS = env.str("LIANXIN_FIELD_KEYS", default="")
LIANXIN_BLIND_INDEX_KEY = env.str("LIANXIN_BLIND_INDEX_KEY", default="")

# API tokens (lianxin.accounts.tokens): stored hashed, valid this many days.
LIANXIN_API_TOKEN_DAYS = env.int("LIANXIN_API_TOKEN_DAYS", default=90)

# Two-factor (TOTP) for these roles and every superuser (lianxin.accounts.two_factor).
LIANXIN_TWO_FACTOR_ENFORCED = env.bool("LIANXIN_TWO_FACTOR_ENFORCED", default=True)
LIANXIN_TWO_FACTOR_ROLES = env.list("LIANXIN_TWO_FACTOR_ROLES", default=["administrator", "unit_leader"])
OTP_TOTP_ISSUER = "连心12315"

# Sessions: signed out after this many seconds without a request, and this many after signing in, whatever.
LIANXIN_SESSION_IDLE_SECONDS = env.int("LIANXIN_SESSION_IDLE_SECONDS", default=30 * 60)
LIANXIN_SESSION_ABSOLUTE_SECONDS = env.int("LIANXIN_SESSION_ABSOLUTE_SECONDS", default=10 * 60 * 60)
SESSION_COOKIE_AGE = LIANXIN_SESSION_ABSOLUTE_SECONDS

# X-Forwarded-For is believed only from these addresses/networks (lianxin.common.client_ip); empty: never.
LIANXIN_TRUSTED_PROXIES = env.list("LIANXIN_TRUSTED_PROXIES", default=[])

# Login lockout (django-axes): per account and, separately, per address; attempts are recorded in the database
# (shared by every worker, and the audit record: 管理后台 → Axes).
AXES_FAILURE_LIMIT = env.int("LIANXIN_LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("LIANXIN_LOGIN_LOCKOUT_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_CLIENT_IP_CALLABLE = "lianxin.common.client_ip.client_ip"
AXES_LOCKOUT_CALLABLE = "lianxin.web.lockout.lockout_response"
AXES_RESET_ON_SUCCESS = True
AXES_ENABLE_ACCESS_FAILURE_LOG = True  # one audit row per failed attempt (who, address, time, user agent)
AXES_SENSITIVE_PARAMETERS = ["password", "otp"]

# The shared cache (DRF throttles): Redis when REDIS_URL is set, else the database (works across workers).
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "lianxin",
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "lianxin_cache"}}

# Online dispute resolution: working days an enrolled business has to settle a complaint directly (Order 121
# Art. 6 encourages it and sets no period; a business may have its own in the admin).
LIANXIN_ODR_SETTLE_WORKDAYS = env.int("LIANXIN_ODR_SETTLE_WORKDAYS", default=10)

# The public forms' captcha is drawn on the server (offline, no third-party service): a small sum to solve.
CAPTCHA_CHALLENGE_FUNCT = "captcha.helpers.math_challenge"
CAPTCHA_TIMEOUT = 10  # minutes
