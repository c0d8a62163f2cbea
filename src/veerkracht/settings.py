# SPDX-License-Identifier: EUPL-1.2
"""Django settings: embedded SQLite by default, PostgreSQL through VEERKRACHT_DATABASE_URL."""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from veerkracht.datafolder import create_private_file, make_private_dir, read_or_create_secret_key
from veerkracht.datafolder import default_data_dir as _default_data_dir

PACKAGE_DIR = Path(__file__).resolve().parent
# One folder holds everything the embedded set-up writes: the SQLite database, the Parquet value store,
# uploaded files and generated demo data. Production points it at shared storage. It never depends on
# the directory a command runs in (see veerkracht.datafolder); a folder created here is private (0700).
DATA_DIR = _default_data_dir()


def _env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _secret_key() -> str:
    """Return the configured secret key, or one generated once and kept in the data folder."""
    configured = os.environ.get("VEERKRACHT_SECRET_KEY")
    if configured:
        return configured
    return read_or_create_secret_key(DATA_DIR)


SECRET_KEY = _secret_key()
DEBUG = _env_bool("VEERKRACHT_DEBUG", False)
ALLOWED_HOSTS = [
    host.strip()
    for host in os.environ.get("VEERKRACHT_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",")
    if host.strip()
]
CSRF_TRUSTED_ORIGINS = [
    origin.strip()
    for origin in os.environ.get("VEERKRACHT_CSRF_TRUSTED_ORIGINS", "").split(",")
    if origin.strip()
]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "drf_spectacular",
    "veerkracht.core",
    "veerkracht.areas",
    "veerkracht.indicators",
    "veerkracht.analysis",
    "veerkracht.programme",
    "veerkracht.cases",
    "veerkracht.profiles",
    "veerkracht.web",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "veerkracht.urls"
WSGI_APPLICATION = "veerkracht.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "veerkracht.web.context.navigation",
            ],
        },
    },
]

_SQLITE_PATH = DATA_DIR / "veerkracht.sqlite3"
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("VEERKRACHT_DATABASE_URL", f"sqlite:///{_SQLITE_PATH}"), conn_max_age=60
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    if Path(str(DATABASES["default"]["NAME"])) == _SQLITE_PATH:
        # Created private before SQLite opens it; its -wal and -shm files get the same mode.
        create_private_file(_SQLITE_PATH)
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets the web app read while an import writes; IMMEDIATE avoids "database is locked" upgrades
        # and serialises appends to the audit chain. Recursive triggers make the audit log's delete
        # trigger fire on INSERT OR REPLACE too, which otherwise removes a row without firing it.
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA recursive_triggers=ON;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "core.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = _env_bool("VEERKRACHT_SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Nederlands")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
make_private_dir(DATA_DIR)
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # WhiteNoise warns about a missing root
# The embedded set-up serves static files straight from the apps, with no collectstatic step.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG
# The frontend build puts a content hash in every file name (frontend/build.mjs): those never change,
# so browsers may keep them for a year. Other static files keep WhiteNoise's short cache.
WHITENOISE_IMMUTABLE_FILE_TEST = r"/veerkracht/build/(?:chunks/)?[\w.]+-[A-Z0-9]{8}\.(?:js|css)(?:\.map)?$"

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "veerkracht.core.api.ApiSchema",
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.SessionAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Veerkracht API",
    "DESCRIPTION": "Areas, indicators and analyses of the Veerkracht platform.",
    "VERSION": "0.1.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # Tags and operation ids from the part after the version ("areas", "analyses"), not "v1".
    "SCHEMA_PATH_PREFIX": r"/api/v[0-9]+",
    # GeoJSON's one-value "type" fields, named once instead of by a hash.
    "ENUM_NAME_OVERRIDES": {
        "FeatureTypeEnum": ["Feature"],
        "FeatureCollectionTypeEnum": ["FeatureCollection"],
    },
}

