"""Open Badges 3.0 ``OpenBadgeCredential`` documents for Certwright certifications.

One credential per certification (one test, e.g. "ASE-style A5 Brakes") and one for a Master
designation, which lists its component tests as ``alignment`` targets and in the criteria.
The documents use the VC Data Model 2.0 context and the OB 3.0 context 3.0.3 and satisfy the
1EdTech OB 3.0 JSON Schema; they are unsigned here (see :func:`issue`).

Inputs are plain frozen dataclasses built by the credentials service from its rows; nothing
here reads the clock, the database or the network.

About ``credentialStatus``: OB 3.0 allows at most one entry ([0..1], and the 1EdTech schema
takes a single object) while VC 2.0 allows several. With only a revocation list the entry is a
single object; with a suspension list too it becomes a list of two, which VC 2.0 verifiers
(and :mod:`verify`) accept but the strict OB 3.0 schema does not. See docs/badges.md.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Final

from certwright.badges.contexts import OB_V3P0_303, VC_V2, OfflineDocumentLoader
from certwright.badges.integrity import Cryptosuite, sign
from certwright.badges.keys import KeyPair
from certwright.badges.status_list import StatusPurpose, status_entry
from certwright.badges.timestamps import format_datetime

CREDENTIAL_CONTEXT: Final = (VC_V2, OB_V3P0_303)
CREDENTIAL_TYPE: Final = ("VerifiableCredential", "OpenBadgeCredential")
ACHIEVEMENT_TYPE: Final = "Certification"
COMPONENT_TARGET_TYPE: Final = "ceterms:Credential"


@dataclass(frozen=True, slots=True)
class IssuerInfo:
    """The issuing organisation: ``did`` is the issuer id and controls the signing key."""

    did: str
    name: str
    url: str
    email: str | None = None


@dataclass(frozen=True, slots=True)
class Holder:
    """The certified person.

    ``name`` and ``identifier`` (e.g. the Certwright candidate number) become IdentityObjects;
    with ``salt`` they are published as ``sha256$`` hashes instead of plain text. ``did`` is the
    holder's own DID, if they gave one (becomes ``credentialSubject.id``).
    """

    name: str
    identifier: str | None = None
    did: str | None = None
    salt: str | None = None


@dataclass(frozen=True, slots=True)
class AchievementInfo:
    """The certification as an OB Achievement: a stable URL id, display name and criteria."""

    id: str
    code: str
    name: str
    description: str
    criteria: str


@dataclass(frozen=True, slots=True)
class ComponentTest:
    """One test that counts towards a Master designation."""

    code: str
    name: str
    achievement_id: str


@dataclass(frozen=True, slots=True)
class StatusAllocation:
    """Where the credential's status bits live: one list credential per purpose, same index."""

    revocation_list_url: str
    index: int
    suspension_list_url: str | None = None

    def __post_init__(self) -> None:
        if self.index < 0:
            raise ValueError("a status list index is not negative")
        if self.suspension_list_url == self.revocation_list_url:
            raise ValueError("revocation and suspension use two list credentials (one purpose each)")


@dataclass(frozen=True, slots=True)
class CertificationFacts:
    """Everything one OpenBadgeCredential states."""

    credential_id: str
    certificate_number: str
    holder: Holder
    achievement: AchievementInfo
    issuer: IssuerInfo
    valid_from: datetime
    valid_until: datetime
    status: StatusAllocation | None = None
    awarded: datetime | None = None


def certification_credential(facts: CertificationFacts) -> dict[str, Any]:
    """The unsigned OpenBadgeCredential for one certification."""
    return _credential(facts, _achievement(facts.achievement, ()))


def master_credential(facts: CertificationFacts, components: Sequence[ComponentTest]) -> dict[str, Any]:
    """The unsigned OpenBadgeCredential for a Master designation and its component tests."""
    if not components:
        raise ValueError("a Master designation lists its component tests")
    return _credential(facts, _achievement(facts.achievement, tuple(components)))


def issue(
    credential: dict[str, Any],
    *,
    key: KeyPair,
    verification_method: str,
    created: datetime,
    loader: OfflineDocumentLoader,
    cryptosuite: Cryptosuite = Cryptosuite.EDDSA_RDFC_2022,
) -> dict[str, Any]:
    """Sign a credential the way OB 3.0 verifiers expect: ``eddsa-rdfc-2022``, proof as a list.

    The verification method must belong to the issuer (``<issuer did>#...``).
    """
    issuer = credential.get("issuer")
    issuer_did = issuer.get("id") if isinstance(issuer, dict) else issuer
    if verification_method.partition("#")[0] != issuer_did:
        raise ValueError(f"{verification_method!r} is not a key of the issuer {issuer_did!r}")
    return sign(credential, key, verification_method, created, cryptosuite=cryptosuite, loader=loader, as_list=True)


