"""Production settings: `--settings certwright.config.settings_production` or
DJANGO_SETTINGS_MODULE=certwright.config.settings_production.

Everything comes from the environment, as in settings.py, with CERTWRIGHT_ENV forced to
production: start-up fails without CERTWRIGHT_SECRET_KEY, CERTWRIGHT_ALLOWED_HOSTS and
DATABASE_URL (no generated key, no SQLite file by accident). HTTPS only: secure cookies, HSTS for a
year with subdomains and preload, redirect to HTTPS (behind a proxy that sets X-Forwarded-Proto).
`certwright check --deploy --settings certwright.config.settings_production` reports nothing.
"""

from __future__ import annotations

import os

from django.core.exceptions import ImproperlyConfigured

os.environ["CERTWRIGHT_ENV"] = "production"
for _name in ("CERTWRIGHT_SECRET_KEY", "CERTWRIGHT_ALLOWED_HOSTS", "DATABASE_URL"):
    if not os.environ.get(_name, "").strip():
        raise ImproperlyConfigured(f"{_name} must be set in the environment for production (see .env.example)")
if len(os.environ["CERTWRIGHT_SECRET_KEY"]) < 50 or len(set(os.environ["CERTWRIGHT_SECRET_KEY"])) < 5:
    raise ImproperlyConfigured("CERTWRIGHT_SECRET_KEY is too short: use at least 50 random characters")

from certwright.config.settings import *  # noqa: E402, F403
from certwright.config.settings import CERTWRIGHT_BASE_URL  # noqa: E402

DEBUG = False
SECURE_SSL_REDIRECT = os.environ.get("CERTWRIGHT_SSL_REDIRECT", "1") == "1"  # 0 only if the proxy redirects
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = 31536000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 60 * 60 * 12  # a test day
CSRF_COOKIE_SECURE = True
# Origins allowed to POST (https://certwright.example.org); default: the public base URL if it is HTTPS.
CSRF_TRUSTED_ORIGINS = [
    o
    for o in os.environ.get(
        "CERTWRIGHT_CSRF_TRUSTED_ORIGINS",
        CERTWRIGHT_BASE_URL if CERTWRIGHT_BASE_URL.startswith("https://") else "",
    ).split(",")
    if o
]
X_FRAME_OPTIONS = "DENY"
LANGUAGE_COOKIE_SECURE = True
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
