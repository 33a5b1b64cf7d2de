"""Data Integrity proofs with the EdDSA cryptosuites ``eddsa-rdfc-2022`` and ``eddsa-jcs-2022``.

Follows W3C "Data Integrity EdDSA Cryptosuites v1.0" (sections 3.2 and 3.3):

1. proof configuration = the proof options (``type``, ``cryptosuite``, ``created``,
   ``verificationMethod``, ``proofPurpose``, ...) with the document's ``@context``;
2. transformation = canonical form of the unsecured document: RDFC-1.0 (URDNA2015) N-Quads via
   pyld and the offline loader for ``eddsa-rdfc-2022``, RFC 8785 JCS for ``eddsa-jcs-2022``;
3. hash data = SHA-256(canonical proof configuration) || SHA-256(canonical document);
4. ``proofValue`` = ``z`` + base58btc(Ed25519 signature of the hash data).

For ``eddsa-jcs-2022`` the proof keeps the ``@context`` it was made with (as in the W3C test
vectors); for ``eddsa-rdfc-2022`` it does not. Proof sets and chains (``previousProof``) follow
Data Integrity 1.0 section 4.
"""

from __future__ import annotations

import copy
import hashlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any, Final

from pyld import jsonld

from certwright.badges import jcs, multibase, vc
from certwright.badges.contexts import ContextNotVendoredError, OfflineDocumentLoader
from certwright.badges.keys import KeyPair, PublicKey
from certwright.badges.multibase import Base, MultibaseError
from certwright.badges.reasons import Finding, Reason, Verification
from certwright.badges.timestamps import format_datetime, parse_datetime

PROOF_TYPE: Final = "DataIntegrityProof"
SIGNATURE_LENGTH: Final = 64

KeyResolver = Callable[[str], PublicKey | None]
"""Maps a ``verificationMethod`` id to its Ed25519 key, or None when it cannot be resolved."""


class Cryptosuite(StrEnum):
    EDDSA_RDFC_2022 = "eddsa-rdfc-2022"
    EDDSA_JCS_2022 = "eddsa-jcs-2022"


class ProofError(ValueError):
    """A proof cannot be created from these arguments."""


class UndefinedTermError(ValueError):
    """JSON-LD expansion would drop a property: it would not be covered by an RDFC signature."""


class _ProofFailedError(Exception):
    """Internal: a finding that ends the checks of one proof."""

    def __init__(self, reason: Reason, message: str) -> None:
        super().__init__(message)
        self.finding = Finding(reason, message)


@dataclass(frozen=True, slots=True)
class HashData:
    """The canonical inputs of one proof and the 64 bytes that get signed."""

    canonical_proof_config: bytes
    canonical_document: bytes

    @property
    def proof_config_hash(self) -> bytes:
        return hashlib.sha256(self.canonical_proof_config).digest()

    @property
    def document_hash(self) -> bytes:
        return hashlib.sha256(self.canonical_document).digest()

    @property
    def combined(self) -> bytes:
        """SHA-256(proof configuration) followed by SHA-256(document)."""
        return self.proof_config_hash + self.document_hash


def canonicalize(document: Mapping[str, Any], cryptosuite: Cryptosuite, loader: OfflineDocumentLoader | None) -> bytes:
    """The canonical bytes of a JSON-LD document under ``cryptosuite`` (N-Quads or JCS).

    RDFC raises :class:`ContextNotVendoredError` (as the cause of a pyld ``JsonLdError``) for a
    context the loader does not hold, and :class:`UndefinedTermError` when JSON-LD expansion
    would drop a property (like jsonld.js "safe mode"): such a term would escape the signature.
    """
    if cryptosuite is Cryptosuite.EDDSA_JCS_2022:
        return jcs.canonicalize(document)
    if loader is None:
        raise ProofError("eddsa-rdfc-2022 needs an offline document loader (contexts.load_contexts)")
    dropped: list[str | None] = []
    processor = jsonld.JsonLdProcessor(on_property_dropped=dropped.append)
    nquads = processor.normalize(
        copy.deepcopy(dict(document)),
        {"algorithm": "URDNA2015", "format": "application/n-quads", "documentLoader": loader},
    )
    if dropped:
        raise UndefinedTermError(f"JSON-LD expansion would drop undefined term(s) {sorted(map(str, dropped))}")
    assert isinstance(nquads, str)
    return nquads.encode("utf-8")


