"""Issuing, renewing and changing credentials (transactional, audited).

``credentials_sync`` turns a person's standing into credentials: it is the only place that issues
and renews, it is idempotent (running it twice on the same day changes nothing the second time),
and every change it makes is a ``CredentialEvent`` plus an audit entry. Staff decisions
(suspend, reinstate, revoke) go through ``credential_suspend`` / ``credential_reinstate`` /
``credential_revoke``; a revocation is final.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Max

from certwright.candidates.models import Person
from certwright.candidates.models import Revocation as StandingRevocation
from certwright.candidates.selectors import person_standing
from certwright.common.audit import audit_record
from certwright.core.certnumber import SERIAL_MAX, SERIAL_MIN, format_number
from certwright.core.decisions import MasterStatus, TestStatus
from certwright.core.standing import MasterStanding, Standing, TestStanding
from certwright.credentials.models import (
    Credential,
    CredentialEvent,
    CredentialKind,
    CredentialStatus,
    EventKind,
)
from certwright.programs.selectors import catalog_current

MAX_REASON = 500


class CredentialError(ValueError):
    """A request to change a credential that the rules do not allow; ``code`` is stable."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


@dataclass
class SyncReport:
    """What one ``credentials_sync`` run changed (empty lists: nothing to do)."""

    issued: list[str] = field(default_factory=list)
    renewed: list[str] = field(default_factory=list)
    expired_noted: list[str] = field(default_factory=list)
    master_lost: list[str] = field(default_factory=list)
    master_restored: list[str] = field(default_factory=list)
    revoked: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return any(
            (self.issued, self.renewed, self.expired_noted, self.master_lost, self.master_restored, self.revoked)
        )

    def merge(self, other: SyncReport) -> None:
        for name in ("issued", "renewed", "expired_noted", "master_lost", "master_restored", "revoked"):
            getattr(self, name).extend(getattr(other, name))


# --- allocation --------------------------------------------------------------------------------


def _new_number() -> str:
    """A random serial (numbers are not sequential, so they cannot be walked)."""
    while True:
        number = format_number(SERIAL_MIN + secrets.randbelow(SERIAL_MAX - SERIAL_MIN + 1))
        if not Credential.objects.filter(number=number).exists():
            return number


def _next_status_index() -> int:
    return (Credential.objects.aggregate(top=Max("status_list_index"))["top"] or 0) + 1


def _create(*, person: Person, kind: str, code: str, name: str, today: date, **values: Any) -> Credential:
    """Insert with a fresh number and status-list index; retries if a concurrent issue took them."""
    for _attempt in range(5):
        try:
            with transaction.atomic():
                return Credential.objects.create(
                    number=_new_number(),
                    status_list_index=_next_status_index(),
                    person=person,
                    kind=kind,
                    code=code,
                    name=name,
                    issued_on=today,
                    **values,
                )
        except IntegrityError:
            if Credential.objects.filter(person=person, kind=kind, code=code).exclude(status="revoked").exists():
                raise
    raise CredentialError("allocation_failed", "Could not allocate a certificate number; try again.")


def _event(
    credential: Credential, kind: EventKind, *, on: date, by: Any = None, reason: str = "", **dates: Any
) -> None:
    user = by if getattr(by, "is_authenticated", False) else None
    CredentialEvent.objects.create(credential=credential, kind=kind, on=on, by=user, reason=reason, **dates)
    audit_record(
        actor=by,
        action=f"credential.{kind.value}",
        obj=credential,
        object_id=credential.number,
        before={"valid_until": _iso(dates.get("valid_until_before"))} if "valid_until_before" in dates else None,
        after={
            "number": credential.number,
            "kind": credential.kind,
            "code": credential.code,
            "status": credential.status,
            "valid_until": _iso(credential.valid_until),
            "on": on.isoformat(),
        },
        reason=reason,
    )


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


# --- sync ----------------------------------------------------------------------------------------


def _live(person: Person, kind: str, code: str) -> Credential | None:
    return (
        Credential.objects.select_for_update()
        .filter(person=person, kind=kind, code=code)
        .exclude(status=CredentialStatus.REVOKED)
        .first()
    )


def _revoked_on(person: Person, kind: str, code: str) -> date | None:
    last = (
        CredentialEvent.objects.filter(
            credential__person=person, credential__kind=kind, credential__code=code, kind=EventKind.REVOKED
        )
        .order_by("-on")
        .values_list("on", flat=True)
        .first()
    )
    return last


