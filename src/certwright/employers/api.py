"""API operations of the employers app, mounted at /api/v1/organisations by config/api.py.

Every operation: the organisation's admins and programme staff only. Another organisation's id
answers 404 (its existence is not revealed); a signed-in user without the employer-admin or staff
role gets 403; anonymous callers 401.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema, Status
from ninja.security import django_auth

from certwright.common import clock
from certwright.common.access import has_role
from certwright.common.schemas import ErrorOut
from certwright.core.roles import Role
from certwright.employers.models import Organisation
from certwright.employers.selectors import organisation_for, organisations_visible
from certwright.employers.selectors_workforce import workforce

router = Router(tags=["employers"], auth=django_auth)
WHO = " (the organisation's admins and programme staff)"


class OrganisationOut(Schema):
    id: int
    name: str
    kind: str
    locations: list[dict[str, Any]]


class StaffOut(Schema):
    employment_id: int
    candidate_id: str
    name: str
    location: str
    role: str
    diagnoses_and_repairs: bool
    shares: str
    certifications: dict[str, date]
    masters: list[str]
    role_requirement: dict[str, Any] | None


class CoverageOut(Schema):
    as_of: date
    tests: list[str]
    technicians: list[dict[str, Any]]
    areas: list[dict[str, Any]]


class ExpiryOut(Schema):
    candidate_id: str
    name: str
    test: str
    valid_until: date
    days: int


class RecognitionOut(Schema):
    as_of: date
    eligible: bool
    reasons: list[str]
    loses_on: date | None
    locations: list[dict[str, Any]]


def _guard(request: HttpRequest, org_id: int) -> tuple[Organisation | None, Status[Any] | None]:
    if not has_role(request.user, Role.EMPLOYER_ADMIN, Role.STAFF):
        return None, Status(403, {"detail": "only employer admins and programme staff may use this"})
    org = organisation_for(user=request.user, organisation_id=org_id)
    if org is None:
        return None, Status(404, {"detail": f"no organisation {org_id} among yours"})
    return org, None


def _org_out(org: Organisation) -> dict[str, Any]:
    locs = [
        {"id": loc.pk, "name": loc.name, "slug": loc.slug, "service_areas": loc.service_areas,
         "public_page": loc.public_page}
        for loc in org.locations.all()
    ]  # fmt: skip
    return {"id": org.pk, "name": org.name, "kind": org.kind, "locations": locs}


ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut}


@router.get("", response={200: list[OrganisationOut], **ERRORS}, summary="My organisations" + WHO)
def list_organisations(request: HttpRequest) -> Status[Any]:
    if not has_role(request.user, Role.EMPLOYER_ADMIN, Role.STAFF):
        return Status(403, {"detail": "only employer admins and programme staff may use this"})
    return Status(200, [_org_out(o) for o in organisations_visible(user=request.user)])


@router.get("/{org_id}/staff", response={200: list[StaffOut], **ERRORS}, summary="Current staff" + WHO)
def list_staff(request: HttpRequest, org_id: int, as_of: date | None = None) -> Status[Any]:
    org, denied = _guard(request, org_id)
    if denied is not None or org is None:
        return denied  # type: ignore[return-value]
    wf = workforce(organisation=org, on=as_of or clock.today())
    out = []
    for m in wf.members:
        role = m.role
        out.append(
            {
                "employment_id": m.employment.pk,
                "candidate_id": m.employment.person.candidate_id,
                "name": m.name,
                "location": m.location_name,
                "role": m.role_name,
                "diagnoses_and_repairs": m.employment.diagnoses_and_repairs,
                "shares": m.employment.visibility,
                "certifications": m.certifications,
                "masters": m.masters,
                "role_requirement": None
                if role is None
                else {"meets": role.meets, "missing": list(role.missing), "stops_on": role.stops_on},
            }
        )
    return Status(200, out)


@router.get(
    "/{org_id}/coverage",
    response={200: CoverageOut, **ERRORS},
    summary="Coverage matrix: each technician's status per test (as they share it) and areas of service" + WHO,
)
def coverage(request: HttpRequest, org_id: int, as_of: date | None = None, location: int | None = None) -> Status[Any]:
    org, denied = _guard(request, org_id)
    if denied is not None or org is None:
        return denied  # type: ignore[return-value]
    loc = org.locations.filter(pk=location).first() if location else None
    wf = workforce(organisation=org, on=as_of or clock.today(), location=loc)
    techs = [
        {
            "candidate_id": m.employment.person.candidate_id,
            "name": m.name,
            "masters": m.masters,
            "statuses": {c: (s.value if (s := m.status(c)) else "not_shared") for c in wf.tests},
        }
        for m in wf.members
    ]
    areas = [
        {"location": c.location.name, "area": c.area, "tests": list(c.tests), "certified": c.certified}
        for c in wf.coverage
    ]
    return Status(200, {"as_of": wf.on, "tests": wf.tests, "technicians": techs, "areas": areas})


@router.get(
    "/{org_id}/expiries",
    response={200: list[ExpiryOut], **ERRORS},
    summary="Certifications expiring within `days` (30, 60 or 90)" + WHO,
)
def expiries(request: HttpRequest, org_id: int, days: int = 90, as_of: date | None = None) -> Status[Any]:
    org, denied = _guard(request, org_id)
    if denied is not None or org is None:
        return denied  # type: ignore[return-value]
    wf = workforce(organisation=org, on=as_of or clock.today())
    return Status(
        200,
        [
            {"candidate_id": e.member.employment.person.candidate_id, "name": e.member.name, "test": e.test,
             "valid_until": e.until, "days": e.days}
            for e in wf.expiries
            if e.days <= days
        ],
    )  # fmt: skip


@router.get(
    "/{org_id}/recognition",
    response={200: RecognitionOut, **ERRORS},
    summary="Blue Seal-style eligibility per location, what is missing and when it would be lost" + WHO,
)
def recognition(request: HttpRequest, org_id: int, as_of: date | None = None) -> Status[Any]:
    org, denied = _guard(request, org_id)
    if denied is not None or org is None:
        return denied  # type: ignore[return-value]
    rec = workforce(organisation=org, on=as_of or clock.today()).recognition
    locs = [
        {
            "location": d.name,
            "eligible": d.eligible,
            "technicians": d.technicians,
            "certified": d.certified,
            "required": d.required,
            "missing": [s.message for s in d.shortfalls],
            "reasons": [r.value for r in d.reasons],
            "loses_on": d.loses_on,
            "loses_because": [s.message for s in d.loses_because],
            "summary": d.summary,
        }
        for d in rec.locations
    ]
    return Status(
        200,
        {"as_of": rec.on, "eligible": rec.eligible, "reasons": [r.value for r in rec.reasons],
         "loses_on": rec.loses_on, "locations": locs},
    )  # fmt: skip
