"""The M-step: Fisher scoring for all items at once (vectorised over items).

Given expected counts at the quadrature points, :math:`n_{qj}` (answered) and :math:`r_{qj}`
(right), item ``j``'s expected complete-data log-likelihood is (Bock & Aitkin, 1981, eq. 19;
Baker & Kim, 2004, ch. 6)

.. math:: \\ell_j = \\sum_q r_{qj} \\log P_j(\\theta_q) + (n_{qj} - r_{qj}) \\log(1 - P_j(\\theta_q))

plus the log prior densities. Its gradient and expected information in the working coordinates
:math:`u = (\\log a, b, \\operatorname{logit} c)` are

.. math::

    g = \\sum_q \\frac{r_{qj} - n_{qj} P_{qj}}{P_{qj}(1 - P_{qj})} \\frac{\\partial P_{qj}}{\\partial u},
    \\qquad
    I = \\sum_q \\frac{n_{qj}}{P_{qj}(1 - P_{qj})}
        \\frac{\\partial P_{qj}}{\\partial u} \\frac{\\partial P_{qj}}{\\partial u}^{\\top}

with :math:`\\partial P/\\partial \\log a = (1-c) s(1-s) z`, :math:`\\partial P/\\partial b = -(1-c) s(1-s) a`,
:math:`\\partial P/\\partial\\operatorname{logit} c = c(1-c)(1-s)`, :math:`s = \\sigma(z)`,
:math:`z = a(\\theta - b)`. Fisher scoring steps :math:`u \\leftarrow u + (I + C)^{-1}(g + g_0)`
(``C`` and ``g_0`` from the priors) are taken for every item together, as 2x2 or 3x3 solves
stacked over items, with each item's step shortened to at most 0.5 in log a and 1 in b and
logit c. A coordinate at a bound whose gradient points outwards is held (projected Newton), and
an item whose objective fell is sent back along its step by halving (backtracking), so every
M-step raises every item's objective and EM stays monotone. For the 2PL, ``r`` enters only
through :math:`\\sum_q r_{qj}` and :math:`\\sum_q r_{qj}\\theta_q` (see ``_estep``).
For the Rasch model the shared slope and the difficulties are updated in turn (block
coordinate ascent).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

import numpy as np

from certwright.psychometrics._arrays import BoolArray, FloatArray
from certwright.psychometrics._estep import Expected
from certwright.psychometrics.irf import ItemParameters
from certwright.psychometrics.priors import Priors

A_BOUNDS = (0.02, 20.0)
B_BOUNDS = (-12.0, 12.0)
C_BOUNDS = (1e-4, 0.5)
MAX_STEP = np.array([0.5, 1.0, 1.0])
INNER_STEPS = 8
INNER_TOL = 1e-6
HALVINGS = 8

Coords = tuple[FloatArray, FloatArray, FloatArray]  # log a, b, logit c


class Abc(NamedTuple):
    """Item parameters as bare arrays (no validation: the M-step's inner loop)."""

    a: FloatArray
    b: FloatArray
    c: FloatArray


def _sigmoid(z: FloatArray) -> FloatArray:
    out: FloatArray = 0.5 * (1.0 + np.tanh(0.5 * z))
    return out


def _from_coords(u: Coords, c: FloatArray | None) -> Abc:
    """Natural parameters from working coordinates; ``c`` given (2PL) or from logit c (3PL)."""
    a = np.clip(np.exp(u[0]), *A_BOUNDS)
    b = np.clip(u[1], *B_BOUNDS)
    return Abc(a, b, np.clip(_sigmoid(u[2]), *C_BOUNDS) if c is None else c)


def _coords(p: ItemParameters) -> Coords:
    c = np.clip(p.c, *C_BOUNDS)
    return np.log(p.a), p.b.copy(), np.log(c / (1.0 - c))


def log_prior(p: Abc | ItemParameters, priors: Priors, *, with_c: bool) -> FloatArray:
    """Per-item sum of the log prior densities of the natural parameters."""
    out = np.zeros(p.a.shape[0])
    if priors.a is not None:
        la = np.log(p.a)
        out += -la - (la - priors.a.meanlog) ** 2 / (2 * priors.a.sdlog**2)
    if priors.b is not None:
        out += -((p.b - priors.b.mean) ** 2) / (2 * priors.b.sd**2)
    if priors.c is not None and with_c:
        c = np.clip(p.c, *C_BOUNDS)
        out += (priors.c.alpha - 1) * np.log(c) + (priors.c.beta - 1) * np.log1p(-c)
    return out


def _objective(stats: Expected, points: FloatArray, p: Abc, priors: Priors, *, with_c: bool) -> FloatArray:
    """Per-item expected complete-data log-likelihood plus log prior."""
    z = p.a * (points[:, None] - p.b)
    if stats.r is None:  # 2PL: log P - log Q = z, so only sum_q r and sum_q r theta are needed
        ll = p.a * (stats.r1 - p.b * stats.r0) - (stats.n * np.logaddexp(0.0, z)).sum(axis=0)
    else:
        log1m_c = np.log1p(-p.c)
        log_q = log1m_c - np.logaddexp(0.0, z)
        log_p = np.logaddexp(np.log(p.c), log1m_c - np.logaddexp(0.0, -z))
        ll = (stats.r * log_p + (stats.n - stats.r) * log_q).sum(axis=0)
    out: FloatArray = ll + log_prior(p, priors, with_c=with_c)
    return out


def _limit(step: FloatArray, free: BoolArray) -> FloatArray:
    """Shorten each item's step (rows) to the per-coordinate maxima; zero for fixed items."""
    k = step.shape[1]
    ratio = np.abs(step) / MAX_STEP[:k]
    scale = 1.0 / np.maximum(1.0, ratio.max(axis=1))
    limited: FloatArray = step * (scale * free)[:, None]
    return limited


_BOUNDS = (np.log(A_BOUNDS), B_BOUNDS, np.log(np.array(C_BOUNDS) / (1 - np.array(C_BOUNDS))))


def _hold_at_bounds(grad: FloatArray, info: FloatArray, u: Coords) -> None:
    """Projected Newton: drop coordinates sitting on a bound with the gradient pointing out."""
    for k in range(grad.shape[1]):
        lo, hi = _BOUNDS[k]
        tol = 1e-9 * max(1.0, abs(lo), abs(hi))
        at_lo, at_hi = u[k] <= lo + tol, u[k] >= hi - tol
        if not (at_lo.any() or at_hi.any()):
            continue
        hold = (at_lo & (grad[:, k] < 0)) | (at_hi & (grad[:, k] > 0))
        grad[hold, k] = 0.0
        info[hold, k, :] = 0.0
        info[hold, :, k] = 0.0
        info[hold, k, k] = 1.0


def _solve(info: FloatArray, grad: FloatArray) -> FloatArray:
    """Stacked solves ``info @ step = grad`` (info is positive semi-definite; a 1e-8 ridge keeps
    it definite)."""
    k = grad.shape[1]
    if k == 2:
        a00, a11 = info[:, 0, 0] + 1e-8, info[:, 1, 1] + 1e-8
        a01, a10 = info[:, 0, 1], info[:, 1, 0]
        det = a00 * a11 - a01 * a10
        step = np.empty_like(grad)
        step[:, 0] = (a11 * grad[:, 0] - a01 * grad[:, 1]) / det
        step[:, 1] = (a00 * grad[:, 1] - a10 * grad[:, 0]) / det
        return step
    for i in range(k):
        info[:, i, i] += 1e-8
    out: FloatArray = np.nan_to_num(np.linalg.solve(info, grad[:, :, None])[:, :, 0].astype(np.float64))
    return out


def _fisher_scoring(
    terms: Callable[[Abc], tuple[FloatArray, FloatArray]],
    objective: Callable[[Abc], FloatArray],
    params: ItemParameters,
    free: BoolArray,
    k: int,
) -> ItemParameters:
    """Projected Fisher scoring with backtracking, for all items at once (``k`` = 2 or 3 coordinates)."""
    fixed_c = None if k == 3 else params.c
    u = _coords(params)
    current = _from_coords(u, fixed_c)
    f0 = objective(current)
    for _ in range(INNER_STEPS):
        grad, info = terms(current)
        _hold_at_bounds(grad, info, u)
        step = _limit(_solve(info, grad), free)
        for _ in range(HALVINGS):
            trial_u = (u[0] + step[:, 0], u[1] + step[:, 1], u[2] + step[:, 2] if k == 3 else u[2])
            trial = _from_coords(trial_u, fixed_c)
            f1 = objective(trial)
            worse = f1 < f0 - 1e-12 * np.abs(f0)
            if not worse.any():
                break
            step[worse] *= 0.5
        if worse.any():  # items that found no ascent within the halvings stay where they were
            keep = ~worse
            trial_u = tuple(np.where(keep, t, v) for t, v in zip(trial_u, u, strict=True))  # type: ignore[assignment]
            trial = Abc(*(np.where(keep, t, v) for t, v in zip(trial, current, strict=True)))
            f1 = np.where(keep, f1, f0)
        u, current, f0 = trial_u, trial, f1
        if np.abs(step).max() < INNER_TOL:
            break
    return _keep_fixed(ItemParameters(current.a, current.b, current.c), params, free)


def _keep_fixed(new: ItemParameters, old: ItemParameters, free: BoolArray) -> ItemParameters:
    """Put back the parameters of the fixed (not free) items exactly."""
    return ItemParameters(np.where(free, new.a, old.a), np.where(free, new.b, old.b), np.where(free, new.c, old.c))


def _add_ab_priors(grad: FloatArray, info: FloatArray, p: Abc, priors: Priors) -> None:
    """Add the log-normal (column 0, log a) and normal (column 1, b) prior terms in place."""
    if priors.a is not None:
        g, h = priors.a.grad_curv(p.a)
        grad[:, 0] += g
        info[:, 0, 0] += h
    if priors.b is not None:
        g, h = priors.b.grad_curv(p.b)
        grad[:, 1] += g
        info[:, 1, 1] += h


def _twopl_terms(
    stats: Expected, points: FloatArray, a: FloatArray, b: FloatArray
) -> tuple[FloatArray, FloatArray, FloatArray, FloatArray, FloatArray]:
    """2PL: gradient (log a, b) and information entries, each (J,)."""
    z = a * (points[:, None] - b)
    p = _sigmoid(z)
    np_ = stats.n * p
    w = np_ * (1.0 - p)
    g_alpha = a * (stats.r1 - b * stats.r0) - (np_ * z).sum(axis=0)
    g_b = -a * (stats.r0 - np_.sum(axis=0))
    i_aa = (w * z * z).sum(axis=0)
    i_ab = -a * (w * z).sum(axis=0)
    i_bb = a * a * w.sum(axis=0)
    return g_alpha, g_b, i_aa, i_ab, i_bb


def m_step_2pl(
    stats: Expected, points: FloatArray, params: ItemParameters, priors: Priors, free: BoolArray
) -> ItemParameters:
    """Maximise the expected log posterior of every free 2PL item (slope and difficulty)."""

    n_items = params.n_items

    def terms(p: Abc) -> tuple[FloatArray, FloatArray]:
        g_alpha, g_b, i_aa, i_ab, i_bb = _twopl_terms(stats, points, p.a, p.b)
        grad, info = np.empty((n_items, 2)), np.empty((n_items, 2, 2))
        grad[:, 0], grad[:, 1] = g_alpha, g_b
        info[:, 0, 0], info[:, 0, 1], info[:, 1, 0], info[:, 1, 1] = i_aa, i_ab, i_ab, i_bb
        _add_ab_priors(grad, info, p, priors)
        return grad, info

    return _fisher_scoring(terms, lambda p: _objective(stats, points, p, priors, with_c=False), params, free, 2)


def m_step_rasch(
    stats: Expected, points: FloatArray, params: ItemParameters, priors: Priors, free: BoolArray
) -> ItemParameters:
    """Rasch: one slope shared by all items (held if any item is fixed), one difficulty per item."""
    a, b = params.a.copy(), params.b.copy()
    slope_free = bool(free.all())
    for _ in range(INNER_STEPS):
        g_alpha, g_b, i_aa, _, i_bb = _twopl_terms(stats, points, a, b)
        grad_b, curv_b = g_b.copy(), i_bb.copy()
        if priors.b is not None:
            g, h = priors.b.grad_curv(b)
            grad_b += g
            curv_b += h
        with np.errstate(divide="ignore", invalid="ignore"):
            step_b = np.nan_to_num(np.clip(grad_b / curv_b, -1.0, 1.0)) * free
        b = np.clip(b + step_b, *B_BOUNDS)
        step_a = 0.0
        if slope_free:
            g_sum, i_sum = float(g_alpha.sum()), float(i_aa.sum())
            if priors.a is not None:
                g, h = priors.a.grad_curv(a[:1])
                g_sum, i_sum = g_sum + float(g[0]), i_sum + float(h[0])
            step_a = float(np.clip(g_sum / i_sum, -0.5, 0.5))
            a = np.clip(a * np.exp(step_a), *A_BOUNDS)
        if max(abs(step_a), float(np.abs(step_b).max())) < INNER_TOL:
            break
    return _keep_fixed(ItemParameters(a, b, params.c.copy()), params, free)


def _threepl_terms(stats: Expected, points: FloatArray, p: Abc) -> tuple[FloatArray, FloatArray]:
    """3PL: gradient (J, 3) and expected information (J, 3, 3) in (log a, b, logit c)."""
    assert stats.r is not None, "the 3PL M-step needs the expected counts right"
    a, b, c = p.a, p.b, p.c
    z = a * (points[:, None] - b)
    s = _sigmoid(z)
    prob = c + (1.0 - c) * s
    pq = np.maximum(prob * (1.0 - prob), 1e-300)
    slope = (1.0 - c) * s * (1.0 - s)
    d = np.stack([slope * z, -slope * a, c * (1.0 - c) * (1.0 - s)])  # (3, Q, J)
    w = (stats.r - stats.n * prob) / pq
    v = stats.n / pq
    grad = np.einsum("qj,kqj->jk", w, d)
    info = np.einsum("qj,kqj,lqj->jkl", v, d, d)
    return grad, info


def m_step_3pl(
    stats: Expected, points: FloatArray, params: ItemParameters, priors: Priors, free: BoolArray
) -> ItemParameters:
    """Maximise the expected log posterior of every free 3PL item (a, b and c together)."""

    def terms(p: Abc) -> tuple[FloatArray, FloatArray]:
        grad, info = _threepl_terms(stats, points, p)
        _add_ab_priors(grad, info, p, priors)
        if priors.c is not None:
            g, h = priors.c.grad_curv(p.c)
            grad[:, 2] += g
            info[:, 2, 2] += h
        return grad, info

    return _fisher_scoring(terms, lambda p: _objective(stats, points, p, priors, with_c=True), params, free, 3)
