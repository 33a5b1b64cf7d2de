"""Standard errors of item parameters.

Two methods, both per item (block-diagonal: the covariance between different items' parameters
is ignored, which is what item-level reports use):

``"xpd"`` (default): the empirical cross-product information of the observed-data scores. By
Louis' identity a candidate's observed score for item ``j`` is the posterior expectation of the
complete-data score (Louis, 1982, eq. 3.1),

.. math::

    s_{ij} = E\\left[\\frac{x_{ij} - P_j(\\theta)}{P_j(\\theta)(1 - P_j(\\theta))}
             \\frac{\\partial P_j(\\theta)}{\\partial \\psi_j} \\;\\middle|\\; x_i\\right]
           = x_{ij} E\\left[\\frac{\\partial P_j/\\partial\\psi_j}{P_j}\\right]
             - (m_{ij} - x_{ij}) E\\left[\\frac{\\partial P_j/\\partial\\psi_j}{1 - P_j}\\right],

two (n, Q) @ (Q, J) products per parameter. The information is
:math:`\\sum_i s_{ij} s_{ij}^{\\top}` (Mislevy, 1984; the "cross-product" or XPD estimate) plus the
prior information, and the SEs are the square roots of the diagonal of its inverse, in the
natural parameters ``(a, b, c)``. Prior information: ``1 / (sdlog^2 a^2)`` for a log-normal
``a``, ``1 / sd^2`` for a normal ``b``, the negative second derivative of the beta log density
for ``c``.

``"mstep"``: the expected complete-data information of the last M-step,
:math:`\\sum_q n_{qj} \\partial P \\partial P^{\\top} / (P(1-P))`, plus the prior information.
It ignores the information lost to not knowing theta, so it understates the SEs (more so for
short tests); it costs nothing.

For the Rasch model the shared slope's SE comes from the sum of its scores over items.

References: Louis, T. A. (1982). Finding the observed information matrix when using the EM
algorithm. *JRSS B*, 44, 226–233. Mislevy, R. J. (1984). Estimating latent distributions.
*Psychometrika*, 49, 359–381.
"""

from __future__ import annotations

from typing import Literal

import numpy as np

from certwright.psychometrics._arrays import BoolArray, Float32Array, FloatArray
from certwright.psychometrics._estep import Encoded, Expected, make_tables, posterior_blocks
from certwright.psychometrics.irf import ItemParameters
from certwright.psychometrics.priors import Priors

Errors = tuple[FloatArray, FloatArray, FloatArray]


def _derivatives(points: FloatArray, params: ItemParameters) -> tuple[FloatArray, FloatArray]:
    """``dP`` (3, Q, J) with respect to (a, b, c), and ``P`` (Q, J)."""
    z = params.a * (points[:, None] - params.b)
    s = 0.5 * (1.0 + np.tanh(0.5 * z))
    p = params.c + (1.0 - params.c) * s
    slope = (1.0 - params.c) * s * (1.0 - s)
    d = np.stack([slope * (points[:, None] - params.b), -slope * params.a, 1.0 - s])
    return d, p


def _prior_information(params: ItemParameters, priors: Priors) -> FloatArray:
    info = np.zeros((params.n_items, 3))
    if priors.a is not None:
        info[:, 0] = 1.0 / (priors.a.sdlog**2 * params.a**2)
    if priors.b is not None:
        info[:, 1] = 1.0 / priors.b.sd**2
    if priors.c is not None:
        info[:, 2] = priors.c.information(np.clip(params.c, 1e-4, 1 - 1e-4))
    return info


def _invert(info: FloatArray, estimated: BoolArray, model: Literal["rasch", "2pl", "3pl"]) -> Errors:
    """SEs from per-item (J, 3, 3) information blocks, over the estimated parameters only."""
    n_items = info.shape[0]
    se = np.full((n_items, 3), np.nan)
    cols = np.array([1] if model == "rasch" else ([0, 1] if model == "2pl" else [0, 1, 2]), dtype=np.intp)
    rows = np.flatnonzero(estimated[:, 1])
    if rows.size:
        block = info[np.ix_(rows, cols, cols)] + 1e-10 * np.eye(cols.shape[0])
        cov = np.linalg.pinv(block)
        diag = np.diagonal(cov, axis1=1, axis2=2)
        se[np.ix_(rows, cols)] = np.sqrt(np.where(diag > 0, diag, np.nan))
    return se[:, 0], se[:, 1], se[:, 2]


