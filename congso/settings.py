# SPDX-License-Identifier: MIT
"""congso settings: one file, driven by environment variables (.env.example lists them).

Production is not a separate file: it is different environment values. Demo mode
(CONGSO_DEMO=true) is the only mode that may run without a secret key.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from congso.env import env_bool, env_float, env_int, env_list, env_secret, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("CONGSO_VAR_DIR", str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)

DEMO_MODE = env_bool("CONGSO_DEMO", default=False)
DEBUG = env_bool("DJANGO_DEBUG", default=False)

SECRET_KEY = env_secret("DJANGO_SECRET_KEY") or ""
if not SECRET_KEY:
    if not (DEMO_MODE or DEBUG):
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is required: set it (or DJANGO_SECRET_KEY_FILE) in the "
            "environment. Only the demo (CONGSO_DEMO=true) runs without one."
        )
    SECRET_KEY = "demo-only-insecure-key-never-use-in-production"

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "ninja",
    "django_tasks",
    "django_tasks_db",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "congso.core",
    "congso.accounts",
    "congso.catalog",
    "congso.files",
    "congso.signing",
    "congso.workflow",
    "congso.dossiers",
    "congso.payments",
    "congso.notify",
    "congso.nationalsync",
    "congso.feedback",
    "congso.indicators",
    "congso.portal",
    "congso.backoffice",
    "congso.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "congso.core.middleware.ApiLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "congso.urls"
WSGI_APPLICATION = "congso.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "congso" / "templates"],
        "OPTIONS": {
            # Django's cached loader per language, fixed translate/url/static tags written in.
            "loaders": [
                (
                    "congso.core.template_loaders.Loader",
                    [
                        "django.template.loaders.filesystem.Loader",
                        "django.template.loaders.app_directories.Loader",
                    ],
                )
            ],
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "congso.portal.context_processors.site",
            ],
        },
    },
]

# --- database -------------------------------------------------------------------------------
# SQLite (WAL) by default; PostgreSQL through DATABASE_URL.
_default_sqlite = f"sqlite:///{VAR_DIR / 'congso.sqlite3'}"
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", _default_sqlite),
        conn_max_age=env_int("CONGSO_DB_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
# SQLite's connections are kept open too (CONN_MAX_AGE, each thread its own): opening the
# file with its pragmas cost a gunicorn worker 3 ms of CPU a request, four times /healthz.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].update(
        {
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
                "PRAGMA busy_timeout=5000; PRAGMA foreign_keys=ON;"
            ),
            "transaction_mode": "IMMEDIATE",
        }
    )
    # Transactions wait their turn on a lock file rather than in the driver's sleep-and-retry
    # loop (congso/core/sqlite3): writers at once after each other, not after a back-off.
    DATABASES["default"]["ENGINE"] = "congso.core.sqlite3"
CONGSO_SQLITE_WRITER_LOCK = env_bool("CONGSO_SQLITE_WRITER_LOCK", True)
# Django's PostgreSQL backend, without the health check's `SELECT 1` on a connection that
# ran a statement in the last CONGSO_DB_HEALTH_CHECK_IDLE seconds (congso/core/postgresql).
CONGSO_DB_HEALTH_CHECK_IDLE = env_float("CONGSO_DB_HEALTH_CHECK_IDLE", 5.0)
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"]["ENGINE"] = "congso.core.postgresql"
    _pg_options = DATABASES["default"].setdefault("OPTIONS", {})
    if not env_bool("CONGSO_PG_JIT", False):
        # PostgreSQL's JIT compiles plans it estimates as costly: on the operations centre's
        # reads over large counter tables it spent 0.4–1.3 s compiling queries that then ran
        # in tens of milliseconds. Off for congso's connections unless CONGSO_PG_JIT=true.
        _pg_options["options"] = (_pg_options.get("options", "") + " -c jit=off").strip()
    if env_bool("CONGSO_PG_PREPARED", True):
        # Values sent apart from the statement (server-side binding), and a statement one
        # connection has run five times kept prepared there: PostgreSQL then skips parsing
        # and planning it, which cost more than running most of congso's reads (0.3–0.6 ms
        # against 0.1–0.3 ms for a page of field reports). A transaction-mode pooler older
        # than PgBouncer 1.21 cannot carry prepared statements: CONGSO_PG_PREPARED=false.
        _pg_options["server_side_binding"] = True
        _pg_options["prepare_threshold"] = env_int("CONGSO_PG_PREPARE_AFTER", 5)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- cache: Redis through CONGSO_REDIS_URL, else files under CONGSO_VAR_DIR -----------------
# Without Redis (one server), the cache is a folder every worker process reads and writes, not
# each process's memory: a rate limit counts a client once rather than once per worker, and a
# figure one worker computed serves the others.
REDIS_URL = env_str("CONGSO_REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(VAR_DIR / "cache"),
            # Every write lists the folder to decide whether to cull: a few thousand
            # entries keep that cheap while holding the rate counts of many clients.
            "OPTIONS": {"MAX_ENTRIES": 5000},
        }
    }

# --- background work (Django Tasks API) -------------------------------------------------------
TASKS = {
    "default": {
        "BACKEND": env_str("CONGSO_TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

# --- auth ---------------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Plain @login_required guards citizens' pages (my dossiers, filing, payment, preferences):
# they start the citizen sign-in. Officers' pages have their own guard (accounts.access).
LOGIN_URL = "accounts:citizen_login"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Officer lock-out after repeated failed sign-ins (django-axes), per account rather than per
# address: a commune office shares one address behind its router.
AXES_FAILURE_LIMIT = env_int("CONGSO_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("CONGSO_LOGIN_LOCKOUT_MINUTES", 30))
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "congso.accounts.views.officer_lockout_response"
AXES_SENSITIVE_PARAMETERS = ["otp_token"]
SILENCED_SYSTEM_CHECKS = [
    "axes.W006",  # the warning is about the per-account choice above
    # SQLite ignores the INCLUDE columns of the covering indexes; PostgreSQL, where they
    # matter, uses them. The warning would only repeat that on every SQLite command.
    "models.W040",
]

# --- i18n: Vietnamese first, English second ------------------------------------------------------
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "congso" / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

# --- e-mail: printed to the console unless an SMTP server is configured --------------------------
EMAIL_BACKEND = env_str("DJANGO_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("DJANGO_EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("DJANGO_EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("DJANGO_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_secret("DJANGO_EMAIL_HOST_PASSWORD") or ""
EMAIL_USE_TLS = env_bool("DJANGO_EMAIL_USE_TLS", default=False)
DEFAULT_FROM_EMAIL = env_str("DJANGO_DEFAULT_FROM_EMAIL", "congso <no-reply@localhost>")

# --- static and uploaded files -------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("CONGSO_STATIC_ROOT", str(VAR_DIR / "static")))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("CONGSO_MEDIA_ROOT", str(VAR_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": env_str(
            "CONGSO_STATICFILES_STORAGE",
            "whitenoise.storage.CompressedManifestStaticFilesStorage",
        )
    },
}
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("CONGSO_UPLOAD_MAX_MEMORY_BYTES", 5 * 1024 * 1024)
FILE_UPLOAD_MAX_MEMORY_SIZE = DATA_UPLOAD_MAX_MEMORY_SIZE

# --- security -----------------------------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("CONGSO_SECURE_COOKIES", default=not (DEBUG or DEMO_MODE))
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("CONGSO_BEHIND_TLS_PROXY", False) else None
)

# --- logging: structured JSON lines on stderr -----------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "congso.core.logging.JsonFormatter"}},
    "handlers": {"stderr": {"class": "logging.StreamHandler", "formatter": "json"}},
    "root": {"handlers": ["stderr"], "level": env_str("CONGSO_LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},  # the font subsetter logs every table at INFO
    },
}

# --- congso ---------------------------------------------------------------------------------------
# How many proxies in front of congso append to X-Forwarded-For (0: trust only REMOTE_ADDR).
CONGSO_TRUSTED_PROXY_COUNT = env_int("CONGSO_TRUSTED_PROXY_COUNT", 0)
CONGSO_PROVINCE_CODE = env_str("CONGSO_PROVINCE_CODE", "46")
CONGSO_SITE_NAME = env_str("CONGSO_SITE_NAME", "")
OTP_TOTP_ISSUER = CONGSO_SITE_NAME or "congso"
# How often (seconds) a process checks whether the catalog changed and its search index is stale.
CONGSO_SEARCH_REFRESH_SECONDS = env_float("CONGSO_SEARCH_REFRESH_SECONDS", 2.0)
CONGSO_SEARCH_MAX_QUERY_CHARS = env_int("CONGSO_SEARCH_MAX_QUERY_CHARS", 200)
# Where online dossiers go when the catalog names no implementing agency (agency code).
CONGSO_DEFAULT_RECEIVING_AGENCY = env_str(
    "CONGSO_DEFAULT_RECEIVING_AGENCY", "000.01.01.H46" if DEMO_MODE else ""
)
# Where an officer lands after signing in.
CONGSO_OFFICER_HOME_URL = env_str("CONGSO_OFFICER_HOME_URL", "backoffice:inbox")
CONGSO_IMPORT_MAX_BYTES = env_int("CONGSO_IMPORT_MAX_BYTES", 20 * 1024 * 1024)
# How often (seconds) a process checks whether the working calendar changed in the database.
CONGSO_CALENDAR_REFRESH_SECONDS = env_float("CONGSO_CALENDAR_REFRESH_SECONDS", 2.0)
# Where the "start online" button of a procedure page leads ({code} is the procedure code).
# Since 1 July 2025 citizens file online mainly on the National Public Service Portal.
CONGSO_ONLINE_START_URL = env_str(
    "CONGSO_ONLINE_START_URL",
    "https://dichvucong.gov.vn/p/home/dvc-tthc-thu-tuc-hanh-chinh-chi-tiet.html?ma_thu_tuc={code}",
)
# The public address of this portal, printed on receipts (QR code to the tracking page).
CONGSO_PUBLIC_BASE_URL = env_str("CONGSO_PUBLIC_BASE_URL", "http://127.0.0.1:8000")

# --- citizen sign-in (OpenID Connect) -------------------------------------------------------------
# Empty issuer with the development identity provider enabled (demo, debug or CONGSO_DEV_IDP):
# citizens sign in through the built-in provider at /dev-idp/, which stands in for VNeID.
CONGSO_OIDC_ISSUER = env_str("CONGSO_OIDC_ISSUER", "")
CONGSO_OIDC_CLIENT_ID = env_str("CONGSO_OIDC_CLIENT_ID", "")
CONGSO_OIDC_CLIENT_SECRET = env_secret("CONGSO_OIDC_CLIENT_SECRET") or ""
CONGSO_OIDC_PROVIDER_NAME = env_str("CONGSO_OIDC_PROVIDER_NAME", "")
CONGSO_DEV_IDP = env_bool("CONGSO_DEV_IDP", default=False)
CONGSO_CITIZEN_HOME_URL = env_str("CONGSO_CITIZEN_HOME_URL", "portal:home")

# --- dossiers: uploads, signatures, deadlines ----------------------------------------------------
MB = 1024 * 1024
CONGSO_UPLOAD_MAX_FILE_BYTES = env_int("CONGSO_UPLOAD_MAX_FILE_BYTES", 20 * MB)
CONGSO_UPLOAD_MAX_DOSSIER_BYTES = env_int("CONGSO_UPLOAD_MAX_DOSSIER_BYTES", 100 * MB)
CONGSO_UPLOAD_ZIP_MAX_ENTRIES = env_int("CONGSO_UPLOAD_ZIP_MAX_ENTRIES", 2000)
CONGSO_UPLOAD_ZIP_MAX_UNCOMPRESSED_BYTES = env_int(
    "CONGSO_UPLOAD_ZIP_MAX_UNCOMPRESSED_BYTES", 200 * MB
)
CONGSO_UPLOAD_ZIP_MAX_RATIO = env_int("CONGSO_UPLOAD_ZIP_MAX_RATIO", 100)
CONGSO_UPLOAD_MAX_IMAGE_PIXELS = env_int("CONGSO_UPLOAD_MAX_IMAGE_PIXELS", 64_000_000)
CONGSO_SIGNING_PKCS12_PATH = env_str("CONGSO_SIGNING_PKCS12_PATH", "")
CONGSO_SIGNING_PKCS12_DIR = env_str("CONGSO_SIGNING_PKCS12_DIR", "")
CONGSO_SIGNING_PKCS12_PASSWORD = env_secret("CONGSO_SIGNING_PKCS12_PASSWORD") or ""
CONGSO_SIGNING_TRUST_ROOTS = env_str("CONGSO_SIGNING_TRUST_ROOTS", "")
CONGSO_SIGNING_ALLOW_DEV_CA = env_bool("CONGSO_SIGNING_ALLOW_DEV_CA", default=False)
CONGSO_SIGNING_DEV_DIR = env_str("CONGSO_SIGNING_DEV_DIR", str(VAR_DIR / "signing"))
CONGSO_SIGNING_MAX_UPLOAD_BYTES = env_int("CONGSO_SIGNING_MAX_UPLOAD_BYTES", 20 * MB)
# Deadline warnings and re-dating (DOMAIN §1.5, both [K]).
CONGSO_DUE_WARNING_WORKING_HOURS = env_int("CONGSO_DUE_WARNING_WORKING_HOURS", 8)
CONGSO_MAX_REDATINGS = env_int("CONGSO_MAX_REDATINGS", 1)
# Officers' pages need a session that passed the TOTP check.
CONGSO_OFFICER_REQUIRE_OTP = env_bool("CONGSO_OFFICER_REQUIRE_OTP", default=True)

# Settings of the apps that build on dossiers, each kept beside its code.
from congso.feedback.settings import *  # noqa: E402, F403
from congso.indicators.settings import *  # noqa: E402, F403
from congso.nationalsync.settings import *  # noqa: E402, F403
from congso.notify.settings import *  # noqa: E402, F403
from congso.payments.settings import *  # noqa: E402, F403

# Leaflet's files come from the django-leaflet package (not an installed app: its admin
# integration needs GDAL); see congso/feedback/settings.py.
STATICFILES_DIRS = [*CONGSO_LEAFLET_STATIC_DIRS]  # noqa: F405
