"""Security settings: production refuses to start without its secrets and passes `check --deploy`;
pages carry a CSP without 'unsafe-inline'; passwords use argon2; no secret is in the repository."""

from __future__ import annotations

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

ROOT = Path(__file__).resolve().parents[2]
PROD = "certwright.config.settings_production"
pytestmark = pytest.mark.security


def _check_deploy(**env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("CERTWRIGHT_") and k != "DATABASE_URL"}
    return subprocess.run(
        [sys.executable, "-m", "certwright", "check", "--deploy", "--fail-level", "WARNING", "--settings", PROD],
        env={**clean, **env},
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_production_refuses_to_start_without_secrets(tmp_path: Path) -> None:
    done = _check_deploy(CERTWRIGHT_DATA_DIR=str(tmp_path))
    assert done.returncode != 0
    assert "CERTWRIGHT_SECRET_KEY must be set" in done.stderr
    done = _check_deploy(CERTWRIGHT_DATA_DIR=str(tmp_path), CERTWRIGHT_SECRET_KEY="short", DATABASE_URL="sqlite:///x")
    assert done.returncode != 0
    assert "CERTWRIGHT_ALLOWED_HOSTS must be set" in done.stderr
    done = _check_deploy(
        CERTWRIGHT_DATA_DIR=str(tmp_path),
        CERTWRIGHT_SECRET_KEY="short",
        CERTWRIGHT_ALLOWED_HOSTS="certwright.example.org",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
    )
    assert "CERTWRIGHT_SECRET_KEY is too short" in done.stderr


def test_production_settings_pass_check_deploy(tmp_path: Path) -> None:
    done = _check_deploy(
        CERTWRIGHT_DATA_DIR=str(tmp_path),
        CERTWRIGHT_SECRET_KEY=secrets.token_urlsafe(50),
        CERTWRIGHT_ALLOWED_HOSTS="certwright.example.org",
        CERTWRIGHT_BASE_URL="https://certwright.example.org",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert "System check identified no issues" in done.stdout


@pytest.mark.django_db
def test_pages_send_a_strict_content_security_policy() -> None:
    response = Client().get("/catalog/")
    policy = response["Content-Security-Policy"]
    assert "unsafe-inline" not in policy
    assert "unsafe-eval" not in policy
    assert "script-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_passwords_are_hashed_with_argon2_and_logins_lock_out() -> None:
    # the suite swaps in a fast hasher per test (tests/conftest.py); the project setting is argon2 first
    from certwright.config import settings as project

    assert project.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"
    assert "axes.middleware.AxesMiddleware" in settings.MIDDLEWARE
    assert settings.AXES_FAILURE_LIMIT <= 10


SECRET_PATTERNS = [
    re.compile(r"-----BEGIN (RSA |EC |OPENSSH |ENCRYPTED )?PRIVATE KEY-----"),
    re.compile(r"\bAKIA[0-9A-Z]{16}\b"),  # AWS access key
    re.compile(r"(?i)\b(secret_key|password|api_key)\s*=\s*['\"][A-Za-z0-9+/=_\-]{24,}['\"]"),
    re.compile(r"\bz[1-9A-HJ-NP-Za-km-z]{40,}\b(?=.*private)", re.IGNORECASE),
]


def test_no_secrets_are_tracked_in_the_repository() -> None:
    tracked = subprocess.run(
        ["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True, timeout=60
    ).stdout.split()
    assert not [p for p in tracked if p.startswith("data/") or p.endswith(("secret_key", "issuer_key", ".pem", ".env"))]
    found = []
    for path in tracked:
        if path.startswith("tests/vectors/") or path.endswith((".png", ".jpg", ".pdf", ".lock", ".svg")):
            continue  # published test vectors carry their published test keys
        try:
            text = (ROOT / path).read_text(encoding="utf-8")
        except (UnicodeDecodeError, OSError):
            continue
        found += [f"{path}: {p.pattern}" for p in SECRET_PATTERNS if p.search(text)]
    assert not found, found
