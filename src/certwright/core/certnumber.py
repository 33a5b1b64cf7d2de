"""Certificate numbers: ``CW`` + 8-digit serial + 1 Luhn (mod 10) check digit, e.g. ``CW123456782``.

The Luhn check digit catches every single-digit typo and almost every swap of two adjacent digits,
which are the mistakes people make when they read a number off a wallet card. Parsing is forgiving
about case, spaces and dashes (``cw 1234-5678 2``) and strict about everything else.

Pure: no Django, no clock, no randomness (callers pick the serial).
"""

from __future__ import annotations

from dataclasses import dataclass

PREFIX = "CW"
SERIAL_DIGITS = 8
LENGTH = len(PREFIX) + SERIAL_DIGITS + 1
SERIAL_MIN = 10_000_000
SERIAL_MAX = 99_999_999


class CertNumberError(ValueError):
    """A string is not a well-formed certificate number; ``code`` is a stable reason code."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


@dataclass(frozen=True)
class CertNumber:
    serial: int
    check: int

    def __str__(self) -> str:
        return f"{PREFIX}{self.serial:0{SERIAL_DIGITS}d}{self.check}"


def luhn_check_digit(digits: str) -> int:
    """The digit that makes ``digits + check`` pass the Luhn test."""
    if not digits or not digits.isascii() or not digits.isdigit():
        raise CertNumberError("not_digits", f"Luhn input must be ASCII digits, got {digits!r}.")
    total = 0
    # Rightmost payload digit is doubled, because the check digit will sit to its right.
    for position, char in enumerate(reversed(digits)):
        value = int(char)
        if position % 2 == 0:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return (10 - total % 10) % 10


def luhn_valid(digits: str) -> bool:
    """True when the last digit of ``digits`` is the Luhn check digit of the rest."""
    if len(digits) < 2 or not digits.isascii() or not digits.isdigit():
        return False
    return luhn_check_digit(digits[:-1]) == int(digits[-1])


def format_number(serial: int) -> str:
    """``CW`` + the zero-padded serial + its check digit. Serials are 8 digits, not starting with 0."""
    if isinstance(serial, bool) or not isinstance(serial, int) or not SERIAL_MIN <= serial <= SERIAL_MAX:
        raise CertNumberError(
            "serial_out_of_range", f"Serial must be an integer from {SERIAL_MIN} to {SERIAL_MAX}, got {serial!r}."
        )
    payload = f"{serial:0{SERIAL_DIGITS}d}"
    return f"{PREFIX}{payload}{luhn_check_digit(payload)}"


def normalize(text: str) -> str:
    """Upper-case and drop spaces and dashes; no validation."""
    return "".join(ch for ch in text.strip().upper() if ch not in " -\t")


def parse_number(text: str) -> CertNumber:
    """Parse and validate; raises ``CertNumberError`` with a code saying what is wrong."""
    value = normalize(text)
    if not value.startswith(PREFIX):
        raise CertNumberError("bad_prefix", f"Certificate numbers start with {PREFIX}, got {text!r}.")
    digits = value[len(PREFIX) :]
    if not digits.isascii() or not digits.isdigit():
        raise CertNumberError("not_digits", f"After {PREFIX} a certificate number has only digits, got {text!r}.")
    if len(digits) != SERIAL_DIGITS + 1:
        raise CertNumberError(
            "bad_length", f"A certificate number is {PREFIX} + {SERIAL_DIGITS + 1} digits, got {len(digits)} digits."
        )
    if not luhn_valid(digits):
        raise CertNumberError("bad_check_digit", f"The check digit of {text!r} is wrong (mistyped number?).")
    return CertNumber(serial=int(digits[:-1]), check=int(digits[-1]))


def is_valid(text: str) -> bool:
    try:
        parse_number(text)
    except CertNumberError:
        return False
    return True
