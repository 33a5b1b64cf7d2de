"""certwright reminders [--as-of YYYY-MM-DD]: expiry reminders and employer digests, never twice."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from certwright.candidates.services_reminders import reminders_send
from certwright.common import clock


class Command(BaseCommand):
    help = (
        "Email technicians whose certifications reach a reminder day (catalog rules.reminders_days_before_expiry) "
        "and a digest to their employers' admins. Safe to run again or at the same time: nothing is sent twice."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--as-of", help="the day to send for, YYYY-MM-DD (default: today)")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            as_of = date.fromisoformat(options["as_of"]) if options["as_of"] else clock.today()
        except ValueError:
            raise CommandError(f"--as-of: {options['as_of']!r} is not a date (YYYY-MM-DD)", returncode=2) from None
        report = reminders_send(as_of=as_of)
        self.stdout.write(
            f"{as_of}: {report.sent} reminder(s) and {report.digests} digest(s) sent; "
            f"{report.already} already sent before"
        )
        for failure in report.failed:
            self.stderr.write(f"not sent: {failure}")
