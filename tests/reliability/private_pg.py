"""A throw-away PostgreSQL cluster of our own (initdb in a temporary folder, its own port), so a
test can stop and restart PostgreSQL without touching the server other tests use."""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path


def _bin(name: str) -> str | None:
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    return found[-1] if found else shutil.which(name)


def _as_postgres(args: list[str]) -> list[str]:
    """PostgreSQL refuses to run as root: run its programs as the postgres user then."""
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *args]
    return args


def available() -> str:
    """Empty when a private cluster can be made, else the reason it cannot."""
    if not (_bin("initdb") and _bin("pg_ctl")):
        return "initdb/pg_ctl are not installed"
    if os.geteuid() == 0 and not shutil.which("runuser"):
        return "running as root without runuser"
    return ""


class PrivateCluster:
    def __init__(self) -> None:
        # its own folder under the system temp dir: the postgres user cannot enter pytest's (0700) folders
        self.folder = Path(tempfile.mkdtemp(prefix="certwright-pg-"))
        self.data = self.folder / "pgdata"
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = int(s.getsockname()[1])

    @property
    def url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/certwright"

    def _run(self, *args: str) -> None:
        done = subprocess.run(_as_postgres(list(args)), capture_output=True, text=True, timeout=120, check=False)
        if done.returncode != 0:
            raise subprocess.CalledProcessError(done.returncode, args, done.stdout, done.stderr[-2000:])

    def init(self) -> None:
        if os.geteuid() == 0:
            shutil.chown(self.folder, "postgres", "postgres")
            self.folder.chmod(0o755)
        initdb = _bin("initdb")
        assert initdb
        self._run(initdb, "-D", str(self.data), "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync")
        self.start()
        self._run(
            _bin("createdb") or "createdb", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", "certwright"
        )

    def start(self) -> None:
        pg_ctl = _bin("pg_ctl")
        assert pg_ctl
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off"
        self._run(pg_ctl, "-D", str(self.data), "-o", options, "-l", str(self.folder / "log"), "-w", "start")

    def stop(self) -> None:
        pg_ctl = _bin("pg_ctl")
        assert pg_ctl
        self._run(pg_ctl, "-D", str(self.data), "-m", "fast", "-w", "stop")

    def destroy(self) -> None:
        with contextlib.suppress(subprocess.CalledProcessError):
            self.stop()
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline and (self.data / "postmaster.pid").exists():
            time.sleep(0.1)
        shutil.rmtree(self.folder, ignore_errors=True)
