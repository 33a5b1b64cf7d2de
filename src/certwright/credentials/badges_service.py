"""Signed Open Badges 3.0 credentials and the Bitstring Status List, built from our rows.

Nothing here writes: a badge is signed on request from the credential as it is now, and the
status list is rebuilt from ``Credential.status`` on every request (so a suspension or
revocation shows at once). The pure work (documents, proofs, verification) is
``certwright.badges``; this module maps rows and the catalog onto it.

Status (docs/badges.md, "Status in our credentials"): each badge carries ONE
``BitstringStatusListEntry`` (OB 3.0 allows at most one), purpose ``revocation``, index
``Credential.status_list_index``, in the list served at ``/credentials/status/revocation``. Its
bit is set while the credential is revoked or suspended, and cleared when a suspension is lifted.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from typing import Any, Final
from zoneinfo import ZoneInfo

from django.conf import settings

from certwright.badges.contexts import VENDORED_CONTEXTS
from certwright.badges.credentials import (
    AchievementInfo,
    CertificationFacts,
    ComponentTest,
    Holder,
    StatusAllocation,
    certification_credential,
    issue,
    master_credential,
)
from certwright.badges.integrity import Cryptosuite, sign
from certwright.badges.status_list import (
    MIN_LENGTH,
    StatusPurpose,
    new_status_list,
    status_list_credential,
    with_bits,
)
from certwright.badges.verify import VENDORED_SCHEMAS, OfflineResources, load_resources
from certwright.core.catalog import Catalog
from certwright.credentials.issuer import Issuer, base_url, current_issuer
from certwright.credentials.models import Credential, CredentialKind, CredentialStatus
from certwright.credentials.selectors import credential_status
from certwright.programs.selectors import catalog_current

REVOCATION_PATH: Final = "/credentials/status/revocation"
FLAGGED_STATUSES: Final = (CredentialStatus.REVOKED, CredentialStatus.SUSPENDED)
PROOFS: Final = {suite.value: suite for suite in Cryptosuite}


class BadgeUnavailableError(Exception):
    """The credential cannot be issued as a badge now; the message says why."""


@dataclass(frozen=True, slots=True)
class StatusListDocument:
    """A signed BitstringStatusListCredential and an ETag that changes with its bits only."""

    credential: dict[str, Any]
    etag: str


@lru_cache(maxsize=1)
def offline_resources() -> OfflineResources:
    """The vendored JSON-LD contexts and OB 3.0 schema (read once per process)."""
    return load_resources(VENDORED_CONTEXTS, VENDORED_SCHEMAS)


def status_list_url() -> str:
    return base_url() + REVOCATION_PATH


def verify_url(number: str) -> str:
    return f"{base_url()}/verify?number={number}"


def parse_proof(value: str | None) -> Cryptosuite:
    """The cryptosuite named by ``?proof=`` (default eddsa-rdfc-2022), or ValueError naming the choices."""
    if not value:
        return Cryptosuite.EDDSA_RDFC_2022
    try:
        return PROOFS[value]
    except KeyError:
        raise ValueError(f"proof must be one of {', '.join(PROOFS)}, not {value!r}") from None


# --- achievements from the catalog ------------------------------------------------------------


def _test_url(code: str) -> str:
    return f"{base_url()}/catalog/{code}/"


def _test_achievement(catalog: Catalog, code: str, fallback_name: str) -> AchievementInfo:
    url = _test_url(code)
    spec = catalog.tests.get(code)
    if spec is None:
        return AchievementInfo(
            id=url,
            code=code,
            name=fallback_name,
            description=f"{fallback_name}: a certification of the {catalog.name} programme.",
            criteria=f"Pass the {code} test and meet the programme's work-experience requirement.",
        )
    areas = "; ".join(area.name for area in spec.areas)
    description = f"{spec.name} ({code}), a certification of the {catalog.name}."
    if areas:
        description += f" Content areas: {areas}."
    criteria = f"Pass the {code} {spec.name} test"
    if spec.scored:
        criteria += f" ({spec.scored} scored questions)"
    family = catalog.families.get(spec.family)
    if family is not None and family.required_months:
        criteria += (
            f" and document {family.required_months} months of relevant work experience"
            f" (training may count for up to {family.training_max_months} months)"
        )
    criteria += (
        f". The certification is valid for {catalog.rules.validity_months} months from the pass date"
        " and is renewed by passing the recertification test."
    )
    return AchievementInfo(id=url, code=code, name=f"{code} {spec.name}", description=description, criteria=criteria)


def _master_parts(catalog: Catalog, series: str, fallback_name: str) -> tuple[AchievementInfo, list[ComponentTest]]:
    rule = catalog.masters.get(series)
    if rule is None:
        raise BadgeUnavailableError(f"the catalog has no Master designation for series {series!r}")
    codes = [code for group in rule.groups for code in group]
    components = [
        ComponentTest(code, catalog.tests[code].name if code in catalog.tests else code, _test_url(code))
        for code in codes
    ]
    groups = "; ".join(" or ".join(group) for group in rule.groups)
    info = AchievementInfo(
        id=f"{base_url()}/catalog/#master-{series}",
        code=series,
        name=rule.designation or fallback_name,
        description=f"{catalog.name} {rule.designation}: certified in every required test of the {series} series.",
        criteria=(
            f"Hold a current certification in each of: {groups}. The designation lapses the day one of them"
            " expires and is restored when it is renewed."
        ),
    )
    return info, components


# --- badges -----------------------------------------------------------------------------------


def _zone() -> ZoneInfo:
    return ZoneInfo(str(settings.TIME_ZONE))


def start_of(day: date) -> datetime:
    """The first second of ``day`` in the programme's time zone, as UTC."""
    return datetime.combine(day, time(0, 0), tzinfo=_zone()).astimezone(UTC)


