"""Faults during a sitting, with real server processes and the candidate's API calls:
kill -9 and restart (20 times), and two servers sharing one database serving the same sitting
alternately. Every answer acknowledged before a fault is there afterwards, exactly once."""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.conftest import Server
from tests.reliability.client import Candidate, check_in
from tests.reliability.support import DEMO_DATA, Databases, certwright, databases, env_for

pytestmark = [pytest.mark.reliability, pytest.mark.slow]
LETTERS = "ABCD"


class FastServer(Server):
    """`certwright runserver` without the start-up checks (they ran at migrate), so restarts are quick."""

    options = ("--noreload", "--skip-checks")
    poll_seconds = 0.05

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            os.kill(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=10)


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Databases, dict[str, str]]]:
    tmp = tmp_path_factory.mktemp("faults")
    with databases(tmp) as dbs:
        env = env_for(dbs.new("faults"), tmp)
        certwright(env, "migrate", "--noinput")
        certwright(env, "shell", "-c", DEMO_DATA)
        yield dbs, env


def test_kill_9_twenty_times_loses_no_saved_answer_and_keeps_the_clock(world: tuple[Databases, dict[str, str]]) -> None:
    _, env = world
    sitting, code = check_in(env)
    server = FastServer(env)
    server.start()
    try:
        maria = Candidate(server.url)
        total = maria.start(sitting, code)["questions"]
        expected: dict[int, str | None] = dict.fromkeys(range(1, total + 1))
        seq = 0
        for round_ in range(20):
            for k in range(2):  # two saves a round, moving through the form and changing earlier answers
                number = (round_ * 2 + k) % total + 1
                seq += 1
                answer = LETTERS[(round_ + k) % 4]
                saved = maria.save(sitting, number - 1, answer, seq)
                assert saved.status_code == 200, saved.text
                expected[number] = answer
            before = maria.remaining(sitting)
            killed = time.monotonic()
            server.kill()
            server.start()
            after = maria.remaining(sitting)  # the session cookie still works: sessions live in the database
            elapsed = time.monotonic() - killed
            assert abs((before - after) - elapsed) <= 2, f"round {round_}: {before=} {after=} {elapsed=:.1f}"
            assert maria.answers(sitting, total) == expected, f"round {round_}"
        # an old save arriving late (a retry from before the crash) changes nothing
        stale = maria.save(sitting, 0, "D" if expected[1] != "D" else "C", 1)
        assert stale.status_code == 200
        assert maria.answers(sitting, total) == expected
    finally:
        server.stop()


def test_two_servers_on_one_database_serve_the_same_sitting_alike(
    world: tuple[Databases, dict[str, str]], tmp_path: Path
) -> None:
    dbs, _ = world
    env = env_for(dbs.new("pair"), tmp_path)
    certwright(env, "migrate", "--noinput")
    certwright(env, "shell", "-c", DEMO_DATA)
    sitting, code = check_in(env)
    one, two = FastServer(env), FastServer(env)
    one.start()
    two.start()
    try:
        maria = Candidate(one.url)
        total = maria.start(sitting, code)["questions"]
        for seq, number in enumerate(range(1, total + 1), start=1):
            base = (one if number % 2 else two).url  # alternate servers, one session
            saved = maria.save(sitting, number - 1, LETTERS[number % 4], seq, base=base)
            assert saved.status_code == 200, saved.text
            # a repeated request (the same seq) on the other server changes nothing
            again = maria.save(sitting, number - 1, "A", seq, base=(two if number % 2 else one).url)
            assert again.json()["answer"] == LETTERS[number % 4]
        seen_one = maria.answers(sitting, total, base=one.url)
        seen_two = maria.answers(sitting, total, base=two.url)
        assert seen_one == seen_two == {n: LETTERS[n % 4] for n in range(1, total + 1)}
        assert abs(maria.remaining(sitting, base=one.url) - maria.remaining(sitting, base=two.url)) <= 1
        review_one = maria.call("GET", f"/sittings/{sitting}/review", base=one.url).json()
        assert review_one == maria.call("GET", f"/sittings/{sitting}/review", base=two.url).json()
        submitted = maria.call("POST", f"/sittings/{sitting}/submit", base=two.url)
        assert submitted.status_code == 200, submitted.text
        twice = maria.call("POST", f"/sittings/{sitting}/submit", base=one.url)  # submitting twice scores once
        assert twice.status_code in (200, 409)
        result_one = maria.call("GET", f"/sittings/{sitting}/result", base=one.url).json()
        assert result_one == maria.call("GET", f"/sittings/{sitting}/result", base=two.url).json()
        assert result_one == submitted.json()
    finally:
        one.stop()
        two.stop()
