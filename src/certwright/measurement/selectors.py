"""Reads for psychometrics: response matrices from the database, calibrations, cuts, studies.

**The response matrix of a test** (:func:`response_matrix`) has one row per candidate (person)
and one column per item of the test whose status is ``operational`` or ``pretest`` (scored,
unscored pretest and calibrated practice items alike), in item-id order. A cell is

* ``1`` — the candidate chose the key of the version they were shown;
* ``0`` — the item was on their form and they chose another option or left it blank (an
  unanswered scored item counts as wrong when scoring, so it does here);
* ``nan`` — **missing by design**: the item was not on any form or practice test they took.

Rows come from submitted sittings of the test (voided and unfinished sittings are left out) and,
for people with a user account, from their answered practice questions of the test (a practice
answer left blank is missing, not wrong, because practice can be abandoned). When a person sat
the test more than once their latest sitting wins for each item.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from certwright.exams.models import Form, PracticeAnswer, Response, Score
from certwright.itembank.models import Item
from certwright.measurement.models import (
    AdaptiveSession,
    AngoffRating,
    Calibration,
    FormCut,
    ItemParameter,
    StandardSettingStudy,
)
from certwright.psychometrics.irf import ItemParameters

MISSING = float("nan")
MATRIX_STATUSES = ("operational", "pretest")


@dataclass(frozen=True, slots=True, eq=False)
class ResponseMatrix:
    """``scores`` (n, J): 1 / 0 / nan; ``choices`` (n, J): the letter chosen, "" blank or missing."""

    test: str
    items: tuple[Item, ...]
    rows: tuple[str, ...]  # "p<person id>" or "u<user id>" (practice only)
    scores: np.ndarray
    choices: np.ndarray
    keys: tuple[str, ...]

    @property
    def n_responses(self) -> np.ndarray:
        counts: np.ndarray = (~np.isnan(self.scores)).sum(axis=0)
        return counts

    def column(self, item_id: str) -> int:
        return next(j for j, item in enumerate(self.items) if item.item_id == item_id)


def response_matrix(*, test: str) -> ResponseMatrix:
    """The (candidates x items) matrix of a test; see the module docstring for the cells."""
    items = tuple(Item.objects.filter(test=test, status__in=MATRIX_STATUSES).order_by("item_id"))
    column = {item.pk: j for j, item in enumerate(items)}
    keys = [""] * len(items)
    cells: dict[str, dict[int, str]] = {}
    sitting_rows = (
        Response.objects.filter(sitting__form__test=test, sitting__status="submitted", item_version__item__in=items)
        .order_by("sitting__submitted_at", "sitting_id")
        .values_list("sitting__person_id", "item_version__item_id", "item_version__key", "answer")
    )
    for person_id, item_pk, key, answer in sitting_rows.iterator(chunk_size=5000):
        j = column[item_pk]
        keys[j] = key
        cells.setdefault(f"p{person_id}", {})[j] = (answer or "") + "|" + key
    practice_rows = (
        PracticeAnswer.objects.filter(session__test=test, item_version__item__in=items)
        .exclude(answer="")
        .order_by("answered_at", "pk")
        .values_list(
            "session__user_id", "session__user__person__id", "item_version__item_id", "item_version__key", "answer"
        )
    )
    for user_id, person_id, item_pk, key, answer in practice_rows.iterator(chunk_size=5000):
        j = column[item_pk]
        keys[j] = keys[j] or key
        row = f"p{person_id}" if person_id is not None else f"u{user_id}"
        cells.setdefault(row, {}).setdefault(j, answer + "|" + key)
    for j, item in enumerate(items):
        if not keys[j]:
            current = item.current
            keys[j] = current.key if current is not None else ""
    rows = tuple(sorted(cells))
    scores = np.full((len(rows), len(items)), MISSING)
    choices = np.full((len(rows), len(items)), "", dtype="<U1")
    for i, row in enumerate(rows):
        for j, value in cells[row].items():
            answer, key = value.split("|")
            scores[i, j] = 1.0 if answer == key else 0.0
            choices[i, j] = answer
    return ResponseMatrix(test, items, rows, scores, choices, tuple(keys))


def calibration_latest(*, test: str) -> Calibration | None:
    return Calibration.objects.filter(test=test).first()


def calibration_list(*, test: str = "") -> Any:
    rows = Calibration.objects.all()
    return rows.filter(test=test) if test else rows


def calibration_get(*, pk: int) -> Calibration | None:
    return Calibration.objects.filter(pk=pk).first()


def parameters_of(calibration: Calibration) -> list[ItemParameter]:
    return list(calibration.parameters.select_related("item").order_by("item__item_id"))


def engine_params(rows: list[ItemParameter]) -> ItemParameters:
    return ItemParameters.of([r.a for r in rows], [r.b for r in rows], [r.c for r in rows])


def form_parameters(form: Form, calibration: Calibration) -> tuple[ItemParameters, list[str]] | None:
    """The calibrated parameters of a form's scored items (None when any is not calibrated)."""
    ids = [s["item_id"] for s in form.slots if s["scored"]]
    found = {p.item.item_id: p for p in calibration.parameters.filter(item__item_id__in=ids).select_related("item")}
    if len(found) != len(ids):
        return None
    rows = [found[i] for i in ids]
    return engine_params(rows), ids


def form_cut(*, form: Form) -> FormCut | None:
    return FormCut.objects.filter(form=form).first()


