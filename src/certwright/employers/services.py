"""Organisations, locations, job roles, employment links and invitations (audited)."""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from datetime import date
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.text import slugify

from certwright.candidates.models import Person
from certwright.common import clock
from certwright.common.audit import audit_record
from certwright.employers.models import (
    Employment,
    Invitation,
    InvitationStatus,
    JobRole,
    Location,
    Organisation,
    OrganisationAdmin,
    Visibility,
    Voucher,
)
from certwright.programs.selectors import catalog_current


class EmployerError(ValueError):
    """Bad input for an employer operation; the message names what and where."""


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


def _areas_checked(areas: Iterable[str]) -> list[str]:
    known = catalog_current().blue_seal.service_areas
    chosen = list(dict.fromkeys(a.strip() for a in areas if a.strip()))
    unknown = [a for a in chosen if a not in known]
    if unknown:
        raise EmployerError(f"service areas: unknown {', '.join(unknown)} (known: {', '.join(sorted(known))})")
    return chosen


def _tests_checked(tests: Iterable[str], field: str) -> list[str]:
    catalog = catalog_current()
    chosen = list(dict.fromkeys(t.strip().upper() for t in tests if t.strip()))
    unknown = [t for t in chosen if t not in catalog.tests]
    if unknown:
        raise EmployerError(f"{field}: unknown test {', '.join(unknown)}")
    return chosen


def _unique_slug(organisation: Organisation, name: str) -> str:
    base = slugify(f"{organisation.name} {name}")[:70] or "location"
    slug, n = base, 2
    while Location.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


@transaction.atomic
def organisation_admin_invite(*, organisation: Organisation, username: str, by: Any = None) -> OrganisationAdmin:
    """Make another user with the employer-admin role an admin of ``organisation``."""
    from certwright.accounts.models import User  # noqa: PLC0415
    from certwright.core.roles import Role  # noqa: PLC0415

    user = User.objects.filter(username=username.strip()).first()
    if user is None:
        raise EmployerError(f"admin: no user called {username.strip()!r}")
    if not user.role_grants.filter(role=Role.EMPLOYER_ADMIN).exists():
        raise EmployerError(f"admin: {user.username} does not have the employer-admin role (programme staff grant it)")
    return organisation_admin_add(organisation=organisation, user=user, by=by)


@transaction.atomic
def location_create(
    *, organisation: Organisation, name: str, city: str = "", service_areas: Iterable[str] = (), by: Any = None
) -> Location:
    name = name.strip()
    if not name:
        raise EmployerError("location name: required")
    if Location.objects.filter(organisation=organisation, name=name).exists():
        raise EmployerError(f"location name: {organisation.name} already has a location called {name!r}")
    loc = Location.objects.create(
        organisation=organisation,
        name=name,
        city=city.strip(),
        slug=_unique_slug(organisation, name),
        service_areas=_areas_checked(service_areas),
    )
    audit_record(actor=by, action="location.create", obj=loc, after={"name": name, "areas": loc.service_areas})
    return loc


@transaction.atomic
def location_update(
    *, location: Location, service_areas: Iterable[str] | None = None, public_page: bool | None = None, by: Any = None
) -> Location:
    before = {"areas": list(location.service_areas), "public_page": location.public_page}
    if service_areas is not None:
        location.service_areas = _areas_checked(service_areas)
    if public_page is not None:
        location.public_page = public_page
    location.save(update_fields=["service_areas", "public_page"])
    after = {"areas": location.service_areas, "public_page": location.public_page}
    audit_record(actor=by, action="location.update", obj=location, before=before, after=after)
    return location


@transaction.atomic
def job_role_set(*, organisation: Organisation, name: str, required_tests: Iterable[str], by: Any = None) -> JobRole:
    """Create or change a role and the certifications it requires."""
    name = name.strip()
    if not name:
        raise EmployerError("role name: required")
    tests = _tests_checked(required_tests, "required certifications")
    role, created = JobRole.objects.get_or_create(organisation=organisation, name=name)
    before = None if created else {"required": list(role.required_tests)}
    role.required_tests = tests
    role.save(update_fields=["required_tests"])
    audit_record(actor=by, action="job_role.set", obj=role, before=before, after={"name": name, "required": tests})
    return role


