"""A national test day on one small server: C candidates in started sittings save answers through
the real API (gunicorn on loopback, PostgreSQL and separately SQLite), each with a think time.

For each database it prints the offered and achieved saves per second, latency p50/p95/p99, the
errors and the server's memory (RSS of gunicorn and its workers). Before that, saturation runs
(clients with no think time) give the highest sustainable save rate, each followed at once by a
run of raw single-row upserts with the same concurrency through psycopg (or sqlite3); the ratio
is that of the median of these paired rounds (3 by default), since the machine's speed drifts
over minutes. It also prints the CPU each save costs in the server, the load client
and PostgreSQL. Ends with GOAL lines: the issue's two goals are for PostgreSQL; SQLite gets the
concurrent-saves goal too, and its ratio is printed without a goal (an in-process SQLite upsert
crosses no socket and no process, so it is no yardstick for an HTTP request).

The simulated browsers keep their HTTP/1.1 connection between saves, as browsers do (gunicorn
``--keep-alive 30``); the server answers the common save on the fast path of
``certwright.exams.middleware``.

    .venv/bin/python bench/delivery_load.py                      # both databases, 2,000 candidates
    .venv/bin/python bench/delivery_load.py --db postgres --candidates 500 --duration 30
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
PY = sys.executable
CSRF = "benchcsrftokenbenchcsrftoken0000"  # any 32 characters: cookie and header must match
GOAL_CANDIDATES, GOAL_THINK, GOAL_P99_MS, GOAL_RATIO = 2000, 10.0, 100.0, 0.25


@dataclass
class Stats:
    latencies: list[float] = field(default_factory=list)
    errors: dict[str, int] = field(default_factory=dict)

    def error(self, kind: str) -> None:
        self.errors[kind] = self.errors.get(kind, 0) + 1

    def pct(self, p: float) -> float:
        if not self.latencies:
            return float("nan")
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))] * 1000


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def certwright(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        [PY, "-m", "certwright", *args], env=env, cwd=ROOT, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise SystemExit(f"certwright {args[0]} failed:\n{done.stderr[-3000:]}")
    return done.stdout


def rss_kib(pid: int) -> int:
    """RSS of a process and its children, in KiB (from /proc)."""
    total = 0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            status = (entry / "status").read_text()
        except OSError:
            continue
        fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
        if int(entry.name) == pid or fields.get("PPid", "").strip() == str(pid):
            total += int(fields.get("VmRSS", "0 kB").split()[0])
    return total


class Connection:
    """One HTTP/1.1 keep-alive connection, as a browser keeps one to the server for its saves; it
    reconnects when the server has closed it (idle time-out, restart)."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def request(self, data: bytes) -> bytes:
        """Send one request; the status code. Retries once on a connection the server closed. One
        30-second deadline covers the whole exchange (a ``wait_for`` per read would start a task
        per read, and the client shares the machine's two cores with the server)."""
        for attempt in (1, 2):
            try:
                async with asyncio.timeout(30):
                    return await self._exchange(data)
            except (ConnectionResetError, BrokenPipeError, asyncio.IncompleteReadError):
                self.close()
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")

    async def _exchange(self, data: bytes) -> bytes:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection("127.0.0.1", self.port)
        assert self.reader is not None
        self.writer.write(data)
        await self.writer.drain()
        try:  # the status line and headers in one read
            head = await self.reader.readuntil(b"\r\n\r\n")
        except asyncio.IncompleteReadError as exc:
            raise ConnectionResetError("closed by the server") from exc
        lower = head.lower()  # only three headers matter here; found without splitting them all
        at = lower.find(b"\r\ncontent-length:")
        length = int(lower[at + 17 : lower.index(b"\r\n", at + 2)]) if at >= 0 else 0
        close = b"\r\nconnection: close" in lower
        chunked = b"\r\ntransfer-encoding: chunked" in lower
        while chunked and (size := int((await self.reader.readline()).split(b";")[0], 16)):
            await self.reader.readexactly(size + 2)  # the chunk and its CRLF
        await self.reader.readexactly(2 if chunked else length)
        if close:
            self.close()
        parts = head[: head.index(b"\r\n")].split()
        return parts[1] if len(parts) > 1 else b"?"

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = None


def cpu_seconds(server_pid: int) -> tuple[float, float]:
    """CPU seconds (user + system) used so far by the server (gunicorn and its workers) and by
    PostgreSQL (every process named postgres), from /proc."""
    tick = os.sysconf("SC_CLK_TCK")
    server = database = 0.0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        name = stat[stat.index("(") + 1 : stat.rindex(")")]
        fields = stat[stat.rindex(")") + 2 :].split()
        used = sum(int(f) for f in fields[11:15]) / tick  # utime, stime and those of reaped children
        if int(entry.name) == server_pid or int(fields[1]) == server_pid:
            server += used
        elif name == "postgres":
            database += used
    return server, database


