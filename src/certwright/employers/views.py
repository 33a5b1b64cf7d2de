"""Employer admin pages: the dashboard, its exports, managing locations, roles and staff, the QR
code of a location, and the public shop page."""

from __future__ import annotations

import io
from datetime import timedelta
from typing import Any

import segno
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from certwright.common import clock
from certwright.common.access import page
from certwright.core.recognition import area_label
from certwright.core.roles import Role
from certwright.employers import presenters
from certwright.employers.selectors import (
    invitations_of,
    location_for,
    location_public,
    organisation_for,
    organisations_visible,
)
from certwright.employers.selectors_workforce import current_employments, workforce
from certwright.employers.services import (
    EmployerError,
    employment_end,
    employment_update,
    invitation_cancel,
    invitation_create,
    job_role_set,
    location_create,
    location_update,
    organisation_admin_invite,
)

ADMIN_NOTE = "Admins of an organisation, for their own organisation only (and programme staff)."


def _org(request: HttpRequest, org_id: int) -> Any:
    org = organisation_for(user=request.user, organisation_id=org_id)
    if org is None:
        raise Http404("No such organisation among yours.")
    return org


def _workforce(request: HttpRequest, org: Any) -> Any:
    loc_id = request.GET.get("location", "")
    location = next((loc for loc in org.locations.all() if str(loc.pk) == loc_id), None)
    return workforce(organisation=org, on=clock.today(), location=location)


@page(Role.EMPLOYER_ADMIN, Role.STAFF, note=ADMIN_NOTE)
def dashboard_home(request: HttpRequest) -> HttpResponse:
    orgs = organisations_visible(user=request.user)
    if len(orgs) == 1:
        return redirect("employer-dashboard", org_id=orgs[0].pk)
    return render(request, "employers/home.html", {"orgs": orgs})


@page(Role.EMPLOYER_ADMIN, Role.STAFF, note=ADMIN_NOTE)
def dashboard(request: HttpRequest, org_id: int) -> HttpResponse:
    org = _org(request, org_id)
    wf = _workforce(request, org)
    context = {
        "org": org,
        "wf": wf,
        "rows": presenters.matrix_rows(wf),
        "legend": presenters.legend(),
        "recognition": presenters.recognition_lines(wf),
        "losses": presenters.loss_lines(wf),
        "coverage": presenters.coverage_rows(wf),
        "windows": [(low, w, [e for e in wf.expiries if e.window == w]) for low, w in ((0, 30), (31, 60), (61, 90))],
        "progress": [m for m in wf.members if m.progress_visible and (m.renewal_credits or m.upcoming)],
        "query": request.GET.urlencode(),
    }
    return render(request, "employers/dashboard.html", context)