def hash_data(
    unsecured_document: Mapping[str, Any],
    proof_config: Mapping[str, Any],
    cryptosuite: Cryptosuite,
    loader: OfflineDocumentLoader | None,
) -> HashData:
    """Canonicalize the proof configuration and the unsecured document and keep both."""
    return HashData(
        canonical_proof_config=canonicalize(proof_config, cryptosuite, loader),
        canonical_document=canonicalize(unsecured_document, cryptosuite, loader),
    )


def proof_options(
    *,
    cryptosuite: Cryptosuite,
    verification_method: str,
    created: datetime,
    proof_purpose: str = "assertionMethod",
    proof_id: str | None = None,
    previous_proof: str | tuple[str, ...] | None = None,
) -> dict[str, Any]:
    """Proof options in the member order of the W3C test vectors."""
    options: dict[str, Any] = {"type": PROOF_TYPE}
    if proof_id is not None:
        options["id"] = proof_id
    options["cryptosuite"] = cryptosuite.value
    options["created"] = format_datetime(created)
    options["verificationMethod"] = verification_method
    options["proofPurpose"] = proof_purpose
    if previous_proof is not None:
        options["previousProof"] = previous_proof if isinstance(previous_proof, str) else list(previous_proof)
    return options


def sign(
    document: Mapping[str, Any],
    key: KeyPair,
    verification_method: str,
    created: datetime,
    proof_purpose: str = "assertionMethod",
    cryptosuite: Cryptosuite = Cryptosuite.EDDSA_RDFC_2022,
    *,
    loader: OfflineDocumentLoader | None = None,
    proof_id: str | None = None,
    previous_proof: str | tuple[str, ...] | None = None,
    as_list: bool = False,
) -> dict[str, Any]:
    """Return a copy of ``document`` with a new Data Integrity proof added.

    An existing proof is kept (a proof set); ``previous_proof`` names earlier proofs by ``id``
    to chain to them. The proof is a single object unless ``as_list`` or other proofs exist.
    ``loader`` is required for ``eddsa-rdfc-2022``.
    """
    unsecured = copy.deepcopy(dict(document))
    existing = vc.as_list(unsecured.pop("proof", None))
    proof = proof_options(
        cryptosuite=cryptosuite,
        verification_method=verification_method,
        created=created,
        proof_purpose=proof_purpose,
        proof_id=proof_id,
        previous_proof=previous_proof,
    )
    if cryptosuite is Cryptosuite.EDDSA_JCS_2022 and "@context" in unsecured:
        proof["@context"] = copy.deepcopy(unsecured["@context"])
    config = dict(proof)
    if "@context" in unsecured:
        config["@context"] = copy.deepcopy(unsecured["@context"])
    hashed_document = dict(unsecured)
    if previous_proof is not None:
        hashed_document["proof"] = _matching_proofs(previous_proof, existing)
    signature = key.sign(hash_data(hashed_document, config, cryptosuite, loader).combined)
    proof["proofValue"] = multibase.encode(signature, Base.BASE58BTC)
    proofs = [*existing, proof]
    unsecured["proof"] = proofs if as_list or len(proofs) > 1 else proof
    return unsecured


