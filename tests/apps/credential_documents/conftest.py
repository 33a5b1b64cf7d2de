"""Fixtures for the credential documents and badges tests: a fixed issuer key, holders with credentials."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import time_machine

from certwright.badges.keys import KeyPair
from certwright.core.roles import Role
from tests.conftest import NOW

ISSUER_KEY = KeyPair.from_seed(bytes(range(1, 33)))
ISSUER_DID = "did:web:127.0.0.1%3A8000"
VECTORS = Path(__file__).resolve().parents[2] / "vectors"  # copies of ../shared/vectors, see PROVENANCE.md

__all__ = ["ISSUER_DID", "ISSUER_KEY", "NOW", "VECTORS"]


@pytest.fixture(autouse=True)
def _issuer(settings: Any, tmp_path: Path) -> None:
    """A known issuer key in a temporary file; did:web of the demo base URL."""
    key_file = tmp_path / "issuer_key"
    key_file.write_text(ISSUER_KEY.private_multibase + "\n", encoding="ascii")
    settings.CERTWRIGHT_ISSUER_KEY_FILE = str(key_file)
    settings.CERTWRIGHT_ISSUER_DID = ""
    settings.CERTWRIGHT_BASE_URL = "http://127.0.0.1:8000"


@pytest.fixture(autouse=True)
def _now() -> Iterator[None]:
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def holder(make_user: Callable[..., Any], make_person: Callable[..., Any]) -> tuple[Any, Any]:
    """A technician (user, person) certified in A1-A8 (so also a Master) and A9, with credentials issued."""
    from certwright.credentials.services import credentials_sync

    user = make_user(Role.CANDIDATE, username="holder")
    person = make_person(
        user=user,
        last_name="Holder",
        results=(*(f"A{i} pass 2025-06-01" for i in range(1, 10)),),
    )
    credentials_sync(person=person, today=NOW.date())
    return user, person


@pytest.fixture
def credential_of(holder: tuple[Any, Any]) -> Callable[[str], Any]:
    from certwright.credentials.models import Credential

    def get(code: str) -> Any:
        return Credential.objects.get(person=holder[1], code=code, status__in=("active", "suspended"))

    return get