@page(Role.EMPLOYER_ADMIN, Role.STAFF, note=ADMIN_NOTE)
def export_csv(request: HttpRequest, org_id: int) -> HttpResponse:
    org = _org(request, org_id)
    wf = _workforce(request, org)
    response = HttpResponse(presenters.workforce_csv(wf), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="workforce-{org.pk}-{wf.on.isoformat()}.csv"'
    return response


@page(Role.EMPLOYER_ADMIN, Role.STAFF, note=ADMIN_NOTE)
def export_pdf(request: HttpRequest, org_id: int) -> HttpResponse:
    org = _org(request, org_id)
    wf = _workforce(request, org)
    response = HttpResponse(presenters.workforce_pdf(wf), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="workforce-{org.pk}-{wf.on.isoformat()}.pdf"'
    return response


def _manage_post(request: HttpRequest, org: Any) -> None:
    action = request.POST.get("action", "")
    data = request.POST
    if action == "location":
        loc = location_create(
            organisation=org, name=data.get("name", ""), city=data.get("city", ""),
            service_areas=data.getlist("areas"), by=request.user,
        )  # fmt: skip
        messages.success(request, f"Location {loc.name} added.")
    elif action == "location_update":
        chosen = _pick(org.locations.all(), data.get("location"))
        if chosen is None:
            raise EmployerError("location: choose one of this organisation's locations")
        location_update(
            location=chosen,
            service_areas=data.getlist("areas"),
            public_page=data.get("public") == "on",
            by=request.user,
        )
        messages.success(request, f"Location {chosen.name} saved.")
    elif action == "role":
        role = job_role_set(
            organisation=org, name=data.get("name", ""), required_tests=data.get("tests", "").replace(",", " ").split(),
            by=request.user,
        )  # fmt: skip
        messages.success(request, f"Role {role.name} requires {', '.join(role.required_tests) or 'nothing'}.")
    elif action == "invite":
        inv = invitation_create(
            organisation=org, who=data.get("who", ""), location=_pick(org.locations.all(), data.get("location")),
            job_role=_pick(org.job_roles.all(), data.get("role")), by=request.user,
        )  # fmt: skip
        messages.success(request, f"Invitation sent to {inv.person.name if inv.person else inv.email}.")
    elif action == "cancel":
        inv = _pick(org.invitations.all(), data.get("invitation"))
        if inv is None:
            raise EmployerError("invitation: not found")
        invitation_cancel(invitation=inv, by=request.user)
        messages.success(request, "Invitation cancelled.")
    elif action == "admin":
        row = organisation_admin_invite(organisation=org, username=data.get("username", ""), by=request.user)
        messages.success(request, f"{row.user.username} is now an admin of {org.name}.")
    elif action in ("end", "staff"):
        _staff_post(request, org, action)
    else:
        raise EmployerError("action: unknown")


def _staff_post(request: HttpRequest, org: Any, action: str) -> None:
    data = request.POST
    emp = _pick(org.employments.filter(end=None).select_related("person"), data.get("employment"))
    if emp is None:
        raise EmployerError("employee: not found")
    if action == "end":
        last_day = max(emp.start, clock.today() - timedelta(days=1))
        employment_end(employment=emp, on=last_day, by=request.user)
        messages.success(request, f"{emp.person.name} no longer works for {org.name} (last day {last_day}).")
        return
    employment_update(
        employment=emp, location=_pick(org.locations.all(), data.get("location")),
        job_role=_pick(org.job_roles.all(), data.get("role")),
        diagnoses_and_repairs=data.get("diagnoses") == "on", by=request.user,
    )  # fmt: skip
    messages.success(request, f"{emp.person.name} saved.")


def _pick(rows: Any, pk: str | None) -> Any:
    return next((r for r in rows if str(r.pk) == (pk or "")), None)


@page(Role.EMPLOYER_ADMIN, Role.STAFF, note=ADMIN_NOTE)
def manage(request: HttpRequest, org_id: int) -> HttpResponse:
    org = _org(request, org_id)
    if request.method == "POST":
        try:
            _manage_post(request, org)
        except EmployerError as exc:
            messages.error(request, str(exc))
        return redirect("employer-manage", org_id=org.pk)
    from certwright.programs.selectors import catalog_current  # noqa: PLC0415

    areas = [(a, area_label(a), " or ".join(t)) for a, t in catalog_current().blue_seal.service_areas.items()]
    context = {
        "org": org,
        "areas": areas,
        "locations": org.locations.all(),
        "roles": org.job_roles.all(),
        "staff": current_employments(organisation=org, on=clock.today()),
        "invitations": invitations_of(organisation=org),
        "admins": org.admins.select_related("user"),
    }
    return render(request, "employers/manage.html", context)


@page(Role.EMPLOYER_ADMIN, Role.STAFF, note=ADMIN_NOTE)
def location_qr(request: HttpRequest, location_id: int, kind: str) -> HttpResponse:
    loc = location_for(user=request.user, location_id=location_id)
    if loc is None:
        raise Http404("No such location among yours.")
    url = request.build_absolute_uri(f"/shops/{loc.slug}/")
    code = segno.make(url, error="m")
    out = io.BytesIO()
    if kind == "png":
        code.save(out, kind="png", scale=10, border=4)
        return HttpResponse(out.getvalue(), content_type="image/png")
    code.save(out, kind="svg", scale=8, border=4, title=f"{loc.organisation.name} - {loc.name}")
    return HttpResponse(out.getvalue(), content_type="image/svg+xml")


@page(public=True, note="Only locations whose admins turned the public page on; nothing private is shown.")
def shop_public(request: HttpRequest, slug: str) -> HttpResponse:
    loc = location_public(slug=slug)
    if loc is None:
        raise Http404("No public page here.")
    wf = workforce(organisation=loc.organisation, on=clock.today(), location=loc)
    decision = next(d for d in wf.recognition.locations if d.location == str(loc.pk))
    techs = [
        (f"{m.employment.person.first_name} {m.employment.person.last_name[:1]}.", sorted(m.certifications), m.masters)
        for m in wf.members
        if m.certifications
    ]
    return render(
        request,
        "employers/shop_public.html",
        {"loc": loc, "decision": decision, "techs": techs, "areas": [area_label(a) for a in loc.service_areas]},
    )
