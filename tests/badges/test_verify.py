"""Offline verification of whole credentials: fixtures, our own credentials, keys, dates, status."""

from __future__ import annotations

import copy
import json
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from certwright.badges.credentials import IssuerInfo, certification_credential, issue, master_credential
from certwright.badges.integrity import sign
from certwright.badges.keys import KeyPair, did_web, did_web_document
from certwright.badges.reasons import Reason
from certwright.badges.status_list import StatusPurpose, new_status_list, set_bit, status_list_credential
from certwright.badges.verify import OfflineResources, verify_credential, verify_credential_file
from tests.badges.support import (
    BITSTRING,
    COMPONENTS,
    ISSUER_KEY,
    ISSUER_METHOD,
    NOW,
    OB,
    REVOCATION_URL,
    SUSPENSION_URL,
    brakes_facts,
    fragment_keys,
    master_facts,
    read_json,
)

SIGNED_AT = datetime(2025, 6, 2, 9, 31, tzinfo=UTC)

FIXTURES: list[tuple[str, tuple[Reason, ...]]] = [
    ("simple-eddsa-rdfc-2022.json", ()),
    ("complete-eddsa-rdfc-2022.json", ()),
    ("simple-err-expired.json", (Reason.EXPIRED,)),
    ("simple-err-proof-value.json", (Reason.SIGNATURE_INVALID,)),
    # The 1EdTech fixture changed the type after signing, so its signature fails too.
    ("simple-err-type.json", (Reason.SIGNATURE_INVALID, Reason.SCHEMA_INVALID)),
    ("simple-noproof-vcdm1.json", (Reason.NO_PROOF, Reason.SCHEMA_INVALID)),
]


@pytest.mark.parametrize(("name", "reasons"), FIXTURES, ids=[row[0] for row in FIXTURES])
def test_1edtech_signed_fixtures(name: str, reasons: tuple[Reason, ...], resources: OfflineResources) -> None:
    credential = read_json(OB / "signed" / name)

    result = verify_credential(credential, now=NOW, resources=resources, trusted_keys=fragment_keys(credential))

    assert result.reasons == reasons, result.messages
    assert result.valid == (not reasons)


def test_a_key_in_a_url_fragment_is_not_trusted_by_itself(resources: OfflineResources) -> None:
    credential = read_json(OB / "signed" / "simple-eddsa-rdfc-2022.json")

    result = verify_credential(credential, now=NOW, resources=resources)

    assert result.reasons == (Reason.UNKNOWN_VERIFICATION_METHOD,)


def test_1edtech_revoked_credential(resources: OfflineResources) -> None:
    credential = read_json(BITSTRING / "1edtech-ob3-credential-status-revoked.json")
    status_list = read_json(BITSTRING / "1edtech-testlist.json")
    url = credential["credentialStatus"]["statusListCredential"]
    keys = fragment_keys(credential, status_list)

    revoked = verify_credential(
        credential, now=NOW, resources=resources, trusted_keys=keys, status_lists={url: status_list}
    )
    unchecked = verify_credential(credential, now=NOW, resources=resources, trusted_keys=keys)

    assert revoked.reasons == (Reason.REVOKED,)
    assert revoked.checks == ("proof", "schema", "validity", "status")
    assert unchecked.valid
    assert "status" not in unchecked.checks


def test_a_tampered_status_list_is_not_believed(resources: OfflineResources) -> None:
    credential = read_json(BITSTRING / "1edtech-ob3-credential-status-revoked.json")
    status_list = read_json(BITSTRING / "1edtech-testlist.json")
    status_list["credentialSubject"]["encodedList"] = (
        "uH4sIAAAAAAAAA-3BMQEAAADCoPVPbQwfoAAAAAAAAAAAAAAAAAAAAIC3AYbSVKsAQAAA"
    )
    url = credential["credentialStatus"]["statusListCredential"]

    result = verify_credential(
        credential,
        now=NOW,
        resources=resources,
        trusted_keys=fragment_keys(credential, status_list),
        status_lists={url: status_list},
    )

    assert result.reasons == (Reason.STATUS_LIST_INVALID,)
    assert "signature_invalid" in result.messages[0]


