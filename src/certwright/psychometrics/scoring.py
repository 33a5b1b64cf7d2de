"""Ability estimation (EAP, MLE), information, the test characteristic curve and raw-to-theta.

All estimators take a response matrix ``(n_candidates, n_items)`` (1, 0, nan = missing) and
item parameters, and are vectorised over candidates: candidates are processed in blocks of
rows, and the per-point likelihoods of a block come from matrix products (see ``_estep``), so no
(candidates, items, points) array is built.

References
----------
Bock, R. D., & Mislevy, R. J. (1982). Adaptive EAP estimation of ability in a microcomputer
environment. *Applied Psychological Measurement*, 6, 431–444.
Lord, F. M. (1980). *Applications of Item Response Theory to Practical Testing Problems*, ch. 4–5.
Lord, F. M., & Wingersky, M. S. (1984). Comparison of IRT true-score and equipercentile
observed-score "equatings". *Applied Psychological Measurement*, 8, 453–461.
Thissen, D., Pommerich, M., Billeaud, K., & Williams, V. S. L. (1995). Item response theory for
scores on tests including polytomous items with ordered responses. *APM*, 19, 39–49.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from certwright.psychometrics._arrays import FloatArray, as_responses
from certwright.psychometrics._estep import CHUNK_ROWS, block_posterior, make_tables
from certwright.psychometrics.irf import (
    ItemParameters,
    Quadrature,
    item_information,
    normal_quadrature,
    probability,
    test_characteristic_curve,
    test_information,
)

__all__ = [
    "AbilityEstimates",
    "eap",
    "item_information",
    "mle",
    "raw_to_theta",
    "summed_score_eap",
    "test_characteristic_curve",
    "test_information",
]


@dataclass(frozen=True, slots=True, eq=False)
class AbilityEstimates:
    """Ability estimates ``theta`` and their standard errors ``se`` (posterior SD for EAP)."""

    theta: FloatArray
    se: FloatArray


def _check_items(responses: FloatArray, params: ItemParameters) -> None:
    if responses.shape[1] != params.n_items:
        raise ValueError(f"responses have {responses.shape[1]} items; the parameters describe {params.n_items}")


def eap(responses: ArrayLike, params: ItemParameters, *, quadrature: Quadrature | None = None) -> AbilityEstimates:
    """Expected a posteriori ability and posterior SD for every candidate.

    .. math::

        \\hat\\theta_i = \\frac{\\sum_q \\theta_q L_i(\\theta_q) w_q}{\\sum_q L_i(\\theta_q) w_q},
        \\qquad
        \\mathrm{SD}_i^2 = \\frac{\\sum_q (\\theta_q - \\hat\\theta_i)^2 L_i(\\theta_q) w_q}{\\sum_q L_i(\\theta_q) w_q}

    over the answered items only (Bock & Mislevy, 1982). Default quadrature: 61 points on
    [-5, 5] with a standard normal prior. A candidate with no answers gets the prior mean and SD.
    The estimate always lies within the quadrature range.
    """
    responses = as_responses(responses)
    _check_items(responses, params)
    quad = quadrature if quadrature is not None else normal_quadrature(61, 5.0)
    with np.errstate(divide="ignore"):
        log_w = np.log(quad.weights)
    tables = make_tables(params, quad.points, log_w)
    n = responses.shape[0]
    theta, sd = np.empty(n), np.empty(n)
    for start in range(0, n, CHUNK_ROWS):
        block = responses[start : start + CHUNK_ROWS]
        answered = ~np.isnan(block)
        right = (block == 1.0).astype(np.float32)
        post, _ = block_posterior(right, None if answered.all() else answered.astype(np.float32), tables)
        mean = post @ tables.points
        second = post @ (tables.points * tables.points)
        theta[start : start + block.shape[0]] = mean
        sd[start : start + block.shape[0]] = np.sqrt(np.maximum(second - mean.astype(np.float64) ** 2, 0.0))
    return AbilityEstimates(theta, sd)


def _grid_start(responses: FloatArray, params: ItemParameters, bounds: tuple[float, float]) -> FloatArray:
    """Maximiser of the log-likelihood over 41 points in ``bounds`` (a safe Newton start)."""
    grid = np.linspace(bounds[0], bounds[1], 41)
    tables = make_tables(params, grid, np.zeros_like(grid))
    start = np.empty(responses.shape[0])
    for lo in range(0, responses.shape[0], CHUNK_ROWS):
        block = responses[lo : lo + CHUNK_ROWS]
        answered = (~np.isnan(block)).astype(np.float32)
        post, _ = block_posterior((block == 1.0).astype(np.float32), answered, tables)
        start[lo : lo + block.shape[0]] = grid[np.argmax(post, axis=1)]
    return start


def mle(
    responses: ArrayLike,
    params: ItemParameters,
    *,
    bounds: tuple[float, float] = (-4.0, 4.0),
    max_iter: int = 50,
    tol: float = 1e-6,
) -> AbilityEstimates:
    """Maximum likelihood ability, bounded to ``bounds``, with :math:`SE = 1/\\sqrt{I(\\hat\\theta)}`.

    Fisher scoring from the best of 41 grid points (Lord, 1980, eq. 5-27):

    .. math::

        \\theta \\leftarrow \\theta + \\frac{\\sum_j m_{ij} (x_{ij} - P_j) P'_j / (P_j Q_j)}
                                     {\\sum_j m_{ij} P'^2_j / (P_j Q_j)}

    with steps limited to 1 and the estimate clipped to ``bounds``. All-right or all-wrong
    patterns have no finite MLE and get the upper or lower bound (SE from the information at the
    bound). Candidates with no answers get ``nan``.
    """
    responses = as_responses(responses)
    _check_items(responses, params)
    lo_b, hi_b = bounds
    if not lo_b < hi_b:
        raise ValueError(f"bounds must be increasing; got {bounds}")
    theta = _grid_start(responses, params, bounds)
    se = np.empty_like(theta)
    for lo in range(0, responses.shape[0], CHUNK_ROWS):
        rows = slice(lo, lo + CHUNK_ROWS)
        block = responses[rows]
        answered = ~np.isnan(block)
        x = np.where(answered, block, 0.0)
        t = theta[rows]
        for _ in range(max_iter):
            p = probability(t, params)
            star = (p - params.c) / (1.0 - params.c)
            deriv = params.a * (1.0 - params.c) * star * (1.0 - star)
            pq = np.maximum(p * (1.0 - p), 1e-300)
            score = np.sum(answered * (x - p) * deriv / pq, axis=1)
            info = np.sum(answered * deriv * deriv / pq, axis=1)
            step = np.clip(score / np.maximum(info, 1e-12), -1.0, 1.0)
            t = np.clip(t + step, lo_b, hi_b)
            if np.abs(step).max() < tol:
                break
        info = np.sum(answered * item_information(t, params), axis=1)
        none = ~answered.any(axis=1)
        theta[rows] = np.where(none, np.nan, t)
        se[rows] = np.where(none, np.nan, 1.0 / np.sqrt(np.maximum(info, 1e-300)))
    return AbilityEstimates(theta, se)


def raw_to_theta(raw: ArrayLike, params: ItemParameters, *, bounds: tuple[float, float] = (-6.0, 6.0)) -> FloatArray:
    """The ability whose expected score equals ``raw``: :math:`\\tau^{-1}(x)` (true-score ability).

    Solved by bisection on the monotone test characteristic curve (60 halvings, vectorised over
    scores). ``tau`` runs from :math:`\\sum_j c_j` to the number of items, so scores at or below
    :math:`\\sum_j c_j` give the lower bound and scores at or above ``n_items`` the upper bound
    (Kolen & Brennan, 2014, §6.4.5).
    """
    target = np.atleast_1d(np.asarray(raw, dtype=np.float64))
    lo = np.full(target.shape, bounds[0])
    hi = np.full(target.shape, bounds[1])
    for _ in range(60):
        mid = 0.5 * (lo + hi)
        above = test_characteristic_curve(mid, params) > target
        hi = np.where(above, mid, hi)
        lo = np.where(above, lo, mid)
    theta: FloatArray = 0.5 * (lo + hi)
    return theta


def summed_score_eap(params: ItemParameters, *, quadrature: Quadrature | None = None) -> AbilityEstimates:
    """EAP ability and posterior SD for each number-right score 0..n_items (complete tests).

    The likelihood of each summed score at each point comes from the Lord–Wingersky recursion
    (Lord & Wingersky, 1984; Thissen et al., 1995): adding item ``j`` to the first ``j - 1``,
    :math:`L_s \\leftarrow L_s (1 - P_j) + L_{s-1} P_j`.
    """
    quad = quadrature if quadrature is not None else normal_quadrature(61, 5.0)
    p = probability(quad.points, params)  # (Q, J)
    like = np.zeros((params.n_items + 1, quad.points.shape[0]))
    like[0] = 1.0
    for j in range(params.n_items):
        shifted = np.vstack([np.zeros((1, like.shape[1])), like[:-1]])
        like = like * (1.0 - p[:, j]) + shifted * p[:, j]
    joint = like * quad.weights
    post = joint / joint.sum(axis=1, keepdims=True)
    mean = post @ quad.points
    sd = np.sqrt(np.maximum(post @ quad.points**2 - mean**2, 0.0))
    return AbilityEstimates(mean, sd)
