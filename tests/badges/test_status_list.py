"""Bitstring Status List: bit order, encoding, the spec and 1EdTech fixtures, and every status reason."""

from __future__ import annotations

import gzip
from datetime import UTC, datetime
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from certwright.badges import multibase
from certwright.badges.multibase import Base
from certwright.badges.reasons import Reason
from certwright.badges.status_list import (
    MIN_LENGTH,
    StatusList,
    StatusListError,
    StatusPurpose,
    check_status,
    clear_bit,
    decode_list,
    encode_list,
    new_status_list,
    set_bit,
    status_entry,
    status_list_credential,
    status_list_urls,
    with_bits,
)
from tests.badges.support import BITSTRING, read_json

ISSUER = "did:key:z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2"
LIST_URL = "https://certwright.example/status/revocation/1"
FROM = datetime(2025, 1, 1, tzinfo=UTC)


def test_index_zero_is_the_most_significant_bit_of_the_first_byte() -> None:
    status = set_bit(new_status_list(), 0)
    assert status.bits[0] == 0x80
    assert set_bit(new_status_list(), 9).bits[1] == 0x40
    assert set_bit(new_status_list(), MIN_LENGTH - 1).bits[-1] == 0x01


def test_set_and_clear_return_new_lists() -> None:
    empty = new_status_list()
    revoked = set_bit(empty, 23)

    assert revoked.is_set(23)
    assert not empty.is_set(23)
    assert not clear_bit(revoked, 23).is_set(23)
    assert revoked.set_indexes() == (23,)


def test_minimum_length_is_131072_entries() -> None:
    assert new_status_list().length == 131_072
    with pytest.raises(StatusListError):
        new_status_list(131_064)
    with pytest.raises(StatusListError):
        new_status_list(131_073)


@pytest.mark.parametrize("index", [-1, MIN_LENGTH])
def test_indexes_outside_the_list_are_refused(index: int) -> None:
    with pytest.raises(StatusListError, match="outside"):
        set_bit(new_status_list(), index)


@settings(max_examples=40, deadline=None)
@given(st.sets(st.integers(0, MIN_LENGTH - 1), max_size=40))
def test_encode_decode_round_trip(indexes: set[int]) -> None:
    status = with_bits(new_status_list(), indexes)
    encoded = encode_list(status)

    assert encoded.startswith("u")
    assert "=" not in encoded
    assert decode_list(encoded) == status
    assert set(decode_list(encoded).set_indexes()) == indexes


def test_encoding_is_deterministic() -> None:
    assert encode_list(set_bit(new_status_list(), 5)) == encode_list(set_bit(new_status_list(), 5))


def test_spec_example_is_131072_clear_bits() -> None:
    credential = read_json(BITSTRING / "example-bitstring-status-list-credential.json")
    status = decode_list(credential["credentialSubject"]["encodedList"])

    assert status.length == 131_072
    assert status.set_indexes() == ()


def test_1edtech_list_has_only_bit_23_set() -> None:
    credential = read_json(BITSTRING / "1edtech-testlist.json")
    status = decode_list(credential["credentialSubject"]["encodedList"])

    assert status.length == 131_072
    assert status.set_indexes() == (23,)


@pytest.mark.parametrize(
    "encoded",
    [
        "H4sIAAAAAAAAA-3BMQEAAADCoPVPbQwfoAAAAAAAAAAAAAAAAAAAAIC3AYbSVKsAQAAA",  # no multibase prefix
        "zH4sIAAAAAAAAA",  # base58 instead of base64url
        "u" + multibase.base64url_encode(b"not gzip"),
        "u" + multibase.base64url_encode(gzip.compress(bytes(100), mtime=0)[:-8]),  # truncated
    ],
)
def test_bad_encoded_lists_are_refused(encoded: str) -> None:
    with pytest.raises(StatusListError):
        decode_list(encoded)


def test_oversized_lists_are_refused_before_they_are_expanded() -> None:
    bomb = multibase.encode(gzip.compress(bytes(17 * 1024 * 1024)), Base.BASE64URL)
    with pytest.raises(StatusListError, match="beyond"):
        decode_list(bomb)


def test_entry_and_list_credential_shapes() -> None:
    entry = status_entry(list_url=LIST_URL, index=94567, purpose=StatusPurpose.REVOCATION)
    example = read_json(BITSTRING / "example-revocable-vc.json")["credentialStatus"]
    assert set(entry) == set(example)
    assert entry["statusListIndex"] == "94567"
    assert entry["id"] == f"{LIST_URL}#94567"

    credential = status_list_credential(
        url=LIST_URL, issuer=ISSUER, purpose=StatusPurpose.REVOCATION, status_list=new_status_list(), valid_from=FROM
    )
    spec = read_json(BITSTRING / "example-bitstring-status-list-credential.json")
    assert list(credential) == list(spec)
    assert credential["credentialSubject"]["id"] == f"{LIST_URL}#list"
    assert credential["credentialSubject"]["type"] == "BitstringStatusList"


