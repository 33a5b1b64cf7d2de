"""The demo: Maria's renewal subscription with credits and one waiting question, and an attested record."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.test import Client

from certwright.accounts.models import User
from certwright.demo import experience_demo
from certwright.demo.services import demo_load

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 28)


def test_demo_is_idempotent_and_shows_on_the_pages(a5_bank: Any) -> None:
    demo_load(today=TODAY)
    line = experience_demo.load(today=TODAY)
    assert "Maria Lopez has a renewal subscription since 2025-12-28 with 1 question(s) waiting" in line
    assert "confirmed by Main Street Auto" in line
    assert experience_demo.load(today=TODAY) == ""
    maria = Client()
    maria.force_login(User.objects.get(username="candidate"))
    page = maria.get("/me/renewal/").content.decode()
    assert "5 of 8 credits for A5 — 3 more extend A5 to" in page
    assert "Question for A5" in page
    staff = Client()
    staff.force_login(User.objects.get(username="staff"))
    queue = staff.get("/staff/experience/").content.decode()
    assert "Maria Lopez" in queue
    assert "main-street-auto-letter.pdf" in queue
    assert "Confirmed by the employer" in queue
    assert "Dates match our payroll." in queue