def _sync_test(person: Person, standing: Standing, test: TestStanding, today: date, by: Any, out: SyncReport) -> None:
    code = test.test
    credential = _live(person, CredentialKind.TEST, code)
    certified = test.status is TestStatus.CERTIFIED and not test.entry_level and test.until is not None
    if credential is None:
        if not certified:
            return
        revoked_on = _revoked_on(person, CredentialKind.TEST, code)
        if revoked_on is not None and (test.since is None or test.since <= revoked_on):
            return  # revoked is final: only a certification earned after the revocation gets a new credential
        spec = catalog_current().tests.get(code)
        credential = _create(
            person=person,
            kind=CredentialKind.TEST,
            code=code,
            name=f"{spec.name} ({code})" if spec else code,
            today=today,
            valid_from=test.since or today,
            valid_until=test.until,
            policy_version=standing.policy_version,
        )
        _event(credential, EventKind.ISSUED, on=today, by=by, valid_until_after=test.until)
        out.issued.append(credential.number)
        return
    assert credential.valid_until is not None
    if certified and test.until is not None and test.until > credential.valid_until:
        before = credential.valid_until
        lapsed = before <= today or (test.since is not None and test.since > before)
        credential.valid_until = test.until
        if lapsed and test.since is not None:
            credential.valid_from = test.since
        credential.policy_version = standing.policy_version
        credential.save(update_fields=["valid_until", "valid_from", "policy_version"])
        _event(
            credential,
            EventKind.RENEWED,
            on=today,
            by=by,
            reason="Recertified after expiry." if lapsed else "",
            valid_until_before=before,
            valid_until_after=test.until,
        )
        out.renewed.append(credential.number)
        return
    if test.status is TestStatus.REVOKED and credential.status != CredentialStatus.REVOKED:
        record = person.revocations.filter(test=code).order_by("-date").first()
        reason = f"Revoked in the standing records: {record.reason}" if record else "Revoked in the standing records."
        _revoke(credential, on=record.date if record else today, by=by, reason=reason)
        out.revoked.append(credential.number)
        return
    if (
        credential.valid_until <= today
        and not credential.events.filter(
            kind=EventKind.EXPIRED_NOTED, valid_until_before=credential.valid_until
        ).exists()
    ):
        _event(
            credential,
            EventKind.EXPIRED_NOTED,
            on=credential.valid_until,
            by=by,
            reason="The certification expired.",
            valid_until_before=credential.valid_until,
        )
        out.expired_noted.append(credential.number)


def _last_master_state(credential: Credential) -> str:
    last = (
        credential.events.filter(kind__in=(EventKind.ISSUED, EventKind.MASTER_LOST, EventKind.MASTER_RESTORED))
        .order_by("-at", "-id")
        .values_list("kind", flat=True)
        .first()
    )
    return EventKind.MASTER_LOST if last == EventKind.MASTER_LOST else EventKind.MASTER_RESTORED


def _lost_on(master: MasterStanding, standing: Standing, today: date) -> date:
    """The day the designation lapsed: when the first required group ran out of certifications."""
    days: list[date] = []
    for group in master.missing:
        expired = [s.expired_on for c in group.split("|") if (s := standing.tests.get(c)) and s.expired_on]
        if expired:
            days.append(max(expired))
    return min(days) if days else today


def _sync_master(
    person: Person, standing: Standing, master: MasterStanding, today: date, by: Any, out: SyncReport
) -> None:
    credential = _live(person, CredentialKind.MASTER, master.series)
    holds = master.status is MasterStatus.MASTER
    if credential is None:
        if not holds:
            return
        revoked_on = _revoked_on(person, CredentialKind.MASTER, master.series)
        if revoked_on is not None and (master.since is None or master.since <= revoked_on):
            return
        credential = _create(
            person=person,
            kind=CredentialKind.MASTER,
            code=master.series,
            name=master.designation,
            today=today,
            valid_from=master.since or today,
            valid_until=None,
            policy_version=standing.policy_version,
        )
        _event(credential, EventKind.ISSUED, on=today, by=by)
        out.issued.append(credential.number)
        return
    state = _last_master_state(credential)
    if holds and state == EventKind.MASTER_LOST:
        _event(credential, EventKind.MASTER_RESTORED, on=today, by=by, reason="Every required test is certified again.")
        out.master_restored.append(credential.number)
    elif not holds and state != EventKind.MASTER_LOST:
        missing = ", ".join(m.replace("|", " or ") for m in master.missing)
        _event(
            credential,
            EventKind.MASTER_LOST,
            on=_lost_on(master, standing, today),
            by=by,
            reason=f"Required certification not current: {missing}.",
        )
        out.master_lost.append(credential.number)