# --- our own credentials, end to end ------------------------------------------------------------


def _lists(revoked: tuple[int, ...] = (), suspended: tuple[int, ...] = (), loader: Any = None) -> dict[str, Any]:
    lists = {}
    for url, purpose, indexes in (
        (REVOCATION_URL, StatusPurpose.REVOCATION, revoked),
        (SUSPENSION_URL, StatusPurpose.SUSPENSION, suspended),
    ):
        status = new_status_list()
        for index in indexes:
            status = set_bit(status, index)
        unsigned = status_list_credential(
            url=url, issuer=ISSUER_KEY.public.did_key, purpose=purpose, status_list=status, valid_from=SIGNED_AT
        )
        lists[url] = sign(unsigned, ISSUER_KEY, ISSUER_METHOD, SIGNED_AT, loader=loader)
    return lists


@pytest.fixture(scope="module")
def ours(resources: OfflineResources) -> dict[str, Any]:
    unsigned = certification_credential(brakes_facts(suspension=True))
    return issue(
        unsigned, key=ISSUER_KEY, verification_method=ISSUER_METHOD, created=SIGNED_AT, loader=resources.loader
    )


@pytest.mark.parametrize(
    ("revoked", "suspended", "reasons"),
    [
        ((), (), ()),
        ((7,), (), (Reason.REVOKED,)),
        ((), (7,), (Reason.SUSPENDED,)),
        ((7,), (7,), (Reason.REVOKED, Reason.SUSPENDED)),
        ((6, 8), (0, 131_071), ()),
    ],
)
def test_our_credential_status(
    revoked: tuple[int, ...],
    suspended: tuple[int, ...],
    reasons: tuple[Reason, ...],
    ours: dict[str, Any],
    resources: OfflineResources,
) -> None:
    lists = _lists(revoked, suspended, resources.loader)

    result = verify_credential(ours, now=NOW, resources=resources, status_lists=lists)

    assert result.reasons == reasons, result.messages


def test_a_missing_status_list_is_reported(ours: dict[str, Any], resources: OfflineResources) -> None:
    lists = _lists(loader=resources.loader)
    del lists[SUSPENSION_URL]

    result = verify_credential(ours, now=NOW, resources=resources, status_lists=lists)

    assert result.reasons == (Reason.STATUS_LIST_UNAVAILABLE,)


def test_a_status_list_signed_by_someone_else_is_not_believed(
    ours: dict[str, Any], resources: OfflineResources
) -> None:
    impostor = KeyPair.from_seed(b"\x09" * 32)
    lists = _lists(loader=resources.loader)
    unsigned = {name: value for name, value in lists[REVOCATION_URL].items() if name != "proof"}
    lists[REVOCATION_URL] = sign(unsigned, impostor, impostor.public.did_key_method, SIGNED_AT, loader=resources.loader)

    result = verify_credential(ours, now=NOW, resources=resources, status_lists=lists)

    assert result.reasons == (Reason.STATUS_LIST_INVALID,)
    assert "issuer_mismatch" in result.messages[0]


def test_an_expired_status_list_is_not_believed(ours: dict[str, Any], resources: OfflineResources) -> None:
    lists = _lists(loader=resources.loader)
    stale = status_list_credential(
        url=REVOCATION_URL,
        issuer=ISSUER_KEY.public.did_key,
        purpose=StatusPurpose.REVOCATION,
        status_list=new_status_list(),
        valid_from=SIGNED_AT,
        valid_until=SIGNED_AT + timedelta(days=1),
    )
    lists[REVOCATION_URL] = sign(stale, ISSUER_KEY, ISSUER_METHOD, SIGNED_AT, loader=resources.loader)

    result = verify_credential(ours, now=NOW, resources=resources, status_lists=lists)

    assert result.reasons == (Reason.STATUS_LIST_INVALID,)
    assert "expired" in result.messages[0]


