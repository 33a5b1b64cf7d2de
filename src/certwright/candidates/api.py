"""People API: standing. Visible to the person, their employer admins and programme staff."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.http import HttpRequest
from ninja import Router, Status
from ninja.security import django_auth

from certwright.candidates.selectors import person_get, person_standing
from certwright.common import clock
from certwright.common.access import can_view_person
from certwright.common.schemas import ErrorOut
from certwright.core.standing_io import StandingOut, standing_to_data

router = Router(tags=["people"], auth=django_auth)


@router.get(
    "/{person_id}/standing",
    response={200: StandingOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="A person's standing: every test, Master designations and next actions "
    "(the person, their employer admins, programme staff)",
)
def get_standing(request: HttpRequest, person_id: int, as_of: date | None = None) -> Status[Any]:
    person = person_get(person_id=person_id)
    if person is None:
        return Status(404, {"detail": f"no person with id {person_id}"})
    if not can_view_person(request.user, person):
        return Status(403, {"detail": "you may not see this person's standing"})
    return Status(200, standing_to_data(person_standing(person=person, on=as_of or clock.today())))
