"""certwright demo_setup: load the catalog policy, the starter bank and the demo data (idempotent)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand

from certwright.common import clock
from certwright.demo.extensions import EXTRA_LOGINS, extensions_load
from certwright.demo.services import DEMO_PASSWORD, DEMO_USERS, bank_load, demo_load
from certwright.programs.services import policy_load

BANK_DIR = Path(__file__).resolve().parents[3] / "bank"


class Command(BaseCommand):
    help = "Load the catalog, the item bank and the demo people and users; running it again changes nothing."

    def handle(self, *args: Any, **options: Any) -> None:
        policy, created = policy_load()
        self.stdout.write(f"Catalog policy v{policy.version}: {'loaded' if created else 'already loaded'}")
        imported, unchanged = bank_load(bank_dir=BANK_DIR)
        self.stdout.write(f"Item bank: {imported} items imported, {unchanged} already there")
        count = demo_load(today=clock.today())
        self.stdout.write(f"Demo people: {'created ' + str(count) if count else 'already loaded'}")
        for line in extensions_load(today=clock.today()):
            self.stdout.write(line)
        self.stdout.write("")
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD})")
        for username, _, _, _, what in DEMO_USERS:
            self.stdout.write(f"  {username:<16} {what}")
        for username, what in EXTRA_LOGINS:
            self.stdout.write(f"  {username:<16} {what}")
