"""Reading experience records, their evidence and attestations, and who may see them."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from certwright.candidates.models import (
    ExperienceEvidence,
    ExperienceKindChoices,
    ExperienceRecord,
    ExperienceStatus,
    Person,
)
from certwright.common.access import is_staff
from certwright.employers.models import Organisation, OrganisationAdmin


def _with_details(qs: QuerySet[ExperienceRecord]) -> QuerySet[ExperienceRecord]:
    return qs.select_related("person", "organisation", "attestation", "attestation__by").prefetch_related("evidence")


def experience_of(*, person: Person) -> list[ExperienceRecord]:
    return list(_with_details(ExperienceRecord.objects.filter(person=person)).order_by("-id"))


def experience_record_get(*, record_id: int) -> ExperienceRecord | None:
    return _with_details(ExperienceRecord.objects.filter(pk=record_id)).first()


def organisations_all() -> QuerySet[Organisation]:
    return Organisation.objects.order_by("name")


def administers(*, user: Any, organisation_id: int | None) -> bool:
    if organisation_id is None or not getattr(user, "is_authenticated", False):
        return False
    return OrganisationAdmin.objects.filter(user=user, organisation_id=organisation_id).exists()


def attestation_queue(*, user: Any) -> list[ExperienceRecord]:
    """Pending work periods naming an organisation ``user`` administers (and nothing else)."""
    return list(
        _with_details(
            ExperienceRecord.objects.filter(
                kind=ExperienceKindChoices.WORK,
                status=ExperienceStatus.PENDING,
                organisation__admins__user=user,
            )
        ).order_by("submitted_at", "id")
    )


def review_queue() -> list[ExperienceRecord]:
    """Every pending record, oldest first, for programme staff."""
    return list(
        _with_details(ExperienceRecord.objects.filter(status=ExperienceStatus.PENDING)).order_by("submitted_at", "id")
    )


def evidence_get(*, evidence_id: int) -> ExperienceEvidence | None:
    return ExperienceEvidence.objects.select_related("record__person").filter(pk=evidence_id).first()


def evidence_can_view(*, user: Any, evidence: ExperienceEvidence) -> bool:
    """The record's owner, programme staff, and admins of the organisation the record names."""
    if not getattr(user, "is_authenticated", False):
        return False
    record = evidence.record
    if record.person.user_id is not None and record.person.user_id == user.id:
        return True
    if is_staff(user):
        return True
    return administers(user=user, organisation_id=record.organisation_id)