def last_second_before(end: date) -> datetime:
    """``validUntil`` for an exclusive end day (a credential is expired from ``end`` on, as in the
    standing engine): the last whole second of the day before, in the programme's time zone, as UTC."""
    return start_of(end) - timedelta(seconds=1)


def unsigned_badge(credential: Credential, *, issuer: Issuer, today: date) -> dict[str, Any]:
    """The OpenBadgeCredential of ``credential`` (no proof)."""
    catalog = catalog_current()
    person = credential.person
    holder = Holder(name=f"{person.first_name} {person.last_name}".strip())
    status = StatusAllocation(revocation_list_url=status_list_url(), index=credential.status_list_index)
    if credential.kind == CredentialKind.MASTER:
        achievement, components = _master_parts(catalog, credential.code, credential.name)
    else:
        achievement, components = _test_achievement(catalog, credential.code, credential.name), []
    state = credential_status(credential, today=today)
    if state.valid_until is None:
        raise BadgeUnavailableError(f"{credential.name} ({credential.number}) is not current on {today}")
    facts = CertificationFacts(
        credential_id=verify_url(credential.number),
        certificate_number=credential.number,
        holder=holder,
        achievement=achievement,
        issuer=issuer.info,
        valid_from=start_of(credential.valid_from),
        valid_until=last_second_before(state.valid_until),
        status=status,
        awarded=start_of(credential.issued_on),
    )
    if components:
        return master_credential(facts, components)
    return certification_credential(facts)


def signed_badge(credential: Credential, *, proof: Cryptosuite, now: datetime, today: date) -> dict[str, Any]:
    """The signed OpenBadgeCredential (``proof`` = the cryptosuite), or BadgeUnavailableError."""
    if credential.status == CredentialStatus.REVOKED:
        raise BadgeUnavailableError(f"credential {credential.number} is revoked")
    issuer = current_issuer()
    return issue(
        unsigned_badge(credential, issuer=issuer, today=today),
        key=issuer.key,
        verification_method=issuer.verification_method,
        created=now.astimezone(UTC).replace(microsecond=0),
        loader=offline_resources().loader,
        cryptosuite=proof,
    )


def badge_filename(credential: Credential, proof: Cryptosuite) -> str:
    return f"{credential.number}-{proof.value}.json"


# --- status list ------------------------------------------------------------------------------


def flagged_indexes() -> list[int]:
    """Status list indexes of every revoked or suspended credential, ascending."""
    return sorted(Credential.objects.filter(status__in=FLAGGED_STATUSES).values_list("status_list_index", flat=True))


def _list_length() -> int:
    highest = Credential.objects.order_by("-status_list_index").values_list("status_list_index", flat=True).first()
    needed = (highest or 0) + 1
    return max(MIN_LENGTH, -(-needed // 8) * 8)


def revocation_list(*, now: datetime) -> StatusListDocument:
    """The signed BitstringStatusListCredential for our credentials as the database says now."""
    issuer = current_issuer()
    indexes = flagged_indexes()
    length = _list_length()
    unsigned = status_list_credential(
        url=status_list_url(),
        issuer=issuer.did,
        purpose=StatusPurpose.REVOCATION,
        status_list=with_bits(new_status_list(length), indexes),
        # a few minutes back, so a verifier whose clock runs a little behind ours accepts it
        valid_from=now.astimezone(UTC).replace(microsecond=0) - timedelta(minutes=5),
    )
    signed = sign(
        unsigned,
        issuer.key,
        issuer.verification_method,
        now.astimezone(UTC).replace(microsecond=0),
        loader=offline_resources().loader,
    )
    return StatusListDocument(signed, _etag(issuer, length, indexes))


def revocation_list_etag() -> str:
    """The ETag :func:`revocation_list` would carry, without signing (for If-None-Match)."""
    return _etag(current_issuer(), _list_length(), flagged_indexes())


def _etag(issuer: Issuer, length: int, indexes: list[int]) -> str:
    text = f"{issuer.verification_method}|{length}|{','.join(map(str, indexes))}"
    return '"' + hashlib.sha256(text.encode()).hexdigest()[:32] + '"'
