"""Shared HTTP responses."""

from __future__ import annotations

from django.http import HttpResponse


def exhibit_response(exhibit: object) -> HttpResponse:
    kind = getattr(exhibit, "kind", "")
    if kind == "svg":
        response = HttpResponse(getattr(exhibit, "text_content", ""), content_type="image/svg+xml")
    elif kind == "png":
        response = HttpResponse(bytes(getattr(exhibit, "binary_content", b"")), content_type="image/png")
    else:
        response = HttpResponse(getattr(exhibit, "text_content", ""), content_type="text/plain; charset=utf-8")
    response["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'; sandbox"
    response["X-Content-Type-Options"] = "nosniff"
    return response