class CpuSplit:
    """CPU per save of the server, the load client (this process) and PostgreSQL over one run."""

    def __init__(self, server_pid: int) -> None:
        self.pid = server_pid
        self.server, self.database = cpu_seconds(server_pid)
        self.client = time.process_time()

    def per_save_ms(self, saves: int) -> str:
        server, database = cpu_seconds(self.pid)
        client = time.process_time()
        n = max(saves, 1)
        return (
            f"CPU per save: server {(server - self.server) / n * 1000:.2f} ms, load client "
            f"{(client - self.client) / n * 1000:.2f} ms, PostgreSQL {(database - self.database) / n * 1000:.2f} ms"
        )


async def save(conn: Connection, row: dict[str, Any], seq: int, stats: Stats, record: bool) -> None:
    body = json.dumps({"position": random.randrange(row["questions"]), "answer": random.choice("ABCD"), "seq": seq})
    request = (
        f"PUT /api/v1/exams/sittings/{row['sitting']}/answers HTTP/1.1\r\nHost: 127.0.0.1:{conn.port}\r\n"
        f"Cookie: sessionid={row['session']}; csrftoken={CSRF}\r\nX-CSRFToken: {CSRF}\r\n"
        f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n{body}"
    ).encode()
    started = time.perf_counter()
    try:
        code = await conn.request(request)
    except (OSError, TimeoutError, asyncio.IncompleteReadError) as exc:
        conn.close()
        if record:
            stats.error(type(exc).__name__)
        return
    elapsed = time.perf_counter() - started
    if not record:
        return
    if code == b"200":
        stats.latencies.append(elapsed)
    else:
        stats.error(f"HTTP {code.decode()}")


async def candidate(
    port: int, row: dict[str, Any], think: float, until: float, record_from: float, stats: Stats
) -> None:
    await asyncio.sleep(random.uniform(0, think))  # arrivals spread over one think time
    seq = 20_000_000  # above the saturation run's, so no save of this run is a stale one
    next_at = time.monotonic()
    conn = Connection(port)
    while next_at < until:
        seq += 1
        await save(conn, row, seq, stats, record=next_at >= record_from)
        next_at += think
        await asyncio.sleep(max(0.0, next_at - time.monotonic()))
    conn.close()


async def think_run(port: int, rows: list[dict[str, Any]], think: float, duration: float) -> tuple[Stats, float]:
    stats = Stats()
    start = time.monotonic()
    record_from, until = start + think, start + think + duration  # the first think time is the ramp
    await asyncio.gather(*(candidate(port, r, think, until, record_from, stats) for r in rows))
    return stats, duration


async def saturate(port: int, rows: list[dict[str, Any]], clients: int, duration: float, first_seq: int) -> Stats:
    stats = Stats()
    until = time.monotonic() + duration

    async def loop(i: int) -> None:
        seq = 0
        conn = Connection(port)
        while time.monotonic() < until:
            seq += 1
            await save(conn, rows[i % len(rows)], first_seq + seq, stats, record=True)
        conn.close()

    await asyncio.gather(*(loop(i) for i in range(clients)))
    return stats


