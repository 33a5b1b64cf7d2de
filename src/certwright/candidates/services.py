"""Creating people and recording their results and experience (audited)."""

from __future__ import annotations

import secrets
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction

from certwright.candidates.models import ExperienceRecord, ExperienceStatus, Person, TestResult
from certwright.common import clock
from certwright.common.audit import audit_record
from certwright.core.facts import Outcome, ResultKind
from certwright.programs.selectors import catalog_current


def _new_candidate_id() -> str:
    while True:
        digits = f"{secrets.randbelow(10**8):08d}"
        candidate_id = f"CW-{digits[:4]}-{digits[4:]}"
        if not Person.objects.filter(candidate_id=candidate_id).exists():
            return candidate_id


@transaction.atomic
def person_create(
    *, first_name: str, last_name: str, email: str = "", user: Any = None, candidate_id: str = "", by: Any = None
) -> Person:
    person = Person.objects.create(
        first_name=first_name,
        last_name=last_name,
        email=email,
        user=user,
        candidate_id=candidate_id or _new_candidate_id(),
    )
    audit_record(actor=by, action="person.create", obj=person, after={"candidate_id": person.candidate_id})
    return person


@transaction.atomic
def result_record(
    *,
    person: Person,
    test: str,
    on: date,
    outcome: Outcome,
    kind: ResultKind = ResultKind.INITIAL,
    source: str = "import",
    by: Any = None,
) -> TestResult:
    catalog = catalog_current()
    catalog.test(test)
    result = TestResult.objects.create(
        person=person,
        test=test,
        date=on,
        outcome=outcome.value,
        kind=kind.value,
        policy_version=catalog.policy_version,
        source=source,
    )
    audit_record(
        actor=by,
        action="result.record",
        obj=result,
        after={
            "person": person.candidate_id,
            "test": test,
            "date": on.isoformat(),
            "outcome": outcome.value,
            "kind": kind.value,
        },
    )
    if outcome is Outcome.PASS:
        # a pass can certify: issue or renew the credential at once (credentials builds on candidates)
        from certwright.credentials.services import credentials_sync  # noqa: PLC0415

        credentials_sync(person=person, today=clock.today(), by=by)
    return result


@transaction.atomic
def experience_add(
    *,
    person: Person,
    kind: str,
    start: date | None = None,
    end: date | None = None,
    hours_per_week: float = 40,
    months_credit: float = 0,
    employer_name: str = "",
    description: str = "",
    status: str = ExperienceStatus.PENDING,
    by: Any = None,
) -> ExperienceRecord:
    record = ExperienceRecord.objects.create(
        person=person,
        kind=kind,
        start=start,
        end=end,
        hours_per_week=Decimal(str(hours_per_week)),
        months_credit=Decimal(str(months_credit)),
        employer_name=employer_name,
        description=description,
        status=status,
    )
    audit_record(
        actor=by,
        action="experience.add",
        obj=record,
        after={"person": person.candidate_id, "kind": kind, "status": status},
    )
    return record


@transaction.atomic
def experience_review(*, record: ExperienceRecord, approve: bool, by: Any, note: str = "") -> ExperienceRecord:
    before = record.status
    record.status = ExperienceStatus.APPROVED if approve else ExperienceStatus.REJECTED
    record.review_note = note
    record.save(update_fields=["status", "review_note"])
    audit_record(
        actor=by,
        action="experience.review",
        obj=record,
        before={"status": before},
        after={"status": record.status},
        reason=note,
    )
    return record
