"""certwright backup FILE: a consistent copy of the whole database (SQLite online backup or pg_dump)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from certwright.common.backups import BackupError, database_backup


class Command(BaseCommand):
    requires_system_checks = ()  # works even when a page module is broken
    help = (
        "Back up the whole database to FILE while the server keeps running: a SQLite file (online backup API) "
        "or a pg_dump custom-format archive for PostgreSQL. Restore it with `certwright restore FILE`."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="where to write the backup")
        parser.add_argument("--force", action="store_true", help="replace FILE if it exists")
        parser.add_argument("--database", default="default", help="the database alias (default: default)")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            summary = database_backup(path=options["file"], using=options["database"], overwrite=options["force"])
        except BackupError as exc:
            raise CommandError(str(exc), returncode=2) from exc
        self.stdout.write(summary.describe("Backed up the"))
