"""Technicians' certification pages."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from certwright.candidates.models import Person
from certwright.candidates.presenters import series_blocks
from certwright.candidates.selectors import person_for_user, person_get, person_list, person_standing
from certwright.common import clock
from certwright.common.access import can_view_person, page
from certwright.core.roles import Role
from certwright.programs.selectors import catalog_current


def _render_standing(request: HttpRequest, person: Person, *, own: bool) -> HttpResponse:
    on = clock.today()
    standing = person_standing(person=person, on=on)
    catalog = catalog_current()
    blocks = series_blocks(standing, catalog)
    return render(
        request,
        "candidates/standing.html",
        {
            "person": person,
            "standing": standing,
            "blocks": blocks,
            "own": own,
            "on": on,
            "active": [b for b in blocks if b.active],
            "inactive": [b for b in blocks if not b.active],
            "recert_codes": {code for code, t in catalog.tests.items() if t.recert_scored},
        },
    )


@page(note="Shows your own certifications; it needs a candidate profile linked to your account.")
def my_certifications(request: HttpRequest) -> HttpResponse:
    person = person_for_user(user=request.user)
    if person is None:
        return render(request, "candidates/no_profile.html", status=404)
    return _render_standing(request, person, own=True)


@page(note="The person themselves, programme staff, and admins of an organisation that employs them.")
def person_certifications(request: HttpRequest, person_id: int) -> HttpResponse:
    person = person_get(person_id=person_id)
    if person is None:
        raise Http404("No such person.")
    if not can_view_person(request.user, person):
        raise PermissionDenied("You may not see this person's certifications.")
    return _render_standing(request, person, own=person.user_id == request.user.id)


@page(Role.STAFF, note="Programme staff look people up by last name or candidate ID.")
def people_list(request: HttpRequest) -> HttpResponse:
    search = request.GET.get("q", "").strip()
    people = person_list(search=search)[:200]
    return render(request, "candidates/people.html", {"people": people, "q": search})
