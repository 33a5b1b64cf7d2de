"""Credentials API: public verification (private, rate-limited), my credentials, staff status changes."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
import time_machine
from django.core.cache import cache
from django.test import Client

from certwright.common.models import AuditEntry
from certwright.core.roles import Role
from certwright.credentials.models import Credential

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 11, 28, 15, 0, tzinfo=UTC)
MASTER_RESULTS = tuple(f"A{i} pass 2024-06-01" for i in range(1, 9))
CREDENTIAL_KEYS = {"number", "kind", "code", "name", "status", "issued_on", "valid_from", "valid_until"}


@pytest.fixture(autouse=True)
def _clock_and_cache() -> Iterator[None]:
    cache.clear()
    with time_machine.travel(NOW, tick=False):
        yield
    cache.clear()


@pytest.fixture
def holder(make_user: Any, make_person: Any) -> Any:
    user = make_user(Role.CANDIDATE)
    person = make_person(user=user, last_name="Price", results=MASTER_RESULTS)
    person.email = "devon@example.com"
    person.save(update_fields=["email"])
    return person


def _post(client: Client, url: str, body: dict[str, Any]) -> Any:
    return client.post(url, json.dumps(body), content_type="application/json")


class VerifyApiTests:
    def test_verify_returns_holder_and_credentials_only(self, holder: Any) -> None:
        number = Credential.objects.get(person=holder, code="A5").number
        response = Client().get(f"/api/v1/verify/{number}", {"last_name": " price "})
        assert response.status_code == 200
        data = response.json()
        assert set(data) == {"holder", "credentials", "master_designations"}
        assert data["holder"] == "Pat Price"
        assert len(data["credentials"]) == 8
        assert all(set(c) == CREDENTIAL_KEYS for c in data["credentials"] + data["master_designations"])
        a5 = next(c for c in data["credentials"] if c["code"] == "A5")
        assert a5 == {
            "number": number,
            "kind": "test",
            "code": "A5",
            "name": "Brakes (A5)",
            "status": "active",
            "issued_on": "2026-11-28",
            "valid_from": "2024-06-01",
            "valid_until": "2029-06-01",
        }
        [master] = data["master_designations"]
        assert master["name"] == "Master Automobile Technician"
        assert master["status"] == "active"
        body = response.content.decode()
        assert "devon@example.com" not in body
        assert holder.candidate_id not in body
        assert "score" not in body

    def test_wrong_last_name_is_the_same_404_as_an_unknown_number(self, holder: Any) -> None:
        number = Credential.objects.get(person=holder, code="A5").number
        unknown = next(n for n in ("CW100000009", "CW100000017") if not Credential.objects.filter(number=n).exists())
        client = Client()
        wrong = client.get(f"/api/v1/verify/{number}", {"last_name": "Smith"})
        missing = client.get(f"/api/v1/verify/{unknown}", {"last_name": "Price"})
        assert wrong.status_code == missing.status_code == 404
        assert (
            wrong.json() == missing.json() == {"detail": "No credential matches this certificate number and last name."}
        )

    def test_422_for_missing_last_name_or_malformed_number(self, holder: Any) -> None:
        number = Credential.objects.get(person=holder, code="A5").number
        client = Client()
        assert client.get(f"/api/v1/verify/{number}").status_code == 422
        assert client.get(f"/api/v1/verify/{number}", {"last_name": "  "}).status_code == 422
        bad = client.get("/api/v1/verify/CW123456781", {"last_name": "Price"})
        assert bad.status_code == 422
        assert "check digit" in bad.json()["detail"]

    def test_429_after_the_limit(self, holder: Any, settings: Any) -> None:
        settings.CERTWRIGHT_VERIFY_RATE_LIMIT = "2/minute"
        number = Credential.objects.get(person=holder, code="A5").number
        client = Client(REMOTE_ADDR="203.0.113.9")
        assert client.get(f"/api/v1/verify/{number}", {"last_name": "Price"}).status_code == 200
        assert client.get(f"/api/v1/verify/{number}", {"last_name": "x"}).status_code == 404
        blocked = client.get(f"/api/v1/verify/{number}", {"last_name": "Price"})
        assert blocked.status_code == 429
        assert "at most 2 per minute" in blocked.json()["detail"]
        assert 0 < int(blocked["Retry-After"]) <= 60
        with time_machine.travel(datetime(2026, 11, 28, 15, 1, 1, tzinfo=UTC), tick=False):
            assert client.get(f"/api/v1/verify/{number}", {"last_name": "Price"}).status_code == 200


class MineApiTests:
    def test_mine(self, holder: Any, make_user: Any) -> None:
        client = Client()
        assert client.get("/api/v1/credentials/mine").status_code == 401
        client.force_login(holder.user)
        data = client.get("/api/v1/credentials/mine").json()
        assert data["holder"] == "Pat Price"
        assert data["as_of"] == "2026-11-28"
        assert {c["code"] for c in data["credentials"]} == {f"A{i}" for i in range(1, 9)}
        assert [m["code"] for m in data["master_designations"]] == ["A"]
        client.force_login(make_user(Role.STAFF))
        assert client.get("/api/v1/credentials/mine").status_code == 404


class StaffApiTests:
    def test_suspend_reinstate_revoke(self, holder: Any, make_user: Any) -> None:
        number = Credential.objects.get(person=holder, code="A5").number
        client = Client()
        client.force_login(make_user(Role.STAFF, username="registrar"))
        response = _post(client, f"/api/v1/credentials/{number}/suspend", {"reason": "Audit"})
        assert response.status_code == 200
        assert response.json()["status"] == "suspended"
        assert _post(client, f"/api/v1/credentials/{number}/suspend", {"reason": "Again"}).status_code == 409
        assert _post(client, f"/api/v1/credentials/{number}/reinstate", {"reason": "OK"}).json()["status"] == "active"
        assert _post(client, f"/api/v1/credentials/{number}/revoke", {"reason": "Fraud"}).json()["status"] == "revoked"
        again = _post(client, f"/api/v1/credentials/{number}/revoke", {"reason": "Fraud"})
        assert again.status_code == 409
        assert "final" in again.json()["detail"]
        actions = list(
            AuditEntry.objects.filter(object_id=number, actor_label="registrar")
            .order_by("id")
            .values_list("action", flat=True)
        )
        assert actions == ["credential.suspended", "credential.reinstated", "credential.revoked"]

    def test_permissions_and_validation(self, holder: Any, make_user: Any) -> None:
        number = Credential.objects.get(person=holder, code="A5").number
        client = Client()
        assert _post(client, f"/api/v1/credentials/{number}/revoke", {"reason": "x"}).status_code == 401
        client.force_login(holder.user)
        assert _post(client, f"/api/v1/credentials/{number}/revoke", {"reason": "x"}).status_code == 403
        client.force_login(make_user(Role.EMPLOYER_ADMIN))
        assert _post(client, f"/api/v1/credentials/{number}/suspend", {"reason": "x"}).status_code == 403
        client.force_login(make_user(Role.STAFF))
        assert _post(client, "/api/v1/credentials/CW100000009/suspend", {"reason": "x"}).status_code in (404,)
        assert _post(client, f"/api/v1/credentials/{number}/suspend", {}).status_code == 422
        assert _post(client, f"/api/v1/credentials/{number}/suspend", {"reason": ""}).status_code == 422
        assert Credential.objects.get(number=number).status == "active"