def _list(purpose: Any = "revocation", bits: tuple[int, ...] = (3,), **changes: Any) -> dict[str, Any]:
    credential = status_list_credential(
        url=LIST_URL,
        issuer=ISSUER,
        purpose=StatusPurpose.REVOCATION,
        status_list=with_bits(new_status_list(), bits),
        valid_from=FROM,
    )
    credential["credentialSubject"]["statusPurpose"] = purpose
    credential.update(changes)
    return credential


def _holder_credential(**entry_changes: Any) -> dict[str, Any]:
    entry = status_entry(list_url=LIST_URL, index=3, purpose=StatusPurpose.REVOCATION)
    entry.update(entry_changes)
    return {"issuer": {"id": ISSUER}, "credentialStatus": entry}


ROWS: list[tuple[str, dict[str, Any], dict[str, Any] | None, tuple[Reason, ...]]] = [
    ("bit set: revoked", {}, _list(), (Reason.REVOKED,)),
    ("integer index as in 1EdTech", {"statusListIndex": 3}, _list(), (Reason.REVOKED,)),
    ("bit clear: valid", {"statusListIndex": "4"}, _list(), ()),
    ("suspended", {"statusPurpose": "suspension"}, _list("suspension"), (Reason.SUSPENDED,)),
    (
        "list with both purposes",
        {"statusPurpose": "suspension"},
        _list(["revocation", "suspension"]),
        (Reason.SUSPENDED,),
    ),
    ("list not supplied", {}, None, (Reason.STATUS_LIST_UNAVAILABLE,)),
    ("purpose mismatch", {"statusPurpose": "suspension"}, _list("revocation"), (Reason.STATUS_LIST_INVALID,)),
    ("other issuer", {}, _list(issuer="did:example:someone-else"), (Reason.STATUS_LIST_INVALID,)),
    ("not a list credential", {}, _list(type=["VerifiableCredential"]), (Reason.STATUS_LIST_INVALID,)),
    ("index beyond the list", {"statusListIndex": str(MIN_LENGTH)}, _list(), (Reason.STATUS_LIST_INVALID,)),
    ("message purpose", {"statusPurpose": "message"}, _list(), (Reason.STATUS_UNSUPPORTED,)),
    ("multi-bit status", {"statusSize": 2}, _list(), (Reason.STATUS_UNSUPPORTED,)),
    ("negative index", {"statusListIndex": "-1"}, _list(), (Reason.STATUS_UNSUPPORTED,)),
    ("other status type", {"type": "1EdTechRevocationList"}, _list(), (Reason.STATUS_UNSUPPORTED,)),
]


@pytest.mark.parametrize(
    ("entry_changes", "list_credential", "reasons"), [row[1:] for row in ROWS], ids=[row[0] for row in ROWS]
)
def test_status_reasons(
    entry_changes: dict[str, Any], list_credential: dict[str, Any] | None, reasons: tuple[Reason, ...]
) -> None:
    lists = {} if list_credential is None else {LIST_URL: list_credential}
    findings = check_status(_holder_credential(**entry_changes), lists)

    assert tuple(finding.reason for finding in findings) == reasons


def test_short_lists_are_invalid() -> None:
    short = _list()
    short["credentialSubject"]["encodedList"] = encode_list(StatusList(bytes(1024)))
    findings = check_status(_holder_credential(), {LIST_URL: short})

    assert [finding.reason for finding in findings] == [Reason.STATUS_LIST_INVALID]
    assert "fewer than 131072" in findings[0].message


def test_rejected_lists_are_reported_as_invalid() -> None:
    findings = check_status(_holder_credential(), {LIST_URL: _list()}, rejected={LIST_URL: "signature_invalid"})
    assert [finding.reason for finding in findings] == [Reason.STATUS_LIST_INVALID]


def test_1edtech_credential_is_revoked_by_its_list() -> None:
    credential = read_json(BITSTRING / "1edtech-ob3-credential-status-revoked.json")
    status_list = read_json(BITSTRING / "1edtech-testlist.json")
    (url,) = status_list_urls(credential)

    findings = check_status(credential, {url: status_list})

    assert [finding.reason for finding in findings] == [Reason.REVOKED]


def test_a_credential_without_status_has_nothing_to_report() -> None:
    assert check_status({"issuer": ISSUER}, {}) == ()
