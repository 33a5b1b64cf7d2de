"""Standard setting (modified Angoff) on a form, adopting its cut, and equating new forms to it.

* A study rates the **scored** slots of one form (positions 0..max_raw-1 in slot order).
* Panelists (users with the reviewer or psychometrician role, invited by staff) rate each item:
  the probability that a minimally competent candidate answers it right.
* Staff close a round once at least two panelists rated every item; the round's summary (cut, SD,
  SE, range) and its **impact** (the share of candidates who would pass at that cut) are shown
  before the next round opens; panelists start the new round from their previous ratings.
* Staff adopt the cut of the last closed round: the raw cut is the panel cut rounded up; the
  form's conversion table (ADR 0005: raw 0 -> 100, cut -> 300, max -> 500) and, when the form's
  items are calibrated, the ability of each raw score are stored in :class:`FormCut`.
* A form published later is equated to the most recent Angoff-adopted (base) form by IRT
  true-score equating, when the latest calibration covers the scored items of both forms.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
from django.db import transaction

from certwright.common import clock
from certwright.common.access import has_role
from certwright.common.audit import audit_record
from certwright.core.roles import Role
from certwright.core.scoring import conversion_table
from certwright.exams.models import Form
from certwright.measurement.models import (
    AngoffRating,
    Calibration,
    FormCut,
    Panelist,
    StandardSettingStudy,
    StudyStatus,
)
from certwright.measurement.selectors import (
    base_cut,
    calibration_latest,
    form_parameters,
    observed_raw_scores,
    ratings_of,
)
from certwright.measurement.services_calibration import MeasurementError
from certwright.psychometrics.equating import true_score_equate
from certwright.psychometrics.irf import ItemParameters, test_characteristic_curve
from certwright.psychometrics.scoring import raw_to_theta
from certwright.psychometrics.standard_setting import angoff, pass_rate

PANEL_ROLES = (Role.REVIEWER, Role.PSYCHOMETRICIAN)


def n_scored(form: Form) -> int:
    return sum(1 for s in form.slots if s["scored"])


@transaction.atomic
def study_create(*, form: Form, title: str, panelists: list[Any], by: Any) -> StandardSettingStudy:
    if not title.strip():
        raise MeasurementError("give the study a title", ("title_required",))
    if FormCut.objects.filter(form=form, source="angoff").exists():
        raise MeasurementError(f"form {form.pk} already has a cut from a standard-setting study", ("cut_adopted",))
    study = StandardSettingStudy.objects.create(form=form, title=title.strip(), created_by=by)
    for user in panelists:
        panelist_invite(study=study, user=user, by=by)
    audit_record(actor=by, action="study.create", obj=study, after={"form": form.pk, "title": study.title})
    return study


def panelist_invite(*, study: StandardSettingStudy, user: Any, by: Any) -> Panelist:
    if not has_role(user, *PANEL_ROLES):
        raise MeasurementError(
            f"{user.username} is not a review panel member or psychometrician", ("not_a_panel_role",)
        )
    panelist, created = Panelist.objects.get_or_create(study=study, user=user)
    if created:
        audit_record(actor=by, action="study.invite", obj=study, after={"panelist": user.username})
    return panelist


def is_panelist(study: StandardSettingStudy, user: Any) -> bool:
    return Panelist.objects.filter(study=study, user=user).exists()


@transaction.atomic
def ratings_save(*, study: StandardSettingStudy, user: Any, ratings: dict[int, float]) -> int:
    """Store a panelist's ratings (position -> probability) for the current round; returns how many."""
    study = StandardSettingStudy.objects.select_for_update().get(pk=study.pk)
    if study.status != StudyStatus.OPEN:
        raise MeasurementError("the cut of this study was adopted; ratings are closed", ("study_closed",))
    if not is_panelist(study, user):
        raise MeasurementError("you are not on this study's panel", ("not_panelist",))
    total = n_scored(study.form)
    for position, value in ratings.items():
        if not 0 <= position < total:
            raise MeasurementError(f"item {position + 1}: the form has {total} scored items", ("bad_position",))
        if not (isinstance(value, float | int) and 0 <= value <= 1):
            raise MeasurementError(f"item {position + 1}: a rating is a probability from 0 to 1", ("bad_rating",))
    for position, value in ratings.items():
        AngoffRating.objects.update_or_create(
            study=study,
            panelist=user,
            round=study.current_round,
            position=position,
            defaults={"rating": float(value), "rated_at": clock.now()},
        )
    audit_record(
        actor=user, action="study.rate", obj=study, after={"round": study.current_round, "items": len(ratings)}
    )
    return len(ratings)