def _rasch_slope(total_info: float, estimated: BoolArray, se_a: FloatArray) -> FloatArray:
    if estimated[:, 0].any() and total_info > 0:
        return np.full_like(se_a, 1.0 / np.sqrt(total_info))
    return se_a


def mstep_se(
    stats: Expected,
    points: FloatArray,
    params: ItemParameters,
    priors: Priors,
    estimated: BoolArray,
    model: Literal["rasch", "2pl", "3pl"],
) -> Errors:
    """SEs from the expected complete-data (M-step) information (module docstring)."""
    d, p = _derivatives(points, params)
    v = stats.n / np.maximum(p * (1.0 - p), 1e-300)
    info = np.einsum("qj,kqj,lqj->jkl", v, d, d)
    prior = _prior_information(params, priors)
    info[:, [0, 1, 2], [0, 1, 2]] += prior
    se_a, se_b, se_c = _invert(info, estimated, model)
    if model == "rasch":
        se_a = _rasch_slope(float(info[:, 0, 0].sum() - prior[:, 0].sum() + prior[0, 0]), estimated, se_a)
    return se_a, se_b, se_c


def _block_scores(
    post: Float32Array,
    right: Float32Array,
    answered: Float32Array | None,
    h: list[Float32Array],
    ph: list[Float32Array],
) -> list[Float32Array]:
    """Observed-data scores ``x E[h] - m E[P h]`` (rows, J) for each parameter."""
    out = []
    for h_k, ph_k in zip(h, ph, strict=True):
        expected_ph = post @ ph_k
        if answered is not None:
            expected_ph *= answered
        out.append(right * (post @ h_k) - expected_ph)
    return out


def xpd_se(
    data: Encoded,
    points: FloatArray,
    log_weights: FloatArray,
    params: ItemParameters,
    priors: Priors,
    estimated: BoolArray,
    model: Literal["rasch", "2pl", "3pl"],
) -> tuple[Errors, float]:
    """SEs from the cross-product of observed-data scores; also returns the log-likelihood.

    With :math:`h = (\\partial P/\\partial\\psi) / (P(1-P))` the score is
    :math:`s_{ij} = x_{ij} E[h_j] - m_{ij} E[P_j h_j]`; for the 2PL :math:`h_a = \\theta - b` and
    :math:`h_b = -a`, so only :math:`E[P h]` needs a product with the posterior.
    """
    d, p = _derivatives(points, params)
    k = 3 if model == "3pl" else 2
    pq = np.maximum(p * (1.0 - p), 1e-300)
    h = [(d[i] / pq).astype(np.float32) for i in range(k)]
    ph = [(d[i] / np.maximum(1.0 - p, 1e-300)).astype(np.float32) for i in range(k)]
    linear = model != "3pl"
    a32, b32 = params.a.astype(np.float32), params.b.astype(np.float32)
    info = np.zeros((params.n_items, 3, 3))
    slope_total = 0.0
    log_likelihood = 0.0
    tables = make_tables(params, points, log_weights)
    for rows, post, log_marginal in posterior_blocks(data, tables):
        log_likelihood += float(log_marginal.sum())
        right = data.right[rows]
        answered = None if data.answered is None else data.answered[rows]
        if linear:  # E[h_a] = EAP - b, E[h_b] = -a: two products instead of four
            e_pa, e_pb = post @ ph[0], post @ ph[1]
            if answered is not None:
                e_pa *= answered
                e_pb *= answered
            scores = [right * ((post @ tables.points)[:, None] - b32) - e_pa, -a32 * right - e_pb]
        else:
            scores = _block_scores(post, right, answered, h, ph)
        for i in range(k):
            for j in range(i, k):
                info[:, i, j] += np.einsum("ij,ij->j", scores[i], scores[j])
                info[:, j, i] = info[:, i, j]
        if model == "rasch":
            slope_total += float(np.sum(scores[0].sum(axis=1, dtype=np.float64) ** 2))
    prior = _prior_information(params, priors)
    info[:, [0, 1, 2], [0, 1, 2]] += prior
    se_a, se_b, se_c = _invert(info, estimated, model)
    if model == "rasch":
        se_a = _rasch_slope(slope_total + float(prior[0, 0]), estimated, se_a)
    return (se_a, se_b, se_c), log_likelihood
