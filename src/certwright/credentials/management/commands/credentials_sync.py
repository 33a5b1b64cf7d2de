"""certwright credentials_sync [--all | --person CANDIDATE_ID] [--as-of DATE]: issue and renew credentials."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from certwright.candidates.models import Person
from certwright.common import clock
from certwright.credentials.services import SyncReport, credentials_sync, credentials_sync_all


class Command(BaseCommand):
    help = (
        "Bring credentials in line with standing: issue on certification, renew, note expiries, "
        "track Master designations. Idempotent; run it nightly with --all."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        who = parser.add_mutually_exclusive_group(required=True)
        who.add_argument("--all", action="store_true", help="every person")
        who.add_argument("--person", metavar="CANDIDATE_ID", help="one person, by candidate ID")
        parser.add_argument("--as-of", metavar="YYYY-MM-DD", help="the day to evaluate (default: today)")

    def handle(self, *args: Any, **options: Any) -> None:
        today = clock.today()
        if options["as_of"]:
            try:
                today = date.fromisoformat(options["as_of"])
            except ValueError as error:
                raise CommandError(f"--as-of: {options['as_of']!r} is not a date like 2026-11-28.") from error
        if options["all"]:
            report = credentials_sync_all(today=today)
        else:
            person = Person.objects.filter(candidate_id=options["person"]).first()
            if person is None:
                raise CommandError(f"--person: no person with candidate ID {options['person']!r}.")
            report = credentials_sync(person=person, today=today)
        self.stdout.write(_summary(report, today))


def _summary(report: SyncReport, today: date) -> str:
    return (
        f"Credentials as of {today.isoformat()}: {len(report.issued)} issued, {len(report.renewed)} renewed, "
        f"{len(report.expired_noted)} expiries noted, {len(report.master_lost)} Master lost, "
        f"{len(report.master_restored)} Master restored, {len(report.revoked)} revoked."
    )
