"""Organisations and employment links (audited)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction

from certwright.common.audit import audit_record
from certwright.employers.models import Employment, Organisation, OrganisationAdmin


@transaction.atomic
def organisation_create(*, name: str, kind: str, by: Any = None) -> Organisation:
    org = Organisation.objects.create(name=name, kind=kind)
    audit_record(actor=by, action="organisation.create", obj=org, after={"name": name, "kind": kind})
    return org


@transaction.atomic
def organisation_admin_add(*, organisation: Organisation, user: Any, by: Any = None) -> OrganisationAdmin:
    row, _ = OrganisationAdmin.objects.get_or_create(organisation=organisation, user=user)
    audit_record(actor=by, action="organisation.admin_add", obj=organisation, after={"user": user.username})
    return row


@transaction.atomic
def employment_link(
    *, organisation: Organisation, person: Any, start: date, role_title: str = "", by: Any = None
) -> Employment:
    row = Employment.objects.create(organisation=organisation, person=person, start=start, role_title=role_title)
    audit_record(
        actor=by,
        action="employment.link",
        obj=row,
        after={"organisation": organisation.pk, "person": person.candidate_id},
    )
    return row
