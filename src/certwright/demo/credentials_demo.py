"""Demo data for the credentials area (see demo/extensions.py): every demo person's credentials,
plus a few staff decisions so the staff pages show history. Idempotent."""

from __future__ import annotations

from datetime import date

from certwright.accounts.models import User
from certwright.candidates.models import Person
from certwright.credentials.models import Credential, CredentialEvent, CredentialKind, CredentialStatus, EventKind
from certwright.credentials.services import (
    credential_reinstate,
    credential_revoke,
    credential_suspend,
    credentials_sync,
)

SUSPEND_REASON = "Demo: employer reported a possible identity mix-up; checking the ID on file."
REINSTATE_REASON = "Demo: ID checked against the test-centre photo; all in order."
STILL_SUSPENDED_REASON = "Demo: certificate reported lost and possibly misused; awaiting the holder's statement."
REVOKE_REASON = "Demo: proxy test-taker confirmed by the test-centre investigation."


def load(*, today: date) -> str:
    for person in Person.objects.order_by("pk"):
        credentials_sync(person=person, today=today)
    _staff_decisions(today)
    tests = Credential.objects.filter(kind=CredentialKind.TEST).count()
    masters = Credential.objects.filter(kind=CredentialKind.MASTER).count()
    revoked = Credential.objects.filter(status=CredentialStatus.REVOKED).count()
    suspended = Credential.objects.filter(status=CredentialStatus.SUSPENDED).count()
    return (
        f"Credentials: {tests + masters} issued ({tests} certifications, {masters} Master designations; "
        f"{suspended} suspended, {revoked} revoked)"
    )


def _staff_decisions(today: date) -> None:
    """Suspend and reinstate one credential, leave one suspended and revoke one — once."""
    staff = User.objects.filter(username="staff").first()
    decided = CredentialEvent.objects.filter(
        kind__in=(EventKind.SUSPENDED, EventKind.REVOKED), reason__startswith="Demo:"
    ).exists()
    if staff is None or decided:
        return
    # people without a demo login, so the demo users' own pages stay as described in the README
    pool = list(
        Credential.objects.filter(
            kind=CredentialKind.TEST, status=CredentialStatus.ACTIVE, valid_until__gt=today, person__user__isnull=True
        ).order_by("person__last_name", "person__first_name", "code")
    )
    people: list[int] = []
    picked: list[Credential] = []
    for credential in pool:
        if credential.person_id not in people:
            people.append(credential.person_id)
            picked.append(credential)
        if len(picked) == 3:
            break
    if len(picked) < 3:
        return
    cleared, suspended, revoked = picked
    credential_suspend(credential=cleared, by=staff, reason=SUSPEND_REASON, today=today)
    credential_reinstate(credential=cleared, by=staff, reason=REINSTATE_REASON, today=today)
    credential_suspend(credential=suspended, by=staff, reason=STILL_SUSPENDED_REASON, today=today)
    credential_revoke(credential=revoked, by=staff, reason=REVOKE_REASON, today=today)