VALID_FROM = datetime(2025, 6, 2, 9, 30, tzinfo=UTC)
VALID_UNTIL = datetime(2030, 6, 30, 23, 59, 59, tzinfo=UTC)


@pytest.mark.parametrize(
    ("now", "reasons"),
    [
        (VALID_FROM - timedelta(seconds=1), (Reason.NOT_YET_VALID,)),
        (VALID_FROM, ()),
        (VALID_UNTIL, ()),
        (VALID_UNTIL + timedelta(seconds=1), (Reason.EXPIRED,)),
    ],
    ids=["before validFrom", "at validFrom", "at validUntil", "after validUntil"],
)
def test_validity_window_boundaries(
    now: datetime, reasons: tuple[Reason, ...], ours: dict[str, Any], resources: OfflineResources
) -> None:
    assert verify_credential(ours, now=now, resources=resources).reasons == reasons


def test_now_must_be_aware(ours: dict[str, Any], resources: OfflineResources) -> None:
    with pytest.raises(ValueError, match="aware"):
        verify_credential(ours, now=datetime(2026, 1, 1), resources=resources)  # noqa: DTZ001


def test_unparsable_dates_are_reported(ours: dict[str, Any], resources: OfflineResources) -> None:
    changed = copy.deepcopy(ours)
    changed["validUntil"] = "2030-06-31T00:00:00Z"

    result = verify_credential(changed, now=NOW, resources=resources)

    assert Reason.INVALID_DATES in result.reasons
    assert Reason.SCHEMA_INVALID in result.reasons


def test_master_credential_with_did_web_issuer(resources: OfflineResources) -> None:
    did = did_web("certwright.example", ("issuers", "demo"))
    document = did_web_document(did, {"key-2025": ISSUER_KEY.public})
    facts = replace(master_facts(), issuer=IssuerInfo(did, "Certwright Demo Board", "https://certwright.example"))
    signed = issue(
        master_credential(facts, COMPONENTS),
        key=ISSUER_KEY,
        verification_method=f"{did}#key-2025",
        created=SIGNED_AT,
        loader=resources.loader,
    )

    assert verify_credential(signed, now=NOW, resources=resources, did_documents=[document]).valid
    unresolved = verify_credential(signed, now=NOW, resources=resources)
    assert unresolved.reasons == (Reason.UNKNOWN_VERIFICATION_METHOD,)


def test_a_proof_by_a_key_the_issuer_does_not_control(resources: OfflineResources) -> None:
    other = KeyPair.from_seed(b"\x05" * 32)
    unsigned = certification_credential(brakes_facts())
    signed = sign(unsigned, other, other.public.did_key_method, SIGNED_AT, loader=resources.loader, as_list=True)

    assert verify_credential(signed, now=NOW, resources=resources).reasons == (Reason.ISSUER_MISMATCH,)


def test_every_failed_check_is_reported_at_once(ours: dict[str, Any], resources: OfflineResources) -> None:
    changed = copy.deepcopy(ours)
    changed["type"] = ["VerifiableCredential"]
    lists = _lists(revoked=(7,), loader=resources.loader)

    result = verify_credential(changed, now=VALID_UNTIL + timedelta(days=1), resources=resources, status_lists=lists)

    assert result.reasons == (Reason.SIGNATURE_INVALID, Reason.SCHEMA_INVALID, Reason.EXPIRED, Reason.REVOKED)


def test_verify_a_credential_file(ours: dict[str, Any], resources: OfflineResources, tmp_path: Path) -> None:
    path = tmp_path / "badge.json"
    path.write_text(json.dumps(ours), encoding="utf-8")
    broken = tmp_path / "broken.json"
    broken.write_text("{not json", encoding="utf-8")

    assert verify_credential_file(path, now=NOW, resources=resources).valid
    assert verify_credential_file(broken, now=NOW, resources=resources).reasons == (Reason.MALFORMED_DOCUMENT,)


def test_a_non_object_is_malformed(resources: OfflineResources) -> None:
    assert verify_credential([], now=NOW, resources=resources).reasons == (Reason.MALFORMED_DOCUMENT,)
