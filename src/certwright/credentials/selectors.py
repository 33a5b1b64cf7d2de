"""Reading credentials: their displayed status on a day, history, search and verification lookups.

Displayed status (``CredentialState.status``):

- ``revoked`` / ``suspended``: what staff decided (stored);
- a test credential is ``expired`` from its ``valid_until`` day on (the end date is exclusive, as in
  the standing engine), otherwise ``active``;
- a Master designation is ``active`` while the live standing says Master and ``lapsed`` while a
  required test is not certified; its ``valid_until`` is the live one from the standing.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import date

from django.db.models import Q, QuerySet

from certwright.candidates.models import Person
from certwright.candidates.selectors import person_standing
from certwright.core.certnumber import CertNumberError, normalize, parse_number
from certwright.core.decisions import MasterStatus
from certwright.core.standing import Standing
from certwright.credentials.models import Credential, CredentialEvent, CredentialKind, CredentialStatus

ACTIVE = "active"
EXPIRED = "expired"
LAPSED = "lapsed"
SUSPENDED = CredentialStatus.SUSPENDED.value
REVOKED = CredentialStatus.REVOKED.value

STATUS_TEXT = {
    ACTIVE: "Active",
    EXPIRED: "Expired",
    LAPSED: "Lapsed (a required test is not certified)",
    SUSPENDED: "Suspended",
    REVOKED: "Revoked",
}


@dataclass(frozen=True)
class CredentialState:
    credential: Credential
    status: str
    valid_until: date | None

    @property
    def number(self) -> str:
        return self.credential.number

    @property
    def is_master(self) -> bool:
        return self.credential.kind == CredentialKind.MASTER

    @property
    def status_text(self) -> str:
        return STATUS_TEXT[self.status]


def credential_status(credential: Credential, *, today: date, standing: Standing | None = None) -> CredentialState:
    """The status a verifier sees on ``today``; Master designations need the person's ``standing``."""
    if credential.status in (CredentialStatus.REVOKED, CredentialStatus.SUSPENDED):
        until = credential.valid_until
        if credential.kind == CredentialKind.MASTER and standing is not None:
            master = standing.masters.get(credential.code)
            until = master.until if master else None
        return CredentialState(credential, credential.status, until)
    if credential.kind == CredentialKind.MASTER:
        master = (standing or person_standing(person=credential.person, on=today)).masters.get(credential.code)
        if master is not None and master.status is MasterStatus.MASTER:
            return CredentialState(credential, ACTIVE, master.until)
        return CredentialState(credential, LAPSED, None)
    assert credential.valid_until is not None
    return CredentialState(credential, EXPIRED if credential.valid_until <= today else ACTIVE, credential.valid_until)


def credentials_of(*, person: Person) -> QuerySet[Credential]:
    return Credential.objects.filter(person=person).order_by("kind", "code", "created_at")


def credential_states(*, person: Person, today: date) -> list[CredentialState]:
    """Every credential of ``person`` with its status on ``today`` (tests first, then Master designations)."""
    credentials = list(credentials_of(person=person).select_related("person"))
    if not credentials:
        return []
    standing = (
        person_standing(person=person, on=today) if any(c.kind == CredentialKind.MASTER for c in credentials) else None
    )
    states = [credential_status(c, today=today, standing=standing) for c in credentials]
    return sorted(states, key=lambda s: (s.is_master, s.credential.code, s.credential.created_at))


def credential_get(*, number: str) -> Credential | None:
    """By number, forgiving about case, spaces and dashes; None when unknown."""
    return Credential.objects.select_related("person").filter(number=normalize(number)).first()


def credential_events(*, credential: Credential) -> QuerySet[CredentialEvent]:
    return credential.events.select_related("by").order_by("at", "id")


def credential_search(*, query: str, limit: int = 100) -> QuerySet[Credential]:
    """Staff search: an exact number, or part of the holder's name or candidate id."""
    qs = Credential.objects.select_related("person").order_by("-created_at", "-id")
    text = query.strip()
    if not text:
        return qs[:limit]
    condition = Q(number=normalize(text)) | Q(person__candidate_id__iexact=text)
    for word in text.split():
        condition |= Q(person__last_name__icontains=word) | Q(person__first_name__icontains=word)
    return qs.filter(condition)[:limit]


# --- verification -------------------------------------------------------------------------------


def name_key(text: str) -> str:
    """How last names are compared: Unicode-normalized, case-folded, inner whitespace collapsed."""
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


class MalformedNumberError(ValueError):
    """The text cannot be a certificate number (wrong prefix, length or check digit)."""


@dataclass(frozen=True)
class Verification:
    holder: str
    credentials: list[CredentialState]

    @property
    def tests(self) -> list[CredentialState]:
        return [s for s in self.credentials if not s.is_master]

    @property
    def masters(self) -> list[CredentialState]:
        return [s for s in self.credentials if s.is_master]


def verify_lookup(*, number: str, last_name: str, today: date) -> Verification | None:
    """The holder and all their credentials, when ``number`` exists and ``last_name`` matches its holder.

    An unknown number and a wrong last name both return None, so nobody learns which numbers exist.
    Raises ``MalformedNumberError`` for text that cannot be a certificate number at all (that says
    nothing about anyone).
    """
    try:
        parsed = str(parse_number(number))
    except CertNumberError as error:
        raise MalformedNumberError(str(error)) from error
    credential = Credential.objects.select_related("person").filter(number=parsed).first()
    wanted = name_key(last_name)
    if credential is None or not wanted or name_key(credential.person.last_name) != wanted:
        return None
    person = credential.person
    return Verification(holder=person.name, credentials=credential_states(person=person, today=today))
