"""Offline verification of an Open Badges 3.0 credential: proof, schema, dates, status.

Nothing is fetched. Keys come from the credential itself only for did:key; did:web (and any
other DID) keys come from DID documents the caller passes in, and other verification method
URLs only from ``trusted_keys`` (a key cannot vouch for itself through its URL). Status list
credentials are passed in by the URL the credential names; they are verified with the same
rules before their bits are read.

Every failed check is reported (not just the first), so a verification page can say
"signature valid, but expired and suspended".
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from pathlib import Path
from types import MappingProxyType
from typing import Any, Final

import jsonschema

from certwright.badges.contexts import OfflineDocumentLoader, load_contexts
from certwright.badges.integrity import KeyResolver, proof_findings, verification_methods
from certwright.badges.keys import PublicKey, resolve_did_key, resolve_from_documents
from certwright.badges.reasons import Finding, Reason, Verification
from certwright.badges.status_list import check_status, status_list_urls
from certwright.badges.timestamps import is_datetime, parse_datetime, require_aware
from certwright.badges.vc import controller_of, issuer_id, types_of

VENDORED_SCHEMAS: Final = Path(__file__).parent / "schemas"
ACHIEVEMENT_CREDENTIAL_SCHEMA: Final = "ob_v3p0_achievementcredential_schema.json"
MAX_SCHEMA_MESSAGES: Final = 10
_NO_KEYS: Final[Mapping[str, PublicKey]] = MappingProxyType({})
OPEN_BADGE_TYPES: Final = frozenset({"OpenBadgeCredential", "AchievementCredential"})


class Profile(StrEnum):
    """What a credential is checked as.

    ``open-badge``: every check (proof, issuer binding, OB 3.0 schema, dates, status).
    ``vc``: a plain Verifiable Credential checked the way the W3C vc-di-eddsa test vectors are:
    the Data Integrity proofs, dates and status, but no OB schema and no issuer binding (the
    vectors' issuers are an ``https:`` URL or a P-256 did:key that did not sign them). Callers
    should report :func:`issuer_findings` as a warning for this profile.
    """

    OPEN_BADGE = "open-badge"
    VC = "vc"


def profile_of(credential: Any) -> Profile:
    """``open-badge`` when the credential's type names an OB 3.0 credential, else ``vc``."""
    return Profile.OPEN_BADGE if types_of(credential) & OPEN_BADGE_TYPES else Profile.VC


@dataclass(frozen=True, slots=True)
class OfflineResources:
    """What verification reads from disk, loaded once: JSON-LD contexts and the OB schema."""

    loader: OfflineDocumentLoader
    schema: Mapping[str, Any]

    def schema_errors(self, credential: Mapping[str, Any]) -> tuple[str, ...]:
        """Messages of every OB 3.0 JSON Schema violation (empty when valid).

        A ``credentialStatus`` list (VC 2.0 allows several entries, the OB schema one) is
        checked entry by entry against the schema's CredentialStatus definition.
        """
        document = dict(credential)
        errors: list[str] = []
        statuses = document.get("credentialStatus")
        if isinstance(statuses, list) and statuses:
            entry_schema = {"$defs": self.schema.get("$defs", {}), "$ref": "#/$defs/CredentialStatus"}
            for position, entry in enumerate(statuses):
                errors.extend(f"credentialStatus[{position}]: {text}" for text in _errors(entry_schema, entry))
            document["credentialStatus"] = statuses[0]
        errors.extend(_errors(self.schema, document))
        return tuple(errors)


def load_resources(contexts_dir: Path, schemas_dir: Path) -> OfflineResources:
    """Read the contexts folder and the AchievementCredential schema from ``schemas_dir``."""
    schema = json.loads((schemas_dir / ACHIEVEMENT_CREDENTIAL_SCHEMA).read_text(encoding="utf-8"))
    return OfflineResources(load_contexts(contexts_dir), MappingProxyType(schema))


def _date_format(value: object) -> bool:
    if not isinstance(value, str):
        return True
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return len(value) == len("2000-01-01")


FORMAT_CHECKER: Final = jsonschema.FormatChecker(formats=())
FORMAT_CHECKER.checks("date-time")(lambda value: not isinstance(value, str) or is_datetime(value))
FORMAT_CHECKER.checks("date")(_date_format)


def _errors(schema: Mapping[str, Any], instance: Any) -> list[str]:
    validator = jsonschema.Draft201909Validator(schema, format_checker=FORMAT_CHECKER)
    found = sorted(validator.iter_errors(instance), key=lambda error: list(error.absolute_path))
    return [f"{'/'.join(map(str, error.absolute_path)) or '(root)'}: {error.message[:200]}" for error in found]


def key_resolver(
    *,
    did_documents: Sequence[Mapping[str, Any]] = (),
    trusted_keys: Mapping[str, PublicKey] = _NO_KEYS,
) -> KeyResolver:
    """Resolve verification methods: trusted keys first, then did:key, then held DID documents."""

    def resolve(verification_method: str) -> PublicKey | None:
        key = trusted_keys.get(verification_method)
        if key is not None:
            return key
        if verification_method.startswith("did:key:"):
            return resolve_did_key(verification_method)
        if verification_method.startswith("did:"):
            return resolve_from_documents(verification_method, did_documents)
        return None

    return resolve


def validity_findings(credential: Mapping[str, Any], now: datetime, label: str = "credential") -> list[Finding]:
    """``not_yet_valid`` before ``validFrom``, ``expired`` after ``validUntil`` (both inclusive)."""
    require_aware(now, "now")
    findings: list[Finding] = []
    bounds = {}
    for name in ("validFrom", "validUntil"):
        if name in credential:
            bounds[name] = parse_datetime(credential[name])
            if bounds[name] is None:
                findings.append(Finding(Reason.INVALID_DATES, f"{label}: {name} is not a date-time with offset"))
    valid_from, valid_until = bounds.get("validFrom"), bounds.get("validUntil")
    if valid_from is not None and valid_until is not None and valid_until < valid_from:
        findings.append(Finding(Reason.INVALID_DATES, f"{label}: validUntil is before validFrom"))
    if valid_from is not None and now < valid_from:
        findings.append(Finding(Reason.NOT_YET_VALID, f"{label}: valid from {credential['validFrom']}"))
    if valid_until is not None and now > valid_until:
        findings.append(Finding(Reason.EXPIRED, f"{label}: expired at {credential['validUntil']}"))
    return findings


def issuer_findings(document: Mapping[str, Any], label: str = "credential") -> list[Finding]:
    """``issuer_mismatch`` for each proof whose verification method the issuer does not control."""
    issuer = issuer_id(document)
    return [
        Finding(Reason.ISSUER_MISMATCH, f"{label}: {method!r} is not a key of the issuer {issuer!r}")
        for method in verification_methods(document)
        if controller_of(method) != issuer
    ]


def verify_credential(
    credential: Any,
    *,
    now: datetime,
    resources: OfflineResources,
    did_documents: Sequence[Mapping[str, Any]] = (),
    trusted_keys: Mapping[str, PublicKey] = _NO_KEYS,
    status_lists: Mapping[str, Mapping[str, Any]] | None = None,
    profile: Profile = Profile.OPEN_BADGE,
) -> Verification:
    """Verify an OB 3.0 credential offline and report every failed check.

    ``status_lists`` maps each ``statusListCredential`` URL to the list credential fetched from
    it; None skips the status check (and ``checks`` then lacks ``status``), while a mapping
    without a referenced URL reports ``status_list_unavailable``. ``profile`` ``vc`` checks a
    plain Verifiable Credential (no ``schema`` in ``checks``; see :class:`Profile`).
    """
    require_aware(now, "now")
    checks = ["proof", "schema", "validity"] if profile is Profile.OPEN_BADGE else ["proof", "validity"]
    if not isinstance(credential, Mapping):
        return Verification.of([Finding(Reason.MALFORMED_DOCUMENT, "the credential is not a JSON object")], checks)
    resolve = key_resolver(did_documents=did_documents, trusted_keys=trusted_keys)
    findings = list(proof_findings(credential, resolve, loader=resources.loader))
    if profile is Profile.OPEN_BADGE:
        findings.extend(issuer_findings(credential))
        errors = resources.schema_errors(credential)
        findings.extend(Finding(Reason.SCHEMA_INVALID, f"schema: {text}") for text in errors[:MAX_SCHEMA_MESSAGES])
    findings.extend(validity_findings(credential, now))
    if status_lists is not None:
        checks.append("status")
        findings.extend(_status_findings(credential, now, resources, resolve, status_lists))
    return Verification.of(findings, checks)


def _status_findings(
    credential: Mapping[str, Any],
    now: datetime,
    resources: OfflineResources,
    resolve: KeyResolver,
    status_lists: Mapping[str, Mapping[str, Any]],
) -> tuple[Finding, ...]:
    rejected: dict[str, str] = {}
    for url in status_list_urls(credential):
        list_credential = status_lists.get(url)
        if list_credential is None:
            continue
        problems = [
            *proof_findings(list_credential, resolve, loader=resources.loader),
            *issuer_findings(list_credential, "status list"),
            *validity_findings(list_credential, now, "status list"),
        ]
        if problems:
            rejected[url] = "; ".join(f"{problem.reason}: {problem.message}" for problem in problems)
    return check_status(credential, status_lists, rejected=rejected)


def verify_credential_file(
    path: Path,
    *,
    now: datetime,
    resources: OfflineResources,
    did_documents: Sequence[Mapping[str, Any]] = (),
    trusted_keys: Mapping[str, PublicKey] = _NO_KEYS,
    status_lists: Mapping[str, Mapping[str, Any]] | None = None,
    profile: Profile = Profile.OPEN_BADGE,
) -> Verification:
    """Read a credential JSON file and :func:`verify_credential` it."""
    try:
        credential = json.loads(path.read_bytes())
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        return Verification.of([Finding(Reason.MALFORMED_DOCUMENT, f"{path.name} is not JSON: {error}")])
    return verify_credential(
        credential,
        now=now,
        resources=resources,
        did_documents=did_documents,
        trusted_keys=trusted_keys,
        status_lists=status_lists,
        profile=profile,
    )
