"""Backing up and restoring the whole database.

SQLite uses the online backup API (a consistent copy while the server keeps running);
PostgreSQL uses ``pg_dump --format=custom`` and ``pg_restore`` (one transaction). A restore
refuses a database that already holds data unless ``force`` is given.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import connections

SQLITE_MAGIC = b"SQLite format 3\x00"
PGDUMP_MAGIC = b"PGDMP"
# Tables that `migrate` fills by itself: a database holding only these counts as empty.
BOOKKEEPING = frozenset({"django_migrations", "django_content_type", "auth_permission"})


class BackupError(Exception):
    """A backup or restore that could not be done; the message says what and where."""


@dataclass(frozen=True)
class BackupSummary:
    vendor: str
    path: Path
    tables: int
    rows: int
    size: int

    def describe(self, verb: str) -> str:
        return f"{verb} {self.vendor} database: {self.tables} tables, {self.rows} rows; {self.path} ({self.size} bytes)"


def table_counts(using: str = "default") -> dict[str, int]:
    """Rows per table of the database, every table Django can see (including bookkeeping)."""
    connection = connections[using]
    counts: dict[str, int] = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names(cursor)):
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608 - introspected names
            counts[table] = int(cursor.fetchone()[0])
    return counts


def database_backup(*, path: Path, using: str = "default", overwrite: bool = False) -> BackupSummary:
    """Write a consistent copy of the database to ``path`` (written aside, then moved into place)."""
    connection = connections[using]
    path = Path(path)
    if path.exists() and not overwrite:
        raise BackupError(f"{path}: the file exists; pass --force to replace it")
    if not path.parent.is_dir():
        raise BackupError(f"{path.parent}: no such folder")
    counts = table_counts(using)
    fd, tmp_name = tempfile.mkstemp(prefix=".backup-", dir=path.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        if connection.vendor == "sqlite":
            _sqlite_backup(connection, tmp)
        elif connection.vendor == "postgresql":
            _pg_run("pg_dump", ["--format=custom", "--no-owner", "--no-privileges", f"--file={tmp}"], connection)
        else:
            raise BackupError(f"backups of {connection.vendor} databases are not supported")
        tmp.chmod(0o600)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    return BackupSummary(connection.vendor, path, len(counts), sum(counts.values()), path.stat().st_size)


def database_restore(*, path: Path, using: str = "default", force: bool = False) -> BackupSummary:
    """Replace the database's content with the backup at ``path``.

    Refused when the database holds data (any row outside the tables ``migrate`` fills) unless
    ``force``; refused when the file is not a backup of this kind of database."""
    connection = connections[using]
    path = Path(path)
    kind = _file_kind(path)
    if kind != connection.vendor:
        raise BackupError(f"{path}: this is a {kind} backup but the database is {connection.vendor}")
    if not force:
        occupied = {t: n for t, n in table_counts(using).items() if n and t not in BOOKKEEPING}
        if occupied:
            sample = ", ".join(f"{t} ({n})" for t, n in list(occupied.items())[:5])
            raise BackupError(
                f"the database is not empty: {len(occupied)} tables hold rows, e.g. {sample}; "
                "restore into an empty database or pass --force to replace everything"
            )
    if connection.vendor == "sqlite":
        _sqlite_restore(connection, path)
    else:
        _pg_run(
            "pg_restore",
            ["--clean", "--if-exists", "--no-owner", "--no-privileges", "--single-transaction", "--exit-on-error"],
            connection,
            source=path,
        )
    connection.close()
    counts = table_counts(using)
    return BackupSummary(connection.vendor, path, len(counts), sum(counts.values()), path.stat().st_size)


def _file_kind(path: Path) -> str:
    try:
        with path.open("rb") as f:
            head = f.read(len(SQLITE_MAGIC))
    except OSError as exc:
        raise BackupError(f"{path}: {exc.strerror or exc}") from exc
    if head.startswith(SQLITE_MAGIC):
        return "sqlite"
    if head.startswith(PGDUMP_MAGIC):
        return "postgresql"
    raise BackupError(f"{path}: not a Certwright backup (neither a SQLite database nor a pg_dump custom archive)")


def _sqlite_backup(connection: Any, target: Path) -> None:
    connection.ensure_connection()
    dest = sqlite3.connect(target)
    try:
        connection.connection.backup(dest)
    finally:
        dest.close()


def _sqlite_restore(connection: Any, source: Path) -> None:
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    try:
        check = src.execute("PRAGMA quick_check").fetchone()[0]
        if check != "ok":
            raise BackupError(f"{source}: the SQLite file is damaged ({check})")
        has_migrations = src.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'django_migrations'"
        ).fetchone()
        if not has_migrations:
            raise BackupError(f"{source}: a SQLite file, but not a Certwright database (no django_migrations)")
        connection.ensure_connection()
        src.backup(connection.connection)
    except sqlite3.DatabaseError as exc:
        raise BackupError(f"{source}: {exc}") from exc
    finally:
        src.close()


def _pg_run(program: str, args: list[str], connection: Any, source: Path | None = None) -> None:
    exe = shutil.which(program)
    if exe is None:
        raise BackupError(f"{program} is not installed (Debian: apt-get install postgresql-client)")
    conf = connection.settings_dict
    env = {**os.environ}
    if conf.get("PASSWORD"):
        env["PGPASSWORD"] = str(conf["PASSWORD"])
    command = [exe, *args, f"--dbname={conf['NAME']}"]
    if conf.get("HOST"):
        command.append(f"--host={conf['HOST']}")
    if conf.get("PORT"):
        command.append(f"--port={conf['PORT']}")
    if conf.get("USER"):
        command.append(f"--username={conf['USER']}")
    if source is not None:
        command.append(str(source))
    connection.close()  # pg_restore --clean must not wait for our own connection's locks
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if done.returncode != 0:
        raise BackupError(f"{program} failed: {done.stderr.strip()[-2000:]}")
