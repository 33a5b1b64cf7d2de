"""When the database is briefly gone (restart, fail-over, network), answer 503 with Retry-After
instead of a 500: the API returns JSON the exam page's autosave understands and retries; pages
show a short notice that reloads itself. Nothing was written: the failed request's transaction
rolled back, and a retried answer carries the same ``seq`` so it is stored exactly once."""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.db import InterfaceError, OperationalError, connections
from django.http import HttpRequest, HttpResponse, JsonResponse

RETRY_AFTER_SECONDS = 5
logger = logging.getLogger("certwright.database")

PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="refresh" content="{seconds}"><title>Back in a moment · Certwright</title></head>
<body><main><h1>Back in a moment</h1>
<p>Certwright cannot reach its database right now. Nothing you saved is lost.
This page tries again by itself in {seconds} seconds.</p></main></body></html>
"""


def database_unavailable(request: HttpRequest) -> HttpResponse:
    """The 503 answer; also drops connections the failure left unusable so the next request reconnects."""
    for conn in connections.all(initialized_only=True):
        conn.close_if_unusable_or_obsolete()
    if request.path.startswith("/api/"):
        response: HttpResponse = JsonResponse(
            {"detail": "the database is briefly unavailable; retry shortly", "retryable": True}, status=503
        )
    else:
        response = HttpResponse(PAGE.format(seconds=RETRY_AFTER_SECONDS), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


class DatabaseUnavailableMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        logger.warning("database unavailable during %s %s: %s", request.method, request.path, exception)
        return database_unavailable(request)