@dataclass(frozen=True, slots=True)
class RoundResult:
    round: int
    panelists: tuple[str, ...]  # usernames of those who rated every item
    incomplete: tuple[str, ...]
    cut: float | None
    sd: float | None
    se: float | None
    low: float | None
    high: float | None
    pass_rate: float | None  # impact at the cut (rounded up)
    impact_source: str  # "calibration", "observed" or ""


def _round_matrix(study: StandardSettingStudy, round_no: int) -> tuple[list[str], list[str], np.ndarray]:
    total = n_scored(study.form)
    users = {p.user_id: p.user.username for p in Panelist.objects.filter(study=study).select_related("user")}
    table = ratings_of(study, round_no=round_no)
    complete, incomplete, rows = [], [], []
    for uid, name in sorted(users.items(), key=lambda kv: kv[1]):
        values = [table.get((uid, k)) for k in range(total)]
        if all(v is not None for v in values):
            complete.append(name)
            rows.append(values)
        else:
            incomplete.append(name)
    return complete, incomplete, np.asarray(rows, dtype=np.float64).reshape(len(rows), total)


def impact(form: Form, cut: float, calibration: Calibration | None = None) -> tuple[float | None, str]:
    """Share passing at ``cut`` (rounded up): model-based from the calibrated ability distribution
    (each ability bin's expected raw score on this form) when the form's items are calibrated,
    else from observed raw scores of same-length forms of the test; (None, "") without data."""
    threshold = math.ceil(cut - 1e-9)
    calibration = calibration or calibration_latest(test=form.test)
    found = form_parameters(form, calibration) if calibration is not None else None
    if calibration is not None and found is not None and calibration.ability_histogram:
        theta = np.asarray([t for t, _ in calibration.ability_histogram], dtype=np.float64)
        weights = np.asarray([w for _, w in calibration.ability_histogram], dtype=np.float64)
        expected = test_characteristic_curve(theta, found[0])
        return pass_rate(threshold - 1e-9, expected, weights), "calibration"
    raws = observed_raw_scores(form=form)
    if raws.size:
        return pass_rate(threshold, raws), "observed"
    return None, ""


def round_result(study: StandardSettingStudy, round_no: int) -> RoundResult:
    complete, incomplete, matrix = _round_matrix(study, round_no)
    if len(complete) < 2:
        return RoundResult(round_no, tuple(complete), tuple(incomplete), None, None, None, None, None, None, "")
    result = angoff(matrix)
    summary = result.rounds[-1]
    rate, source = impact(study.form, result.cut)
    return RoundResult(
        round_no,
        tuple(complete),
        tuple(incomplete),
        result.cut,
        summary.sd,
        result.se,
        summary.minimum,
        summary.maximum,
        rate,
        source,
    )


@transaction.atomic
def round_close(*, study: StandardSettingStudy, by: Any) -> RoundResult:
    """Close the current round (needs two complete panelists) and open the next one, pre-filled."""
    study = StandardSettingStudy.objects.select_for_update().get(pk=study.pk)
    if study.status != StudyStatus.OPEN:
        raise MeasurementError("the cut of this study was adopted", ("study_closed",))
    result = round_result(study, study.current_round)
    if result.cut is None:
        raise MeasurementError(
            f"round {study.current_round}: at least two panelists must rate every item before it closes",
            ("round_incomplete",),
        )
    previous = AngoffRating.objects.filter(study=study, round=study.current_round)
    study.current_round += 1
    study.save(update_fields=["current_round"])
    AngoffRating.objects.bulk_create(
        [
            AngoffRating(
                study=study, panelist_id=r.panelist_id, round=study.current_round, position=r.position, rating=r.rating
            )
            for r in previous
        ]
    )
    audit_record(actor=by, action="study.round_close", obj=study, after={"round": result.round, "cut": result.cut})
    return result


