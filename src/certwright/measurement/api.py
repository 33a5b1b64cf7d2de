"""API operations of the measurement app; mounted by config/api.py at /api/v1/psychometrics.

Every operation is for psychometricians and programme staff (signed in; 401 otherwise, 403
without one of those roles); the summary says so.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema, Status
from ninja.security import django_auth

from certwright.common.access import has_role
from certwright.common.schemas import ErrorOut
from certwright.core.roles import Role
from certwright.measurement.presenters import calibration_json, parameter_json
from certwright.measurement.selectors import (
    calibration_get,
    calibration_latest,
    calibration_list,
    form_cut,
    form_get,
    parameters_of,
)
from certwright.programs.selectors import catalog_current

router = Router(tags=["psychometrics"], auth=django_auth)
ROLES = (Role.PSYCHOMETRICIAN, Role.STAFF)
DENIED = {"detail": "only psychometricians and programme staff may read psychometric data"}


class CalibrationOut(Schema):
    id: int
    test: str
    model: str
    created_at: str
    anchored_on: int | None
    n_candidates: int
    n_items: int
    n_anchors: int
    converged: bool
    n_iter: int
    log_likelihood: float
    population_mean: float
    population_sd: float


class ItemStatisticsOut(Schema):
    item: str
    area: str
    status: str
    use: str
    anchor: bool
    n_responses: int
    p_value: float | None
    point_biserial: float | None
    a: float
    b: float
    c: float
    se_a: float | None
    se_b: float | None
    se_c: float | None
    flags: list[str]


class TestStatisticsOut(Schema):
    test: str
    calibration: CalibrationOut
    items: list[ItemStatisticsOut]


class CalibrationDetailOut(CalibrationOut):
    items: list[ItemStatisticsOut]


class ConversionRowOut(Schema):
    raw: int
    scaled: int
    theta: float | None


class ConversionOut(Schema):
    form: int
    test: str
    max_raw: int
    cut_raw: int
    source: str
    cut_exact: float
    cut_se: float | None
    cut_theta: float | None
    base_form: int | None
    adopted_at: str
    rows: list[ConversionRowOut]


def _denied(request: HttpRequest) -> bool:
    return not has_role(request.user, *ROLES)


@router.get(
    "/tests/{test}/items",
    response={200: TestStatisticsOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="Item statistics of a test from its latest calibration (psychometricians, staff)",
    description="Classical statistics, IRT parameters with standard errors and flags of every calibrated item. "
    "Who may call it: psychometricians and programme staff.",
)
def test_items(request: HttpRequest, test: str) -> Status[Any]:
    if _denied(request):
        return Status(403, DENIED)
    code = test.upper()
    if code not in catalog_current().tests:
        return Status(404, {"detail": f"there is no test {test!r}"})
    calibration = calibration_latest(test=code)
    if calibration is None:
        return Status(404, {"detail": f"{code} has no calibration yet"})
    items = [parameter_json(p) for p in parameters_of(calibration)]
    return Status(200, {"test": code, "calibration": calibration_json(calibration), "items": items})


@router.get(
    "/calibrations",
    response={200: list[CalibrationOut], 401: ErrorOut, 403: ErrorOut},
    summary="Calibration runs, newest first (psychometricians, staff)",
    description="Optionally for one test (?test=A5). Who may call it: psychometricians and programme staff.",
)
def calibrations(request: HttpRequest, test: str = "", limit: int = 50) -> Status[Any]:
    if _denied(request):
        return Status(403, DENIED)
    rows = calibration_list(test=test.upper())[: max(1, min(limit, 500))]
    return Status(200, [calibration_json(c) for c in rows])


@router.get(
    "/calibrations/{calibration_id}",
    response={200: CalibrationDetailOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="One calibration run with its item parameters (psychometricians, staff)",
    description="Who may call it: psychometricians and programme staff.",
)
def calibration_detail(request: HttpRequest, calibration_id: int) -> Status[Any]:
    if _denied(request):
        return Status(403, DENIED)
    calibration = calibration_get(pk=calibration_id)
    if calibration is None:
        return Status(404, {"detail": f"there is no calibration {calibration_id}"})
    return Status(
        200, calibration_json(calibration) | {"items": [parameter_json(p) for p in parameters_of(calibration)]}
    )


@router.get(
    "/forms/{form_id}/conversion",
    response={200: ConversionOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="A form's adopted cut and raw-to-scaled conversion table (psychometricians, staff)",
    description="404 when the form does not exist or has no adopted cut yet. "
    "Who may call it: psychometricians and programme staff.",
)
def form_conversion(request: HttpRequest, form_id: int) -> Status[Any]:
    if _denied(request):
        return Status(403, DENIED)
    form = form_get(pk=form_id)
    if form is None:
        return Status(404, {"detail": f"there is no form {form_id}"})
    cut = form_cut(form=form)
    if cut is None:
        return Status(404, {"detail": f"form {form_id} has no adopted cut yet"})
    return Status(
        200,
        {
            "form": form.pk,
            "test": form.test,
            "max_raw": form.max_raw,
            "cut_raw": cut.cut_raw,
            "source": cut.source,
            "cut_exact": cut.cut_exact,
            "cut_se": cut.cut_se,
            "cut_theta": cut.cut_theta,
            "base_form": cut.base.form_id if cut.base is not None else None,
            "adopted_at": cut.adopted_at.isoformat(),
            "rows": [{"raw": r, "scaled": s, "theta": t} for r, s, t in cut.conversion],
        },
    )
