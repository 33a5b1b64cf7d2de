"""The autosave fast path at the WSGI entry: the common save answered before Django's request
handling (signals, the middleware chain, URL resolution), which under load cost more than the
save itself. gunicorn serves ``certwright.config.wsgi:application``, which is this wrapper
around Django's application.

Before it stores anything, a request passes the checks Django would make on it, made by Django's
own code: ``SecurityMiddleware``'s HTTPS redirect (a request it would redirect goes to Django),
the host check of ``ALLOWED_HOSTS`` and the CSRF check of ``CsrfViewMiddleware``. Their verdict
depends only on a handful of the request's headers (scheme, host and port headers, cookies, the
CSRF header, Origin and Referer) and on the settings, so it is remembered for each combination of
those values that passed: a browser sends the same ones with every save, and its later saves skip
building Django's request object. The memory is bounded and is cleared when a setting changes.

Then ``exams.middleware.AutosaveMiddleware.store`` verifies the session and stores the answer in
one statement. Around it, the entry does what Django's handler would do for such a request: it
checks the database connection it used after the request, as ``request_finished`` does for every
connection (closed when it is broken or has reached ``CONN_MAX_AGE``; the path touches no other
connection and no cache), and it adds the headers ``SecurityMiddleware`` adds. Anything it does not
answer goes to Django unchanged, with the body it read put back, and marked so that the
middleware does not try again.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.core.handlers.wsgi import WSGIRequest
from django.core.signals import setting_changed
from django.db import DEFAULT_DB_ALIAS, connections
from django.http import HttpRequest, HttpResponse
from django.middleware.security import SecurityMiddleware

from certwright.exams.middleware import HEADERS, PATH, TRIED, AutosaveMiddleware, body_of, enabled, never_called

WSGIApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]
MAX_BODY = 4096  # a save is under 100 bytes; anything larger is left to Django
MAX_GATES = 20_000  # remembered verdicts (a few MB); cleared when full
# What Django's host, HTTPS and CSRF checks read from a request, besides the settings.
GATE_KEYS = (
    "wsgi.url_scheme",
    "HTTP_HOST",
    "SERVER_NAME",
    "SERVER_PORT",
    "HTTP_X_FORWARDED_HOST",
    "HTTP_X_FORWARDED_PORT",
    "HTTP_COOKIE",
    "HTTP_ORIGIN",
    "HTTP_REFERER",
)


class AutosaveWSGI:
    def __init__(self, app: WSGIApp) -> None:
        self.app = app
        self.autosave = AutosaveMiddleware(never_called)
        self._configure()
        setting_changed.connect(self._settings_changed)

    def _configure(self) -> None:
        """What the settings decide, read once (and again when a test changes a setting)."""
        self.enabled = enabled()
        self.security = SecurityMiddleware(never_called)
        proxy = settings.SECURE_PROXY_SSL_HEADER
        self.gate_keys = (*GATE_KEYS, settings.CSRF_HEADER_NAME, *([proxy[0]] if proxy else []))
        self.gates: dict[tuple[Any, ...], tuple[str, bool]] = {}  # the verdicts that passed
        self.security_headers: dict[bool, list[tuple[str, str]]] = {}  # by request.is_secure()

    def _settings_changed(self, **_kwargs: Any) -> None:
        self._configure()

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        if environ.get("REQUEST_METHOD") == "PUT" and self.enabled:
            match = PATH.match(environ.get("PATH_INFO", ""))
            if match is not None:
                answered = self._answer(environ, int(match[1]))
                if answered is not None:
                    body, headers = answered
                    start_response("200 OK", [*headers, ("Content-Length", str(len(body)))])
                    return [body]
        return self.app(environ, start_response)

    def _answer(self, environ: dict[str, Any], sitting_id: int) -> tuple[bytes, list[tuple[str, str]]] | None:
        environ[TRIED] = True
        try:
            length = int(environ.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return None
        if not 0 < length <= MAX_BODY:
            return None
        body = environ["wsgi.input"].read(length)  # the checks below never read the body
        answered = self._store(environ, sitting_id, body)
        if answered is None:
            environ["wsgi.input"] = io.BytesIO(body)  # read once here; Django reads it again
        return answered

    def _store(
        self, environ: dict[str, Any], sitting_id: int, body: bytes
    ) -> tuple[bytes, list[tuple[str, str]]] | None:
        gate = self._gate(environ)
        if gate is None:
            return None
        session_key, secure = gate
        try:
            saved = self.autosave.store(session_key, sitting_id, body)
        finally:
            db = connections[DEFAULT_DB_ALIAS]
            if not db.in_atomic_block:  # only a test's transaction is open here; Django's test client keeps it too
                db.close_if_unusable_or_obsolete()  # what request_finished does
        if saved is None:
            return None
        return body_of(saved), self.security_headers[secure]

    def _gate(self, environ: dict[str, Any]) -> tuple[str, bool] | None:
        """The session key and whether the connection is secure, when Django's checks let the
        request through; None when Django must answer it."""
        key = tuple(environ.get(name) for name in self.gate_keys)
        known = self.gates.get(key)
        if known is not None:
            return known
        request = WSGIRequest(environ)
        secure = request.is_secure()
        if self.security.redirect and not secure:
            return None  # SecurityMiddleware redirects it to HTTPS (or exempts its path): Django answers
        try:
            request.get_host()
        except DisallowedHost:
            return None  # Django answers 400
        session_key = request.COOKIES.get(settings.SESSION_COOKIE_NAME)
        if not session_key:
            return None
        csrf = self.autosave.csrf
        csrf.process_request(request)
        if csrf.process_view(request, never_called, (), {}) is not None:
            return None
        if secure not in self.security_headers:
            self.security_headers[secure] = self._headers(request)
        if len(self.gates) >= MAX_GATES:
            self.gates.clear()
        self.gates[key] = (session_key, secure)
        return session_key, secure

    def _headers(self, request: HttpRequest) -> list[tuple[str, str]]:
        """The fast path's headers plus those SecurityMiddleware adds to a JSON answer (the same for
        every such answer on a plain or on a secure connection; made once for each)."""
        plain = HttpResponse()
        for name, value in HEADERS:
            plain[name] = value
        added = self.security.process_response(request, plain)
        return [(k, v) for k, v in added.items() if k.lower() != "content-length"]
