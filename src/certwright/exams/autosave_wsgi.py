"""The autosave fast path at the WSGI entry: the common save answered before Django's request
handling (signals, the middleware chain, URL resolution), which under load cost more than the
save itself. gunicorn serves ``certwright.config.wsgi:application``, which is this wrapper
around Django's application.

It runs the same code as ``exams.middleware.AutosaveMiddleware`` (which serves the test client
and the development server): the CSRF and session checks and the one statement. Around it, it
does what Django's handler would do for such a request: it sends ``request_finished`` (which
checks the database connections), and ``SecurityMiddleware`` may redirect the request (HTTPS) and
adds its headers. Anything it does not answer goes to Django unchanged, with the body it read
put back, and marked so that the middleware does not try again.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable
from typing import Any

from django.core.handlers.wsgi import WSGIRequest
from django.core.signals import request_finished
from django.http import HttpRequest, HttpResponse
from django.middleware.security import SecurityMiddleware

from certwright.exams.middleware import HEADERS, PATH, TRIED, AutosaveMiddleware, body_of, never_called

WSGIApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


class AutosaveWSGI:
    def __init__(self, app: WSGIApp) -> None:
        self.app = app
        self.autosave = AutosaveMiddleware(never_called)
        self.security = SecurityMiddleware(never_called)
        self.security_headers: dict[bool, list[tuple[str, str]]] = {}  # by request.is_secure()

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        if environ.get("REQUEST_METHOD") == "PUT" and PATH.match(environ.get("PATH_INFO", "")):
            answered = self._answer(environ)
            if answered is not None:
                body, headers = answered
                start_response("200 OK", [*headers, ("Content-Length", str(len(body)))])
                return [body]
        return self.app(environ, start_response)

    def _answer(self, environ: dict[str, Any]) -> tuple[bytes, list[tuple[str, str]]] | None:
        environ[TRIED] = True
        request = WSGIRequest(environ)
        if self.security.process_request(request) is not None:
            return None  # an HTTPS redirect: Django answers it
        try:
            saved = self.autosave.saved(request)
        finally:
            environ["wsgi.input"] = io.BytesIO(request.body)  # read once; the full path reads it again
            request_finished.send(sender=self.__class__)  # as Django's handler: checks the connections
        if saved is None:
            return None
        return body_of(saved), self._headers(request)

    def _headers(self, request: HttpRequest) -> list[tuple[str, str]]:
        """The fast path's headers plus those SecurityMiddleware adds to a JSON answer (the same for
        every such answer on a plain or on a secure connection; made once for each)."""
        secure = request.is_secure()
        if secure not in self.security_headers:
            plain = HttpResponse()
            for name, value in HEADERS:
                plain[name] = value
            added = self.security.process_response(request, plain)
            self.security_headers[secure] = [(k, v) for k, v in added.items() if k.lower() != "content-length"]
        return self.security_headers[secure]
