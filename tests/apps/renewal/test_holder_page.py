"""My credentials shows renewal progress, the reminders sent and the ones coming."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
import time_machine
from django.core.management import call_command
from django.test import Client

from certwright.candidates.services_renewal import renewal_subscribe
from certwright.core.roles import Role
from tests.conftest import NOW

pytestmark = pytest.mark.django_db


def _page(user: Any) -> str:
    client = Client()
    client.force_login(user)
    response = client.get("/me/credentials/")
    assert response.status_code == 200
    return response.content.decode()


def test_reminders_coming_then_sent(make_user: Any, make_person: Any, mailoutbox: list[Any]) -> None:
    user = make_user(Role.CANDIDATE)
    user.email = "pat@example.test"
    user.save()
    make_person(user=user, results=("A5 pass 2022-02-26",), work_since=date(2015, 1, 1))  # expires 2027-02-26
    call_command("credentials_sync", "--all", "--as-of", "2026-11-28")
    with time_machine.travel(NOW, tick=False):
        html = _page(user)
        assert "Not subscribed" in html
        # the 90-day reminder is due today; 30 and 7 days later
        assert "2026-11-28 (90 days before)" in html
        assert "2027-01-27 (30 days before)" in html
        assert "2027-02-19 (7 days before)" in html
        call_command("reminders", "--as-of", "2026-11-28")
        html = _page(user)
    assert "2026-11-28 (90 days before)" not in html  # no longer coming: it was sent
    assert "2026-11-28: A5 expires 2027-02-26 (90 days)" in html
    assert len(mailoutbox) == 1


def test_renewal_progress_is_on_the_page(make_user: Any, make_person: Any, a5_bank: None) -> None:
    user = make_user(Role.CANDIDATE)
    person = make_person(user=user, results=("A5 pass 2024-03-01",), work_since=date(2015, 1, 1))
    with time_machine.travel(NOW, tick=False):
        renewal_subscribe(person=person, today=date(2026, 11, 28), by=user)
        html = _page(user)
    assert "0 of 8 credits for A5" in html
    assert "Answer this month" in html
