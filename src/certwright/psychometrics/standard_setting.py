"""Modified Angoff standard setting: panel ratings to a raw cut score, its SE, rounds and impact.

Each panelist rates each item with the probability that a minimally competent candidate answers
it correctly; rounds repeat the rating after discussion and impact data. A panelist's cut is the
sum of their ratings; the panel's cut is the mean of the panelists' cuts, equal to the sum over
items of the mean ratings (Angoff, 1971; Cizek & Bunch, 2007, ch. 6). Its standard error is the
SD of the panelists' cuts over the square root of the number of panelists (Hambleton & Pitoniak,
2006, p. 455), the spread a different panel of the same size would show.

References
----------
Angoff, W. H. (1971). Scales, norms, and equivalent scores. In R. L. Thorndike (Ed.),
*Educational Measurement* (2nd ed., pp. 508–600).
Cizek, G. J., & Bunch, M. B. (2007). *Standard Setting*. Sage.
Hambleton, R. K., & Pitoniak, M. J. (2006). Setting performance standards. In R. L. Brennan
(Ed.), *Educational Measurement* (4th ed., pp. 433–470).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from certwright.psychometrics._arrays import FloatArray


@dataclass(frozen=True, slots=True)
class RoundSummary:
    """One rating round: the panel cut, SD and SE of the panelists' cuts, their range."""

    round: int
    cut: float
    sd: float
    se: float
    minimum: float
    maximum: float


@dataclass(frozen=True, slots=True, eq=False)
class AngoffResult:
    """Cut score from the final round, with per-round summaries.

    ``panelist_cuts`` is (panelists, rounds); ``item_means`` and ``item_sds`` are (items, rounds).
    """

    cut: float
    se: float
    rounds: tuple[RoundSummary, ...]
    panelist_cuts: FloatArray
    item_means: FloatArray
    item_sds: FloatArray


def _as_ratings(ratings: ArrayLike) -> FloatArray:
    arr = np.asarray(ratings, dtype=np.float64)
    if arr.ndim == 2:
        arr = arr[:, :, None]
    if arr.ndim != 3:
        raise ValueError(f"ratings must be (panelists, items, rounds) or (panelists, items); got shape {arr.shape}")
    if arr.shape[0] < 2 or arr.shape[1] < 1 or arr.shape[2] < 1:
        raise ValueError(f"ratings need at least two panelists, one item and one round; got shape {arr.shape}")
    if not np.all(np.isfinite(arr)) or np.any((arr < 0) | (arr > 1)):
        raise ValueError("ratings must be probabilities in [0, 1] with no missing values")
    return arr


def angoff(ratings: ArrayLike) -> AngoffResult:
    """Modified Angoff cut score.

    Parameters
    ----------
    ratings : array_like, shape (panelists, items, rounds) or (panelists, items)
        Probability in [0, 1] that a minimally competent candidate answers the item right.

    Returns
    -------
    AngoffResult
        ``cut`` = :math:`\\sum_j \\bar r_{j}` of the last round; ``se`` =
        :math:`s_{cut} / \\sqrt{P}` with :math:`s_{cut}` the SD (ddof 1) of the panelists' cuts.
    """
    arr = _as_ratings(ratings)
    n_panelists = arr.shape[0]
    panelist_cuts = arr.sum(axis=1)  # (P, R)
    summaries = []
    for r in range(arr.shape[2]):
        cuts = panelist_cuts[:, r]
        sd = float(np.std(cuts, ddof=1))
        summaries.append(
            RoundSummary(r + 1, float(cuts.mean()), sd, sd / np.sqrt(n_panelists), float(cuts.min()), float(cuts.max()))
        )
    last = summaries[-1]
    return AngoffResult(
        cut=last.cut,
        se=last.se,
        rounds=tuple(summaries),
        panelist_cuts=panelist_cuts,
        item_means=arr.mean(axis=0),
        item_sds=arr.std(axis=0, ddof=1),
    )


def pass_rate(cut: float, scores: ArrayLike, weights: ArrayLike | None = None) -> float:
    """Impact: the (weighted) share of candidates with ``score >= cut``.

    ``scores`` are observed raw scores (or the distinct score values, with ``weights`` their
    frequencies). With integer scores a fractional cut is effectively rounded up.
    """
    s = np.asarray(scores, dtype=np.float64).reshape(-1)
    w = np.ones_like(s) if weights is None else np.asarray(weights, dtype=np.float64).reshape(-1)
    if s.size == 0 or w.shape != s.shape or np.any(w < 0) or w.sum() <= 0:
        raise ValueError("scores must be non-empty with non-negative weights of the same length")
    return float(w[s >= cut].sum() / w.sum())


@dataclass(frozen=True, slots=True)
class ImpactRow:
    """Pass rate if the cut were moved by ``offset_se`` standard errors."""

    offset_se: float
    cut: float
    pass_rate: float


def impact_table(
    cut: float,
    se: float,
    scores: ArrayLike,
    weights: ArrayLike | None = None,
    offsets: tuple[float, ...] = (-2.0, -1.0, 0.0, 1.0, 2.0),
) -> tuple[ImpactRow, ...]:
    """Pass rates at the cut and at ``cut + k * se`` for each ``k`` in ``offsets``."""
    return tuple(ImpactRow(k, cut + k * se, pass_rate(cut + k * se, scores, weights)) for k in offsets)
