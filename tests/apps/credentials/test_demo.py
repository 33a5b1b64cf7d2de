"""The credentials demo: everyone's credentials, Devon Price's Master designation, staff history."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client

from certwright.accounts.models import User
from certwright.candidates.models import Person
from certwright.credentials.models import Credential, CredentialEvent
from certwright.credentials.selectors import credential_states
from certwright.demo import credentials_demo
from certwright.demo.services import demo_load

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]
TODAY = date(2026, 11, 28)


class DemoTests:
    def test_demo_credentials(self) -> None:
        demo_load(today=TODAY)
        line = credentials_demo.load(today=TODAY)
        assert line.startswith("Credentials: ")
        count = Credential.objects.count()
        assert count > 50
        assert f"Credentials: {count} issued" in line
        assert "1 suspended, 1 revoked" in line
        events = CredentialEvent.objects.count()
        assert credentials_demo.load(today=TODAY) == line  # idempotent
        assert CredentialEvent.objects.count() == events

        devon = Person.objects.get(user__username="master")
        assert devon.name == "Devon Price"
        masters = [s for s in credential_states(person=devon, today=TODAY) if s.is_master]
        assert masters
        assert all(s.status == "active" for s in masters)

        client = Client()
        client.force_login(devon.user)
        assert "Master Automobile Technician" in client.get("/me/credentials/").content.decode()

        revoked = CredentialEvent.objects.get(kind="revoked", reason__startswith="Demo:").credential
        # Devon is not staff
        assert client.get(f"/staff/credentials/{revoked.number}/").status_code == 403
        client.force_login(User.objects.get(username="staff"))
        html = client.get(f"/staff/credentials/{revoked.number}/").content.decode()
        assert "proxy test-taker" in html
        assert "This credential is revoked." in html
