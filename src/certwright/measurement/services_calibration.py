"""Item analysis and calibration of a test's response matrix; the pretest decisions.

``calibration_run`` fits the engine's :class:`IRTModel` to :func:`selectors.response_matrix` and
stores a :class:`Calibration` with one :class:`ItemParameter` per calibrated item. When the test
has an earlier calibration, its operational items are **anchors**: held at their earlier
parameters (fixed-item calibration with the ability mean and SD estimated, Kim, 2006), so new and
pretest items land on the operational scale. An item is calibrated when it is an anchor, a pretest
item with at least ``CERTWRIGHT_PRETEST_MIN_RESPONSES`` responses (default 200), or another
(operational or practice) item with at least 10 (or that setting, if lower).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
from django.conf import settings
from django.db import transaction

from certwright.common.audit import audit_record
from certwright.core.items import ItemStatus
from certwright.itembank.models import Item
from certwright.itembank.services import ItemBankError, item_transition
from certwright.measurement.models import Calibration, ItemParameter
from certwright.measurement.selectors import (
    ResponseMatrix,
    calibration_latest,
    form_score_matrices,
    response_matrix,
)
from certwright.psychometrics import ctt
from certwright.psychometrics.irf import ItemParameters, normal_quadrature
from certwright.psychometrics.irt import FixedItems, IRTModel
from certwright.psychometrics.scoring import eap

Model = Literal["rasch", "2pl", "3pl"]
HISTOGRAM_STEP = 0.1
OTHER_MIN = 10  # responses an operational or practice item needs to be calibrated freely


class MeasurementError(ValueError):
    """A psychometric operation cannot be done; ``reasons`` are stable codes."""

    def __init__(self, message: str, reasons: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.reasons = reasons


def min_responses() -> int:
    return int(getattr(settings, "CERTWRIGHT_PRETEST_MIN_RESPONSES", 200))


@dataclass(frozen=True, slots=True)
class ItemRow:
    """One item's classical statistics in an analysis."""

    item_id: str
    area: str
    status: str
    use: str
    n: int
    p: float
    discrimination: float
    flags: tuple[dict[str, Any], ...]
    distractors: dict[str, Any]


@dataclass(frozen=True, slots=True)
class Analysis:
    """``reliability`` and ``sem``: medians over the test's forms (KR-20 of each form's scored items
    over its sittings, forms with 5 or more sittings; nan when there is none); ``n_forms`` of them."""

    test: str
    n_candidates: int
    reliability: float
    sem: float
    n_forms: int
    rows: tuple[ItemRow, ...]


def form_reliability(test: str) -> tuple[float, float, int]:
    """Median KR-20 and SEM over the test's forms: (kr20, sem, number of forms)."""
    values = []
    for matrix in form_score_matrices(test=test):
        try:
            values.append((ctt.kr20(matrix), ctt.sem(matrix)))
        except ValueError:
            continue
    finite = [(r, e) for r, e in values if math.isfinite(r) and math.isfinite(e)]
    if not finite:
        return float("nan"), float("nan"), 0
    return float(np.median([r for r, _ in finite])), float(np.median([e for _, e in finite])), len(finite)


def _num(value: float) -> float | None:
    return None if not math.isfinite(value) else round(float(value), 4)


def _analyse(matrix: ResponseMatrix, columns: list[int]) -> tuple[ctt.ItemAnalysis, list[ItemRow]]:
    scores, choices = matrix.scores[:, columns], matrix.choices[:, columns]
    keys = [matrix.keys[j] for j in columns]
    analysis = ctt.item_analysis(scores)
    flags: dict[int, list[dict[str, Any]]] = {}
    distractor = ctt.distractor_analysis(np.where(np.isnan(scores), "", choices), keys)
    all_flags = ctt.flag_items(analysis.p, analysis.discrimination, distractor)
    for flag in all_flags:
        flags.setdefault(flag.item, []).append(
            {"reason": flag.reason.value, "value": _num(flag.value), "option": flag.option}
        )
    rows = []
    for k, j in enumerate(columns):
        item = matrix.items[j]
        rows.append(
            ItemRow(
                item_id=item.item_id,
                area=item.area,
                status=item.status,
                use=item.use,
                n=int(analysis.n_answered[k]),
                p=float(analysis.p[k]),
                discrimination=float(analysis.discrimination[k]),
                flags=tuple(flags.get(k, [])),
                distractors={
                    "options": list(distractor.options),
                    "key": keys[k],
                    "proportion": [_num(v) for v in distractor.proportion[k]],
                    "by_group": [[_num(v) for v in group] for group in distractor.by_group[k]],
                },
            )
        )
    return analysis, rows


def analysis_run(*, test: str) -> Analysis:
    """Classical item analysis of every item of the test that has responses."""
    matrix = response_matrix(test=test)
    columns = [j for j, n in enumerate(matrix.n_responses) if n > 0]
    if not columns:
        raise MeasurementError(f"{test}: no responses to analyse yet", ("no_responses",))
    _, rows = _analyse(matrix, columns)
    kr20, sem, n_forms = form_reliability(test)
    return Analysis(test, len(matrix.rows), kr20, sem, n_forms, tuple(rows))


def _histogram(theta: np.ndarray) -> list[list[float]]:
    bins = np.round(theta / HISTOGRAM_STEP).astype(int)
    values, counts = np.unique(bins, return_counts=True)
    return [[round(float(v) * HISTOGRAM_STEP, 1), int(c)] for v, c in zip(values, counts, strict=True)]