@transaction.atomic
def credentials_sync(*, person: Person, today: date, by: Any = None) -> SyncReport:
    """Bring ``person``'s credentials in line with their standing on ``today``.

    Issues a test credential the day the test is certified (passed and experience met), renews it
    (same number, later ``valid_until``, a ``renewed`` event) when the standing shows a later
    expiry, notes expiries, and issues Master designations whose lapses and restorations are
    recorded as events. Entry-level (student) certifications get no credential.
    """
    Person.objects.select_for_update().filter(pk=person.pk).first()  # serialize concurrent syncs of one person
    standing = person_standing(person=person, on=today)
    out = SyncReport()
    for code in sorted(standing.tests):
        test = standing.tests[code]
        if test.status is TestStatus.NOT_ATTEMPTED:
            continue
        _sync_test(person, standing, test, today, by, out)
    has_master = set(
        Credential.objects.filter(person=person, kind=CredentialKind.MASTER).values_list("code", flat=True)
    )
    for series in sorted(standing.masters):
        master = standing.masters[series]
        if master.status is MasterStatus.MASTER or series in has_master:
            _sync_master(person, standing, master, today, by, out)
    return out


def credentials_sync_all(*, today: date, by: Any = None) -> SyncReport:
    """Sync every person (one transaction per person, so one bad record does not undo the rest)."""
    total = SyncReport()
    for person in Person.objects.order_by("pk").iterator():
        total.merge(credentials_sync(person=person, today=today, by=by))
    return total


# --- staff decisions ------------------------------------------------------------------------------


def _clean_reason(reason: str) -> str:
    text = (reason or "").strip()
    if not text:
        raise CredentialError("reason_required", "A reason is required.")
    if len(text) > MAX_REASON:
        raise CredentialError("reason_too_long", f"The reason is {len(text)} characters; at most {MAX_REASON}.")
    return text


def _locked(credential: Credential) -> Credential:
    return Credential.objects.select_for_update().select_related("person").get(pk=credential.pk)


@transaction.atomic
def credential_suspend(*, credential: Credential, by: Any, reason: str, today: date) -> Credential:
    text = _clean_reason(reason)
    credential = _locked(credential)
    if credential.status != CredentialStatus.ACTIVE:
        raise CredentialError(
            "not_active", f"Credential {credential.number} is {credential.status}; only an active one can be suspended."
        )
    credential.status = CredentialStatus.SUSPENDED
    credential.save(update_fields=["status"])
    _event(credential, EventKind.SUSPENDED, on=today, by=by, reason=text)
    return credential


@transaction.atomic
def credential_reinstate(*, credential: Credential, by: Any, reason: str, today: date) -> Credential:
    text = _clean_reason(reason)
    credential = _locked(credential)
    if credential.status != CredentialStatus.SUSPENDED:
        raise CredentialError(
            "not_suspended",
            f"Credential {credential.number} is {credential.status}; only a suspended one can be reinstated.",
        )
    credential.status = CredentialStatus.ACTIVE
    credential.save(update_fields=["status"])
    _event(credential, EventKind.REINSTATED, on=today, by=by, reason=text)
    return credential


def _revoke(credential: Credential, *, on: date, by: Any, reason: str) -> None:
    credential.status = CredentialStatus.REVOKED
    credential.save(update_fields=["status"])
    _event(credential, EventKind.REVOKED, on=on, by=by, reason=reason)


@transaction.atomic
def credential_revoke(*, credential: Credential, by: Any, reason: str, today: date) -> Credential:
    """Final. For a test credential the revocation is also recorded in the person's standing, so the
    certification (and any Master designation that needs it) stops counting; passing the test again
    later earns a new credential with a new number."""
    text = _clean_reason(reason)
    credential = _locked(credential)
    if credential.status == CredentialStatus.REVOKED:
        raise CredentialError("already_revoked", f"Credential {credential.number} is already revoked; that is final.")
    _revoke(credential, on=today, by=by, reason=text)
    if credential.kind == CredentialKind.TEST:
        StandingRevocation.objects.create(person=credential.person, test=credential.code, date=today, reason=text)
    credentials_sync(person=credential.person, today=today, by=by)
    return credential
