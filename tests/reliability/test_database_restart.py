"""PostgreSQL restarted in the middle of a sitting: requests in flight get a clear, retryable
answer (503 JSON with Retry-After, never a 500 page), the same save sent again when the database
is back is stored exactly once (its seq), and nothing saved before is lost.

Runs against a private PostgreSQL cluster (initdb in a temporary folder) so the shared server is
never restarted."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.reliability import private_pg
from tests.reliability.client import Candidate, check_in
from tests.reliability.support import DEMO_DATA, certwright, env_for
from tests.reliability.test_faults import FastServer

pytestmark = [pytest.mark.reliability, pytest.mark.slow]
RESPONSES = (
    "import json; from certwright.exams.models import Response; "
    "print(json.dumps([[r.position, r.answer, r.seq] for r in Response.objects.filter(sitting_id={sitting})"
    ".order_by('position', 'id')]))"
)


def test_postgresql_restart_mid_sitting_is_retryable_and_loses_nothing(tmp_path: Path) -> None:
    reason = private_pg.available()
    if reason:
        pytest.skip(f"no private PostgreSQL cluster: {reason}")
    cluster = private_pg.PrivateCluster()
    cluster.init()
    try:
        env = env_for(cluster.url, tmp_path)
        certwright(env, "migrate", "--noinput")
        certwright(env, "shell", "-c", DEMO_DATA)
        sitting, code = check_in(env)
        server = FastServer(env)
        server.start()
        try:
            maria = Candidate(server.url)
            total = maria.start(sitting, code)["questions"]
            for seq in range(1, 6):
                assert maria.save(sitting, seq - 1, "B", seq).status_code == 200

            cluster.stop()
            in_flight = maria.save(sitting, 5, "C", 6)
            assert in_flight.status_code == 503, in_flight.text
            assert in_flight.headers["Retry-After"] == "5"
            assert in_flight.json() == {
                "detail": "the database is briefly unavailable; retry shortly",
                "retryable": True,
            }
            page = maria.http.get(f"{server.url}/exams/sittings/{sitting}/q/6/", timeout=30)
            assert page.status_code == 503
            assert "Back in a moment" in page.text
            assert page.headers["Retry-After"] == "5"

            cluster.start()
            retried = maria.save(sitting, 5, "C", 6)  # the client sends the same save again
            assert retried.status_code == 200, retried.text
            again = maria.save(sitting, 5, "C", 6)  # and once more, as a duplicate
            assert again.json() == {"position": 5, "answer": "C", "flagged": False, "seq": 6}
            answers = maria.answers(sitting, total)
            assert [answers[n] for n in range(1, 7)] == ["B"] * 5 + ["C"]
            assert all(answers[n] is None for n in range(7, total + 1))
        finally:
            server.stop()
        import json

        out = certwright(env, "shell", "-c", RESPONSES.format(sitting=sitting)).stdout
        rows = json.loads(out.strip().splitlines()[-1])
        assert [r[0] for r in rows] == list(range(total))  # one response per question, none duplicated
        assert [(r[1], r[2]) for r in rows[:6]] == [("B", 1), ("B", 2), ("B", 3), ("B", 4), ("B", 5), ("C", 6)]
    finally:
        cluster.destroy()
