"""Reading organisations and their people."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from certwright.common import clock
from certwright.employers.models import Employment


def admin_can_see_person(*, user: Any, person: Any) -> bool:
    """True when ``user`` administers an organisation that currently employs ``person``."""
    today = clock.today()
    return Employment.objects.filter(
        Q(end__isnull=True) | Q(end__gte=today),
        person=person,
        start__lte=today,
        organisation__admins__user=user,
    ).exists()


def organisations_of(*, user: Any) -> list[Any]:
    from certwright.employers.models import Organisation  # noqa: PLC0415

    return list(Organisation.objects.filter(admins__user=user))


def staff_of(*, organisation: Any) -> list[Any]:
    today = clock.today()
    return [
        e.person
        for e in Employment.objects.filter(
            Q(end__isnull=True) | Q(end__gte=today), organisation=organisation
        ).select_related("person")
    ]
