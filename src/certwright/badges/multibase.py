"""Multibase strings: base58btc (prefix ``z``) and base64url without padding (prefix ``u``).

Data Integrity proof values, Multikey public keys and did:key identifiers use base58btc; the
Bitstring Status List ``encodedList`` uses base64url. Both codecs are small enough to keep here
rather than add a dependency. Reference: the Multibase draft (draft-multiformats-multibase),
base58btc = the Bitcoin alphabet, base64url = RFC 4648 section 5.
"""

from __future__ import annotations

import base64
import binascii
from enum import StrEnum
from typing import Final

BASE58_ALPHABET: Final = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
_BASE58_INDEX: Final = {char: value for value, char in enumerate(BASE58_ALPHABET)}


class Base(StrEnum):
    """The multibase prefixes Certwright reads and writes."""

    BASE58BTC = "z"
    BASE64URL = "u"


class MultibaseError(ValueError):
    """A string is not a multibase value in a supported base."""


def base58_encode(data: bytes) -> str:
    """Encode bytes in base58btc (no prefix); each leading zero byte becomes a leading ``1``."""
    zeros = len(data) - len(data.lstrip(b"\0"))
    number = int.from_bytes(data, "big")
    digits: list[str] = []
    while number:
        number, remainder = divmod(number, 58)
        digits.append(BASE58_ALPHABET[remainder])
    return "1" * zeros + "".join(reversed(digits))


def base58_decode(text: str) -> bytes:
    """Decode base58btc text (no prefix); raise :class:`MultibaseError` on a foreign character."""
    number = 0
    for char in text:
        value = _BASE58_INDEX.get(char)
        if value is None:
            raise MultibaseError(f"{char!r} is not a base58btc character")
        number = number * 58 + value
    zeros = len(text) - len(text.lstrip("1"))
    body = number.to_bytes((number.bit_length() + 7) // 8, "big") if number else b""
    return b"\0" * zeros + body


def base64url_encode(data: bytes) -> str:
    """Encode bytes in base64url without ``=`` padding (no prefix)."""
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def base64url_decode(text: str) -> bytes:
    """Decode unpadded base64url text (no prefix); padding characters are rejected."""
    if "=" in text or "+" in text or "/" in text or len(text) % 4 == 1:
        raise MultibaseError("base64url text must use the URL alphabet, unpadded, with a valid length")
    try:
        return base64.b64decode(text + "=" * (-len(text) % 4), altchars=b"-_", validate=True)
    except (binascii.Error, ValueError) as error:
        raise MultibaseError(f"not base64url: {error}") from error


def encode(data: bytes, base: Base = Base.BASE58BTC) -> str:
    """Encode bytes as a multibase string with the prefix of ``base``."""
    if base is Base.BASE58BTC:
        return base.value + base58_encode(data)
    return base.value + base64url_encode(data)


def decode(text: str, expected: Base | None = None) -> bytes:
    """Decode a multibase string; with ``expected``, any other base is an error."""
    if not text:
        raise MultibaseError("empty multibase value")
    try:
        base = Base(text[0])
    except ValueError:
        raise MultibaseError(f"unsupported multibase prefix {text[0]!r}") from None
    if expected is not None and base is not expected:
        raise MultibaseError(f"expected multibase prefix {expected.value!r}, got {base.value!r}")
    if base is Base.BASE58BTC:
        return base58_decode(text[1:])
    return base64url_decode(text[1:])
