"""The only place that reads the clock. Services call ``clock.today()`` / ``clock.now()``;
pure rules receive the day as a parameter. Tests move time with time-machine."""

from __future__ import annotations

from datetime import date, datetime

from django.utils import timezone


def now() -> datetime:
    return timezone.now()


def today() -> date:
    return timezone.localdate()


def localdate(moment: datetime) -> date:
    """The programme's calendar day of an aware datetime."""
    return timezone.localdate(moment)
