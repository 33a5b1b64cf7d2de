"""The WSGI entry gunicorn serves (certwright.config.wsgi:application): the common save is
answered before Django's request handling, and every other request reaches Django unchanged,
with the body the fast path read put back."""

from __future__ import annotations

import io
import json
import sys
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, connection
from django.test.utils import CaptureQueriesContext

from certwright.config.wsgi import application
from certwright.exams.autosave_wsgi import AutosaveWSGI
from certwright.exams.models import Response
from tests.api.test_autosave_fast import AT, CSRF, _client, _started

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _keep_the_test_transaction() -> Iterator[None]:
    """As Django's test client does: requests must not close the connection holding the test's
    transaction (the handlers' signals would, on PostgreSQL)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def _call(
    sitting: Any, body: Any, *, session: str | None, token: str = CSRF, app: Any = application, **extra: str
) -> tuple[str, dict[str, str], Any]:
    raw = json.dumps(body).encode()
    cookie = f"csrftoken={CSRF}" + (f"; sessionid={session}" if session else "")
    environ = {
        "REQUEST_METHOD": "PUT",
        "PATH_INFO": f"/api/v1/exams/sittings/{sitting.pk}/answers",
        "QUERY_STRING": "",
        "SERVER_NAME": "testserver",
        "SERVER_PORT": "80",
        "HTTP_HOST": "testserver",
        "wsgi.url_scheme": "http",
        "HTTP_COOKIE": cookie,
        "HTTP_X_CSRFTOKEN": token,
        "CONTENT_TYPE": "application/json",
        "CONTENT_LENGTH": str(len(raw)),
        "wsgi.input": io.BytesIO(raw),
        "wsgi.errors": sys.stderr,
        "REMOTE_ADDR": "127.0.0.1",
        **extra,
    }
    started: dict[str, Any] = {}

    def start_response(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> None:
        started["status"], started["headers"] = status, dict(headers)

    content = b"".join(app(environ, start_response))
    return started["status"], started["headers"], json.loads(content) if content.startswith(b"{") else content


def test_the_gunicorn_entry_saves_in_one_statement_and_leaves_the_rest_to_django(
    a5_bank: None, make_person: Any, make_user: Any, session: Any, settings: Any
) -> None:
    settings.CERTWRIGHT_FAST_AUTOSAVE = True
    user, sitting, _ = _started(make_person, make_user, session)
    key = _client(user).cookies["sessionid"].value
    with time_machine.travel(AT + timedelta(minutes=1), tick=False):
        status, headers, body = _call(sitting, {"position": 5, "answer": "C", "seq": 1}, session=key)
        assert (status, body) == ("200 OK", {"position": 5, "answer": "C", "flagged": False, "seq": 1})
        assert headers["Content-Type"] == "application/json; charset=utf-8"
        assert headers["X-Content-Type-Options"] == "nosniff"  # SecurityMiddleware's headers are there
        assert int(headers["Content-Length"]) == len(json.dumps(body))
        with CaptureQueriesContext(connection) as second:
            assert _call(sitting, {"position": 6, "answer": "D", "seq": 2}, session=key)[0] == "200 OK"
        assert len([q for q in second.captured_queries if q["sql"] != "SELECT 1"]) == 1

        # Django answers what the fast path leaves, reading the same body again.
        stale = _call(sitting, {"position": 5, "answer": "A", "seq": 1}, session=key)
        assert stale[0] == "200 OK"
        assert stale[2]["answer"] == "C"  # an older seq changes nothing
        assert _call(sitting, {"position": 999, "answer": "A", "seq": 3}, session=key)[2]["reasons"] == [
            "no_such_question"
        ]
        assert _call(sitting, {"position": 7, "answer": "A", "seq": 4}, session=None)[0].startswith("401")
        assert _call(sitting, {"position": 7, "answer": "A", "seq": 4}, session=key, token="y" * 32)[0].startswith(
            "403"
        )
    assert Response.objects.get(sitting=sitting, position=5).answer == "C"
    assert Response.objects.get(sitting=sitting, position=6).answer == "D"
    assert Response.objects.get(sitting=sitting, position=7).seq == 0


def _stored(sitting: Any, position: int) -> str:
    return Response.objects.get(sitting=sitting, position=position).answer


def test_the_entry_keeps_djangos_host_https_and_csrf_checks_after_a_browser_has_passed_them(
    a5_bank: None, make_person: Any, make_user: Any, session: Any, settings: Any
) -> None:
    """The entry remembers that a browser's headers passed Django's checks; any header that
    changes is checked afresh, and a changed setting forgets what was remembered."""
    settings.CERTWRIGHT_FAST_AUTOSAVE = True
    user, sitting, _ = _started(make_person, make_user, session)
    key = _client(user).cookies["sessionid"].value
    with time_machine.travel(AT + timedelta(minutes=1), tick=False):
        assert _call(sitting, {"position": 1, "answer": "A", "seq": 1}, session=key)[0] == "200 OK"

        # A Host the site does not serve: Django's 400, nothing stored.
        assert _call(sitting, {"position": 2, "answer": "B", "seq": 2}, session=key, HTTP_HOST="evil.example")[
            0
        ].startswith("400")
        # A cross-site Origin on the same cookies and token: Django's CSRF refusal.
        assert _call(
            sitting, {"position": 2, "answer": "B", "seq": 2}, session=key, HTTP_ORIGIN="https://evil.example"
        )[0].startswith("403")
        assert _stored(sitting, 2) == ""

        # Over HTTPS (the proxy's header), a Referer from another site is refused; the browser's
        # own page passes, and the answer carries HSTS.
        settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
        settings.SECURE_HSTS_SECONDS = 3600
        https = {"HTTP_X_FORWARDED_PROTO": "https"}
        bad = _call(
            sitting,
            {"position": 2, "answer": "B", "seq": 3},
            session=key,
            HTTP_REFERER="https://evil.example/",
            **https,
        )
        assert bad[0].startswith("403")
        good = _call(
            sitting,
            {"position": 2, "answer": "C", "seq": 4},
            session=key,
            HTTP_REFERER="https://testserver/exams/",
            **https,
        )
        assert good[0] == "200 OK"
        assert good[1]["Strict-Transport-Security"] == "max-age=3600"
        assert _stored(sitting, 2) == "C"

        # The same headers that passed a moment ago meet a new setting: Django decides again.
        settings.ALLOWED_HOSTS = ["certwright.example"]
        assert _call(sitting, {"position": 1, "answer": "D", "seq": 5}, session=key)[0].startswith("400")
        settings.ALLOWED_HOSTS = ["testserver"]
        settings.SECURE_SSL_REDIRECT = True  # read when the handler starts, as a restarted server would
        restarted = AutosaveWSGI(WSGIHandler())
        redirected = _call(sitting, {"position": 1, "answer": "D", "seq": 6}, session=key, app=restarted)
        assert redirected[0].startswith("301")
        assert redirected[1]["Location"] == f"https://testserver/api/v1/exams/sittings/{sitting.pk}/answers"
    assert _stored(sitting, 1) == "A"
