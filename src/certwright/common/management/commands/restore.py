"""certwright restore FILE [--force]: replace the database's content with a backup."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from certwright.common.backups import BackupError, database_restore


class Command(BaseCommand):
    requires_system_checks = ()  # works even when a page module is broken
    help = (
        "Restore a backup made by `certwright backup` into this database. Refuses a database that already "
        "holds data unless --force is given (then everything in it is replaced). Stop the servers first."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="a backup written by `certwright backup`")
        parser.add_argument("--force", action="store_true", help="replace a database that already holds data")
        parser.add_argument("--database", default="default", help="the database alias (default: default)")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            summary = database_restore(path=options["file"], using=options["database"], force=options["force"])
        except BackupError as exc:
            raise CommandError(str(exc), returncode=2) from exc
        self.stdout.write(summary.describe("Restored the"))
        self.stdout.write("If this code is newer than the backup, run `certwright migrate` next.")
