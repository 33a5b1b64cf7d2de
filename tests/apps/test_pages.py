"""The pages people use: catalog, My certifications, a person's certifications, sign-in."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
import time_machine
from django.test import Client

from certwright.core.roles import Role

pytestmark = pytest.mark.django_db
NOON = datetime(2026, 11, 28, 17, 0, tzinfo=UTC)  # midday in the programme's time zone


def test_catalog_pages_are_public() -> None:
    client = Client()
    page = client.get("/catalog/")
    assert page.status_code == 200
    assert "Master Automobile Technician" in page.content.decode()
    a5 = client.get("/catalog/A5/").content.decode()
    assert "Disc Brake Diagnosis and Repair" in a5
    assert "unconfirmed" in a5
    assert "Who can use this page: Anyone" in a5
    assert client.get("/catalog/Q9/").status_code == 404


@time_machine.travel(NOON, tick=False)
def test_my_certifications_in_plain_language(make_user: Any, make_person: Any) -> None:
    user = make_user(Role.CANDIDATE)
    make_person(user=user, results=(*(f"A{i} pass 2024-06-01" for i in range(1, 8)), "A8 fail 2026-11-20"))
    client = Client()
    assert client.get("/me/certifications/").status_code == 302  # anonymous -> sign in
    client.force_login(user)
    html = client.get("/me/certifications/").content.decode()
    assert "Certified since 2024-06-01, valid until 2029-06-01" in html
    assert "You can take it again from 2026-12-21" in html
    assert "7 of 8 required" in html
    assert "Retake A8 from 2026-12-21." in html


def test_person_page_permissions(make_user: Any, make_person: Any) -> None:
    owner = make_user(Role.CANDIDATE)
    person = make_person(user=owner)
    client = Client()
    client.force_login(make_user(Role.CANDIDATE))
    assert client.get(f"/people/{person.pk}/certifications/").status_code == 403
    client.force_login(make_user(Role.STAFF))
    assert client.get(f"/people/{person.pk}/certifications/").status_code == 200
    assert client.get("/people/?q=Tester").status_code == 200
    client.force_login(owner)
    assert client.get("/people/").status_code == 403


def test_sign_in_uses_argon2_and_locks_out_after_repeated_failures(make_user: Any, settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.Argon2PasswordHasher"]
    user = make_user(Role.CANDIDATE, username="lockme", password="a-long-test-password")
    assert user.password.startswith("argon2")
    client = Client()
    for _ in range(5):
        client.post("/accounts/login/", {"username": "lockme", "password": "wrong-password"})
    locked = client.post("/accounts/login/", {"username": "lockme", "password": "a-long-test-password"})
    assert "Too many sign-in attempts" in locked.content.decode()
    fresh = Client(REMOTE_ADDR="10.9.9.9")
    ok = fresh.post("/accounts/login/", {"username": "lockme", "password": "a-long-test-password"})
    assert ok.status_code in (302, 200)


def test_password_reset_sends_a_link(make_user: Any, mailoutbox: list[Any]) -> None:
    from certwright.accounts.models import User

    user = make_user(Role.CANDIDATE)
    User.objects.filter(pk=user.pk).update(email="pat@example.test")
    response = Client().post("/accounts/password_reset/", {"email": "pat@example.test"})
    assert response.status_code == 302
    assert len(mailoutbox) == 1
    assert "/accounts/reset/" in mailoutbox[0].body


def test_pages_send_a_strict_content_security_policy() -> None:
    response = Client().get("/catalog/")
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "unsafe-inline" not in csp