def _matching_proofs(previous: Any, proofs: list[Any]) -> list[Any]:
    wanted = [previous] if isinstance(previous, str) else list(previous)
    by_id = {proof.get("id"): proof for proof in proofs if isinstance(proof, Mapping)}
    missing = [proof_id for proof_id in wanted if proof_id not in by_id]
    if missing:
        raise ProofError(f"previous proof(s) {missing} not found in the document")
    return [copy.deepcopy(by_id[proof_id]) for proof_id in wanted]


# --- verification -------------------------------------------------------------------------------


def proofs_of(document: Mapping[str, Any]) -> tuple[Any, ...]:
    """The embedded proofs of a document (a single ``proof`` object counts as one)."""
    return tuple(vc.as_list(document.get("proof")))


def verify(
    document: Any,
    resolve_key: KeyResolver,
    *,
    loader: OfflineDocumentLoader | None = None,
    expected_purpose: str = "assertionMethod",
) -> Verification:
    """Check every embedded proof of ``document``; all must verify.

    Reasons: ``malformed_document``, ``no_proof``, ``proof_malformed``,
    ``unsupported_cryptosuite``, ``unknown_verification_method``, ``proof_purpose_mismatch``,
    ``context_not_vendored``, ``canonicalization_failed``, ``signature_invalid``.
    """
    return Verification.of(
        proof_findings(document, resolve_key, loader=loader, expected_purpose=expected_purpose), ("proof",)
    )


def proof_findings(
    document: Any,
    resolve_key: KeyResolver,
    *,
    loader: OfflineDocumentLoader | None = None,
    expected_purpose: str = "assertionMethod",
) -> tuple[Finding, ...]:
    """The findings of :func:`verify`, for callers that combine them with other checks."""
    if not isinstance(document, Mapping):
        return (Finding(Reason.MALFORMED_DOCUMENT, "the document is not a JSON object"),)
    proofs = list(proofs_of(document))
    if not proofs:
        return (Finding(Reason.NO_PROOF, "the document has no embedded proof"),)
    unsecured = {name: value for name, value in document.items() if name != "proof"}
    findings: list[Finding] = []
    for position, proof in enumerate(proofs):
        findings.extend(_verify_proof(unsecured, proof, proofs, resolve_key, loader, expected_purpose, position))
    return tuple(findings)


def _verify_proof(
    unsecured: Mapping[str, Any],
    proof: Any,
    all_proofs: list[Any],
    resolve_key: KeyResolver,
    loader: OfflineDocumentLoader | None,
    expected_purpose: str,
    position: int,
) -> list[Finding]:
    label = f"proof {position + 1}"
    findings: list[Finding] = []
    try:
        cryptosuite, signature, method = _read_proof(proof, label)
        if proof.get("proofPurpose") != expected_purpose:
            findings.append(
                Finding(
                    Reason.PROOF_PURPOSE_MISMATCH,
                    f"{label}: proofPurpose is {proof.get('proofPurpose')!r}, expected {expected_purpose!r}",
                )
            )
        key = resolve_key(method)
        if key is None:
            raise _ProofFailedError(Reason.UNKNOWN_VERIFICATION_METHOD, f"{label}: cannot resolve {method!r} offline")
        document, config = _inputs_for_verification(unsecured, proof, all_proofs, cryptosuite, label)
        data = _hash_for_verification(document, config, cryptosuite, loader, label)
        if not key.verify(signature, data.combined):
            raise _ProofFailedError(Reason.SIGNATURE_INVALID, f"{label}: the signature does not match the document")
    except _ProofFailedError as failure:
        findings.append(failure.finding)
    return findings


