"""Django settings, read from the environment. See .env.example for every variable.

CERTWRIGHT_ENV=production turns on the production settings: it then refuses to start without
CERTWRIGHT_SECRET_KEY and CERTWRIGHT_ALLOWED_HOSTS. Otherwise (development and the demo) a secret
key is generated once and kept in the data folder.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any

import dj_database_url
import django_stubs_ext
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

django_stubs_ext.monkeypatch()  # lets admin classes be written ModelAdmin[Model]

BASE_DIR = Path(__file__).resolve().parent.parent
REPO_DIR = BASE_DIR.parent.parent
ENV = os.environ.get("CERTWRIGHT_ENV", "development")
PRODUCTION = ENV == "production"
DATA_DIR = Path(os.environ.get("CERTWRIGHT_DATA_DIR", REPO_DIR / "data")).resolve()


def _secret_key() -> str:
    key = os.environ.get("CERTWRIGHT_SECRET_KEY", "")
    if key:
        return key
    if PRODUCTION:
        raise ImproperlyConfigured("CERTWRIGHT_SECRET_KEY must be set when CERTWRIGHT_ENV=production")
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    path = DATA_DIR / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50), encoding="utf-8")
        path.chmod(0o600)
    return path.read_text(encoding="utf-8").strip()


SECRET_KEY = _secret_key()
DEBUG = os.environ.get("CERTWRIGHT_DEBUG", "0" if PRODUCTION else "1") == "1"
ALLOWED_HOSTS = [h for h in os.environ.get("CERTWRIGHT_ALLOWED_HOSTS", "").split(",") if h]
if PRODUCTION and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("CERTWRIGHT_ALLOWED_HOSTS must be set when CERTWRIGHT_ENV=production")
if not PRODUCTION:
    ALLOWED_HOSTS += ["127.0.0.1", "localhost", "testserver"]
CERTWRIGHT_BASE_URL = os.environ.get("CERTWRIGHT_BASE_URL", "http://127.0.0.1:8000")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "axes",
    "certwright.common",
    "certwright.accounts",
    "certwright.programs",
    "certwright.candidates",
    "certwright.employers",
    "certwright.itembank",
    "certwright.exams",
    "certwright.credentials",
    "certwright.preparation",
    "certwright.measurement",
    "certwright.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "certwright.exams.middleware.AutosaveMiddleware",  # the common autosave in two queries (see the module)
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
    "certwright.common.middleware.DatabaseUnavailableMiddleware",  # 503 + Retry-After when the DB is away
]

ROOT_URLCONF = "certwright.config.urls"
WSGI_APPLICATION = "certwright.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "certwright.common.context.navigation",
            ],
        },
    }
]


def _database() -> dict[str, Any]:
    default_sqlite = f"sqlite:///{DATA_DIR / 'certwright.sqlite3'}"
    url = os.environ.get("DATABASE_URL", default_sqlite)
    config: dict[str, Any] = dict(dj_database_url.parse(url, conn_max_age=0 if url.startswith("sqlite") else 60))
    if config["ENGINE"] == "django.db.backends.sqlite3":
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        config["OPTIONS"] = {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=10000;",
            "transaction_mode": "IMMEDIATE",
        }
    else:
        config["CONN_HEALTH_CHECKS"] = True
    return config


DATABASES = {"default": _database()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("CERTWRIGHT_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 1  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("es", "Español")]
TIME_ZONE = os.environ.get("CERTWRIGHT_TIME_ZONE", "America/New_York")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
if not PRODUCTION:
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STATICFILES_DIRS = [BASE_DIR / "static"]
# Outside production WhiteNoise serves the app's static files straight from their folders, also with
# DEBUG off (the browser tests, the benches); production serves the collected, hashed copies.
WHITENOISE_USE_FINDERS = not PRODUCTION
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
MEDIA_ROOT = DATA_DIR / "uploads"
# Experience evidence uploads (PDF, PNG, JPEG): largest accepted file, in bytes. Served only through a view.
CERTWRIGHT_EVIDENCE_MAX_BYTES = int(os.environ.get("CERTWRIGHT_EVIDENCE_MAX_BYTES", str(5 * 1024 * 1024)))

EMAIL_BACKEND = os.environ.get(
    "CERTWRIGHT_EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend" if PRODUCTION else "django.core.mail.backends.filebased.EmailBackend",
)
EMAIL_FILE_PATH = DATA_DIR / "mail"
EMAIL_HOST = os.environ.get("CERTWRIGHT_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("CERTWRIGHT_EMAIL_PORT", "25"))
DEFAULT_FROM_EMAIL = os.environ.get("CERTWRIGHT_FROM_EMAIL", "certwright@localhost")

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    }
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
if PRODUCTION:
    SECURE_SSL_REDIRECT = os.environ.get("CERTWRIGHT_SSL_REDIRECT", "1") == "1"
    SECURE_HSTS_SECONDS = 31536000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# The autosave fast path (certwright.exams.middleware); "0" sends every save through the full API.
CERTWRIGHT_FAST_AUTOSAVE = os.environ.get("CERTWRIGHT_FAST_AUTOSAVE", "1") != "0"
CERTWRIGHT_CATALOG_PATH = os.environ.get("CERTWRIGHT_CATALOG_PATH", "")
# Open Badges issuer (docs/badges.md): the DID ("" = did:web of CERTWRIGHT_BASE_URL's host, "did:key"
# = the key's own did:key), the Ed25519 key file (privateKeyMultibase; "" = DATA_DIR/issuer_key, generated
# on first use outside production only) and the key's name in the DID document.
CERTWRIGHT_ISSUER_DID = os.environ.get("CERTWRIGHT_ISSUER_DID", "")
CERTWRIGHT_ISSUER_KEY_FILE = os.environ.get("CERTWRIGHT_ISSUER_KEY_FILE", "")
CERTWRIGHT_ISSUER_KEY_ID = os.environ.get("CERTWRIGHT_ISSUER_KEY_ID", "key-1")
CERTWRIGHT_ISSUER_NAME = os.environ.get("CERTWRIGHT_ISSUER_NAME", "Certwright certification programme")
# Retired public keys kept in the did:web document after a key rotation: "key-0=z6Mk...,key-x=z6Mk..."
CERTWRIGHT_ISSUER_PREVIOUS_KEYS = os.environ.get("CERTWRIGHT_ISSUER_PREVIOUS_KEYS", "")
# Accept votes a version needs before it can be approved (no open reject, not by its author).
CERTWRIGHT_REVIEW_ACCEPTS = int(os.environ.get("CERTWRIGHT_REVIEW_ACCEPTS", "3"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("CERTWRIGHT_LOG_LEVEL", "WARNING")},
}
