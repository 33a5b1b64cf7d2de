"""Verify a credential file offline, with what this installation knows (``certwright badges verify``).

Keys: ``did:key`` from the identifier itself; ``did:web`` from our own issuer's DID document and
any DID documents the caller passes (nothing is fetched). Status: when the credential's status
list is ours, the list is built from our database right now; any other list cannot be fetched
offline, so the status check is skipped with a note saying so.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from certwright.badges.reasons import Verification
from certwright.badges.status_list import status_list_urls
from certwright.badges.verify import Profile, issuer_findings, profile_of, verify_credential
from certwright.credentials.badges_service import offline_resources, revocation_list, status_list_url
from certwright.credentials.issuer import current_issuer


class UnreadableCredentialError(ValueError):
    """The file cannot be read or is not JSON (nothing could be verified)."""


@dataclass(frozen=True, slots=True)
class VerifyReport:
    """The verification decision plus notes on what was assumed or skipped."""

    verification: Verification
    profile: Profile
    notes: tuple[str, ...]

    @property
    def valid(self) -> bool:
        return self.verification.valid


def read_credential(path: Path) -> Any:
    try:
        return json.loads(path.read_bytes())
    except OSError as error:
        raise UnreadableCredentialError(f"cannot read {path}: {error.strerror or error}") from error
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise UnreadableCredentialError(f"{path} is not JSON: {error}") from error


def read_json_object(path: Path, what: str) -> dict[str, Any]:
    """A JSON object with an ``id`` (a DID document or a status list credential) from ``path``."""
    document = read_credential(path)
    if not isinstance(document, dict) or not isinstance(document.get("id"), str):
        raise UnreadableCredentialError(f"{path} is not {what} (a JSON object with an id)")
    return document


def verify_document(
    credential: Any,
    *,
    now: datetime,
    profile: Profile | None = None,
    did_documents: Sequence[Mapping[str, Any]] = (),
    check_status: bool = True,
    status_lists: Sequence[Mapping[str, Any]] = (),
) -> VerifyReport:
    """Verify ``credential`` (parsed JSON) as ``profile`` (default: from its type).

    ``status_lists`` are list credentials the caller holds (files), matched by their ``id``.
    """
    chosen = profile or profile_of(credential)
    notes: list[str] = []
    if chosen is Profile.VC:
        notes.append("not an Open Badge (type lacks OpenBadgeCredential): OB 3.0 schema and issuer binding not applied")
        if isinstance(credential, Mapping):
            notes.extend(f"warning: {finding.message}" for finding in issuer_findings(credential))
    issuer = current_issuer()
    documents = [*did_documents, issuer.did_document()]
    held = {str(item.get("id")): item for item in status_lists}
    urls = status_list_urls(credential) if isinstance(credential, Mapping) else ()
    lists: dict[str, Mapping[str, Any]] | None = None
    if not check_status:
        notes.append("status not checked (--no-status)")
    elif isinstance(credential, Mapping) and credential.get("credentialStatus") is None:
        notes.append("no credentialStatus: nothing to check for revocation or suspension")
    elif urls:
        missing = [url for url in urls if url not in held and url != status_list_url()]
        if missing:
            notes.append(f"status not checked: {', '.join(missing)} is not ours and is not fetched offline")
        else:
            lists = {url: held[url] for url in urls if url in held}
            if status_list_url() in urls and status_list_url() not in held:
                lists[status_list_url()] = revocation_list(now=now).credential
                notes.append(f"status read from this installation's list {status_list_url()} as of now")
    result = verify_credential(
        credential,
        now=now,
        resources=offline_resources(),
        did_documents=documents,
        status_lists=lists,
        profile=chosen,
    )
    return VerifyReport(result, chosen, tuple(notes))


def verify_file(
    path: Path,
    *,
    now: datetime,
    profile: Profile | None = None,
    did_documents: Sequence[Mapping[str, Any]] = (),
    check_status: bool = True,
    status_lists: Sequence[Mapping[str, Any]] = (),
) -> VerifyReport:
    """Read and :func:`verify_document` a credential file (UnreadableCredentialError if not JSON)."""
    return verify_document(
        read_credential(path),
        now=now,
        profile=profile,
        did_documents=did_documents,
        check_status=check_status,
        status_lists=status_lists,
    )
