"""Credential pages: the technician's credentials, public verification, bulk CSV, staff actions."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from certwright.candidates.selectors import person_for_user
from certwright.common import clock
from certwright.common.access import page
from certwright.core.roles import Role
from certwright.credentials import ratelimit
from certwright.credentials.presenters import NOT_FOUND, BulkError, bulk_verify_csv, event_rows
from certwright.credentials.selectors import (
    MalformedNumberError,
    credential_events,
    credential_get,
    credential_search,
    credential_states,
    credential_status,
    verify_lookup,
)
from certwright.credentials.selectors_holder import holder_extras
from certwright.credentials.services import (
    CredentialError,
    credential_reinstate,
    credential_revoke,
    credential_suspend,
)


@page(note="Shows your own credentials; it needs a candidate profile linked to your account.")
def my_credentials(request: HttpRequest) -> HttpResponse:
    person = person_for_user(user=request.user)
    if person is None:
        return render(request, "candidates/no_profile.html", status=404)
    today = clock.today()
    states = credential_states(person=person, today=today)
    history = {s.number: event_rows(credential_events(credential=s.credential)) for s in states}
    rows = [(s, history[s.number]) for s in states]
    extras = holder_extras(person=person, today=today)
    return render(
        request,
        "credentials/mine.html",
        {
            "person": person,
            "today": today,
            "tests": [r for r in rows if not r[0].is_master],
            "masters": [r for r in rows if r[0].is_master],
            "extras": extras,
        },
    )


@page(
    public=True,
    note="Anyone may check a certificate with its number and the holder's last name; requests are rate-limited.",
)
def verify(request: HttpRequest) -> HttpResponse:
    data = request.POST if request.method == "POST" else request.GET
    number = data.get("number", "").strip()[:40]
    last_name = data.get("last_name", "").strip()[:100]
    context: dict[str, object] = {"number": number, "last_name": last_name, "checked": False}
    status = 200
    if number and last_name:
        decision = ratelimit.hit(request)
        if not decision.allowed:
            context["error"] = decision.message
            response = render(request, "credentials/verify.html", context, status=429)
            response["Retry-After"] = str(decision.retry_after)
            return response
        context["checked"] = True
        try:
            context["found"] = verify_lookup(number=number, last_name=last_name, today=clock.today())
        except MalformedNumberError as error:
            context["error"] = str(error)
            status = 400
        else:
            if context["found"] is None:
                context["error"] = NOT_FOUND
                status = 404
    elif request.method == "POST":
        context["error"] = "Enter both the certificate number and the holder's last name."
        status = 400
    context["today"] = clock.today()
    return render(request, "credentials/verify.html", context, status=status)


@page(Role.EMPLOYER_ADMIN, Role.STAFF, note="Upload a CSV of certificate numbers and last names; get a CSV back.")
def verify_bulk(request: HttpRequest) -> HttpResponse:
    context: dict[str, object] = {}
    if request.method == "POST":
        upload = request.FILES.get("file")
        if upload is None:
            context["error"] = "Choose a CSV file to upload (columns certificate_number,last_name)."
        else:
            try:
                text = bulk_verify_csv(upload.read(), today=clock.today())
            except BulkError as error:
                context["error"] = f"{upload.name}: {error}"
            else:
                response = HttpResponse(text, content_type="text/csv; charset=utf-8")
                response["Content-Disposition"] = 'attachment; filename="verification-results.csv"'
                return response
        return render(request, "credentials/verify_bulk.html", context, status=400)
    return render(request, "credentials/verify_bulk.html", context)


@page(Role.STAFF, note="Programme staff find credentials by certificate number, holder name or candidate ID.")
def staff_list(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:100]
    today = clock.today()
    found = [credential_status(c, today=today) for c in credential_search(query=query)]
    return render(request, "credentials/staff_list.html", {"q": query, "states": found})


@page(Role.STAFF, note="Programme staff see a credential's history and suspend, reinstate or revoke it.")
def staff_detail(request: HttpRequest, number: str) -> HttpResponse:
    credential = credential_get(number=number)
    if credential is None:
        raise Http404("No credential with that number.")
    state = credential_status(credential, today=clock.today())
    events = event_rows(credential_events(credential=credential))
    return render(request, "credentials/staff_detail.html", {"state": state, "c": credential, "events": events})


ACTIONS = {"suspend": credential_suspend, "reinstate": credential_reinstate, "revoke": credential_revoke}


@require_POST
@page(Role.STAFF, note="Programme staff only; a reason is required and the change is audited. Revoking is final.")
def staff_action(request: HttpRequest, number: str, action: str) -> HttpResponse:
    credential = credential_get(number=number)
    if credential is None or action not in ACTIONS:
        raise Http404("No credential with that number, or no such action.")
    if action == "revoke" and request.POST.get("confirm") != "yes":
        messages.error(request, "Tick the box to confirm: revoking is final.")
        return redirect("credential-staff-detail", number=credential.number)
    try:
        ACTIONS[action](
            credential=credential, by=request.user, reason=request.POST.get("reason", ""), today=clock.today()
        )
    except CredentialError as error:
        messages.error(request, f"{credential.number}: {error}")
    else:
        messages.success(request, f"{credential.number}: {action} recorded.")
    return redirect("credential-staff-detail", number=credential.number)
