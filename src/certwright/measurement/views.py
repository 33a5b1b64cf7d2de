"""Psychometrics pages for staff and psychometricians: item analysis, plots, CSV, pretest, forms."""

from __future__ import annotations

import csv

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from certwright.common.access import has_role, page
from certwright.core.roles import Role
from certwright.itembank.selectors import item_get
from certwright.measurement import plots
from certwright.measurement.presenters import csv_rows, distractor_rows, flag_labels, parameter_row
from certwright.measurement.selectors import (
    base_cut,
    calibration_get,
    calibration_latest,
    calibration_list,
    engine_params,
    form_cut,
    form_get,
    parameters_of,
)
from certwright.measurement.services_calibration import (
    MeasurementError,
    calibration_run,
    pretest_decide,
    pretest_status,
)
from certwright.measurement.services_standard import cut_equate
from certwright.programs.selectors import catalog_current

ROLES = (Role.PSYCHOMETRICIAN, Role.STAFF)
NOTE = "Psychometricians and programme staff."


def _test_code(test: str) -> str:
    code = test.upper()
    if code not in catalog_current().tests:
        raise Http404(f"There is no test {test!r}.")
    return code


@page(*ROLES, note=NOTE)
def home(request: HttpRequest) -> HttpResponse:
    catalog = catalog_current()
    latest = {c.test: c for c in reversed(list(calibration_list()[:200]))}
    rows = [(spec, latest.get(code)) for code, spec in catalog.tests.items()]
    return render(request, "measurement/home.html", {"rows": rows})


@page(*ROLES, note=NOTE)
def test_analysis(request: HttpRequest, test: str) -> HttpResponse:
    code = _test_code(test)
    chosen = request.GET.get("calibration", "")
    calibration = calibration_get(pk=int(chosen)) if chosen.isdigit() else calibration_latest(test=code)
    if calibration is not None and calibration.test != code:
        raise Http404("That calibration belongs to another test.")
    context: dict[str, object] = {"test": code, "calibration": calibration, "runs": calibration_list(test=code)[:20]}
    if calibration is not None:
        params = parameters_of(calibration)
        operational = [p for p in params if p.item.use == "operational" and p.item.status == "operational"]
        shown = [p for p in params if p.flags][:8] or params[:6]
        context |= {
            "rows": [parameter_row(p) for p in params],
            "flagged": sum(1 for p in params if p.flags),
            "info_svg": plots.information_plot(
                engine_params(operational), title=f"{code} operational pool: test information"
            ),
            "icc_svg": plots.icc_plot(
                engine_params(shown), [p.item.item_id for p in shown], title="Item characteristic curves"
            ),
            "icc_items": [p.item.item_id for p in shown],
        }
    return render(request, "measurement/analysis.html", context)


@page(*ROLES, note=NOTE)
def analysis_csv(request: HttpRequest, test: str) -> HttpResponse:
    code = _test_code(test)
    calibration = calibration_latest(test=code)
    if calibration is None:
        raise Http404(f"{code} has no calibration yet.")
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{code}-calibration-{calibration.pk}.csv"'
    csv.writer(response).writerows(csv_rows(parameters_of(calibration)))
    return response


@page(*ROLES, note=NOTE)
def item_stats(request: HttpRequest, test: str, item_id: str) -> HttpResponse:
    code = _test_code(test)
    item = item_get(item_id=item_id)
    calibration = calibration_latest(test=code)
    if item is None or item.test != code:
        raise Http404(f"There is no item {item_id!r} in {code}.")
    parameter = calibration.parameters.filter(item=item).first() if calibration is not None else None
    context: dict[str, object] = {"test": code, "item": item, "parameter": parameter, "calibration": calibration}
    if parameter is not None:
        d = parameter.distractors or {}
        context |= {
            "row": parameter_row(parameter),
            "flags": flag_labels(parameter.flags),
            "icc_svg": plots.icc_plot(
                engine_params([parameter]), [item.item_id], title=f"{item.item_id}: characteristic curve"
            ),
            "distractor_svg": plots.distractor_plot(
                d.get("options", []),
                d.get("key", ""),
                d.get("by_group", []),
                title=f"{item.item_id}: option choice by score group",
            ),
            "options": distractor_rows(parameter),
        }
    return render(request, "measurement/item.html", context)


@require_POST
@page(*ROLES, note=NOTE)
def calibrate(request: HttpRequest, test: str) -> HttpResponse:
    code = _test_code(test)
    model = request.POST.get("model", "3pl")
    try:
        run = calibration_run(test=code, model=model, by=request.user)  # type: ignore[arg-type]
    except (MeasurementError, ValueError) as exc:
        messages.error(request, f"Calibration not run: {exc}")
    else:
        messages.success(
            request,
            f"Calibration {run.pk}: {run.n_items} items, {run.n_anchors} anchors held, "
            f"{'converged' if run.converged else 'did NOT converge'}.",
        )
    return redirect("psychometrics-test", test=code)


@page(*ROLES, note=NOTE + " Staff and psychometricians may promote or return pretest items.")
def pretest(request: HttpRequest, test: str) -> HttpResponse:
    code = _test_code(test)
    rows = pretest_status(test=code)
    due = [r.item.item_id for r in rows if r.parameter is None and r.n_responses >= r.needed]
    return render(
        request,
        "measurement/pretest.html",
        {
            "due": due,
            "test": code,
            "rows": rows,
            "row_flags": {r.item.item_id: flag_labels(r.parameter.flags) for r in rows if r.parameter},
        },
    )


@require_POST
@page(*ROLES, note=NOTE)
def pretest_decision(request: HttpRequest, test: str, item_id: str) -> HttpResponse:
    code = _test_code(test)
    item = item_get(item_id=item_id)
    if item is None or item.test != code:
        raise Http404(f"There is no item {item_id!r} in {code}.")
    promote = request.POST.get("decision") == "promote"
    try:
        pretest_decide(item=item, promote=promote, by=request.user, reason=request.POST.get("reason", ""))
    except MeasurementError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request, f"{item.item_id} is now {'operational' if promote else 'back in draft for the writers to revise'}."
        )
    return redirect("psychometrics-pretest", test=code)


@page(*ROLES, note=NOTE)
def form_conversion(request: HttpRequest, form_id: int) -> HttpResponse:
    form = form_get(pk=form_id)
    if form is None:
        raise Http404(f"There is no form {form_id}.")
    base = base_cut(test=form.test)
    return render(
        request,
        "measurement/conversion.html",
        {"form": form, "cut": form_cut(form=form), "base": base, "staff": has_role(request.user, Role.STAFF)},
    )


@require_POST
@page(Role.STAFF, note="Programme staff.")
def form_equate(request: HttpRequest, form_id: int) -> HttpResponse:
    form = form_get(pk=form_id)
    if form is None:
        raise Http404(f"There is no form {form_id}.")
    cut = cut_equate(form=form, by=request.user)
    if cut is None:
        messages.error(
            request,
            f"Form {form.pk} was not equated: it needs no cut of its own yet, an adopted base form for {form.test}, "
            "and a calibration that covers the scored items of both forms.",
        )
    else:
        base_form = cut.base.form_id if cut.base is not None else "?"
        messages.success(request, f"Form {form.pk}: raw cut {cut.cut_raw} by true-score equating to form {base_form}.")
    return redirect("psychometrics-form", form_id=form.pk)
