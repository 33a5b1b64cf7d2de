"""Verification outcomes: stable reason codes and the :class:`Verification` decision.

Reason codes are part of the public contract (API responses, audit records, translations in
the UI): add new ones, never rename or reuse one.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum


class Reason(StrEnum):
    """Why a credential (or one of its parts) did not verify."""

    MALFORMED_DOCUMENT = "malformed_document"
    """Not a JSON object (or not JSON at all)."""
    NO_PROOF = "no_proof"
    """No embedded ``proof``."""
    PROOF_MALFORMED = "proof_malformed"
    """A proof misses a required member or its ``proofValue`` is not a base58btc signature."""
    UNSUPPORTED_CRYPTOSUITE = "unsupported_cryptosuite"
    """Not a ``DataIntegrityProof`` with ``eddsa-rdfc-2022`` or ``eddsa-jcs-2022``."""
    UNKNOWN_VERIFICATION_METHOD = "unknown_verification_method"
    """The verification method could not be resolved offline to an Ed25519 key."""
    PROOF_PURPOSE_MISMATCH = "proof_purpose_mismatch"
    """The proof was not made for the expected purpose (``assertionMethod``)."""
    CONTEXT_NOT_VENDORED = "context_not_vendored"
    """The document uses a JSON-LD context that is not vendored (never fetched)."""
    CANONICALIZATION_FAILED = "canonicalization_failed"
    """JSON-LD / RDFC-1.0 or JCS canonicalization failed."""
    SIGNATURE_INVALID = "signature_invalid"
    """The signature does not match the document and proof options."""
    ISSUER_MISMATCH = "issuer_mismatch"
    """The proof's verification method is not controlled by the credential's issuer."""
    SCHEMA_INVALID = "schema_invalid"
    """The credential does not satisfy the Open Badges 3.0 JSON Schema."""
    INVALID_DATES = "invalid_dates"
    """``validFrom`` / ``validUntil`` missing or not an RFC 3339 date-time with offset."""
    NOT_YET_VALID = "not_yet_valid"
    """``now`` is before ``validFrom``."""
    EXPIRED = "expired"
    """``now`` is after ``validUntil``."""
    REVOKED = "revoked"
    """The revocation bit of the credential is set."""
    SUSPENDED = "suspended"
    """The suspension bit of the credential is set."""
    STATUS_LIST_UNAVAILABLE = "status_list_unavailable"
    """A status list credential named by ``credentialStatus`` was not supplied."""
    STATUS_LIST_INVALID = "status_list_invalid"
    """The status list credential failed verification, purpose, issuer, length or range checks."""
    STATUS_UNSUPPORTED = "status_unsupported"
    """A ``credentialStatus`` entry of a type or purpose this verifier does not handle."""


@dataclass(frozen=True, slots=True)
class Finding:
    """One failed check: a stable reason and a human-readable English message."""

    reason: Reason
    message: str


@dataclass(frozen=True, slots=True)
class Verification:
    """The decision: ``valid`` is True exactly when ``reasons`` is empty.

    ``reasons`` lists each failed reason once, in the order found; ``messages`` holds every
    finding's message in the same order; ``checks`` names the checks that ran (``proof``,
    ``schema``, ``validity``, ``status``), so a caller can tell "valid" from "valid, status
    not checked".
    """

    valid: bool
    reasons: tuple[Reason, ...] = ()
    messages: tuple[str, ...] = ()
    checks: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.valid == bool(self.reasons):
            raise ValueError("a verification is valid exactly when it has no reasons")

    @classmethod
    def of(cls, findings: Iterable[Finding], checks: Iterable[str] = ()) -> Verification:
        """Collect findings into a decision (duplicate reasons kept once)."""
        found = tuple(findings)
        reasons = tuple(dict.fromkeys(finding.reason for finding in found))
        return cls(
            valid=not reasons,
            reasons=reasons,
            messages=tuple(finding.message for finding in found),
            checks=tuple(dict.fromkeys(checks)),
        )
