"""Expiry reminders: to the technician at the catalog's reminder days, and a digest to employer admins.

Idempotent, also when run twice or at the same time: every reminder is first *claimed* by inserting
a ReminderSent row in its own transaction (unique per person, test, expiry and reminder day; per
organisation and digest period); only the process whose insert succeeded sends the email, then
records ``sent_at``. A crash between claim and send leaves a row without ``sent_at`` (never resent
automatically: at most once, by design).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Q

from certwright.candidates.models import Person, ReminderKind, ReminderSent
from certwright.candidates.selectors import person_standing
from certwright.common import clock
from certwright.core.decisions import TestStatus
from certwright.employers.models import Employment, Organisation, OrganisationAdmin
from certwright.programs.selectors import catalog_current

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class DueReminder:
    person: Person
    test: str
    test_name: str
    expiry: date
    days: int  # the reminder day reached (90, 30, 7)
    days_left: int


@dataclass
class ReminderReport:
    sent: int = 0
    digests: int = 0
    already: int = 0
    failed: list[str] = field(default_factory=list)


def reminder_day(days_left: int, days: Sequence[int]) -> int | None:
    """The reminder day a certification expiring in ``days_left`` days has reached: the smallest of
    ``days`` that is >= days_left (a missed run catches up with the latest one only)."""
    if days_left <= 0:
        return None
    reached = [d for d in days if days_left <= d]
    return min(reached) if reached else None


def reminders_due(*, as_of: date) -> list[DueReminder]:
    """Every current certification whose expiry is within a reminder day on ``as_of``."""
    catalog = catalog_current()
    days = catalog.rules.reminders_days_before_expiry
    if not days:
        return []
    horizon = max(days)
    due = []
    people = Person.objects.filter(results__outcome="pass").distinct().select_related("user")
    for person in people.prefetch_related("results", "experience", "renewal_credits", "revocations"):
        standing = person_standing(person=person, on=as_of)
        for code in sorted(standing.tests):
            s = standing.tests[code]
            if s.status is not TestStatus.CERTIFIED or s.until is None:
                continue
            left = (s.until - as_of).days
            if left > horizon:
                continue
            day = reminder_day(left, days)
            if day is not None:
                due.append(DueReminder(person, code, catalog.tests[code].name, s.until, day, left))
    return due


def _claim(**values: Any) -> ReminderSent | None:
    try:
        with transaction.atomic():
            return ReminderSent.objects.create(**values)
    except IntegrityError:  # claimed before, by an earlier run or by a run going on right now
        return None


def _deliver(row: ReminderSent, subject: str, body: str, recipients: list[str]) -> bool:
    if not recipients:
        ReminderSent.objects.filter(pk=row.pk).update(error="no email address")
        return False
    try:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients)
    except OSError as exc:  # SMTP and file backends raise OSError subclasses
        log.warning("reminder %s not sent: %s", row.pk, exc)
        ReminderSent.objects.filter(pk=row.pk).update(error=str(exc)[:300])
        return False
    ReminderSent.objects.filter(pk=row.pk).update(sent_at=clock.now())
    return True


def _address(person: Person) -> str:
    return person.email or (person.user.email if person.user is not None else "")


def _person_mail(item: DueReminder) -> tuple[str, str]:
    base = settings.CERTWRIGHT_BASE_URL.rstrip("/")
    subject = f"Your {item.test} certification expires on {item.expiry} ({item.days_left} days)"
    body = (
        f"Hello {item.person.first_name},\n\n"
        f"your certification {item.test} {item.test_name} is valid until {item.expiry}, "
        f"{item.days_left} days from now.\n\n"
        "To keep it, take the recertification test or earn credits with continuous renewal:\n"
        f"  {base}/me/certifications/\n  {base}/me/renewal/\n\n"
        "You get this reminder once for each reminder day; no reply is needed.\n"
    )
    return subject, body


def _employers_on(as_of: date) -> dict[int, list[int]]:
    """organisation id -> ids of the people it employs on ``as_of``."""
    out: dict[int, list[int]] = {}
    rows = Employment.objects.filter(Q(end__isnull=True) | Q(end__gte=as_of), start__lte=as_of)
    for org_id, person_id in rows.values_list("organisation_id", "person_id"):
        out.setdefault(org_id, []).append(person_id)
    return out


def _digest(organisation: Organisation, items: list[DueReminder], as_of: date) -> tuple[str, str]:
    lines = [
        f"  {i.person.name} ({i.person.candidate_id}): {i.test} {i.test_name} expires {i.expiry} ({i.days_left} days)"
        for i in sorted(items, key=lambda i: (i.expiry, i.person.last_name, i.test))
    ]
    subject = f"{organisation.name}: {len(items)} certification(s) expiring soon ({as_of})"
    body = (
        f"Certifications of your technicians that reached a reminder day on {as_of}:\n\n"
        + "\n".join(lines)
        + f"\n\nDashboard: {settings.CERTWRIGHT_BASE_URL.rstrip('/')}/employer/\n"
    )
    return subject, body


def reminders_send(*, as_of: date) -> ReminderReport:
    """Send the reminders due on ``as_of`` that were never claimed, then the employer digests."""
    report = ReminderReport()
    due = reminders_due(as_of=as_of)
    for item in due:
        row = _claim(
            kind=ReminderKind.EXPIRY,
            person=item.person,
            test=item.test,
            expiry=item.expiry,
            days=item.days,
            as_of=as_of,
            recipients=_address(item.person),
        )
        if row is None:
            report.already += 1
            continue
        subject, body = _person_mail(item)
        if _deliver(row, subject, body, [row.recipients] if row.recipients else []):
            report.sent += 1
        else:
            report.failed.append(f"{item.person.candidate_id} {item.test}")
    # a digest lists the reminders first claimed on this day, whoever claimed them
    today_rows = set(
        ReminderSent.objects.filter(kind=ReminderKind.EXPIRY, as_of=as_of).values_list("person_id", "test")
    )
    todays = [i for i in due if (i.person.pk, i.test) in today_rows]
    by_person: dict[int, list[DueReminder]] = {}
    for item in todays:
        by_person.setdefault(item.person.pk, []).append(item)
    for org_id, people in sorted(_employers_on(as_of).items()):
        items = [i for pid in people for i in by_person.get(pid, [])]
        if not items:
            continue
        organisation = Organisation.objects.get(pk=org_id)
        emails = sorted(
            e
            for e in OrganisationAdmin.objects.filter(organisation=organisation).values_list("user__email", flat=True)
            if e
        )
        row = _claim(
            kind=ReminderKind.DIGEST,
            organisation=organisation,
            period=as_of.isoformat(),
            as_of=as_of,
            recipients=", ".join(emails),
        )
        if row is None:
            report.already += 1
            continue
        subject, body = _digest(organisation, items, as_of)
        if _deliver(row, subject, body, emails):
            report.digests += 1
        else:
            report.failed.append(f"digest {organisation.name}")
    return report
