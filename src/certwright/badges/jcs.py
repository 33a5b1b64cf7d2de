"""JSON Canonicalization Scheme (RFC 8785), used by the ``eddsa-jcs-2022`` cryptosuite.

- objects: members sorted by their names compared as arrays of UTF-16 code units;
- strings: JSON escaping of ``"``, ``\\``, and the C0 controls only (``\\b \\t \\n \\f \\r`` short
  forms, otherwise ``\\u00xx`` in lowercase hex); everything else is written as UTF-8;
- numbers: the ECMAScript ``Number.prototype.toString`` form of the IEEE-754 double
  (RFC 8785 section 3.2.2.3); NaN and infinities are errors;
- literals ``true``, ``false``, ``null``; no whitespace.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any, Final

_ESCAPES: Final = {'"': '\\"', "\\": "\\\\", "\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r"}
_MAX_SAFE_INTEGER: Final = 2**53


class CanonicalizationError(ValueError):
    """The value is not I-JSON (NaN, infinity, lone surrogate, non-string key, foreign type)."""


def canonicalize(value: Any) -> bytes:
    """The RFC 8785 canonical UTF-8 bytes of a JSON value (dict/list/str/int/float/bool/None)."""
    parts: list[str] = []
    _write(value, parts)
    return "".join(parts).encode("utf-8")


def _write(value: Any, parts: list[str]) -> None:
    if value is None:
        parts.append("null")
    elif value is True:
        parts.append("true")
    elif value is False:
        parts.append("false")
    elif isinstance(value, str):
        parts.append(serialize_string(value))
    elif isinstance(value, int | float):
        parts.append(serialize_number(value))
    elif isinstance(value, Mapping):
        _write_object(value, parts)
    elif isinstance(value, list | tuple):
        parts.append("[")
        for position, item in enumerate(value):
            if position:
                parts.append(",")
            _write(item, parts)
        parts.append("]")
    else:
        raise CanonicalizationError(f"{type(value).__name__} is not a JSON value")


def _write_object(value: Mapping[Any, Any], parts: list[str]) -> None:
    for key in value:
        if not isinstance(key, str):
            raise CanonicalizationError(f"object member names must be strings, not {key!r}")
    parts.append("{")
    for position, key in enumerate(sorted(value, key=_utf16_units)):
        if position:
            parts.append(",")
        parts.append(serialize_string(key))
        parts.append(":")
        _write(value[key], parts)
    parts.append("}")


def _utf16_units(text: str) -> bytes:
    # Big-endian UTF-16 compares byte-wise exactly like the sequence of 16-bit code units.
    return text.encode("utf-16-be", errors="surrogatepass")


def serialize_string(text: str) -> str:
    """A JSON string literal in RFC 8785 form."""
    out = ['"']
    for char in text:
        escaped = _ESCAPES.get(char)
        if escaped is not None:
            out.append(escaped)
        elif char < " ":
            out.append(f"\\u{ord(char):04x}")
        elif "\ud800" <= char <= "\udfff":
            raise CanonicalizationError("strings must not contain lone surrogates")
        else:
            out.append(char)
    out.append('"')
    return "".join(out)


def serialize_number(number: float) -> str:
    """The ECMAScript ``Number.prototype.toString`` form of ``number`` as an IEEE-754 double."""
    if isinstance(number, int) and abs(number) < _MAX_SAFE_INTEGER:
        return str(number)
    try:
        value = float(number)
    except OverflowError:
        raise CanonicalizationError("integer too large for an IEEE-754 double") from None
    if not math.isfinite(value):
        raise CanonicalizationError("NaN and infinities are not JSON numbers")
    if value == 0:
        return "0"  # also for -0.0
    sign = "-" if value < 0 else ""
    digits, exponent = _shortest_digits(abs(value))
    k = len(digits)
    n = exponent + k  # value = 0.d1d2...dk * 10**n
    if k <= n <= 21:
        body = digits + "0" * (n - k)
    elif 0 < n <= 21:
        body = f"{digits[:n]}.{digits[n:]}"
    elif -6 < n <= 0:
        body = "0." + "0" * -n + digits
    else:
        mantissa = digits if k == 1 else f"{digits[0]}.{digits[1:]}"
        body = f"{mantissa}e{'+' if n - 1 >= 0 else '-'}{abs(n - 1)}"
    return sign + body


def _shortest_digits(value: float) -> tuple[str, int]:
    """Shortest round-trip decimal digits of a positive double and the exponent of the last one.

    Python's ``repr`` yields the shortest string that round-trips, which is what ECMAScript
    requires; only the layout differs.
    """
    mantissa, _, exponent_text = repr(value).partition("e")
    whole, _, fraction = mantissa.partition(".")
    exponent = int(exponent_text or "0") - len(fraction)
    digits = (whole + fraction).lstrip("0")
    stripped = digits.rstrip("0")
    exponent += len(digits) - len(stripped)
    return stripped, exponent