@transaction.atomic
def calibration_run(
    *,
    test: str,
    model: Model = "2pl",
    by: Any = None,
    progress: Callable[[Any], None] | None = None,
    max_iter: int = 500,
) -> Calibration:
    """Calibrate the test's items (anchored on the previous run when there is one) and store them."""
    if model not in ("rasch", "2pl", "3pl"):
        raise MeasurementError(f"model must be rasch, 2pl or 3pl, not {model!r}", ("bad_model",))
    need = min_responses()
    matrix = response_matrix(test=test)
    previous = calibration_latest(test=test)
    earlier = {}
    if previous is not None:
        earlier = {p.item_id: p for p in previous.parameters.filter(item__status=ItemStatus.OPERATIONAL.value)}
    counts = matrix.n_responses
    columns = [
        j
        for j, item in enumerate(matrix.items)
        if (item.pk in earlier and counts[j] > 0)
        or counts[j] >= (need if item.status == ItemStatus.PRETEST.value else min(need, OTHER_MIN))
    ]
    free = [j for j in columns if matrix.items[j].pk not in earlier]
    if not free:
        raise MeasurementError(
            f"{test}: no item has {need} responses and needs calibrating (anchors alone: {len(columns)})",
            ("nothing_to_calibrate",),
        )
    scores = matrix.scores[:, columns]
    fixed = None
    anchors = [k for k, j in enumerate(columns) if matrix.items[j].pk in earlier]
    if anchors:
        rows = [earlier[matrix.items[columns[k]].pk] for k in anchors]
        fixed = FixedItems(
            np.asarray(anchors, dtype=np.intp),
            ItemParameters.of([r.a for r in rows], [r.b for r in rows], [r.c for r in rows]),
        )
    fit = IRTModel(model, max_iter=max_iter, callback=progress).fit(scores, fixed=fixed)
    _, stats = _analyse(matrix, columns)
    quad = normal_quadrature(61, 5.0, fit.population_mean_, fit.population_sd_)
    answered = ~np.isnan(scores).all(axis=1)
    abilities = eap(scores[answered], fit.params_, quadrature=quad)
    run = Calibration.objects.create(
        test=test,
        model=model,
        created_by=by if getattr(by, "is_authenticated", False) else None,
        anchored_on=previous if anchors else None,
        n_candidates=int(fit.n_candidates_),
        n_items=len(columns),
        n_anchors=len(anchors),
        converged=bool(fit.converged_),
        n_iter=int(fit.n_iter_),
        log_likelihood=float(fit.log_likelihood_),
        population_mean=float(fit.population_mean_),
        population_sd=float(fit.population_sd_),
        reliability=_num(form_reliability(test)[0]),
        ability_histogram=_histogram(abilities.theta),
        min_responses=need,
    )
    anchor_set = set(anchors)
    ItemParameter.objects.bulk_create(
        [
            ItemParameter(
                calibration=run,
                item=matrix.items[j],
                status=matrix.items[j].status,
                anchor=k in anchor_set,
                a=float(fit.a_[k]),
                b=float(fit.b_[k]),
                c=float(fit.c_[k]),
                se_a=_num(fit.se_.a[k]),
                se_b=_num(fit.se_.b[k]),
                se_c=_num(fit.se_.c[k]),
                n_responses=int(counts[j]),
                p_value=_num(stats[k].p),
                point_biserial=_num(stats[k].discrimination),
                flags=list(stats[k].flags),
                distractors=stats[k].distractors,
            )
            for k, j in enumerate(columns)
        ]
    )
    audit_record(
        actor=by,
        action="calibration.run",
        obj=run,
        after={
            "test": test,
            "model": model,
            "items": len(columns),
            "anchors": len(anchors),
            "converged": run.converged,
        },
    )
    return run


@dataclass(frozen=True, slots=True)
class PretestRow:
    item: Item
    n_responses: int
    needed: int
    parameter: ItemParameter | None  # from the latest calibration, when it was calibrated there

    @property
    def ready(self) -> bool:
        return self.parameter is not None


def pretest_status(*, test: str) -> list[PretestRow]:
    """Every pretest item of a test: responses so far, and its calibration when it has one."""
    matrix = response_matrix(test=test)
    latest = calibration_latest(test=test)
    params = {}
    if latest is not None:
        params = {p.item_id: p for p in latest.parameters.select_related("item")}
    counts = matrix.n_responses
    out = []
    for j, item in enumerate(matrix.items):
        if item.status == ItemStatus.PRETEST.value:
            out.append(PretestRow(item, int(counts[j]), min_responses(), params.get(item.pk)))
    return out


def pretest_due(*, test: str) -> list[str]:
    """Pretest items that reached the response threshold but are not in the latest calibration:
    a calibration run is due (``certwright psychometrics calibrate --test A5 --if-due``)."""
    return [r.item.item_id for r in pretest_status(test=test) if r.parameter is None and r.n_responses >= r.needed]


@transaction.atomic
def pretest_decide(*, item: Item, promote: bool, by: Any, reason: str = "") -> Item:
    """Promote a calibrated pretest item to operational, or send it back to review (draft).

    Goes through ``itembank.services.item_transition``, so the workflow rules and the audit apply.
    """
    if item.status != ItemStatus.PRETEST.value:
        raise MeasurementError(f"{item.item_id} is {item.status}, not in pretest", ("not_pretest",))
    if promote:
        latest = calibration_latest(test=item.test)
        if latest is None or not latest.parameters.filter(item=item).exists():
            raise MeasurementError(
                f"{item.item_id} has not been calibrated yet: "
                f"it needs {min_responses()} responses and a calibration run",
                ("not_calibrated",),
            )
    target = ItemStatus.OPERATIONAL if promote else ItemStatus.DRAFT
    note = reason or ("pretest statistics acceptable" if promote else "pretest statistics: back to the writers")
    try:
        return item_transition(item=item, target=target, by=by, reason=note)
    except ItemBankError as exc:
        raise MeasurementError(str(exc), tuple(exc.reasons)) from None