@transaction.atomic
def employment_link(
    *,
    organisation: Organisation,
    person: Any,
    start: date,
    role_title: str = "",
    location: Location | None = None,
    job_role: JobRole | None = None,
    diagnoses_and_repairs: bool = True,
    visibility: str = Visibility.PROGRESS,
    by: Any = None,
) -> Employment:
    """Link a technician who agreed outside Certwright (demo, staff); technicians who use Certwright
    are linked by :func:`invitation_respond` and choose the visibility themselves."""
    row = Employment.objects.create(
        organisation=organisation,
        person=person,
        start=start,
        role_title=role_title or (job_role.name if job_role else ""),
        location=location,
        job_role=job_role,
        diagnoses_and_repairs=diagnoses_and_repairs,
        visibility=visibility,
    )
    audit_record(
        actor=by,
        action="employment.link",
        obj=row,
        after={"organisation": organisation.pk, "person": person.candidate_id},
    )
    return row


@transaction.atomic
def employment_update(
    *,
    employment: Employment,
    location: Location | None,
    job_role: JobRole | None,
    diagnoses_and_repairs: bool,
    by: Any = None,
) -> Employment:
    for thing, label in ((location, "location"), (job_role, "role")):
        if thing is not None and thing.organisation_id != employment.organisation_id:
            raise EmployerError(f"{label}: belongs to another organisation")
    employment.location, employment.job_role = location, job_role
    employment.diagnoses_and_repairs = diagnoses_and_repairs
    if job_role is not None:
        employment.role_title = job_role.name
    employment.save(update_fields=["location", "job_role", "diagnoses_and_repairs", "role_title"])
    audit_record(
        actor=by,
        action="employment.update",
        obj=employment,
        after={
            "location": getattr(location, "pk", None),
            "job_role": getattr(job_role, "pk", None),
            "diagnoses_and_repairs": diagnoses_and_repairs,
        },
    )
    return employment


@transaction.atomic
def employment_visibility_set(*, employment: Employment, visibility: str, by: Any = None) -> Employment:
    """The technician decides what the employer sees beyond public verification."""
    if visibility not in Visibility.values:
        raise EmployerError(f"visibility: choose one of {', '.join(Visibility.values)}")
    before = employment.visibility
    employment.visibility = visibility
    employment.save(update_fields=["visibility"])
    audit_record(
        actor=by, action="employment.visibility", obj=employment, before={"v": before}, after={"v": visibility}
    )
    return employment


@transaction.atomic
def employment_end(*, employment: Employment, on: date, by: Any = None) -> Employment:
    employment.end = on
    employment.save(update_fields=["end"])
    audit_record(actor=by, action="employment.end", obj=employment, after={"end": on.isoformat()})
    return employment


@transaction.atomic
def invitation_create(
    *,
    organisation: Organisation,
    who: str,
    location: Location | None = None,
    job_role: JobRole | None = None,
    by: Any = None,
) -> Invitation:
    """Invite a technician by candidate ID or email; it waits for them to accept."""
    who = who.strip()
    if not who:
        raise EmployerError("technician: enter a candidate ID or an email address")
    person = Person.objects.filter(candidate_id__iexact=who).first()
    if person is None and "@" in who:
        person = Person.objects.filter(email__iexact=who).first()
    if person is None and "@" not in who:
        raise EmployerError(f"technician: no one has the candidate ID {who!r}")
    if person is not None and Employment.objects.filter(organisation=organisation, person=person, end=None).exists():
        raise EmployerError(f"technician: {person.name} already works for {organisation.name}")
    try:
        with transaction.atomic():
            inv = Invitation.objects.create(
                organisation=organisation,
                person=person,
                email="" if person else who.lower(),
                location=location,
                job_role=job_role,
                invited_by=by if getattr(by, "is_authenticated", False) else None,
            )
    except IntegrityError:
        raise EmployerError("technician: an invitation to this technician is already waiting") from None
    audit_record(actor=by, action="invitation.create", obj=inv, after={"who": who})
    return inv