# Database triggers refuse changes to the audit log; only the test suite, which flushes tables, turns
# them off (and installs them where it tests them).
VEERKRACHT_AUDIT_DB_GUARD = True
# Aggregates that leave the system hide cells below this count (DESIGN.md §6): the meldingen and dossier KPIs
# use it, and every analysis run takes it as the floor under the catalogue's privacy rules.
VEERKRACHT_PRIVACY_THRESHOLD = int(os.environ.get("VEERKRACHT_PRIVACY_THRESHOLD", "5"))
# The monitor outlines areas where housing corporations own more than this share of the dwellings
# (seed 001, Kaart 2-2 draws a line around more than 60%), using this indicator.
VEERKRACHT_CORPORATION_CONCENTRATION = float(os.environ.get("VEERKRACHT_CORPORATION_CONCENTRATION", "60"))
VEERKRACHT_CORPORATION_SHARE_INDICATOR = "aandeel_corporatie"
# Simplification tolerance in metres for the GeoJSON the maps get: small enough to look right at city zoom.
VEERKRACHT_MAP_TOLERANCE_M = float(os.environ.get("VEERKRACHT_MAP_TOLERANCE_M", "8"))

# Mail to reporters (cases/services/messages.py). Production: SMTP when VEERKRACHT_EMAIL_HOST is set.
# Otherwise every message is written as a file to the data folder's "mail" folder, or printed with
# VEERKRACHT_EMAIL_BACKEND=console, so a demo or development install never mails anyone.
DEFAULT_FROM_EMAIL = os.environ.get("VEERKRACHT_EMAIL_FROM", "Veerkracht <noreply@localhost>")
if os.environ.get("VEERKRACHT_EMAIL_HOST"):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = os.environ["VEERKRACHT_EMAIL_HOST"]
    EMAIL_PORT = int(os.environ.get("VEERKRACHT_EMAIL_PORT", "587"))
    EMAIL_HOST_USER = os.environ.get("VEERKRACHT_EMAIL_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("VEERKRACHT_EMAIL_PASSWORD", "")
    EMAIL_USE_TLS = _env_bool("VEERKRACHT_EMAIL_TLS", True)
    EMAIL_TIMEOUT = 20
elif os.environ.get("VEERKRACHT_EMAIL_BACKEND", "file") == "console":
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
else:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = str(DATA_DIR / "mail")

# Attachments of meldingen: the types (read from the content) and the size a file may have.
VEERKRACHT_ATTACHMENT_TYPES = (
    "image/jpeg",
    "image/png",
    "image/heic",
    "image/heif",
    "image/webp",
    "application/pdf",
)
VEERKRACHT_ATTACHMENT_MAX_BYTES = int(
    os.environ.get("VEERKRACHT_ATTACHMENT_MAX_BYTES", str(10 * 1024 * 1024))
)
VEERKRACHT_ATTACHMENT_MAX_COUNT = 10
# A folder with a city's own categories.yaml, service_levels.yaml, workflow.yaml or routing.yaml (optional).
VEERKRACHT_CASES_RULES_DIR = os.environ.get("VEERKRACHT_CASES_RULES_DIR") or None
# Possible duplicates: open meldingen within this many metres of a new one.
VEERKRACHT_DUPLICATE_DISTANCE_M = float(os.environ.get("VEERKRACHT_DUPLICATE_DISTANCE_M", "50"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("VEERKRACHT_LOG_LEVEL", "WARNING")},
}

# --- Background tasks (ADR 0006) ------------------------------------------------------------------------
# Django's task API through the django-tasks backport. The queue is a table in the same database (SQLite or
# PostgreSQL), worked off by `veerkracht worker`, which `veerkracht serve` starts beside the web server.
# A larger deployment points VEERKRACHT_TASKS_BACKEND at another backend (see the ADR).
INSTALLED_APPS += ["django_tasks", "django_tasks_db"]
TASKS = {
    "default": {
        "BACKEND": os.environ.get("VEERKRACHT_TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}
# A running analysis writes a sign of life this often; one silent for the stale time counts as interrupted
# (its worker died) and may be retried.
VEERKRACHT_TASK_HEARTBEAT_SECONDS = float(os.environ.get("VEERKRACHT_TASK_HEARTBEAT_SECONDS", "10"))
VEERKRACHT_TASK_STALE_SECONDS = float(os.environ.get("VEERKRACHT_TASK_STALE_SECONDS", "120"))

# ---------------------------------------------------------------------------------------------------
# Security of the web layer (issue 7, ADR 0010). Everything here can be set from the environment;
# the README's production section lists what a deployment behind a TLS-terminating proxy sets.
# ---------------------------------------------------------------------------------------------------
INSTALLED_APPS += ["axes", "csp", "drf_spectacular_sidecar"]
MIDDLEWARE += [
    "csp.middleware.CSPMiddleware",
    "veerkracht.core.session_limits.SessionLimitsMiddleware",
    "veerkracht.core.middleware.PrivateCacheMiddleware",
    "veerkracht.core.middleware.RefusalAuditMiddleware",
    # Last, as django-axes asks: it turns a lockout noticed during the login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

# Behind a proxy that terminates TLS: trust its X-Forwarded-Proto (and, for the login limit, the
# address it appends to X-Forwarded-For). Only switch this on when the proxy sets these headers itself.
VEERKRACHT_BEHIND_PROXY = _env_bool("VEERKRACHT_BEHIND_PROXY", False)
# The address of the proxy as `veerkracht serve` sees it; waitress ignores forwarded headers from others.
VEERKRACHT_TRUSTED_PROXY = os.environ.get("VEERKRACHT_TRUSTED_PROXY", "127.0.0.1")
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if VEERKRACHT_BEHIND_PROXY else None
SECURE_SSL_REDIRECT = _env_bool("VEERKRACHT_SSL_REDIRECT", False)
SECURE_HSTS_SECONDS = int(os.environ.get("VEERKRACHT_HSTS_SECONDS", "0"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = _env_bool("VEERKRACHT_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = _env_bool("VEERKRACHT_HSTS_PRELOAD", False)
LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
LANGUAGE_COOKIE_HTTPONLY = True

# Sessions end after a working day, and after half an hour without a request (a shared office PC).
SESSION_COOKIE_AGE = int(float(os.environ.get("VEERKRACHT_SESSION_HOURS", "8")) * 3600)
VEERKRACHT_SESSION_IDLE_SECONDS = int(float(os.environ.get("VEERKRACHT_SESSION_IDLE_MINUTES", "30")) * 60)

# Login attempts: lock a user name, and an address, after this many failures, for the cool-off period.
AUTHENTICATION_BACKENDS = [
    "veerkracht.core.login_limits.LoginLimitBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("VEERKRACHT_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=float(os.environ.get("VEERKRACHT_LOGIN_COOLOFF_MINUTES", "30")))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_LOCKOUT_CALLABLE = "veerkracht.core.login_limits.lockout_response"
AXES_USERNAME_CALLABLE = "veerkracht.core.login_limits.recorded_username"
AXES_CLIENT_IP_CALLABLE = "veerkracht.core.login_limits.client_address"
# Tries during a lockout do not extend it: the message can say when it ends.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
# A success does not wipe the failures: that would let one valid account reset an address's count.
AXES_RESET_ON_SUCCESS = False
# Logins are in the audit log already; the lockout counters are all django-axes needs to keep.
AXES_DISABLE_ACCESS_LOG = True
AXES_VERBOSE = False

# Content-Security-Policy: scripts, styles, fonts and images only from the app itself. MapLibre and
# ReDoc start their web workers from blob: URLs; MapLibre draws icons from data: and blob: images.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:", "blob:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "worker-src": ["'self'", "blob:"],
        "child-src": ["'self'", "blob:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
# ReDoc from the app's own static files (drf-spectacular-sidecar), never from a CDN.
SPECTACULAR_SETTINGS["REDOC_DIST"] = "SIDECAR"
