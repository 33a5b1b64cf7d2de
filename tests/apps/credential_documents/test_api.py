"""API: GET /api/v1/badges/{number} (holder and staff) and /api/v1/badges/status/revocation (public)."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from certwright.badges.status_list import decode_list
from certwright.core.roles import Role
from certwright.credentials.services import credential_revoke
from tests.apps.credential_documents.conftest import NOW

pytestmark = pytest.mark.django_db


class BadgeApiTests:
    def test_who_may_get_a_badge(
        self,
        client: Client,
        make_user: Callable[..., Any],
        holder: tuple[Any, Any],
        credential_of: Callable[[str], Any],
    ) -> None:
        number = credential_of("A5").number
        url = f"/api/v1/badges/{number}"
        assert client.get(url).status_code == 401
        client.force_login(make_user(Role.CANDIDATE, username="other"))
        assert client.get(url).json() == {"detail": "only the holder and programme staff may download this badge"}
        assert client.get(url).status_code == 403
        client.force_login(holder[0])
        response = client.get(url + "?proof=eddsa-jcs-2022")
        assert response.status_code == 200
        badge = response.json()
        assert badge["credentialSubject"]["licenseNumber"] == number
        assert badge["proof"][0]["cryptosuite"] == "eddsa-jcs-2022"
        assert client.get("/api/v1/badges/CW000000000").status_code == 404
        assert client.get(url + "?proof=rsa").status_code == 422
        client.force_login(make_user(Role.STAFF, username="staff"))
        assert client.get(url).status_code == 200

    def test_a_revoked_credential_has_no_badge_and_shows_in_the_public_list(
        self,
        client: Client,
        make_user: Callable[..., Any],
        holder: tuple[Any, Any],
        credential_of: Callable[[str], Any],
    ) -> None:
        brakes = credential_of("A5")
        credential_revoke(credential=brakes, by=make_user(Role.STAFF), reason="Fraud.", today=NOW.date())
        client.force_login(holder[0])
        assert client.get(f"/api/v1/badges/{brakes.number}").status_code == 409

        listed = Client().get("/api/v1/badges/status/revocation")

        assert listed.status_code == 200
        assert decode_list(listed.json()["credentialSubject"]["encodedList"]).set_indexes() == (
            brakes.status_list_index,
        )

    def test_the_operations_state_who_may_call_them(self) -> None:
        schema = json.loads(Client().get("/api/v1/openapi.json").content)
        badge = schema["paths"]["/api/v1/badges/{number}"]["get"]
        assert "the holder and programme staff" in badge["summary"]
        assert "anyone" in schema["paths"]["/api/v1/badges/status/revocation"]["get"]["summary"]
