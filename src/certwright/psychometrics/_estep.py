"""The E-step of Bock–Aitkin EM by log-space matrix products.

A candidate's likelihood at quadrature point :math:`\\theta_q` is a product over the items they
answered. In log space it is a sum, hence a matrix product of 0/1 masks with per-item tables:

.. math::

    \\log L_{iq} = \\sum_j x_{ij} \\, [\\log P_j(\\theta_q) - \\log Q_j(\\theta_q)]
                 + \\sum_j m_{ij} \\log Q_j(\\theta_q)

with :math:`x_{ij}` = 1 for a right answer and :math:`m_{ij}` = 1 for any answer (0 when missing),
so ``log L = X1 @ D.T + M @ logQ.T`` for ``X1, M`` of shape (n, J) and ``D, logQ`` of shape
(Q, J). Missing-by-design data cost nothing more, and no (n, J, Q) array is ever built.

When every ``c`` is zero (Rasch, 2PL) the first term is linear in theta,
:math:`\\log P - \\log Q = a_j(\\theta_q - b_j)`, so it reduces to two matrix-vector products
(:math:`s_i = \\sum_j x_{ij} a_j`, :math:`t_i = \\sum_j x_{ij} a_j b_j`; ``log L = s theta - t + ...``),
and the expected number right at each point is only needed through its first two moments,
:math:`\\sum_q r_{jq} = \\sum_i x_{ij}` and :math:`\\sum_q r_{jq}\\theta_q = \\sum_i x_{ij}\\,\\mathrm{EAP}_i`.
With complete data the second term is a row constant, so a 2PL E-step is O(nJ + nQ).

The big products run in float32 (the masks are exact in it; log-likelihood sums near a posterior
mode keep about six significant digits); accumulators are float64. Candidates are processed in
blocks of ``CHUNK_ROWS`` rows so the temporary (rows, Q) arrays stay small.

Reference: Bock, R. D., & Aitkin, M. (1981). Marginal maximum likelihood estimation of item
parameters: Application of an EM algorithm. *Psychometrika*, 46, 443–459.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np

from certwright.psychometrics._arrays import Float32Array, FloatArray
from certwright.psychometrics.irf import ItemParameters, log_probabilities

CHUNK_ROWS = 32_768


@dataclass(frozen=True, slots=True, eq=False)
class Encoded:
    """A response matrix as float32 masks: ``right`` (x = 1) and ``answered`` (None if complete)."""

    right: Float32Array
    answered: Float32Array | None
    n_right: FloatArray
    n_answered: FloatArray

    @property
    def n_candidates(self) -> int:
        return int(self.right.shape[0])

    @property
    def n_items(self) -> int:
        return int(self.right.shape[1])


def encode(responses: FloatArray) -> Encoded:
    """Split a validated 0/1/nan matrix into float32 masks."""
    right = (responses == 1.0).astype(np.float32)
    answered_bool = ~np.isnan(responses)
    answered = None if answered_bool.all() else answered_bool.astype(np.float32)
    n_right = right.sum(axis=0, dtype=np.float64)
    n_answered = answered_bool.sum(axis=0).astype(np.float64)
    return Encoded(right, answered, n_right, n_answered)


@dataclass(frozen=True, slots=True, eq=False)
class Tables:
    """Per-iteration tables: everything the block products need, in float32."""

    linear: bool
    coef: Float32Array  # (J, 2): a, a*b (linear case)
    diff: Float32Array  # (J, Q): log P - log Q (general case)
    log_q: Float32Array  # (J, Q)
    log_q_sum: Float32Array  # (Q,): sum over items of log Q, for complete rows
    log_weights: Float32Array  # (Q,)
    points: Float32Array  # (Q,)


def make_tables(params: ItemParameters, points: FloatArray, log_weights: FloatArray) -> Tables:
    """Precompute the (J, Q) tables for ``params`` at the quadrature ``points``."""
    linear = not bool(np.any(params.c > 0))
    if linear:  # log Q = -log(1 + e^z); log P is not needed
        log_q = -np.logaddexp(0.0, params.a * (points[:, None] - params.b))
        diff = np.empty((0, 0), np.float32)
    else:
        log_p, log_q = log_probabilities(points, params)
        diff = np.ascontiguousarray((log_p - log_q).T, dtype=np.float32)
    coef = np.asfortranarray(np.stack([params.a, params.a * params.b], axis=1), dtype=np.float32)
    return Tables(
        linear=linear,
        coef=coef,
        diff=diff,
        log_q=np.ascontiguousarray(log_q.T, dtype=np.float32),
        log_q_sum=log_q.sum(axis=1).astype(np.float32),
        log_weights=log_weights.astype(np.float32),
        points=points.astype(np.float32),
    )


def _block_weights(
    right: Float32Array, answered: Float32Array | None, tables: Tables
) -> tuple[Float32Array, Float32Array, Float32Array]:
    """Unnormalised posterior weights ``w`` (rows, Q), with ``peak`` and ``total`` (rows,).

    ``log L_iq + log w_q = peak_i + log w_iq`` and :math:`\\sum_q w_{iq}` = ``total_i``, except
    that in the linear case the per-candidate constant :math:`-t_i = -\\sum_j x_{ij} a_j b_j` is
    left out (it does not change the posterior; callers add it back to log-likelihoods).
    """
    ll = np.multiply.outer(right @ tables.coef[:, 0], tables.points) if tables.linear else right @ tables.diff
    if answered is None:
        ll += tables.log_q_sum + tables.log_weights
    else:
        ll += answered @ tables.log_q
        ll += tables.log_weights
    peak = ll.max(axis=1)
    ll -= peak[:, None]
    np.exp(ll, out=ll)
    total = ll.sum(axis=1)
    return ll, peak, total


def _linear_offset(right: Float32Array, tables: Tables) -> FloatArray:
    out: FloatArray = (right @ tables.coef[:, 1]).astype(np.float64) if tables.linear else np.zeros(right.shape[0])
    return out


def block_posterior(
    right: Float32Array, answered: Float32Array | None, tables: Tables
) -> tuple[Float32Array, FloatArray]:
    """Posterior over the quadrature points for a block of candidates.

    Returns ``(post, log_marginal)``: ``post`` (rows, Q) sums to one per row and
    ``log_marginal`` (rows,) is :math:`\\log \\sum_q L_{iq} w_q`.
    """
    post, peak, total = _block_weights(right, answered, tables)
    post /= total[:, None]
    log_marginal: FloatArray = peak.astype(np.float64) + np.log(total.astype(np.float64))
    return post, log_marginal - _linear_offset(right, tables)


def posterior_blocks(data: Encoded, tables: Tables) -> Iterator[tuple[slice, Float32Array, FloatArray]]:
    """Yield ``(rows, post, log_marginal)`` for consecutive blocks of candidates."""
    for start in range(0, data.n_candidates, CHUNK_ROWS):
        rows = slice(start, min(start + CHUNK_ROWS, data.n_candidates))
        answered = None if data.answered is None else data.answered[rows]
        post, log_marginal = block_posterior(data.right[rows], answered, tables)
        yield rows, post, log_marginal


@dataclass(frozen=True, slots=True, eq=False)
class Expected:
    """Expected complete-data counts from one E-step (all float64).

    ``weights`` (Q,): expected number of candidates at each point; ``n`` (Q, J): expected number
    answering item j at point q; ``r`` (Q, J): expected number right (general case only);
    ``r0`` (J,): :math:`\\sum_q r_{qj}`; ``r1`` (J,): :math:`\\sum_q r_{qj}\\theta_q`.
    """

    log_likelihood: float
    weights: FloatArray
    n: FloatArray
    r: FloatArray | None
    r0: FloatArray
    r1: FloatArray


def e_step(data: Encoded, tables: Tables, points: FloatArray) -> Expected:
    """One E-step: posterior weights and the expected counts the M-step needs.

    Row normalisation is folded into the products where it can be: the expected number of
    candidates at each point is ``(1 / total) @ w`` and the EAPs are ``(w @ theta) / total``.
    """
    n_q, n_j = points.shape[0], data.n_items
    weights = np.zeros(n_q)
    n = None if data.answered is None else np.zeros((n_q, n_j))
    r = None if tables.linear else np.zeros((n_q, n_j))
    r1 = np.zeros(n_j)
    log_likelihood = 0.0
    for start in range(0, data.n_candidates, CHUNK_ROWS):
        rows = slice(start, min(start + CHUNK_ROWS, data.n_candidates))
        right = data.right[rows]
        answered = None if data.answered is None else data.answered[rows]
        w, peak, total = _block_weights(right, answered, tables)
        log_likelihood += float(peak.sum(dtype=np.float64) + np.log(total.astype(np.float64)).sum())
        inv = np.reciprocal(total)
        if answered is None and r is None:  # 2PL, complete: no normalised copy needed
            weights += inv @ w
            r1 += right.T @ ((w @ tables.points) * inv)
            continue
        w *= inv[:, None]
        weights += w.sum(axis=0, dtype=np.float64)
        if answered is not None and n is not None:
            n += w.T @ answered
        if r is not None:
            r += w.T @ right
        else:
            r1 += right.T @ (w @ tables.points)
    if tables.linear:
        log_likelihood -= float(tables.coef[:, 1].astype(np.float64) @ data.n_right)
    else:
        assert r is not None
        r1 = points @ r
    n_full = np.broadcast_to(weights[:, None], (n_q, n_j)) if n is None else n
    return Expected(log_likelihood, weights, n_full, r, data.n_right, r1)