@transaction.atomic
def invitation_respond(
    *, invitation_id: int, person: Person, accept: bool, visibility: str = Visibility.CERTIFICATIONS, by: Any = None
) -> Invitation:
    """The technician accepts (a new employment from today, with the visibility they chose) or declines."""
    inv = Invitation.objects.select_for_update().filter(pk=invitation_id).first()
    mine = inv is not None and (
        inv.person_id == person.pk or (inv.person_id is None and person.email and inv.email == person.email.lower())
    )
    if inv is None or not mine:
        raise EmployerError("invitation: not found")
    if inv.status != InvitationStatus.PENDING:
        raise EmployerError(f"invitation: already {inv.get_status_display().lower()}")
    if accept and visibility not in Visibility.values:
        raise EmployerError(f"visibility: choose one of {', '.join(Visibility.values)}")
    inv.person, inv.responded_at = person, clock.now()
    if accept:
        inv.status = InvitationStatus.ACCEPTED
        inv.employment = employment_link(
            organisation=inv.organisation,
            person=person,
            start=clock.today(),
            location=inv.location,
            job_role=inv.job_role,
            visibility=visibility,
            by=by,
        )
    else:
        inv.status = InvitationStatus.DECLINED
    inv.save(update_fields=["person", "responded_at", "status", "employment"])
    audit_record(actor=by, action=f"invitation.{inv.status}", obj=inv, after={"visibility": visibility})
    return inv


@transaction.atomic
def invitation_cancel(*, invitation: Invitation, by: Any = None) -> Invitation:
    if invitation.status != InvitationStatus.PENDING:
        raise EmployerError(f"invitation: already {invitation.get_status_display().lower()}")
    invitation.status, invitation.responded_at = InvitationStatus.CANCELLED, clock.now()
    invitation.save(update_fields=["status", "responded_at"])
    audit_record(actor=by, action="invitation.cancel", obj=invitation)
    return invitation


def voucher_code() -> str:
    return f"V-{secrets.token_hex(4).upper()}"


@transaction.atomic
def voucher_issue(*, organisation: Organisation, test: str = "", person: Any = None, by: Any = None) -> Voucher:
    """One voucher the employer paid for outside Certwright, optionally for one test and one technician
    (recorded as a one-voucher order declared paid; see services_vouchers for orders)."""
    from certwright.employers.services_vouchers import voucher_order_create, voucher_order_pay  # noqa: PLC0415

    order = voucher_order_create(organisation=organisation, test=test, quantity=1, by=by)
    voucher_order_pay(order=order, reference="declared paid outside Certwright by the employer", by=by)
    voucher = order.vouchers.get()
    if person is not None:
        voucher.assigned_to = person
        voucher.save(update_fields=["assigned_to"])
    return voucher


@transaction.atomic
def voucher_redeem(*, code: str, person: Any, order_id: int, tests: list[str], by: Any = None) -> Voucher:
    """Mark a voucher used for an order of ``person``; refuses used, foreign or wrong-test vouchers."""
    voucher = Voucher.objects.select_for_update().filter(code=code.strip().upper()).first()
    if voucher is None:
        raise ValueError("there is no voucher with this code")
    if voucher.redeemed_at is not None:
        raise ValueError("this voucher has already been used")
    if voucher.assigned_to_id is not None and voucher.assigned_to_id != person.pk:
        raise ValueError("this voucher was given to someone else")
    if voucher.test and tests != [voucher.test]:
        raise ValueError(f"this voucher pays for {voucher.test} only")
    voucher.redeemed_at, voucher.redeemed_order = clock.now(), order_id
    voucher.save(update_fields=["redeemed_at", "redeemed_order"])
    audit_record(actor=by, action="voucher.redeem", obj=voucher, after={"order": order_id})
    return voucher
