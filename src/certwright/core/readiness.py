"""Readiness: the probability that a candidate passes a test, from their practice answers.

Interim model (until stored IRT calibrations let the psychometrics engine score practice with EAP):

* The test's blueprint gives each content area ``a`` a number of scored items ``c_a`` (areas without
  counts share the scored items equally). The raw cut is ``ceil(cut_fraction * sum(c_a))``.
* Evidence: ``k_a`` right out of ``n_a`` practice answers per area.
* Overall accuracy ``m ~ Beta(3.5 + K, 1.5 + N - K)`` (``K``, ``N`` summed over areas). The prior
  Beta(3.5, 1.5) has mean 0.7 (the provisional cut) and weighs as much as 5 answers; a uniform prior
  was over-confident at the extremes in the calibration check.
* Area accuracy, partially pooled towards ``m``:
  ``p_a | m ~ Beta(s * m + k_a, s * (1 - m) + n_a - k_a)`` with pooling strength ``s`` (default 4).
  An area with no practice borrows the candidate's overall accuracy, with wide uncertainty.
* For each of ``draws`` joint draws of ``(m, p_a)`` the number right on a form is a sum of binomials
  ``X = sum_a Bin(c_a, p_a)``; its pass probability ``P(X >= cut | p)`` uses the normal approximation
  with continuity correction (mean ``sum c_a p_a``, variance ``sum c_a p_a (1 - p_a)``).
* **Probability of passing** = the mean of those conditional probabilities (the posterior
  predictive probability); the **band** is their 10th and 90th percentiles: how much the estimate
  could move with more evidence. Few answers -> a wide band.

Calibration is checked on simulated candidates (:func:`simulate_calibration`): each has a true
ability, area offsets and a practice history of random length; the predicted probability is
compared with whether a simulated form is actually passed. tests/core/test_readiness.py and
docs/preparation.md report the reliability table and the Brier score.

Pure: numpy and scipy only; a seed makes every result reproducible.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

import numpy as np
from scipy.special import ndtr

DEFAULT_DRAWS = 4000
DEFAULT_POOLING = 4.0
BAND = (0.10, 0.90)
PRIOR = (3.5, 1.5)  # overall accuracy before any practice: mean 0.7 (the provisional cut), worth 5 answers


class ReadinessReason(StrEnum):
    NO_PRACTICE = "no_practice"  # no answers yet: the estimate is the prior
    LITTLE_PRACTICE = "little_practice"  # fewer than 20 answers: the band is wide
    AREAS_UNPRACTISED = "areas_unpractised"  # some content areas have no answers
    LIKELY_PASS = "likely_pass"  # noqa: S105 - a reason code, not a password; probability >= 0.8
    BORDERLINE = "borderline"  # 0.5 <= probability < 0.8
    NOT_YET = "not_yet"  # probability < 0.5


@dataclass(frozen=True, slots=True)
class AreaEvidence:
    area: str
    items_on_form: int
    correct: int
    answered: int

    def __post_init__(self) -> None:
        if self.items_on_form < 0 or self.answered < 0 or not 0 <= self.correct <= self.answered:
            raise ValueError(
                f"area {self.area}: need 0 <= correct <= answered and items_on_form >= 0, "
                f"got correct={self.correct}, answered={self.answered}, items_on_form={self.items_on_form}"
            )


@dataclass(frozen=True, slots=True)
class AreaReadiness:
    area: str
    items_on_form: int
    correct: int
    answered: int
    estimate: float  # posterior mean accuracy in the area


@dataclass(frozen=True, slots=True)
class Readiness:
    probability: float
    low: float
    high: float
    cut: int
    max_raw: int
    answered: int
    areas: tuple[AreaReadiness, ...]
    reasons: tuple[str, ...]

    @property
    def percent(self) -> int:
        return round(100 * self.probability)


def form_counts(areas: Sequence[tuple[str, int | None]], scored: int | None) -> dict[str, int]:
    """Items per area on a form: the blueprint counts, or ``scored`` shared equally when counts are unknown."""
    if not areas:
        raise ValueError("a test needs content areas to estimate readiness")
    if all(count for _, count in areas):
        return {code: int(count or 0) for code, count in areas}
    total = scored or 10 * len(areas)
    base, extra = divmod(total, len(areas))
    return {code: base + (1 if i < extra else 0) for i, (code, _) in enumerate(areas)}


def readiness(
    evidence: Sequence[AreaEvidence],
    *,
    cut_fraction: float,
    draws: int = DEFAULT_DRAWS,
    pooling: float = DEFAULT_POOLING,
    seed: int = 0,
) -> Readiness:
    """The probability of reaching the raw cut on a form with ``evidence``'s area counts."""
    if not evidence:
        raise ValueError("readiness needs at least one content area")
    if not 0 < cut_fraction < 1:
        raise ValueError(f"cut_fraction must be between 0 and 1, got {cut_fraction}")
    counts = np.array([e.items_on_form for e in evidence], dtype=float)
    right = np.array([e.correct for e in evidence], dtype=float)
    seen = np.array([e.answered for e in evidence], dtype=float)
    max_raw = int(counts.sum())
    if max_raw == 0:
        raise ValueError("the form has no scored items")
    cut = math.ceil(cut_fraction * max_raw)
    rng = np.random.default_rng(seed)
    total_right, total_seen = right.sum(), seen.sum()
    m = rng.beta(PRIOR[0] + total_right, PRIOR[1] + total_seen - total_right, size=(draws, 1))
    m = np.clip(m, 1e-6, 1 - 1e-6)
    p = rng.beta(pooling * m + right, pooling * (1 - m) + seen - right)
    conditional = pass_probability(p, counts, cut)
    probability = float(conditional.mean())
    low, high = (float(v) for v in np.quantile(conditional, BAND))
    estimates = p.mean(axis=0)
    areas = tuple(
        AreaReadiness(e.area, e.items_on_form, e.correct, e.answered, float(est))
        for e, est in zip(evidence, estimates, strict=True)
    )
    return Readiness(probability, low, high, cut, max_raw, int(total_seen), areas, _reasons(evidence, probability))


