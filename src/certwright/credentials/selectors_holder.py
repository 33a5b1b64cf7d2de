"""What the holder's credentials page shows besides the credentials: continuous-renewal progress,
reminders already sent and the ones coming (from the catalog's reminder days)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from certwright.candidates.models import Person, ReminderSent
from certwright.candidates.selectors import person_standing
from certwright.candidates.selectors_renewal import (
    AreaProgress,
    eligible_tests,
    renewal_progress,
    subscription_current,
)
from certwright.core.decisions import TestStatus
from certwright.programs.selectors import catalog_current


@dataclass(frozen=True)
class ReminderRow:
    test: str
    expiry: date
    days: int
    on: date  # the day the reminder was (or will be) sent


@dataclass(frozen=True)
class HolderExtras:
    subscribed: bool
    renewal: list[AreaProgress]
    reminders_sent: list[ReminderRow]
    reminders_coming: list[ReminderRow]


def holder_extras(*, person: Person, today: date) -> HolderExtras:
    catalog = catalog_current()
    standing = person_standing(person=person, on=today)
    subscription = subscription_current(person=person, on=today)
    renewal: list[AreaProgress] = []
    if subscription is not None:
        tests = eligible_tests(person=person, standing=standing, catalog=catalog, start=subscription.start)
        renewal = renewal_progress(
            person=person, subscription=subscription, standing=standing, catalog=catalog, tests=tests
        )
    sent = [
        ReminderRow(r.test, r.expiry, r.days, r.as_of)
        for r in ReminderSent.objects.filter(person=person, expiry__isnull=False, days__isnull=False).order_by(
            "-as_of", "test"
        )[:20]
        if r.expiry is not None and r.days is not None
    ]
    already = {(r.test, r.expiry, r.days) for r in sent}
    coming = []
    for code, s in standing.tests.items():
        if s.status is not TestStatus.CERTIFIED or s.until is None or s.entry_level:
            continue
        for days in sorted(catalog.rules.reminders_days_before_expiry, reverse=True):
            send_on = s.until - timedelta(days=days)
            if send_on >= today and (code, s.until, days) not in already:
                coming.append(ReminderRow(code, s.until, days, send_on))
    coming.sort(key=lambda r: (r.on, r.test))
    return HolderExtras(subscription is not None, renewal, sent, coming[:12])
