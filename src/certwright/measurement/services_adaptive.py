"""Adaptive practice on the calibrated practice pool, and the readiness estimate it gives.

The pool of a test is its live practice items that have parameters in the test's latest
calibration. A session runs :class:`psychometrics.cat.CATSession`: maximum information at the EAP
with randomesque exposure control (one of the 3 best), content balancing to the test's blueprint,
EAP updates, stopping when the posterior SD is at most 0.35 (after 5 items) or after 20 items.
The session is stored as its seed and the answers so far; every request rebuilds the engine's
session by replaying them, so nothing but the database holds state.

**Readiness** is the posterior probability of passing, P(theta >= theta_cut | answers), where
theta_cut is the ability at the raw cut of the test's base form (its adopted Angoff cut) or, before
any cut is adopted, at the provisional cut fraction of the calibrated operational items.
"""

from __future__ import annotations

import math
import secrets
from typing import Any

import numpy as np
from django.db import transaction

from certwright.common import clock
from certwright.common.audit import audit_record
from certwright.measurement.models import AdaptiveSession, Calibration, ItemParameter
from certwright.measurement.selectors import base_cut, calibration_latest, engine_params
from certwright.measurement.services_calibration import MeasurementError
from certwright.programs.selectors import catalog_current
from certwright.psychometrics.cat import CATConfig, CATSession, ItemBank, Randomesque
from certwright.psychometrics.scoring import raw_to_theta

MAX_ITEMS, MIN_ITEMS, SE_TARGET, EXPOSURE_K = 20, 5, 0.35, 3


def practice_parameters(calibration: Calibration) -> list[ItemParameter]:
    rows = (
        calibration.parameters.select_related("item")
        .filter(item__use="practice")
        .exclude(item__status__in=("draft", "retired"))
    )
    return list(rows.order_by("item__item_id"))


def cut_theta(calibration: Calibration) -> float:
    """The ability at the test's passing standard on this calibration's scale."""
    base = base_cut(test=calibration.test)
    if base is not None and base.cut_theta is not None:
        return base.cut_theta
    rows = list(calibration.parameters.filter(item__use="operational", item__status="operational"))
    if not rows:
        raise MeasurementError(f"{calibration.test}: no calibrated operational items to place the cut", ("no_cut",))
    fraction = catalog_current().rules.provisional_cut_fraction
    return float(raw_to_theta(np.asarray([fraction * len(rows)]), engine_params(rows))[0])


def _config(test: str, cut: float) -> CATConfig:
    spec = catalog_current().tests.get(test)
    blueprint = None
    if spec is not None and any(a.count for a in spec.areas):
        total = sum(a.count or 0 for a in spec.areas)
        blueprint = {a.code: (a.count or 0) / total for a in spec.areas}
    return CATConfig(
        max_items=MAX_ITEMS,
        min_items=MIN_ITEMS,
        se_target=SE_TARGET,
        exposure=Randomesque(EXPOSURE_K),
        blueprint=blueprint,
        cut=cut,
    )


def _engine(session: AdaptiveSession) -> tuple[CATSession, list[ItemParameter]]:
    rows = practice_parameters(session.calibration)
    bank = ItemBank(engine_params(rows), _config(session.test, session.cut_theta), [r.item.area for r in rows])
    cat = CATSession(bank, np.random.default_rng(session.seed))
    index = {r.item.item_id: k for k, r in enumerate(rows)}
    for step in session.steps:
        if step.get("answer") and step["item_id"] in index:  # an item retired since has left the pool
            cat.next_item()  # keeps the random stream in step with the original run
            cat.record(index[step["item_id"]], bool(step["correct"]))
    return cat, rows


@transaction.atomic
def adaptive_start(*, user: Any, test: str, seed: int | None = None) -> AdaptiveSession:
    calibration = calibration_latest(test=test)
    if calibration is None:
        raise MeasurementError(
            f"{test} has no calibration yet, so adaptive practice is not available", ("no_calibration",)
        )
    if len(practice_parameters(calibration)) < MIN_ITEMS:
        raise MeasurementError(f"{test} has fewer than {MIN_ITEMS} calibrated practice items", ("pool_too_small",))
    session = AdaptiveSession.objects.create(
        user=user,
        test=test,
        calibration=calibration,
        cut_theta=cut_theta(calibration),
        seed=seed if seed is not None else secrets.randbits(48),
    )
    audit_record(actor=user, action="adaptive.start", obj=session, after={"test": test, "calibration": calibration.pk})
    return session


def adaptive_question(*, session: AdaptiveSession) -> dict[str, Any] | None:
    """The step waiting for an answer (choosing and storing it if needed); None when finished."""
    if session.finished_at is not None:
        return None
    if session.steps and not session.steps[-1].get("answer"):
        return dict(session.steps[-1])
    cat, rows = _engine(session)
    pick = cat.next_item()
    if pick is None:
        _finish(session, cat)
        return None
    version = rows[pick].item.current
    step = {"item_id": rows[pick].item.item_id, "version_id": version.pk, "answer": "", "correct": None}
    session.steps = [*session.steps, step]
    session.save(update_fields=["steps"])
    return dict(step)


def _finish(session: AdaptiveSession, cat: CATSession) -> None:
    session.theta, session.se = float(cat.theta), float(cat.se)
    session.p_pass = float(cat.p_pass) if math.isfinite(cat.p_pass) else None
    session.stop_reason = cat.stop_reason.value if cat.stop_reason is not None else "stopped"
    session.finished_at = clock.now()
    session.save(update_fields=["theta", "se", "p_pass", "stop_reason", "finished_at"])


@transaction.atomic
def adaptive_answer(*, session: AdaptiveSession, item_id: str, answer: str) -> AdaptiveSession:
    """Record the answer to the waiting question, update the estimate, stop when a rule fires."""
    session = AdaptiveSession.objects.select_for_update().get(pk=session.pk)
    if session.finished_at is not None:
        raise MeasurementError("this adaptive practice test is finished", ("finished",))
    if answer not in ("A", "B", "C", "D"):
        raise MeasurementError("choose A, B, C or D", ("bad_answer",))
    if not session.steps or session.steps[-1].get("answer") or session.steps[-1]["item_id"] != item_id:
        raise MeasurementError("that question is not the one waiting for an answer", ("stale_question",))
    step = dict(session.steps[-1])
    from certwright.itembank.models import ItemVersion  # noqa: PLC0415

    key = ItemVersion.objects.only("key").get(pk=step["version_id"]).key
    step["answer"], step["correct"] = answer, answer == key
    session.steps = [*session.steps[:-1], step]
    session.save(update_fields=["steps"])
    cat, _ = _engine(session)
    session.theta, session.se = float(cat.theta), float(cat.se)
    session.p_pass = float(cat.p_pass) if math.isfinite(cat.p_pass) else None
    session.save(update_fields=["theta", "se", "p_pass"])
    if cat.done:
        _finish(session, cat)
    return session


@transaction.atomic
def adaptive_stop(*, session: AdaptiveSession) -> AdaptiveSession:
    """End the session early; the estimate so far stands (with its wider uncertainty)."""
    session = AdaptiveSession.objects.select_for_update().get(pk=session.pk)
    if session.finished_at is None:
        session.steps = [s for s in session.steps if s.get("answer")]
        cat, _ = _engine(session)
        _finish(session, cat)
        session.stop_reason = "stopped_by_candidate"
        session.save(update_fields=["steps", "stop_reason"])
    return session
