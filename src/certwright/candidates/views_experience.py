"""Experience pages: the technician's records and evidence, the employer's attestations, the staff queue."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import UploadedFile
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from certwright.candidates.selectors import person_for_user
from certwright.candidates.selectors_experience import (
    administers,
    attestation_queue,
    evidence_can_view,
    evidence_get,
    experience_of,
    experience_record_get,
    organisations_all,
    review_queue,
)
from certwright.candidates.services_experience import (
    ExperienceError,
    Upload,
    attestation_record,
    evidence_add,
    experience_decide,
    experience_submit,
    max_evidence_bytes,
)
from certwright.common.access import page
from certwright.core.roles import Role


def _uploads(request: HttpRequest) -> list[Upload]:
    limit = max_evidence_bytes()
    out = []
    for f in request.FILES.getlist("evidence"):
        assert isinstance(f, UploadedFile)
        size = f.size or 0
        content = f.read(16) if size > limit else f.read()  # a too-big file: only its first bytes are read
        out.append(Upload(f.name or "upload", content, size))
    return out


def _date(request: HttpRequest, field: str, problems: list[tuple[str, str]]) -> date | None:
    value = request.POST.get(field, "").strip()
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        problems.append((field, f"{value!r} is not a date (YYYY-MM-DD)"))
        return None


def _number(request: HttpRequest, field: str, default: str, problems: list[tuple[str, str]]) -> float:
    value = request.POST.get(field, "").strip() or default
    try:
        return float(Decimal(value))
    except InvalidOperation:
        problems.append((field, f"{value!r} is not a number"))
        return float(default)


def _person(request: HttpRequest) -> Any:
    person = person_for_user(user=request.user)
    if person is None:
        raise PermissionDenied("Your account has no candidate profile.")
    return person


def _submit(request: HttpRequest, person: Any) -> list[tuple[str, str]]:
    problems: list[tuple[str, str]] = []
    start, end = _date(request, "start", problems), _date(request, "end", problems)
    hours = _number(request, "hours_per_week", "40", problems)
    months = _number(request, "months_credit", "0", problems)
    organisation = None
    org_id = request.POST.get("organisation", "").strip()
    if org_id:
        organisation = organisations_all().filter(pk=int(org_id) if org_id.isdigit() else 0).first()
        if organisation is None:
            problems.append(("organisation", "pick an employer from the list or type its name"))
    if problems:
        return problems
    try:
        experience_submit(
            person=person,
            kind=request.POST.get("kind", ""),
            start=start,
            end=end,
            hours_per_week=hours,
            months_credit=months,
            employer_name=request.POST.get("employer_name", ""),
            organisation=organisation,
            description=request.POST.get("description", ""),
            uploads=_uploads(request),
            by=request.user,
        )
    except ExperienceError as exc:
        return exc.problems
    return []


@page(Role.CANDIDATE, note="Technicians, for their own experience records.")
def my_experience(request: HttpRequest) -> HttpResponse:
    person = _person(request)
    problems: list[tuple[str, str]] = []
    if request.method == "POST":
        problems = _submit(request, person)
        if not problems:
            messages.success(request, "Saved. Your record waits for your employer's confirmation and staff review.")
            return redirect("my-experience")
    return render(
        request,
        "candidates/experience.html",
        {
            "records": experience_of(person=person),
            "organisations": organisations_all(),
            "problems": problems,
            "form": request.POST if problems else {},
            "max_mb": f"{max_evidence_bytes() / 1e6:g}",
        },
        status=422 if problems else 200,
    )


@page(Role.CANDIDATE, note="Technicians, for their own records that are still waiting for review.")
@require_POST
def experience_evidence_add(request: HttpRequest, record_id: int) -> HttpResponse:
    person = _person(request)
    record = experience_record_get(record_id=record_id)
    if record is None or record.person_id != person.pk:
        raise Http404("No such experience record of yours.")
    try:
        evidence_add(record=record, uploads=_uploads(request), by=request.user)
        messages.success(request, "Evidence added.")
    except ExperienceError as exc:
        for field, message in exc.problems:
            messages.error(request, f"{field}: {message}")
    return redirect("my-experience")


@page(note="The record's owner, programme staff, and admins of the employer the record names.")
def evidence_download(request: HttpRequest, evidence_id: int) -> FileResponse:
    evidence = evidence_get(evidence_id=evidence_id)
    if evidence is None:
        raise Http404("No such evidence file.")
    if not evidence_can_view(user=request.user, evidence=evidence):
        raise PermissionDenied("You may not see this evidence file.")
    # Read under a context manager so the stored file is closed here, not only when a server reads the
    # body to the end (a client that goes away early left it open); evidence is at most
    # CERTWRIGHT_EVIDENCE_MAX_BYTES, so it fits in memory. Same bytes, headers and streaming response.
    with evidence.file.open("rb") as stored:
        content = stored.read()
    response = FileResponse(
        io.BytesIO(content),
        as_attachment=True,
        filename=evidence.original_name,
        content_type=evidence.content_type,
    )
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response


@page(Role.EMPLOYER_ADMIN, note="Admins of the organisation a work period names; no one else sees it.")
def employer_attestations(request: HttpRequest) -> HttpResponse:
    return render(request, "candidates/attestations.html", {"records": attestation_queue(user=request.user)})


@page(Role.EMPLOYER_ADMIN, note="Admins of the organisation a work period names; no one else sees it.")
@require_POST
def employer_attest(request: HttpRequest, record_id: int) -> HttpResponse:
    record = experience_record_get(record_id=record_id)
    if record is None or not administers(user=request.user, organisation_id=record.organisation_id):
        raise Http404("No such work period naming your organisation.")
    try:
        attestation_record(
            record=record,
            organisation=record.organisation,
            confirm=request.POST.get("decision") == "confirm",
            note=request.POST.get("note", ""),
            by=request.user,
        )
        messages.success(request, f"Recorded your answer for {record.person.name}.")
    except ExperienceError as exc:
        for field, message in exc.problems:
            messages.error(request, f"{field}: {message}")
    return redirect("employer-attestations")


@page(Role.STAFF, note="Programme staff review experience records.")
def staff_experience(request: HttpRequest) -> HttpResponse:
    return render(request, "candidates/experience_queue.html", {"records": review_queue()})


@page(Role.STAFF, note="Programme staff review experience records.")
@require_POST
def staff_experience_decide(request: HttpRequest, record_id: int) -> HttpResponse:
    record = experience_record_get(record_id=record_id)
    if record is None:
        raise Http404("No such experience record.")
    approve = request.POST.get("decision") == "approve"
    try:
        experience_decide(record=record, approve=approve, reason=request.POST.get("reason", ""), by=request.user)
        verb = "approved" if approve else "rejected"
        messages.success(request, f"Experience record of {record.person.name} {verb}.")
    except ExperienceError as exc:
        for field, message in exc.problems:
            messages.error(request, f"{field}: {message}")
    return redirect("staff-experience")