def _conversion(form: Form, cut_raw: int, calibration: Calibration | None) -> tuple[list[list[Any]], float | None]:
    table = conversion_table(n_scored(form), cut_raw)
    thetas: list[float | None] = [None] * len(table)
    cut_theta = None
    found = form_parameters(form, calibration) if calibration is not None else None
    if found is not None:
        params: ItemParameters = found[0]
        values = raw_to_theta(np.arange(len(table), dtype=np.float64), params)
        thetas = [round(float(t), 4) if math.isfinite(t) else None for t in values]
        cut_theta = float(raw_to_theta(np.asarray([float(cut_raw)]), params)[0])
    return [[raw, scaled, thetas[raw]] for raw, scaled in table], cut_theta


def _store_cut(form: Form, **fields: Any) -> FormCut:
    cut = FormCut.objects.create(form=form, **fields)
    if not form.sittings.filter(status="submitted").exists():
        Form.objects.filter(pk=form.pk).update(cut_raw=cut.cut_raw)
    return cut


@transaction.atomic
def cut_adopt(*, study: StandardSettingStudy, by: Any) -> FormCut:
    """Adopt the cut of the study's last closed round as the form's cut."""
    study = StandardSettingStudy.objects.select_for_update().select_related("form").get(pk=study.pk)
    if study.status != StudyStatus.OPEN:
        raise MeasurementError("this study's cut was already adopted", ("study_closed",))
    if study.current_round < 2:
        raise MeasurementError("close at least one round before adopting its cut", ("no_closed_round",))
    result = round_result(study, study.current_round - 1)
    if result.cut is None:
        raise MeasurementError("the last closed round has no cut", ("round_incomplete",))
    if FormCut.objects.filter(form=study.form, source="angoff").exists():
        raise MeasurementError(
            f"form {study.form_id} already has a cut from a standard-setting study", ("cut_adopted",)
        )
    FormCut.objects.filter(form=study.form, source="equating").delete()  # the panel's cut replaces an equated one
    calibration = calibration_latest(test=study.form.test)
    cut_raw = min(n_scored(study.form), math.ceil(result.cut - 1e-9))
    conversion, cut_theta = _conversion(study.form, cut_raw, calibration)
    cut = _store_cut(
        study.form,
        source="angoff",
        cut_raw=cut_raw,
        cut_exact=result.cut,
        cut_se=result.se,
        cut_theta=cut_theta,
        study=study,
        calibration=calibration if cut_theta is not None else None,
        conversion=conversion,
        adopted_by=by,
    )
    study.status = StudyStatus.ADOPTED
    study.save(update_fields=["status"])
    audit_record(
        actor=by,
        action="form.cut_adopt",
        obj=study.form,
        after={"cut_raw": cut_raw, "cut": round(result.cut, 3), "round": result.round, "study": study.pk},
    )
    return cut


@transaction.atomic
def cut_equate(*, form: Form, by: Any = None) -> FormCut | None:
    """Give ``form`` the base form's cut by IRT true-score equating; None when that is not possible
    (no adopted base cut, the form already has a cut, or some scored item is not calibrated)."""
    base = base_cut(test=form.test)
    if base is None or base.form_id == form.pk or FormCut.objects.filter(form=form).exists():
        return None
    calibration = calibration_latest(test=form.test)
    if calibration is None:
        return None
    to_form, from_form = form_parameters(form, calibration), form_parameters(base.form, calibration)
    if to_form is None or from_form is None:
        return None
    exact = float(true_score_equate([float(base.cut_raw)], from_form[0], to_form[0])[0])
    cut_raw = min(n_scored(form), math.ceil(exact - 1e-6))
    conversion, cut_theta = _conversion(form, cut_raw, calibration)
    cut = _store_cut(
        form,
        source="equating",
        cut_raw=cut_raw,
        cut_exact=exact,
        cut_theta=cut_theta,
        base=base,
        calibration=calibration,
        conversion=conversion,
        adopted_by=by if getattr(by, "is_authenticated", False) else None,
    )
    audit_record(
        actor=by,
        action="form.cut_equate",
        obj=form,
        after={"cut_raw": cut_raw, "equated": round(exact, 3), "base_form": base.form_id},
    )
    return cut
