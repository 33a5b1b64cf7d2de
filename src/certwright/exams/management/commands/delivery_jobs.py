"""certwright delivery_jobs: submit sittings whose time ran out and record No Shows (run every minute).

Safe to run twice or concurrently: each sitting and purchase is locked and checked again.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from certwright.common import clock
from certwright.exams.services_orders import purchases_expire
from certwright.exams.services_sittings import sittings_expire


class Command(BaseCommand):
    help = "Submit timed-out sittings and turn missed appointments or closed windows into No Shows."

    def handle(self, *args: Any, **options: Any) -> None:
        submitted = sittings_expire(now=clock.now())
        no_shows = purchases_expire(today=clock.today())
        self.stdout.write(f"{submitted} sittings submitted at their deadline; {no_shows} No Shows recorded")
