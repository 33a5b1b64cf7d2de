"""Reading organisations, their people, invitations and vouchers (who may see what)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from certwright.common import clock
from certwright.common.access import is_staff
from certwright.employers.models import (
    Employment,
    Invitation,
    InvitationStatus,
    Location,
    Organisation,
    Visibility,
    Voucher,
    VoucherOrder,
)


def admin_can_see_person(*, user: Any, person: Any) -> bool:
    """True when ``user`` administers an organisation that currently employs ``person`` and the
    person shares more than public verification with it (visibility "progress")."""
    today = clock.today()
    return Employment.objects.filter(
        Q(end__isnull=True) | Q(end__gte=today),
        person=person,
        start__lte=today,
        organisation__admins__user=user,
        visibility=Visibility.PROGRESS,
    ).exists()


def organisations_of(*, user: Any) -> list[Organisation]:
    return list(Organisation.objects.filter(admins__user=user).order_by("name"))


def organisations_visible(*, user: Any) -> list[Organisation]:
    """Programme staff see every organisation; admins their own."""
    if is_staff(user):
        return list(Organisation.objects.order_by("name"))
    return organisations_of(user=user)


def organisation_for(*, user: Any, organisation_id: int) -> Organisation | None:
    """The organisation when ``user`` administers it (or is programme staff); else None."""
    org = Organisation.objects.filter(pk=organisation_id).first()
    if org is None:
        return None
    if is_staff(user) or org.admins.filter(user=user).exists():
        return org
    return None


def location_for(*, user: Any, location_id: int) -> Location | None:
    loc = Location.objects.select_related("organisation").filter(pk=location_id).first()
    if loc is None or organisation_for(user=user, organisation_id=loc.organisation_id) is None:
        return None
    return loc


def location_public(*, slug: str) -> Location | None:
    """A location whose admins opted in to the public page."""
    return Location.objects.select_related("organisation").filter(slug=slug, public_page=True).first()


def staff_of(*, organisation: Any) -> list[Any]:
    today = clock.today()
    return [
        e.person
        for e in Employment.objects.filter(
            Q(end__isnull=True) | Q(end__gte=today), organisation=organisation
        ).select_related("person")
    ]


def employment_for_admin(*, user: Any, employment_id: int) -> Employment | None:
    row = Employment.objects.select_related("organisation", "person").filter(pk=employment_id).first()
    if row is None or organisation_for(user=user, organisation_id=row.organisation_id) is None:
        return None
    return row


def invitations_for_person(*, person: Any) -> QuerySet[Invitation]:
    mine = Q(person=person)
    if person.email:
        mine |= Q(person=None, email__iexact=person.email)
    return Invitation.objects.filter(mine, status=InvitationStatus.PENDING).select_related(
        "organisation", "location", "job_role"
    )


def employments_of_person(*, person: Any) -> QuerySet[Employment]:
    return Employment.objects.filter(person=person, end=None).select_related("organisation", "location", "job_role")


def invitations_of(*, organisation: Organisation) -> QuerySet[Invitation]:
    return organisation.invitations.select_related("person", "location", "job_role").order_by("-created_at")[:50]


def voucher_orders_of(*, organisation: Organisation) -> QuerySet[VoucherOrder]:
    return organisation.voucher_orders.order_by("-created_at")


def voucher_orders_pending() -> QuerySet[VoucherOrder]:
    return VoucherOrder.objects.filter(status="pending").select_related("organisation").order_by("created_at")


def vouchers_of(*, organisation: Organisation) -> QuerySet[Voucher]:
    return organisation.vouchers.select_related("assigned_to", "order").order_by("-issued_at")
