"""`certwright reminders`: at 90, 30 and 7 days before an expiry, to the technician and a digest to the
employer's admins; never the same reminder twice, also when run twice or at the same time."""

from __future__ import annotations

import os
import threading
from datetime import date
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command

from certwright.candidates.models import ReminderSent
from certwright.candidates.services_reminders import reminder_day, reminders_send
from certwright.core.roles import Role
from certwright.employers.services import employment_link, organisation_admin_add, organisation_create

EXPIRY = date(2027, 2, 26)  # A5 passed 2022-02-26; 90 days after 2026-11-28


@pytest.fixture
def shop(make_user: Any, make_person: Any) -> dict[str, Any]:
    user = make_user(Role.CANDIDATE)
    user.email = "pat@example.test"
    user.save()
    tech = make_person(user=user, last_name="Lopez", results=("A5 pass 2022-02-26", "A4 pass 2025-01-10"))
    quiet = make_person(last_name="Faraway", results=("A1 pass 2024-01-01",))  # expires 2029: nothing due
    org = organisation_create(name="Main Street Auto", kind="independent_shop")
    admin = make_user(Role.EMPLOYER_ADMIN)
    admin.email = "frank@example.test"
    admin.save()
    organisation_admin_add(organisation=org, user=admin)
    employment_link(organisation=org, person=tech, start=date(2015, 1, 1))
    employment_link(organisation=org, person=quiet, start=date(2015, 1, 1))
    return {"tech": tech, "org": org}


def _run(as_of: str) -> str:
    out = StringIO()
    call_command("reminders", "--as-of", as_of, stdout=out)
    return out.getvalue()


def test_reminder_days() -> None:
    days = [90, 30, 7]
    assert [reminder_day(n, days) for n in (120, 91, 90, 31, 30, 10, 7, 1, 0)] == [
        None,
        None,
        90,
        90,
        30,
        30,
        7,
        7,
        None,
    ]


@pytest.mark.django_db
class ReminderTests:
    def test_ninety_days_then_nothing_more_the_same_day(self, shop: dict[str, Any], mailoutbox: list[Any]) -> None:
        assert "1 reminder(s) and 1 digest(s) sent" in _run("2026-11-28")
        technician, digest = mailoutbox
        assert technician.to == ["pat@example.test"]
        assert technician.subject == "Your A5 certification expires on 2027-02-26 (90 days)"
        assert "/me/renewal/" in technician.body
        assert digest.to == ["frank@example.test"]
        assert digest.subject == "Main Street Auto: 1 certification(s) expiring soon (2026-11-28)"
        assert "Pat Lopez" in digest.body
        assert "A5 Brakes expires 2027-02-26" in digest.body
        assert "Faraway" not in digest.body
        assert "0 reminder(s) and 0 digest(s) sent; 2 already sent before" in _run("2026-11-28")
        assert len(mailoutbox) == 2
        assert ReminderSent.objects.filter(sent_at__isnull=False).count() == 2

    def test_each_reminder_day_once_and_missed_runs_catch_up(self, shop: dict[str, Any], mailoutbox: list[Any]) -> None:
        _run("2026-11-28")
        _run("2026-12-15")  # 73 days left: the 90-day reminder was sent already
        assert len(mailoutbox) == 2
        _run("2027-02-10")  # 16 days left: the 30-day reminder, late but once
        assert mailoutbox[-2].subject == "Your A5 certification expires on 2027-02-26 (16 days)"
        _run("2027-02-11")
        assert len(mailoutbox) == 4
        _run("2027-02-20")  # 6 days left
        assert len(mailoutbox) == 6
        assert sorted(ReminderSent.objects.filter(kind="expiry").values_list("days", flat=True)) == [7, 30, 90]
        assert ReminderSent.objects.filter(kind="digest").count() == 3

    def test_no_address_is_recorded_not_retried(self, make_person: Any, mailoutbox: list[Any]) -> None:
        make_person(results=("A5 pass 2022-02-26",))
        report = reminders_send(as_of=date(2026, 11, 28))
        assert report.sent == 0
        assert len(report.failed) == 1
        assert ReminderSent.objects.get().error == "no email address"
        assert reminders_send(as_of=date(2026, 11, 28)).failed == []
        assert mailoutbox == []


@pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="concurrent writers need PostgreSQL (and SQLite refuses to flush audit rows after a transactional test)",
)
@pytest.mark.django_db(transaction=True)
def test_two_runs_at_once_send_each_reminder_once(shop: dict[str, Any], mailoutbox: list[Any]) -> None:
    barrier = threading.Barrier(2)
    errors: list[BaseException] = []

    def run() -> None:
        from django.db import connections

        try:
            barrier.wait()
            reminders_send(as_of=date(2026, 11, 28))
        except BaseException as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert sorted(m.subject for m in mailoutbox) == [
        "Main Street Auto: 1 certification(s) expiring soon (2026-11-28)",
        "Your A5 certification expires on 2027-02-26 (90 days)",
    ]
