"""Bitstring Status List v1.0: revocation and suspension bits published as a credential.

- The list is a bitstring; index 0 is the most significant (left-most) bit of byte 0.
- ``encodedList`` = ``u`` + base64url (no padding) of the GZIP-compressed bitstring.
- A list holds at least 131,072 entries (16 KiB) so one index says little about one person.
- A credential points at its bit with a ``BitstringStatusListEntry`` (``statusPurpose``,
  ``statusListIndex`` as a base-10 string, ``statusListCredential`` URL).

Values are immutable: :func:`set_bit` and :func:`clear_bit` return a new :class:`StatusList`.
Proof and validity checks of the list credential itself happen in :mod:`verify`; here we
check what the Bitstring Status List "validate" algorithm asks of the (verified) list.
"""

from __future__ import annotations

import gzip
import zlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any, Final

from certwright.badges import multibase
from certwright.badges.contexts import VC_V2
from certwright.badges.multibase import Base, MultibaseError
from certwright.badges.reasons import Finding, Reason
from certwright.badges.timestamps import format_datetime
from certwright.badges.vc import as_list, issuer_id, types_of

MIN_LENGTH: Final = 131_072
MAX_DECODED_BYTES: Final = 16 * 1024 * 1024
ENTRY_TYPE: Final = "BitstringStatusListEntry"
LIST_CREDENTIAL_TYPE: Final = "BitstringStatusListCredential"
LIST_TYPE: Final = "BitstringStatusList"


class StatusPurpose(StrEnum):
    REVOCATION = "revocation"
    SUSPENSION = "suspension"


class StatusListError(ValueError):
    """An ``encodedList`` or index that cannot be used."""


