# SPDX-License-Identifier: EUPL-1.2
"""Django settings: embedded SQLite by default, PostgreSQL through VEERKRACHT_DATABASE_URL."""

import os
import secrets
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

PACKAGE_DIR = Path(__file__).resolve().parent
# One folder holds everything the embedded set-up writes: the SQLite database, the Parquet value store,
# uploaded files and generated demo data. Production points it at shared storage.
DATA_DIR = Path(os.environ.get("VEERKRACHT_DATA_DIR", Path.cwd() / "var")).resolve()


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
    key_file = DATA_DIR / "secret_key"
    if key_file.exists():
        return key_file.read_text().strip()
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(50)
    key_file.write_text(key)
    key_file.chmod(0o600)
    return key


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
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets the web app read while an import writes; IMMEDIATE avoids "database is locked" upgrades.
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
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
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # WhiteNoise warns about a missing root
# The embedded set-up serves static files straight from the apps, with no collectstatic step.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.SessionAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Veerkracht API",
    "DESCRIPTION": "Areas, indicators and analyses of the Veerkracht platform.",
    "VERSION": "0.1.0",
    "SERVE_INCLUDE_SCHEMA": False,
}

# Database triggers refuse changes to the audit log; only the test suite, which flushes tables, turns
# them off (and installs them where it tests them).
VEERKRACHT_AUDIT_DB_GUARD = True
# Aggregates that leave the system hide cells below this count (DESIGN.md §6).
VEERKRACHT_PRIVACY_THRESHOLD = int(os.environ.get("VEERKRACHT_PRIVACY_THRESHOLD", "5"))
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
