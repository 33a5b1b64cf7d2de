"""Autosave in one statement: ``PUT /api/v1/exams/sittings/{id}/answers`` answered before the rest of
the middleware and the API framework run. gunicorn reaches this code even earlier, from the WSGI
entry (``exams/autosave_wsgi.py``); the middleware serves the test client and the development
server, and skips requests the WSGI entry has already tried.

A save is the request a national test day sends most: every candidate, every few seconds. The
full path costs about 3.5 ms of CPU and eight queries: a health check, the session and the user,
then ``answer_save`` locking the sitting and the row. This path makes the same checks in one
statement, or two the first time this process sees the session:

1. the CSRF check, made by Django's own ``CsrfViewMiddleware``;
2. the first time: one query for the session and the sitting owner, after which the session is
   verified as ``django.contrib.auth.get_user`` does it (backend, user id, session hash, active
   user), and remembered as a ``SessionProof``;
3. one statement that stores the answer (``services_autosave``); with a proof it also re-checks
   in SQL that the session row is unchanged and unexpired and the owner still active with the same
   password hash, so a logout, a password change or a deactivation takes effect at once.

It only ever *succeeds*. Anything unusual goes on, unchanged, to the full path, which gives the
usual answer: no or bad session (401), another candidate's sitting (404), a CSRF failure (403),
time up or paused (409), stale ``seq``, a bad answer or no such question (422), or a session
signed with a fallback secret. Turn it off with ``CERTWRIGHT_FAST_AUTOSAVE=0``. The tests run the
same cases with it on and off and compare the answers.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.db import InterfaceError, OperationalError, connection
from django.http import HttpRequest, HttpResponse, HttpResponseForbidden
from django.middleware.csrf import CsrfViewMiddleware
from django.utils.crypto import constant_time_compare

from certwright.accounts.models import User
from certwright.common import clock
from certwright.exams.selectors import sitting_session_owner
from certwright.exams.services_autosave import SavedAnswer, SessionProof, answer_save_fast

PATH = re.compile(r"^/api/v1/exams/sittings/(\d{1,18})/answers$")
INT32 = 2**31 - 1
MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"
TRIED = "certwright.autosave_tried"  # set in the WSGI environ by exams/autosave_wsgi.py
MAX_PROOFS = 20_000  # verified sessions kept per process (a few MB); cleared when full


def _fields(body: bytes) -> tuple[int, str | None, bool | None, int] | None:
    """position, answer, flagged and seq when the body is exactly what the API accepts; else None."""
    try:
        data = json.loads(body)
    except ValueError:
        return None
    if not isinstance(data, dict):
        return None
    position, answer, flagged, seq = data.get("position"), data.get("answer"), data.get("flagged"), data.get("seq")
    if type(position) is not int or type(seq) is not int or not (0 <= position <= INT32 and 0 <= seq <= INT32):
        return None
    if not (answer is None or isinstance(answer, str)) or not (flagged is None or isinstance(flagged, bool)):
        return None
    return position, answer, flagged, seq


class AutosaveMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.csrf = CsrfViewMiddleware(lambda _request: HttpResponseForbidden())
        self.proofs: dict[str, SessionProof] = {}  # verified sessions of this process, by key

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.META.get(TRIED) is None:  # not already tried by the WSGI entry (exams/autosave_wsgi.py)
            response = self.answer(request)
            if response is not None:
                return response
        return self.get_response(request)

    def answer(self, request: HttpRequest) -> HttpResponse | None:
        """The saved answer, or None when the request is not one for the fast path (the API answers it)."""
        saved = self.saved(request)
        return None if saved is None else _render(saved)

    def saved(self, request: HttpRequest) -> SavedAnswer | None:
        """What the fast path stored, or None when it leaves the request to the API."""
        if request.method != "PUT" or not enabled():
            return None
        match = PATH.match(request.path_info)
        session_key = request.COOKIES.get(settings.SESSION_COOKIE_NAME)
        if match is None or not session_key:
            return None
        request.csrf_processing_done = False  # type: ignore[attr-defined]
        self.csrf.process_request(request)
        if self.csrf.process_view(request, never_called, (), {}) is not None:
            return None
        return self.store(session_key, int(match[1]), request.body)

    def store(self, session_key: str, sitting_id: int, body: bytes) -> SavedAnswer | None:
        """Store a save whose request has passed the CSRF check; None when the API must answer it.
        The session is verified here (or its proof re-checked by the statement)."""
        fields = _fields(body)
        if fields is None:
            return None
        try:
            return self._store(session_key, sitting_id, fields)
        except (OperationalError, InterfaceError):
            connection.health_check_done = False  # type: ignore[attr-defined]
            connection.close()
            return None  # the API answers, or says 503; a retried save is stored once: seq orders it

    def _store(
        self, session_key: str, sitting_id: int, fields: tuple[int, str | None, bool | None, int]
    ) -> SavedAnswer | None:
        # The statement itself is the health check: on a dead connection it fails, the connection
        # is dropped, and the full path (with Django's check) answers instead.
        connection.health_check_done = True  # type: ignore[attr-defined]
        now = clock.now()
        position, answer, flagged, seq = fields
        proof = self.proofs.get(session_key)
        if proof is not None:  # one statement checks the session, the owner and the sitting, and saves
            saved = answer_save_fast(
                sitting_id=sitting_id, position=position, answer=answer, flagged=flagged, seq=seq, now=now, proof=proof
            )
            if saved is not None:
                return saved
            self.proofs.pop(session_key, None)  # changed, or only an unusual save: verify afresh
        owner = sitting_session_owner(session_key=session_key, sitting_id=sitting_id, now=now)
        if owner is None or not _session_is_owner(owner):
            return None
        if len(self.proofs) >= MAX_PROOFS:
            self.proofs.clear()
        self.proofs[session_key] = SessionProof(session_key, owner[3], owner[0], owner[1])
        return answer_save_fast(
            sitting_id=sitting_id, position=position, answer=answer, flagged=flagged, seq=seq, now=now
        )


def enabled() -> bool:
    """The fast path is on, and the settings are those it was made for: sessions in the database
    and the CSRF secret in a cookie."""
    return bool(
        settings.CERTWRIGHT_FAST_AUTOSAVE
        and settings.SESSION_ENGINE == "django.contrib.sessions.backends.db"
        and not settings.CSRF_USE_SESSIONS
    )


def never_called(_request: HttpRequest) -> HttpResponse:
    """Stands for a view or a next handler that is never reached: the CSRF check only reads the
    view's ``csrf_exempt`` flag (this one is not exempt), and the WSGI entry only asks its wrapped
    middlewares for their checks."""
    raise NotImplementedError


def _session_is_owner(owner: tuple[int, str, bool, str]) -> bool:
    """The session names the sitting's owner, with ModelBackend and the current session hash."""
    user_id, password, active, session_data = owner
    data: dict[str, Any] = SessionStore().decode(session_data)
    if data.get(BACKEND_SESSION_KEY) != MODEL_BACKEND or MODEL_BACKEND not in settings.AUTHENTICATION_BACKENDS:
        return False
    if str(data.get(SESSION_KEY)) != str(user_id) or not active:
        return False
    expected = User(pk=user_id, password=password).get_session_auth_hash()
    return constant_time_compare(str(data.get(HASH_SESSION_KEY, "")), expected)


HEADERS = (
    ("Content-Type", "application/json; charset=utf-8"),
    ("Vary", "Cookie"),
    ("X-Frame-Options", "DENY"),
    ("Cache-Control", "no-store"),
)


def body_of(saved: SavedAnswer) -> bytes:
    """The API's body for a save (AnswerOut), in its field order."""
    data = {"position": saved.position, "answer": saved.answer, "flagged": saved.flagged, "seq": saved.seq}
    return json.dumps(data).encode()


def _render(saved: SavedAnswer) -> HttpResponse:
    body = body_of(saved)
    response = HttpResponse(body)
    for name, value in HEADERS:
        response[name] = value
    response["Content-Length"] = str(len(body))
    return response