def pass_probability(p: np.ndarray, counts: np.ndarray, cut: int) -> np.ndarray:
    """P(sum_a Bin(c_a, p_a) >= cut) for each row of ``p`` (normal approximation, continuity-corrected)."""
    mean = (p * counts).sum(axis=1)
    sd = np.sqrt((p * (1 - p) * counts).sum(axis=1))
    z = (mean - (cut - 0.5)) / np.maximum(sd, 1e-9)
    return np.asarray(ndtr(z))


def _reasons(evidence: Sequence[AreaEvidence], probability: float) -> tuple[str, ...]:
    answered = sum(e.answered for e in evidence)
    reasons: list[str] = []
    if answered == 0:
        reasons.append(ReadinessReason.NO_PRACTICE)
    elif answered < 20:
        reasons.append(ReadinessReason.LITTLE_PRACTICE)
    if answered and any(e.answered == 0 for e in evidence):
        reasons.append(ReadinessReason.AREAS_UNPRACTISED)
    if probability >= 0.8:
        reasons.append(ReadinessReason.LIKELY_PASS)
    elif probability >= 0.5:
        reasons.append(ReadinessReason.BORDERLINE)
    else:
        reasons.append(ReadinessReason.NOT_YET)
    return tuple(reasons)


@dataclass(frozen=True, slots=True)
class CalibrationBin:
    low: float
    high: float
    candidates: int
    predicted: float  # mean predicted probability in the bin
    observed: float  # share who passed the simulated form


@dataclass(frozen=True, slots=True)
class Calibration:
    candidates: int
    brier: float
    brier_base_rate: float  # Brier score of always predicting the overall pass rate
    bins: tuple[CalibrationBin, ...]

    def max_gap(self, min_candidates: int = 40) -> float:
        return max(
            (abs(b.predicted - b.observed) for b in self.bins if b.candidates >= min_candidates),
            default=0.0,
        )


def simulate_calibration(
    blueprint: Mapping[str, int],
    *,
    cut_fraction: float,
    candidates: int = 600,
    seed: int = 1,
    draws: int = 1500,
    bins: int = 5,
) -> Calibration:
    """Simulate candidates, predict readiness from their practice, then let them sit a form.

    A candidate has a true ability ``theta ~ N(0.9, 0.8)`` (logit of accuracy, pass rate around
    two thirds, as in the programme), area offsets ``N(0, 0.5)`` and practises between 0 and 60
    questions spread over the areas at random (some areas may be skipped). Their true accuracy in
    an area is ``logistic(theta + offset_a)``. The form has the blueprint's counts.
    """
    rng = np.random.default_rng(seed)
    codes = list(blueprint)
    counts = np.array([blueprint[c] for c in codes], dtype=float)
    cut = math.ceil(cut_fraction * counts.sum())
    predicted: list[float] = []
    passed: list[bool] = []
    for i in range(candidates):
        theta = rng.normal(0.9, 0.8)
        true_p = 1 / (1 + np.exp(-(theta + rng.normal(0, 0.5, size=len(codes)))))
        total = int(rng.integers(0, 61))
        weights = rng.dirichlet(np.ones(len(codes)))
        seen = rng.multinomial(total, weights)
        right = rng.binomial(seen, true_p)
        evidence = [
            AreaEvidence(c, int(n), int(k), int(s)) for c, n, k, s in zip(codes, counts, right, seen, strict=True)
        ]
        predicted.append(
            readiness(evidence, cut_fraction=cut_fraction, draws=draws, seed=seed * 100_003 + i).probability
        )
        passed.append(int(rng.binomial(counts.astype(int), true_p).sum()) >= cut)
    pred = np.array(predicted)
    obs = np.array(passed, dtype=float)
    edges = np.linspace(0, 1, bins + 1)
    table = []
    for lo, hi in itertools.pairwise(edges):
        mask = (pred >= lo) & ((pred < hi) if hi < 1 else (pred <= hi))
        if mask.any():
            table.append(
                CalibrationBin(float(lo), float(hi), int(mask.sum()), float(pred[mask].mean()), float(obs[mask].mean()))
            )
    return Calibration(
        candidates,
        float(((pred - obs) ** 2).mean()),
        float(((obs.mean() - obs) ** 2).mean()),
        tuple(table),
    )