@dataclass(frozen=True, slots=True)
class StatusList:
    """A bitstring of ``len(bits) * 8`` status entries."""

    bits: bytes

    @property
    def length(self) -> int:
        return len(self.bits) * 8

    def is_set(self, index: int) -> bool:
        """The status bit at ``index`` (0 = most significant bit of the first byte)."""
        self._check(index)
        return bool(self.bits[index // 8] >> (7 - index % 8) & 1)

    def set_indexes(self) -> tuple[int, ...]:
        """Every index whose bit is set, ascending."""
        return tuple(
            position * 8 + offset
            for position, byte in enumerate(self.bits)
            if byte
            for offset in range(8)
            if byte >> (7 - offset) & 1
        )

    def _check(self, index: int) -> None:
        if not 0 <= index < self.length:
            raise StatusListError(f"index {index} is outside the list of {self.length} entries")


def new_status_list(length: int = MIN_LENGTH) -> StatusList:
    """An all-clear list of ``length`` entries (a multiple of 8, at least 131,072)."""
    if length < MIN_LENGTH or length % 8:
        raise StatusListError(f"a status list has a multiple of 8 entries, at least {MIN_LENGTH}")
    return StatusList(bytes(length // 8))


def with_bits(status_list: StatusList, indexes: Iterable[int], value: bool = True) -> StatusList:
    """A copy of ``status_list`` with the bits at ``indexes`` set (or cleared)."""
    bits = bytearray(status_list.bits)
    for index in indexes:
        status_list._check(index)
        mask = 1 << (7 - index % 8)
        bits[index // 8] = bits[index // 8] | mask if value else bits[index // 8] & ~mask
    return StatusList(bytes(bits))


def set_bit(status_list: StatusList, index: int) -> StatusList:
    """A copy with the bit at ``index`` set (revoked or suspended)."""
    return with_bits(status_list, (index,), True)


def clear_bit(status_list: StatusList, index: int) -> StatusList:
    """A copy with the bit at ``index`` cleared (for suspension: reinstated)."""
    return with_bits(status_list, (index,), False)


def encode_list(status_list: StatusList) -> str:
    """The ``encodedList`` value; GZIP with mtime 0 so equal lists encode identically."""
    return multibase.encode(gzip.compress(status_list.bits, compresslevel=9, mtime=0), Base.BASE64URL)


def decode_list(encoded: str) -> StatusList:
    """Read an ``encodedList`` (multibase ``u`` + base64url + GZIP), refusing oversized output."""
    try:
        compressed = multibase.decode(encoded, Base.BASE64URL)
        inflater = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)
        bits = inflater.decompress(compressed, MAX_DECODED_BYTES + 1)
    except (MultibaseError, zlib.error) as error:
        raise StatusListError(f"encodedList cannot be decoded: {error}") from error
    if len(bits) > MAX_DECODED_BYTES or inflater.unconsumed_tail:
        raise StatusListError(f"encodedList expands beyond {MAX_DECODED_BYTES} bytes")
    if not inflater.eof:
        raise StatusListError("encodedList is a truncated GZIP stream")
    return StatusList(bits)


def status_entry(*, list_url: str, index: int, purpose: StatusPurpose) -> dict[str, Any]:
    """The ``credentialStatus`` entry for bit ``index`` of the list credential at ``list_url``."""
    if index < 0:
        raise StatusListError("a status list index is not negative")
    return {
        "id": f"{list_url}#{index}",
        "type": ENTRY_TYPE,
        "statusPurpose": purpose.value,
        "statusListIndex": str(index),
        "statusListCredential": list_url,
    }


def status_list_credential(
    *,
    url: str,
    issuer: str,
    purpose: StatusPurpose,
    status_list: StatusList,
    valid_from: datetime,
    valid_until: datetime | None = None,
) -> dict[str, Any]:
    """An unsigned BitstringStatusListCredential published at ``url`` (sign with integrity.sign)."""
    credential: dict[str, Any] = {
        "@context": [VC_V2],
        "id": url,
        "type": ["VerifiableCredential", LIST_CREDENTIAL_TYPE],
        "issuer": issuer,
        "validFrom": format_datetime(valid_from),
    }
    if valid_until is not None:
        credential["validUntil"] = format_datetime(valid_until)
    credential["credentialSubject"] = {
        "id": f"{url}#list",
        "type": LIST_TYPE,
        "statusPurpose": purpose.value,
        "encodedList": encode_list(status_list),
    }
    return credential


def status_entries(credential: Mapping[str, Any]) -> tuple[Any, ...]:
    """The ``credentialStatus`` entries of a credential (one object or a list)."""
    return tuple(as_list(credential.get("credentialStatus")))


def check_status(
    credential: Mapping[str, Any],
    status_lists: Mapping[str, Mapping[str, Any]],
    *,
    rejected: Mapping[str, str] | None = None,
    minimum_length: int = MIN_LENGTH,
) -> tuple[Finding, ...]:
    """Evaluate each status entry against the list credentials the caller fetched (by URL).

    The list credentials must already be verified (proof, dates); ``rejected`` maps the URL of
    a supplied list that failed that verification to the reason, and its entries then report
    ``status_list_invalid``. Reasons: ``revoked``, ``suspended``, ``status_list_unavailable``,
    ``status_list_invalid``, ``status_unsupported``.
    """
    findings: list[Finding] = []
    for entry in status_entries(credential):
        parsed = _parse_entry(entry)
        if isinstance(parsed, Finding):
            findings.append(parsed)
        elif rejected and parsed[2] in rejected:
            findings.append(Finding(Reason.STATUS_LIST_INVALID, f"status list {parsed[2]}: {rejected[parsed[2]]}"))
        else:
            findings.extend(_check_entry(credential, parsed, status_lists, minimum_length))
    return tuple(findings)


def status_list_urls(credential: Mapping[str, Any]) -> tuple[str, ...]:
    """The distinct ``statusListCredential`` URLs a credential refers to, in order."""
    urls = (entry.get("statusListCredential") for entry in status_entries(credential) if isinstance(entry, Mapping))
    return tuple(dict.fromkeys(url for url in urls if isinstance(url, str) and url))


def _check_entry(
    credential: Mapping[str, Any],
    parsed: tuple[StatusPurpose, int, str],
    status_lists: Mapping[str, Mapping[str, Any]],
    minimum_length: int,
) -> list[Finding]:
    purpose, index, url = parsed
    list_credential = status_lists.get(url)
    if list_credential is None:
        return [Finding(Reason.STATUS_LIST_UNAVAILABLE, f"status list {url} was not supplied")]
    problem = _list_problem(credential, list_credential, purpose)
    if problem is not None:
        return [Finding(Reason.STATUS_LIST_INVALID, f"status list {url}: {problem}")]
    try:
        status_list = decode_list(list_credential["credentialSubject"]["encodedList"])
    except (StatusListError, TypeError) as error:
        return [Finding(Reason.STATUS_LIST_INVALID, f"status list {url}: {error}")]
    if status_list.length < minimum_length:
        return [Finding(Reason.STATUS_LIST_INVALID, f"status list {url} has fewer than {minimum_length} entries")]
    if index >= status_list.length:
        return [Finding(Reason.STATUS_LIST_INVALID, f"index {index} is outside status list {url}")]
    if not status_list.is_set(index):
        return []
    if purpose is StatusPurpose.REVOCATION:
        return [Finding(Reason.REVOKED, f"revoked (bit {index} of {url})")]
    return [Finding(Reason.SUSPENDED, f"suspended (bit {index} of {url})")]


def _parse_entry(entry: Any) -> tuple[StatusPurpose, int, str] | Finding:
    if not isinstance(entry, Mapping) or entry.get("type") != ENTRY_TYPE:
        kind = entry.get("type") if isinstance(entry, Mapping) else type(entry).__name__
        return Finding(Reason.STATUS_UNSUPPORTED, f"credentialStatus of type {kind!r} is not supported")
    try:
        purpose = StatusPurpose(str(entry.get("statusPurpose")))
    except ValueError:
        return Finding(Reason.STATUS_UNSUPPORTED, f"statusPurpose {entry.get('statusPurpose')!r} is not supported")
    if entry.get("statusSize", 1) != 1:
        return Finding(Reason.STATUS_UNSUPPORTED, "multi-bit statusSize is not supported")
    index = _index(entry.get("statusListIndex"))
    url = entry.get("statusListCredential")
    if index is None or not isinstance(url, str) or not url:
        return Finding(Reason.STATUS_UNSUPPORTED, "statusListIndex or statusListCredential is malformed")
    return purpose, index, url


def _index(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if value >= 0 else None
    if isinstance(value, str) and value.isascii() and value.isdigit():
        return int(value)
    return None


def _list_problem(
    credential: Mapping[str, Any], list_credential: Mapping[str, Any], purpose: StatusPurpose
) -> str | None:
    if LIST_CREDENTIAL_TYPE not in types_of(list_credential):
        return f"type does not include {LIST_CREDENTIAL_TYPE}"
    subject = list_credential.get("credentialSubject")
    if not isinstance(subject, Mapping) or LIST_TYPE not in types_of(subject):
        return f"credentialSubject is not a {LIST_TYPE}"
    if purpose.value not in as_list(subject.get("statusPurpose")):
        return f"statusPurpose {subject.get('statusPurpose')!r} does not include {purpose.value!r}"
    if issuer_id(list_credential) != issuer_id(credential):
        return "issued by someone other than the credential's issuer"
    if not isinstance(subject.get("encodedList"), str):
        return "encodedList is missing"
    return None