def identity_hash(value: str, salt: str) -> str:
    """An OB IdentityHash: ``sha256$`` + hex SHA-256 of the UTF-8 value followed by the salt."""
    return "sha256$" + hashlib.sha256((value + salt).encode("utf-8")).hexdigest()


def _credential(facts: CertificationFacts, achievement: dict[str, Any]) -> dict[str, Any]:
    if facts.valid_until <= facts.valid_from:
        raise ValueError("validUntil must be after validFrom")
    credential: dict[str, Any] = {
        "@context": list(CREDENTIAL_CONTEXT),
        "id": facts.credential_id,
        "type": list(CREDENTIAL_TYPE),
        "name": facts.achievement.name,
        "description": f"{facts.achievement.name}: certificate {facts.certificate_number}.",
        "issuer": _issuer(facts.issuer),
        "validFrom": format_datetime(facts.valid_from),
        "validUntil": format_datetime(facts.valid_until),
        "awardedDate": format_datetime(facts.awarded or facts.valid_from),
        "credentialSubject": _subject(facts, achievement),
    }
    # No ``credentialSchema``: its type ``1EdTechJsonSchemaValidator2019`` is not a term of the OB
    # 3.0.3 context, so JSON-LD expands it to a relative IRI (resolved against whatever base the
    # processor uses): the signature would not pin its meaning, and strict verifiers (openbadgeslib's
    # OB3LdpVerifier) reject the credential. The member is optional; verifiers know the OB schema.
    if facts.status is not None:
        credential["credentialStatus"] = _status(facts.status)
    return credential


def _issuer(issuer: IssuerInfo) -> dict[str, Any]:
    profile: dict[str, Any] = {"id": issuer.did, "type": ["Profile"], "name": issuer.name, "url": issuer.url}
    if issuer.email:
        profile["email"] = issuer.email
    return profile


def _subject(facts: CertificationFacts, achievement: dict[str, Any]) -> dict[str, Any]:
    subject: dict[str, Any] = {}
    if facts.holder.did:
        subject["id"] = facts.holder.did
    subject["type"] = ["AchievementSubject"]
    identities = [_identity(facts.holder.name, "name", facts.holder.salt)]
    if facts.holder.identifier:
        identities.append(_identity(facts.holder.identifier, "identifier", facts.holder.salt))
    subject["identifier"] = identities
    subject["licenseNumber"] = facts.certificate_number
    subject["achievement"] = achievement
    return subject


def _identity(value: str, kind: str, salt: str | None) -> dict[str, Any]:
    identity: dict[str, Any] = {"type": "IdentityObject", "identityType": kind}
    if salt is None:
        identity.update(hashed=False, identityHash=value)
    else:
        identity.update(hashed=True, identityHash=identity_hash(value, salt), salt=salt)
    return identity


def _achievement(info: AchievementInfo, components: tuple[ComponentTest, ...]) -> dict[str, Any]:
    # No ``creator`` Profile: it would repeat the issuer node, and RDFC merges repeated nodes,
    # so a member could then be deleted from one copy without breaking the signature.
    narrative = info.criteria
    if components:
        listed = "\n".join(f"- {test.code} {test.name}" for test in components)
        narrative = f"{narrative}\n\nComponent tests:\n{listed}"
    achievement: dict[str, Any] = {
        "id": info.id,
        "type": ["Achievement"],
        "achievementType": ACHIEVEMENT_TYPE,
        "name": info.name,
        "description": info.description,
        "criteria": {"narrative": narrative},
        "humanCode": info.code,
    }
    if components:
        achievement["alignment"] = [
            {
                "type": ["Alignment"],
                "targetName": f"{test.code} {test.name}",
                "targetUrl": test.achievement_id,
                "targetCode": test.code,
                "targetType": COMPONENT_TARGET_TYPE,
            }
            for test in components
        ]
    return achievement


def _status(status: StatusAllocation) -> dict[str, Any] | list[dict[str, Any]]:
    revocation = status_entry(list_url=status.revocation_list_url, index=status.index, purpose=StatusPurpose.REVOCATION)
    if status.suspension_list_url is None:
        return revocation
    suspension = status_entry(list_url=status.suspension_list_url, index=status.index, purpose=StatusPurpose.SUSPENSION)
    return [revocation, suspension]
