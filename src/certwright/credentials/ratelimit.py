"""A fixed-window request counter per client IP, kept in Django's cache (used by verification).

``CERTWRIGHT_VERIFY_RATE_LIMIT`` is "N/second|minute|hour" (default "30/minute"); "0/minute" or an
empty value turns the limit off. The client is ``REMOTE_ADDR``: behind a reverse proxy, make the
proxy set it (e.g. gunicorn's ``--forwarded-allow-ips``), since ``X-Forwarded-For`` can be forged.
With several worker processes the cache must be shared (Redis, Memcached or the database cache):
the default per-process memory cache counts each worker separately.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest

from certwright.common import clock

PERIODS = {"second": 1, "minute": 60, "hour": 3600}
DEFAULT = "30/minute"


@dataclass(frozen=True)
class Limit:
    count: int
    seconds: int


@dataclass(frozen=True)
class Decision:
    allowed: bool
    retry_after: int
    message: str


def parse_limit(text: str) -> Limit | None:
    if not text:
        return None
    count_text, _, period = text.partition("/")
    if not count_text.strip().isdigit() or period.strip() not in PERIODS:
        raise ImproperlyConfigured(f"Rate limit must look like '30/minute' (second, minute or hour), got {text!r}.")
    count = int(count_text)
    return Limit(count, PERIODS[period.strip()]) if count > 0 else None


def client_ip(request: HttpRequest) -> str:
    return str(request.META.get("REMOTE_ADDR") or "unknown")


def hit(request: HttpRequest, *, scope: str = "verify") -> Decision:
    """Count one request from this client; ``allowed`` is False once the window's quota is used."""
    limit = parse_limit(str(getattr(settings, "CERTWRIGHT_VERIFY_RATE_LIMIT", DEFAULT)))
    if limit is None:
        return Decision(True, 0, "")
    now = int(clock.now().timestamp())
    window = now - now % limit.seconds
    key = f"certwright:rl:{scope}:{client_ip(request)}:{window}"
    cache.add(key, 0, timeout=limit.seconds + 1)
    try:
        count = cache.incr(key)
    except ValueError:  # the key expired between add and incr
        cache.set(key, 1, timeout=limit.seconds + 1)
        count = 1
    retry_after = window + limit.seconds - now
    if count > limit.count:
        return Decision(
            False,
            retry_after,
            f"Too many verification requests from your address: at most {limit.count} per "
            f"{_period_name(limit.seconds)}. Try again in {retry_after} seconds.",
        )
    return Decision(True, 0, "")


def _period_name(seconds: int) -> str:
    return next(name for name, value in PERIODS.items() if value == seconds)