def _read_proof(proof: Any, label: str) -> tuple[Cryptosuite, bytes, str]:
    if not isinstance(proof, Mapping):
        raise _ProofFailedError(Reason.PROOF_MALFORMED, f"{label} is not an object")
    suite = proof.get("cryptosuite")
    if proof.get("type") != PROOF_TYPE or suite not in set(Cryptosuite):
        raise _ProofFailedError(
            Reason.UNSUPPORTED_CRYPTOSUITE,
            f"{label}: type {proof.get('type')!r} / cryptosuite {suite!r} is not supported "
            f"(expected {PROOF_TYPE} with {', '.join(Cryptosuite)})",
        )
    method = proof.get("verificationMethod")
    if not isinstance(method, str) or not method:
        raise _ProofFailedError(Reason.PROOF_MALFORMED, f"{label}: verificationMethod is missing")
    if "created" in proof and parse_datetime(proof["created"]) is None:
        raise _ProofFailedError(Reason.PROOF_MALFORMED, f"{label}: created is not a date-time with offset")
    value = proof.get("proofValue")
    try:
        signature = multibase.decode(value, Base.BASE58BTC) if isinstance(value, str) else b""
    except MultibaseError:
        signature = b""
    if len(signature) != SIGNATURE_LENGTH:
        raise _ProofFailedError(Reason.PROOF_MALFORMED, f"{label}: proofValue is not a base58btc Ed25519 signature")
    return Cryptosuite(suite), signature, method


def _inputs_for_verification(
    unsecured: Mapping[str, Any],
    proof: Mapping[str, Any],
    all_proofs: list[Any],
    cryptosuite: Cryptosuite,
    label: str,
) -> tuple[dict[str, Any], dict[str, Any]]:
    document = copy.deepcopy(dict(unsecured))
    config = {name: copy.deepcopy(value) for name, value in proof.items() if name != "proofValue"}
    if cryptosuite is Cryptosuite.EDDSA_JCS_2022 and "@context" in config:
        if not _starts_with(document.get("@context"), config["@context"]):
            raise _ProofFailedError(
                Reason.SIGNATURE_INVALID, f"{label}: the document @context does not start with the proof's"
            )
        document["@context"] = config["@context"]
    elif "@context" in document:
        config["@context"] = copy.deepcopy(document["@context"])
    previous = proof.get("previousProof")
    if previous is not None:
        try:
            document["proof"] = _matching_proofs(previous, all_proofs)
        except (ProofError, TypeError) as error:
            raise _ProofFailedError(Reason.PROOF_MALFORMED, f"{label}: {error}") from error
    return document, config


def _starts_with(document_context: Any, proof_context: Any) -> bool:
    document_list, proof_list = vc.as_list(document_context), vc.as_list(proof_context)
    return document_list[: len(proof_list)] == proof_list


def _hash_for_verification(
    document: Mapping[str, Any],
    config: Mapping[str, Any],
    cryptosuite: Cryptosuite,
    loader: OfflineDocumentLoader | None,
    label: str,
) -> HashData:
    try:
        return hash_data(document, config, cryptosuite, loader)
    except ProofError as error:
        raise _ProofFailedError(Reason.CANONICALIZATION_FAILED, f"{label}: {error}") from error
    except (jsonld.JsonLdError, jcs.CanonicalizationError, UndefinedTermError, ContextNotVendoredError) as error:
        missing = _missing_context(error)
        if missing is not None:
            raise _ProofFailedError(Reason.CONTEXT_NOT_VENDORED, f"{label}: {missing}") from error
        raise _ProofFailedError(Reason.CANONICALIZATION_FAILED, f"{label}: {_first_line(error)}") from error


def _missing_context(error: BaseException) -> ContextNotVendoredError | None:
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        if isinstance(current, ContextNotVendoredError):
            return current
        seen.add(id(current))
        current = current.__cause__ or current.__context__
    return None


def _first_line(error: BaseException) -> str:
    text = error.args[0] if error.args else str(error)
    return str(text).splitlines()[0] if str(text) else type(error).__name__


def verification_methods(document: Mapping[str, Any]) -> tuple[str, ...]:
    """The ``verificationMethod`` of each embedded proof (for issuer binding checks)."""
    return tuple(
        proof["verificationMethod"]
        for proof in proofs_of(document)
        if isinstance(proof, Mapping) and isinstance(proof.get("verificationMethod"), str)
    )