def adopted_scoring(form: Form) -> tuple[int, list[int]] | None:
    """The adopted raw cut of ``form`` and the scaled score of every raw score 0..max (its
    conversion table), or None when no cut was adopted (scoring then uses ``form.cut_raw``)."""
    cut = FormCut.objects.filter(form=form).only("cut_raw", "conversion").first()
    return (cut.cut_raw, [int(row[1]) for row in cut.conversion]) if cut is not None else None


def base_cut(*, test: str) -> FormCut | None:
    """The most recent Angoff-adopted cut of the test: the base form that new forms are equated to."""
    return FormCut.objects.filter(form__test=test, source="angoff").select_related("form").first()


def study_list() -> Any:
    return StandardSettingStudy.objects.select_related("form", "created_by").prefetch_related("panelists")


def study_get(*, pk: int) -> StandardSettingStudy | None:
    return StandardSettingStudy.objects.select_related("form").filter(pk=pk).first()


def studies_for(user: Any) -> Any:
    return StandardSettingStudy.objects.filter(panelist__user=user).select_related("form")


def ratings_of(study: StandardSettingStudy, *, round_no: int, user: Any = None) -> dict[tuple[int, int], float]:
    """(panelist id, position) -> rating in one round."""
    rows = AngoffRating.objects.filter(study=study, round=round_no)
    if user is not None:
        rows = rows.filter(panelist=user)
    return {(r.panelist_id, r.position): r.rating for r in rows}


def observed_raw_scores(*, form: Form) -> np.ndarray:
    """Raw scores of submitted sittings on forms of the same test and length as ``form``."""
    raws = Score.objects.filter(sitting__form__test=form.test, max_raw=form.max_raw).values_list("raw", flat=True)
    return np.asarray(list(raws), dtype=np.float64)


def adaptive_get(*, pk: int, user: Any) -> AdaptiveSession | None:
    return AdaptiveSession.objects.filter(pk=pk, user=user).first()


def adaptive_recent(*, user: Any, test: str = "") -> Any:
    rows = AdaptiveSession.objects.filter(user=user)
    return rows.filter(test=test) if test else rows


@dataclass(frozen=True, slots=True)
class AdaptiveReadiness:
    """The latest finished adaptive practice of a person for a test.

    ``probability``: posterior P(theta >= theta_cut), 0..1; ``theta``/``se``: EAP and posterior SD;
    ``items``: questions answered; ``finished_at``: when; ``session_id``: the AdaptiveSession.
    """

    test: str
    probability: float
    theta: float
    se: float
    items: int
    finished_at: Any
    session_id: int


def readiness_adaptive(person: Any, test: str) -> AdaptiveReadiness | None:
    """Readiness from adaptive practice (None: the person has no user or no finished session)."""
    if getattr(person, "user_id", None) is None:
        return None
    session = (
        AdaptiveSession.objects.filter(
            user_id=person.user_id, test=test, finished_at__isnull=False, p_pass__isnull=False
        )
        .order_by("-finished_at", "-pk")
        .first()
    )
    if session is None or session.p_pass is None:
        return None
    answered = sum(1 for s in session.steps if s.get("answer"))
    return AdaptiveReadiness(
        test, float(session.p_pass), session.theta, session.se, answered, session.finished_at, session.pk
    )


def form_get(*, pk: int) -> Form | None:
    return Form.objects.filter(pk=pk).first()


def panel_candidates() -> Any:
    """Users who may sit on a standard-setting panel (reviewers and psychometricians)."""
    from django.contrib.auth import get_user_model  # noqa: PLC0415

    return (
        get_user_model()
        .objects.filter(role_grants__role__in=("reviewer", "psychometrician"), is_active=True)
        .distinct()
        .order_by("username")
    )


def version_get(*, pk: int) -> Any:
    from certwright.itembank.models import ItemVersion  # noqa: PLC0415

    return ItemVersion.objects.select_related("exhibit", "item").filter(pk=pk).first()


def form_score_matrices(*, test: str, min_sittings: int = 5) -> list[np.ndarray]:
    """Per published form of the test with at least ``min_sittings`` submitted sittings: the
    (sittings x scored items) 0/1 matrix, complete by construction (blank = wrong)."""
    forms = {f.pk: f for f in Form.objects.filter(test=test, sittings__status="submitted").distinct()}
    cells: dict[int, dict[int, dict[int, float]]] = {}
    rows = Response.objects.filter(sitting__form__in=list(forms), sitting__status="submitted").values_list(
        "sitting__form_id", "sitting_id", "position", "answer", "item_version__key"
    )
    for form_id, sitting_id, position, answer, key in rows.iterator(chunk_size=5000):
        cells.setdefault(form_id, {}).setdefault(sitting_id, {})[position] = 1.0 if answer == key else 0.0
    out = []
    for form_id, sittings in cells.items():
        scored = [k for k, slot in enumerate(forms[form_id].slots) if slot["scored"]]
        if len(sittings) >= min_sittings and len(scored) >= 2:
            out.append(np.asarray([[s.get(k, 0.0) for k in scored] for s in sittings.values()]))
    return out


def forms_recent(*, limit: int = 30) -> list[tuple[Form, FormCut | None]]:
    """The most recently published forms with their adopted cut, if any."""
    forms = list(Form.objects.order_by("-published_at", "-pk")[:limit])
    cuts = {c.form_id: c for c in FormCut.objects.filter(form__in=forms)}
    return [(f, cuts.get(f.pk)) for f in forms]
