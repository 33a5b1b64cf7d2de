"""Every reason the proof verifier gives, one row each, plus signing preconditions."""

from __future__ import annotations

import copy
from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest

from certwright.badges.contexts import OfflineDocumentLoader
from certwright.badges.integrity import Cryptosuite, ProofError, UndefinedTermError, sign, verify
from certwright.badges.keys import KeyPair, resolve_did_key
from certwright.badges.reasons import Reason, Verification
from tests.badges.support import EDDSA, read_json

CREATED = datetime(2023, 2, 24, 23, 36, 38, tzinfo=UTC)
OTHER_KEY = KeyPair.from_seed(b"\x07" * 32)


def _signed(
    key: KeyPair, loader: OfflineDocumentLoader, suite: Cryptosuite = Cryptosuite.EDDSA_RDFC_2022
) -> dict[str, Any]:
    return sign(
        read_json(EDDSA / "unsigned.json"), key, key.public.did_key_method, CREATED, cryptosuite=suite, loader=loader
    )


def _proof(document: dict[str, Any]) -> dict[str, Any]:
    proof = document["proof"]
    found: dict[str, Any] = proof[0] if isinstance(proof, list) else proof
    return found


def _set(path: str, value: Any) -> Callable[[dict[str, Any]], None]:
    def change(document: dict[str, Any]) -> None:
        _proof(document)[path] = value

    return change


def _drop_proof(document: dict[str, Any]) -> None:
    del document["proof"]


def _edit_claim(document: dict[str, Any]) -> None:
    document["credentialSubject"]["alumniOf"] = "Another School"


def _foreign_context(document: dict[str, Any]) -> None:
    document["@context"] = [*document["@context"], "https://example.org/not-vendored/v1"]


def _undefined_term(document: dict[str, Any]) -> None:
    document["@context"] = [*document["@context"], {"@vocab": None}]
    document["sneaky"] = "unsigned text"


ROWS: list[tuple[str, Callable[[dict[str, Any]], None], Reason]] = [
    ("no proof", _drop_proof, Reason.NO_PROOF),
    ("claim edited", _edit_claim, Reason.SIGNATURE_INVALID),
    ("created edited", _set("created", "2023-02-24T23:36:39Z"), Reason.SIGNATURE_INVALID),
    ("other cryptosuite", _set("cryptosuite", "ecdsa-rdfc-2019"), Reason.UNSUPPORTED_CRYPTOSUITE),
    ("legacy proof type", _set("type", "Ed25519Signature2020"), Reason.UNSUPPORTED_CRYPTOSUITE),
    ("unknown method", _set("verificationMethod", "https://vc.example/keys/1"), Reason.UNKNOWN_VERIFICATION_METHOD),
    (
        "did:key fragment mismatch",
        _set("verificationMethod", OTHER_KEY.public.did_key),
        Reason.UNKNOWN_VERIFICATION_METHOD,
    ),
    ("someone else's key", _set("verificationMethod", OTHER_KEY.public.did_key_method), Reason.SIGNATURE_INVALID),
    ("authentication purpose", _set("proofPurpose", "authentication"), Reason.PROOF_PURPOSE_MISMATCH),
    ("no method", _set("verificationMethod", None), Reason.PROOF_MALFORMED),
    ("proofValue not base58", _set("proofValue", "zOOOO"), Reason.PROOF_MALFORMED),
    ("proofValue base64url", _set("proofValue", "uAAAA"), Reason.PROOF_MALFORMED),
    ("proofValue too short", _set("proofValue", "z2HnFSSPPBz"), Reason.PROOF_MALFORMED),
    ("created not a date-time", _set("created", "yesterday"), Reason.PROOF_MALFORMED),
    ("missing previous proof", _set("previousProof", "urn:uuid:nowhere"), Reason.PROOF_MALFORMED),
    ("context not vendored", _foreign_context, Reason.CONTEXT_NOT_VENDORED),
    ("undefined term dropped", _undefined_term, Reason.CANONICALIZATION_FAILED),
]


@pytest.mark.parametrize(("change", "reason"), [row[1:] for row in ROWS], ids=[row[0] for row in ROWS])
def test_each_failure_has_its_reason(
    change: Callable[[dict[str, Any]], None], reason: Reason, vector_key: KeyPair, loader: OfflineDocumentLoader
) -> None:
    document = _signed(vector_key, loader)
    change(document)

    result = verify(document, resolve_did_key, loader=loader)

    assert not result.valid
    assert reason in result.reasons, result.messages
    assert len(result.messages) >= len(result.reasons)


def test_not_an_object_is_malformed(loader: OfflineDocumentLoader) -> None:
    assert verify(["not", "a", "credential"], resolve_did_key, loader=loader).reasons == (Reason.MALFORMED_DOCUMENT,)


