"""Databases and `certwright` subprocesses for the reliability tests (servers come from tests/e2e).

Each test gets its own SQLite file, or fresh PostgreSQL databases when the suite runs on
PostgreSQL (DATABASE_URL=postgres://...), so killing servers or restoring backups never touches
the test database of the running suite."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from tests.e2e.conftest import ROOT

# The demo's catalog policy, the A5 items and the demo people, users, orders and audit trail.
DEMO_DATA = (
    "from certwright.common import clock; from certwright.programs.services import policy_load; "
    "from certwright.demo.services import bank_load, demo_load; "
    "from certwright.demo.management.commands.demo_setup import BANK_DIR; "
    "policy_load(); bank_load(bank_dir=BANK_DIR, only='A5'); demo_load(today=clock.today())"
)


def on_postgres() -> bool:
    return os.environ.get("DATABASE_URL", "").startswith("postgres")


class Databases:
    """Creates empty databases of the suite's kind and drops them afterwards."""

    def __init__(self, tmp: Path) -> None:
        self.tmp = tmp
        self.created: list[str] = []
        self.base = os.environ.get("DATABASE_URL", "").rsplit("/", 1)[0] if on_postgres() else ""

    def new(self, label: str) -> str:
        if not self.base:
            return f"sqlite:///{self.tmp / f'{label}.sqlite3'}"
        import psycopg

        name = f"certwright_{label}_{uuid.uuid4().hex[:8]}"
        with psycopg.connect(f"{self.base}/postgres", autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        self.created.append(name)
        return f"{self.base}/{name}"

    def drop_all(self) -> None:
        if not self.created:
            return
        import psycopg

        with psycopg.connect(f"{self.base}/postgres", autocommit=True) as conn:
            for name in self.created:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextmanager
def databases(tmp: Path) -> Iterator[Databases]:
    dbs = Databases(tmp)
    try:
        yield dbs
    finally:
        dbs.drop_all()


def env_for(url: str, tmp: Path, **extra: str) -> dict[str, str]:
    return {**os.environ, "DATABASE_URL": url, "CERTWRIGHT_DATA_DIR": str(tmp), "CERTWRIGHT_DEBUG": "0", **extra}


def certwright(
    env: dict[str, str], *args: str, expect: int = 0, timeout: float = 300
) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        [sys.executable, "-m", "certwright", *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    assert done.returncode == expect, f"certwright {' '.join(args)} exited {done.returncode}: {done.stderr[-3000:]}"
    return done


def _connect(url: str) -> Any:
    if url.startswith("sqlite"):
        return sqlite3.connect(url.removeprefix("sqlite:///"))
    import psycopg

    return psycopg.connect(url)


def _tables(conn: Any, url: str) -> list[str]:
    if url.startswith("sqlite"):
        sql = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
    else:
        sql = "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name"
    return [row[0] for row in conn.execute(sql).fetchall()]


def snapshot(url: str, sample: int = 3) -> dict[str, tuple[int, list[tuple[Any, ...]]]]:
    """Per table: the row count and the first and last ``sample`` rows by the first column."""
    conn = _connect(url)
    try:
        out: dict[str, tuple[int, list[tuple[Any, ...]]]] = {}
        for table in _tables(conn, url):
            count = conn.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0]
            head = conn.execute(f'SELECT * FROM "{table}" ORDER BY 1 LIMIT {sample}').fetchall()
            tail = conn.execute(f'SELECT * FROM "{table}" ORDER BY 1 DESC LIMIT {sample}').fetchall()
            out[table] = (count, [tuple(r) for r in head + tail])
        return out
    finally:
        conn.close()
