"""Date-times in credentials: XML Schema ``dateTimeStamp`` / RFC 3339 with a mandatory offset.

Credentials carry ``validFrom``, ``validUntil`` and proof ``created`` values as strings such as
``2023-02-24T23:36:38Z``. This module is the one place that writes and reads them; it never
reads the clock (callers pass ``now``).
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Final

_DATETIME: Final = re.compile(
    r"\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:[Zz]|[+-]\d{2}:\d{2})",
    re.ASCII,
)


def format_datetime(moment: datetime) -> str:
    """``moment`` in UTC with whole seconds and a ``Z`` suffix; naive datetimes are refused."""
    require_aware(moment, "moment")
    if moment.microsecond:
        raise ValueError("credential timestamps have whole seconds; round the datetime first")
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_datetime(text: object) -> datetime | None:
    """The aware datetime of an RFC 3339 date-time with offset, or None if ``text`` is not one."""
    if not isinstance(text, str) or not _DATETIME.fullmatch(text):
        return None
    normalised = text.upper().replace("Z", "+00:00")
    whole, dot, rest = normalised.partition(".")
    if dot:  # keep at most microseconds; fromisoformat refuses longer fractions on 3.11
        digits = re.match(r"\d+", rest)
        assert digits is not None
        fraction = digits.group()
        normalised = f"{whole}.{fraction[:6].ljust(6, '0')}{rest[len(fraction) :]}"
    try:
        return datetime.fromisoformat(normalised)
    except ValueError:
        return None


def is_datetime(text: object) -> bool:
    """Whether ``text`` is an RFC 3339 date-time with offset (used as the JSON Schema format)."""
    return parse_datetime(text) is not None


def require_aware(moment: datetime, name: str) -> None:
    """Refuse naive datetimes: a credential instant without an offset is ambiguous."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"{name} must be a timezone-aware datetime")
