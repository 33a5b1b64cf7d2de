"""Standard-setting pages: staff create studies, close rounds and adopt cuts; panelists rate."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from certwright.common.access import has_role, page
from certwright.core.roles import Role
from certwright.measurement.models import StandardSettingStudy
from certwright.measurement.selectors import (
    form_get,
    forms_recent,
    panel_candidates,
    ratings_of,
    studies_for,
    study_get,
    study_list,
)
from certwright.measurement.services_calibration import MeasurementError
from certwright.measurement.services_standard import (
    cut_adopt,
    is_panelist,
    n_scored,
    ratings_save,
    round_close,
    round_result,
    study_create,
)

PANEL_PAGE = (Role.STAFF, Role.PSYCHOMETRICIAN, Role.REVIEWER)
NOTE = "Programme staff; review panel members and psychometricians see the studies they are invited to."


def _study(request: HttpRequest, pk: int) -> tuple[StandardSettingStudy, bool]:
    study = study_get(pk=pk)
    if study is None:
        raise Http404(f"There is no study {pk}.")
    staff = has_role(request.user, Role.STAFF)
    if not staff and not is_panelist(study, request.user):
        raise PermissionDenied("You are not on this study's panel.")
    return study, staff


@page(*PANEL_PAGE, note=NOTE)
def studies(request: HttpRequest) -> HttpResponse:
    staff = has_role(request.user, Role.STAFF)
    rows = study_list() if staff else studies_for(request.user)
    forms = forms_recent() if staff else []
    return render(
        request,
        "measurement/studies.html",
        {"studies": rows, "staff": staff, "panel": panel_candidates(), "forms": forms},
    )


@require_POST
@page(Role.STAFF, note="Programme staff.")
def study_new(request: HttpRequest) -> HttpResponse:
    form_id = request.POST.get("form", "")
    form = form_get(pk=int(form_id)) if form_id.isdigit() else None
    if form is None:
        messages.error(request, f"Form: there is no form {form_id!r}.")
        return redirect("psychometrics-studies")
    ids = [int(v) for v in request.POST.getlist("panelists") if v.isdigit()]
    panel = list(get_user_model().objects.filter(pk__in=ids))
    try:
        study = study_create(form=form, title=request.POST.get("title", ""), panelists=panel, by=request.user)
    except MeasurementError as exc:
        messages.error(request, str(exc))
        return redirect("psychometrics-studies")
    return redirect("psychometrics-study", pk=study.pk)


@page(*PANEL_PAGE, note=NOTE)
def study_detail(request: HttpRequest, pk: int) -> HttpResponse:
    study, staff = _study(request, pk)
    form = study.form
    current = study.current_round
    mine = ratings_of(study, round_no=current, user=request.user)
    scored = [s for s in form.slots if s["scored"]]
    items = [
        {"position": k, "item_id": s["item_id"], "area": s["area"], "rating": mine.get((int(request.user.pk or 0), k))}
        for k, s in enumerate(scored)
    ]
    results = [round_result(study, r) for r in range(1, current)]
    return render(
        request,
        "measurement/study.html",
        {
            "study": study,
            "staff": staff,
            "panelist": is_panelist(study, request.user),
            "items": items,
            "results": results,
            "live": round_result(study, current) if staff else None,
            "n_items": n_scored(form),
        },
    )


@require_POST
@page(*PANEL_PAGE, note="Invited panelists.")
def study_rate(request: HttpRequest, pk: int) -> HttpResponse:
    study, _ = _study(request, pk)
    ratings: dict[int, float] = {}
    for key in request.POST:
        value = request.POST.get(key, "")
        if key.startswith("item-") and value.strip():
            position = key.removeprefix("item-")
            try:
                ratings[int(position)] = float(value)
            except ValueError:
                messages.error(request, f"Item {position}: {value!r} is not a number from 0 to 1.")
                return redirect("psychometrics-study", pk=pk)
    try:
        saved = ratings_save(study=study, user=request.user, ratings=ratings)
    except MeasurementError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"Saved {saved} rating(s).")
    return redirect("psychometrics-study", pk=pk)


@require_POST
@page(Role.STAFF, note="Programme staff.")
def study_round_close(request: HttpRequest, pk: int) -> HttpResponse:
    study, _ = _study(request, pk)
    try:
        result = round_close(study=study, by=request.user)
    except MeasurementError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request, f"Round {result.round} closed at a cut of {result.cut:.2f}; round {result.round + 1} is open."
        )
    return redirect("psychometrics-study", pk=pk)


@require_POST
@page(Role.STAFF, note="Programme staff.")
def study_adopt(request: HttpRequest, pk: int) -> HttpResponse:
    study, _ = _study(request, pk)
    try:
        cut = cut_adopt(study=study, by=request.user)
    except MeasurementError as exc:
        messages.error(request, str(exc))
        return redirect("psychometrics-study", pk=pk)
    messages.success(request, f"Form {cut.form_id}: raw cut {cut.cut_raw} adopted (scaled 300).")
    return redirect("psychometrics-form", form_id=cut.form_id)
