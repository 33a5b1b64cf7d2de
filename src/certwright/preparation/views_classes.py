"""Educator pages: classes and study groups, invitations, assignments, analytics, CSV export; joining by link."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from certwright.common import clock
from certwright.common.access import page
from certwright.core.roles import Role
from certwright.preparation import presenters
from certwright.preparation.models import StudyGroup
from certwright.preparation.selectors import group_analytics, group_by_token, group_for_educator, groups_of_educator
from certwright.preparation.services import (
    PreparationError,
    assignment_create,
    group_create,
    group_join,
    invite_renew,
)
from certwright.programs.selectors import catalog_current

EDUCATOR_NOTE = "Educators, for their own classes only."


def _own(request: HttpRequest, group_id: int) -> StudyGroup:
    group = group_for_educator(user=request.user, group_id=group_id)
    if group is None:
        raise PermissionDenied("This class belongs to another educator.")
    return group


@page(Role.EDUCATOR, note=EDUCATOR_NOTE)
def classes(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        try:
            group = group_create(
                educator=request.user, name=request.POST.get("name", ""), kind=request.POST.get("kind", "class")
            )
            return redirect("preparation-class", group_id=group.pk)
        except PreparationError as exc:
            messages.error(request, str(exc))
    return render(request, "preparation/classes.html", {"groups": groups_of_educator(user=request.user)})


def _assignment_from_post(request: HttpRequest, group: StudyGroup) -> None:
    test, _, area = request.POST.get("target", "").partition(":")
    try:
        assignment_create(
            group=group,
            by=request.user,
            title=request.POST.get("title", ""),
            test=test,
            area=area,
            questions=int(request.POST.get("questions") or 20),
            due_on=date.fromisoformat(request.POST.get("due_on", "")),
        )
        messages.success(request, "Assignment set.")
    except ValueError as exc:
        messages.error(request, str(exc) if isinstance(exc, PreparationError) else f"Check the form: {exc}")


@page(Role.EDUCATOR, note=EDUCATOR_NOTE)
def class_detail(request: HttpRequest, group_id: int) -> HttpResponse:
    group = _own(request, group_id)
    if request.method == "POST":
        if request.POST.get("action") == "renew":
            invite_renew(group=group, by=request.user)
            messages.success(request, "New invitation link; the old one no longer works.")
        else:
            _assignment_from_post(request, group)
        return redirect("preparation-class", group_id=group.pk)
    students, totals = group_analytics(group=group, today=clock.today())
    areas = list(totals)
    return render(
        request,
        "preparation/class_detail.html",
        {
            "group": group,
            "invite_url": request.build_absolute_uri(reverse("preparation-join", args=[group.invite_token])),
            "students": [
                (
                    s,
                    [presenters.percent(*s.areas.get(a, (0, 0))) for a in areas],
                    presenters.percent(s.correct, s.answered),
                )
                for s in students
            ],
            "areas": [(a, presenters.percent(*totals[a]), totals[a][1]) for a in areas],
            "area_keys": areas,
            "assignments": group.assignments.all(),
            "tests": [t for t in catalog_current().tests.values() if t.areas],
            "today": clock.today(),
        },
    )


@page(Role.EDUCATOR, note=EDUCATOR_NOTE + " CSV cells are protected against formula injection.")
def class_export(request: HttpRequest, group_id: int) -> HttpResponse:
    group = _own(request, group_id)
    students, totals = group_analytics(group=group, today=clock.today())
    response = HttpResponse(presenters.analytics_csv(students, list(totals)), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="class-{group.pk}-analytics.csv"'
    return response


@page(note="Any signed-in user with a candidate record who has the invitation link.")
def join(request: HttpRequest, token: str) -> HttpResponse:
    group = group_by_token(token=token)
    if group is None:
        raise Http404("This invitation link is not valid (it may have been renewed).")
    if request.method == "POST":
        try:
            group_join(token=token, user=request.user)
            messages.success(request, f"You joined {group.name}.")
            return redirect("preparation-home")
        except PreparationError as exc:
            messages.error(request, str(exc))
    return render(request, "preparation/join.html", {"group": group})
