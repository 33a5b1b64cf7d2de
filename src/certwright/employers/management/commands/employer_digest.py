"""certwright employer_digest [--as-of YYYY-MM-DD]: the monthly digest to employer admins, once a month."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from certwright.common import clock
from certwright.employers.services_digest import digests_send


class Command(BaseCommand):
    help = (
        "Email each organisation's admins the certifications expiring in the next 90 days and the recognition "
        "risk. One digest per organisation and month: safe to run again or at the same time."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--as-of", help="the day to send for, YYYY-MM-DD (default: today)")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            as_of = date.fromisoformat(options["as_of"]) if options["as_of"] else clock.today()
        except ValueError:
            raise CommandError(f"--as-of: {options['as_of']!r} is not a date (YYYY-MM-DD)", returncode=2) from None
        report = digests_send(on=as_of)
        self.stdout.write(
            f"{as_of:%Y-%m}: {len(report.sent)} digest(s) sent; {len(report.already)} already sent this month; "
            f"{len(report.skipped)} skipped"
        )
        for line in report.skipped:
            self.stdout.write(f"skipped: {line}")
        for line in report.failed:
            self.stderr.write(f"not sent: {line}")
