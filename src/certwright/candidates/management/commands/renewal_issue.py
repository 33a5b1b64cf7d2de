"""certwright renewal_issue [--as-of YYYY-MM-DD]: this month's continuous-renewal questions, idempotent."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from certwright.candidates.services_renewal import renewal_issue_all
from certwright.common import clock


class Command(BaseCommand):
    help = (
        "Issue the current month's renewal questions for every active subscription (also issued when the "
        "person opens /me/renewal/). Running it again issues nothing new."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--as-of", help="the day, YYYY-MM-DD (default: today)")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            as_of = date.fromisoformat(options["as_of"]) if options["as_of"] else clock.today()
        except ValueError:
            raise CommandError(f"--as-of: {options['as_of']!r} is not a date (YYYY-MM-DD)", returncode=2) from None
        report = renewal_issue_all(today=as_of)
        self.stdout.write(f"{as_of}: {len(report.issued)} question(s) issued, {report.existing} already issued")
        for test in sorted(set(report.no_items)):
            self.stderr.write(f"no renewal items available for {test}")
