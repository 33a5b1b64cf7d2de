"""Adaptive practice pages: start, one question at a time, the readiness result."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.views.decorators.http import require_POST

from certwright.common.access import page
from certwright.measurement.selectors import adaptive_get, adaptive_recent, version_get
from certwright.measurement.services_adaptive import (
    MAX_ITEMS,
    adaptive_answer,
    adaptive_question,
    adaptive_start,
    adaptive_stop,
)
from certwright.measurement.services_calibration import MeasurementError
from certwright.programs.selectors import catalog_current

NOTE = "Any signed-in user; each person sees only their own adaptive practice."


@page(note=NOTE)
def adaptive_home(request: HttpRequest) -> HttpResponse:
    tests = sorted(catalog_current().tests.items())
    return render(
        request, "measurement/adaptive_home.html", {"tests": tests, "recent": adaptive_recent(user=request.user)[:10]}
    )


@require_POST
@page(note=NOTE)
def adaptive_new(request: HttpRequest) -> HttpResponse:
    test = request.POST.get("test", "").upper()
    try:
        session = adaptive_start(user=request.user, test=test)
    except MeasurementError as exc:
        messages.error(request, str(exc))
        return redirect("adaptive")
    return redirect("adaptive-session", pk=session.pk)


@page(note=NOTE)
def adaptive_session(request: HttpRequest, pk: int) -> HttpResponse:
    session = adaptive_get(pk=pk, user=request.user)
    if session is None:
        raise Http404("There is no such adaptive practice test of yours.")
    step = adaptive_question(session=session)
    if step is None:
        return render(request, "measurement/adaptive_result.html", {"session": session})
    version = version_get(pk=step["version_id"])
    answered = sum(1 for s in session.steps if s.get("answer"))
    question = {
        "stem": version.stem,
        "language": version.item.language,
        "options": [{"letter": o["letter"], "text": o["text"]} for o in version.options],
    }
    exhibit_url = ""
    if version.exhibit_id:
        try:  # the candidate-facing exhibit file (practice items' exhibits are served by the preparation app)
            exhibit_url = reverse("preparation-exhibit", args=[version.item_id])
        except NoReverseMatch:
            exhibit_url = ""
    return render(
        request,
        "measurement/adaptive_question.html",
        {
            "session": session,
            "step": step,
            "q": question,
            "exhibit": version.exhibit,
            "exhibit_url": exhibit_url,
            "number": answered + 1,
            "max_items": MAX_ITEMS,
        },
    )


@require_POST
@page(note=NOTE)
def adaptive_submit(request: HttpRequest, pk: int) -> HttpResponse:
    session = adaptive_get(pk=pk, user=request.user)
    if session is None:
        raise Http404("There is no such adaptive practice test of yours.")
    try:
        if request.POST.get("stop"):
            adaptive_stop(session=session)
        else:
            adaptive_answer(
                session=session, item_id=request.POST.get("item", ""), answer=request.POST.get("answer", "")
            )
    except MeasurementError as exc:
        messages.error(request, str(exc))
    return redirect("adaptive-session", pk=pk)