def test_a_proof_that_is_not_an_object_is_malformed(vector_key: KeyPair, loader: OfflineDocumentLoader) -> None:
    document = _signed(vector_key, loader)
    document["proof"] = [document["proof"], "junk"]

    assert verify(document, resolve_did_key, loader=loader).reasons == (Reason.PROOF_MALFORMED,)


def test_rdfc_proof_without_loader_cannot_be_canonicalized(vector_key: KeyPair, loader: OfflineDocumentLoader) -> None:
    result = verify(_signed(vector_key, loader), resolve_did_key)

    assert result.reasons == (Reason.CANONICALIZATION_FAILED,)


def test_jcs_proof_context_must_prefix_the_document_context(vector_key: KeyPair, loader: OfflineDocumentLoader) -> None:
    document = _signed(vector_key, loader, Cryptosuite.EDDSA_JCS_2022)
    document["@context"] = list(reversed(document["@context"]))

    assert verify(document, resolve_did_key).reasons == (Reason.SIGNATURE_INVALID,)


def test_jcs_ignores_member_order_but_not_content(vector_key: KeyPair, loader: OfflineDocumentLoader) -> None:
    document = _signed(vector_key, loader, Cryptosuite.EDDSA_JCS_2022)
    reordered = dict(reversed(list(document.items())))
    assert verify(reordered, resolve_did_key).valid  # JCS sorts members: order is not content
    reordered["extra"] = 1
    assert verify(reordered, resolve_did_key).reasons == (Reason.SIGNATURE_INVALID,)


def test_all_proofs_of_a_set_must_verify(vector_key: KeyPair, loader: OfflineDocumentLoader) -> None:
    once = _signed(vector_key, loader)
    twice = sign(once, OTHER_KEY, OTHER_KEY.public.did_key_method, CREATED, loader=loader)
    assert verify(twice, resolve_did_key, loader=loader).valid

    broken = copy.deepcopy(twice)
    broken["proof"][1]["created"] = "2024-01-01T00:00:00Z"
    result = verify(broken, resolve_did_key, loader=loader)
    assert result.reasons == (Reason.SIGNATURE_INVALID,)
    assert result.messages[0].startswith("proof 2:")


def test_sign_refuses_naive_and_fractional_datetimes(vector_key: KeyPair, loader: OfflineDocumentLoader) -> None:
    document = read_json(EDDSA / "unsigned.json")
    method = vector_key.public.did_key_method
    with pytest.raises(ValueError, match="timezone-aware"):
        sign(document, vector_key, method, datetime(2023, 1, 1), loader=loader)  # noqa: DTZ001
    with pytest.raises(ValueError, match="whole seconds"):
        sign(document, vector_key, method, CREATED.replace(microsecond=5), loader=loader)


def test_created_is_written_in_utc(vector_key: KeyPair, loader: OfflineDocumentLoader) -> None:
    local = CREATED.astimezone(timezone(timedelta(hours=-5)))
    signed = sign(
        read_json(EDDSA / "unsigned.json"), vector_key, vector_key.public.did_key_method, local, loader=loader
    )

    assert signed["proof"]["created"] == "2023-02-24T23:36:38Z"


def test_terms_the_signature_would_not_cover_are_refused_when_signing(
    vector_key: KeyPair, loader: OfflineDocumentLoader
) -> None:
    document = read_json(EDDSA / "unsigned.json")
    _undefined_term(document)
    with pytest.raises(UndefinedTermError, match="sneaky"):
        sign(document, vector_key, vector_key.public.did_key_method, CREATED, loader=loader)


def test_rdfc_signing_needs_a_loader(vector_key: KeyPair) -> None:
    with pytest.raises(ProofError, match="loader"):
        sign(read_json(EDDSA / "unsigned.json"), vector_key, vector_key.public.did_key_method, CREATED)


def test_chaining_to_a_missing_proof_is_refused(vector_key: KeyPair, loader: OfflineDocumentLoader) -> None:
    with pytest.raises(ProofError, match="not found"):
        sign(
            _signed(vector_key, loader),
            vector_key,
            vector_key.public.did_key_method,
            CREATED,
            previous_proof="urn:uuid:absent",
            loader=loader,
        )


def test_signing_does_not_touch_the_input(vector_key: KeyPair, loader: OfflineDocumentLoader) -> None:
    document = read_json(EDDSA / "unsigned.json")
    before = copy.deepcopy(document)
    sign(document, vector_key, vector_key.public.did_key_method, CREATED, loader=loader)

    assert document == before


def test_verification_is_valid_exactly_without_reasons() -> None:
    with pytest.raises(ValueError, match="exactly"):
        Verification(valid=True, reasons=(Reason.EXPIRED,))
    with pytest.raises(ValueError, match="exactly"):
        Verification(valid=False)