def raw_upserts(db_url: str, sqlite_path: str, clients: int, duration: float) -> float:
    """Single-row upserts per second with `clients` connections, each in its own thread."""
    table = "bench_upsert"
    if sqlite_path:
        conn = sqlite3.connect(sqlite_path)
        conn.execute(f"CREATE TABLE IF NOT EXISTS {table} (k INTEGER PRIMARY KEY, answer TEXT, seq INTEGER)")
        conn.commit()
        conn.close()
        sql = (
            f"INSERT INTO {table} (k, answer, seq) VALUES (?, ?, ?) ON CONFLICT (k) DO UPDATE "
            f"SET answer = excluded.answer, seq = excluded.seq WHERE {table}.seq < excluded.seq"
        )
    else:
        import psycopg

        with psycopg.connect(db_url, autocommit=True) as conn:
            conn.execute(f"CREATE TABLE IF NOT EXISTS {table} (k bigint PRIMARY KEY, answer text, seq bigint)")
        sql = (
            f"INSERT INTO {table} (k, answer, seq) VALUES (%s, %s, %s) ON CONFLICT (k) DO UPDATE "
            f"SET answer = excluded.answer, seq = excluded.seq WHERE {table}.seq < excluded.seq"
        )
    counts = [0] * clients
    stop = time.monotonic() + duration

    def work(i: int) -> None:
        if sqlite_path:
            conn = sqlite3.connect(sqlite_path, timeout=30, isolation_level=None)
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=NORMAL")
        else:
            import psycopg

            conn = psycopg.connect(db_url, autocommit=True)
        seq = 0
        while time.monotonic() < stop:
            seq += 1
            conn.execute(sql, (random.randrange(50_000), random.choice("ABCD"), seq * clients + i))
            counts[i] += 1
        conn.close()

    threads = [threading.Thread(target=work, args=(i,)) for i in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return sum(counts) / duration


def settle(db_url: str, sqlite_path: str) -> None:
    """After the bulk set-up, bring the database to a steady state before measuring, as one would
    before a test day: statistics gathered and dead rows gone (otherwise autovacuum starts on the
    fresh tables in the middle of the saturation run), and a checkpoint taken."""
    if sqlite_path:
        with sqlite3.connect(sqlite_path) as conn:
            conn.execute("ANALYZE")
        return
    import psycopg

    with psycopg.connect(db_url, autocommit=True) as conn:
        conn.execute("VACUUM (ANALYZE)")
        conn.execute("CHECKPOINT")


def start_gunicorn(env: dict[str, str], port: int, workers: int, threads: int) -> subprocess.Popen[bytes]:
    gunicorn = str(Path(PY).with_name("gunicorn"))
    process = subprocess.Popen(
        [
            gunicorn,
            "certwright.config.wsgi:application",
            f"--bind=127.0.0.1:{port}",
            f"--workers={workers}",
            "--worker-class=gthread",
            f"--threads={threads}",
            "--backlog=4096",
            "--keep-alive=30",  # a browser keeps its connection between saves (10 s apart here)
            "--worker-connections=4000",
            "--timeout=60",
            "--log-level=warning",
        ],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    return process


def warm_up(port: int, rows: list[dict[str, Any]], workers: int) -> None:
    deadline = time.monotonic() + 120
    ok = 0
    while time.monotonic() < deadline and ok < workers * 4:
        stats = Stats()
        asyncio.run(save(Connection(port), rows[0], 1, stats, record=True))
        ok = ok + 1 if stats.latencies else 0
        if not stats.latencies:
            time.sleep(0.5)
    if ok < workers * 4:
        raise SystemExit("gunicorn did not answer within 120 s")


def run_database(kind: str, args: argparse.Namespace) -> dict[str, Any]:  # noqa: PLR0915 - one run, top to bottom
    tmp = Path(tempfile.mkdtemp(prefix=f"certwright-bench-{kind}-"))
    drop = None
    sqlite_path = ""
    if kind == "postgres":
        import psycopg

        name = f"certwright_bench_{uuid.uuid4().hex[:8]}"
        with psycopg.connect(f"{args.pg}/postgres", autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        url = f"{args.pg}/{name}"

        def drop() -> None:
            with psycopg.connect(f"{args.pg}/postgres", autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    else:
        sqlite_path = str(tmp / "bench.sqlite3")
        url = f"sqlite:///{sqlite_path}"
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "CERTWRIGHT_DATA_DIR": str(tmp),
        "CERTWRIGHT_DEBUG": "0",
        "CERTWRIGHT_BENCH_CANDIDATES": str(args.candidates),
        "CERTWRIGHT_BENCH_OUT": str(tmp / "candidates.json"),
    }
    process = None
    try:
        print(f"\n== {kind}: preparing {args.candidates} candidates in started sittings ...", flush=True)
        certwright(env, "migrate", "--noinput")
        print(certwright(env, "shell", "-c", (ROOT / "bench" / "delivery_prepare.py").read_text()).strip())
        rows = json.loads((tmp / "candidates.json").read_text())
        settle(url, sqlite_path)
        port = free_port()
        process = start_gunicorn(env, port, args.workers, args.threads)
        warm_up(port, rows, args.workers)
        print(f"gunicorn: {args.workers} workers x {args.threads} threads on 127.0.0.1:{port}", flush=True)
        # the saturation runs first, on a fresh server: an overloaded think-time run leaves a queue
        # behind. Each is paired with a raw run right after it, so that both see the machine alike.
        rounds: list[tuple[float, float]] = []
        for n in range(args.rounds):
            split = CpuSplit(process.pid)
            sat = asyncio.run(saturate(port, rows, args.clients, args.saturate, 10_000_000 + n * 1_000_000))
            capacity = len(sat.latencies) / args.saturate
            cpu = split.per_save_ms(len(sat.latencies))
            raw = raw_upserts(url, sqlite_path, args.clients, args.raw)
            rounds.append((capacity, raw))
            print(
                f"round {n + 1}: saturation, {args.clients} clients without think time for {args.saturate:.0f} s: "
                f"{capacity:.1f} saves/s; p50 {sat.pct(50):.1f} ms, p99 {sat.pct(99):.1f} ms; "
                f"errors {sum(sat.errors.values())} {sat.errors or ''}\n  {cpu}\n"
                f"  then raw single-row upserts ({'sqlite3' if sqlite_path else 'psycopg'}, {args.clients} "
                f"connections, autocommit): {raw:.0f}/s; the API's sustainable save rate is {capacity / raw:.1%} of it",
                flush=True,
            )
        capacity, raw = sorted(rounds, key=lambda r: r[0] / r[1])[len(rounds) // 2]  # the median round
        offered = len(rows) / args.think
        split = CpuSplit(process.pid)
        stats, duration = asyncio.run(think_run(port, rows, args.think, args.duration))
        achieved = len(stats.latencies) / duration
        rss = rss_kib(process.pid) / 1024
        errors = sum(stats.errors.values())
        print(
            f"think-time run: {len(rows)} candidates, one save every {args.think:.0f} s, {duration:.0f} s measured\n"
            f"  offered {offered:.1f} saves/s, achieved {achieved:.1f} saves/s; "
            f"p50 {stats.pct(50):.1f} ms, p95 {stats.pct(95):.1f} ms, p99 {stats.pct(99):.1f} ms; "
            f"errors {errors} {stats.errors or ''}; server RSS {rss:.0f} MiB\n"
            f"  {split.per_save_ms(len(stats.latencies) + errors)} (the ramp's saves included)"
        )
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        process = None
        return {
            "kind": kind,
            "candidates": len(rows),
            "p99": stats.pct(99),
            "errors": errors,
            "achieved": achieved,
            "offered": offered,
            "capacity": capacity,
            "raw": raw,
            "rss": rss,
        }
    finally:
        if process is not None:
            process.kill()
        if drop is not None:
            drop()
        shutil.rmtree(tmp, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", choices=["both", "postgres", "sqlite"], default="both")
    parser.add_argument("--pg", default=os.environ.get("CERTWRIGHT_BENCH_PG", "postgres://postgres@127.0.0.1:5432"))
    parser.add_argument("--candidates", type=int, default=GOAL_CANDIDATES)
    parser.add_argument("--think", type=float, default=GOAL_THINK, help="seconds between a candidate's saves")
    parser.add_argument("--duration", type=float, default=60, help="seconds measured after a one-think ramp")
    parser.add_argument("--saturate", type=float, default=15, help="seconds of the no-think-time run")
    parser.add_argument("--raw", type=float, default=10, help="seconds of raw upserts")
    parser.add_argument("--clients", type=int, default=16, help="concurrency of the saturation and raw runs")
    parser.add_argument("--rounds", type=int, default=3, help="saturation runs, each followed by a raw run (median)")
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--threads", type=int, default=4)
    args = parser.parse_args()
    print(f"Certwright delivery load, {os.cpu_count()} CPUs; client and server share them.")
    results = [run_database(k, args) for k in (["postgres", "sqlite"] if args.db == "both" else [args.db])]
    print()
    for r in results:
        full = r["candidates"] >= GOAL_CANDIDATES and args.think <= GOAL_THINK
        ok = full and r["p99"] < GOAL_P99_MS and r["errors"] == 0
        print(
            f"GOAL {r['kind']}_concurrent_saves: {r['candidates']} candidates every {args.think:g} s, "
            f"p99 {r['p99']:.1f} ms, {r['errors']} errors (target {GOAL_CANDIDATES} every {GOAL_THINK:.0f} s, "
            f"p99 < {GOAL_P99_MS:.0f} ms, no errors) {'MET' if ok else 'MISSED'}"
        )
        ratio = r["capacity"] / r["raw"]
        if r["kind"] != "postgres":  # an in-process SQLite upsert crosses no socket: no goal on this ratio
            print(f"(sqlite: {r['capacity']:.0f} saves/s is {ratio:.1%} of {r['raw']:.0f} in-process upserts/s)")
            continue
        print(
            f"GOAL {r['kind']}_save_rate_vs_raw_upserts: {r['capacity']:.0f}/s of {r['raw']:.0f}/s = {ratio:.1%}, "
            f"the median of {args.rounds} paired rounds "
            f"(target {GOAL_RATIO:.0%}) {'MET' if ratio >= GOAL_RATIO else 'MISSED'}"
        )


if __name__ == "__main__":
    main()
