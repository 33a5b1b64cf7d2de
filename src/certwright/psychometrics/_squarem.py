"""EM drivers: plain EM, and SQUAREM acceleration (Varadhan & Roland, 2008, scheme S3).

A SQUAREM cycle from :math:`x_0`: two EM maps give :math:`x_1 = F(x_0)`, :math:`x_2 = F(x_1)`;
with :math:`r = x_1 - x_0`, :math:`v = x_2 - 2x_1 + x_0` and step
:math:`\\alpha = -\\lVert r\\rVert / \\lVert v\\rVert` (at most -1, at least ``-step_max``) the
extrapolated point is :math:`x' = x_0 - 2\\alpha r + \\alpha^2 v`. The next cycle starts from
:math:`F(x')` when the log posterior at :math:`x'` is not below the one at :math:`x_1` by more than
``OBJECTIVE_SLACK`` (1, as ``objfn.inc`` in the SQUAREM package), else from :math:`x_2` (the
monotone fallback). ``step_max`` starts at 1 and grows fourfold each time the
bound is reached and accepted. Extrapolation is done in ``(log a, b, logit c, mean, log sd)``, so
the constraints hold. Convergence is judged on plain EM maps only.

Reference: Varadhan, R., & Roland, C. (2008). *Scandinavian Journal of Statistics*, 35, 335–353.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from certwright.psychometrics._arrays import FloatArray
from certwright.psychometrics._estep import Expected
from certwright.psychometrics._mstep import A_BOUNDS, B_BOUNDS, C_BOUNDS
from certwright.psychometrics.irf import ItemParameters

if TYPE_CHECKING:
    from certwright.psychometrics.irt import IRTModel


@dataclass(slots=True, eq=False)
class EMState:
    """Item parameters and the normal ability distribution (mean, sd)."""

    params: ItemParameters
    mean: float
    sd: float


@dataclass(frozen=True, slots=True)
class IterationInfo:
    """Progress of one EM map: ``iteration`` (E-steps so far), largest parameter move, log-likelihood."""

    iteration: int
    max_change: float
    log_likelihood: float


OBJECTIVE_SLACK = 1.0  # SQUAREM's objfn.inc: float32 sums make the log-likelihood noisy in the 3rd decimal

EMMap = Callable[[EMState], tuple[EMState, Expected]]
LogPrior = Callable[["IRTModel", ItemParameters], float]


def _change(old: EMState, new: EMState) -> float:
    p, q = old.params, new.params
    moves = [np.abs(q.a - p.a).max(), np.abs(q.b - p.b).max(), np.abs(q.c - p.c).max()]
    return float(max(*moves, abs(new.mean - old.mean), abs(new.sd - old.sd)))


def _notify(est: IRTModel, iteration: int, change: float, log_likelihood: float) -> None:
    if est.callback is not None:
        est.callback(IterationInfo(iteration, change, log_likelihood))


def plain_em(em_map: EMMap, state: EMState, est: IRTModel, log_prior: LogPrior) -> tuple[EMState, Expected, int, bool]:
    """Iterate the EM map until no parameter moves by more than ``est.tol / 10`` in one map
    (EM's linear rate makes a step understate the distance to the optimum several-fold)."""
    del log_prior  # plain EM is monotone by construction
    stats: Expected | None = None
    for iteration in range(1, est.max_iter + 1):
        new, stats = em_map(state)
        change = _change(state, new)
        _notify(est, iteration, change, stats.log_likelihood)
        state = new
        if change < est.tol / 10:
            return state, stats, iteration, True
    assert stats is not None
    return state, stats, est.max_iter, False


def _to_vector(state: EMState, with_c: bool) -> FloatArray:
    p = state.params
    parts = [np.log(p.a), p.b]
    if with_c:
        c = np.clip(p.c, *C_BOUNDS)
        parts.append(np.log(c / (1 - c)))
    parts.append(np.array([state.mean, np.log(state.sd)]))
    return np.concatenate(parts)


def _from_vector(x: FloatArray, like: EMState, with_c: bool) -> EMState:
    n = like.params.n_items
    a = np.clip(np.exp(x[:n]), *A_BOUNDS)
    b = np.clip(x[n : 2 * n], *B_BOUNDS)
    c = np.clip(1 / (1 + np.exp(-x[2 * n : 3 * n])), *C_BOUNDS) if with_c else like.params.c.copy()
    return EMState(ItemParameters(a, b, c), float(x[-2]), float(np.exp(x[-1])))


def accelerated_em(
    em_map: EMMap, state: EMState, est: IRTModel, log_prior: LogPrior
) -> tuple[EMState, Expected, int, bool]:
    """SQUAREM-accelerated EM (module docstring); returns (state, last counts, E-steps, converged).

    Converged when an accepted cycle moved no parameter by more than ``tol`` (the accelerated
    iterates have stopped moving), or when one plain EM map moved none by more than ``tol / 10``
    (EM's linear rate makes its own steps understate the distance to the optimum several-fold).
    """
    with_c = est.model == "3pl"
    step_max = 1.0
    iteration = 0
    while True:
        x1, stats0 = em_map(state)
        iteration += 1
        change = _change(state, x1)
        _notify(est, iteration, change, stats0.log_likelihood)
        if change < est.tol / 10 or iteration >= est.max_iter:
            return x1, stats0, iteration, change < est.tol / 10
        x2, stats1 = em_map(x1)
        iteration += 1
        change = _change(x1, x2)
        _notify(est, iteration, change, stats1.log_likelihood)
        if change < est.tol / 10 or iteration >= est.max_iter:
            return x2, stats1, iteration, change < est.tol / 10
        v0, v1, v2 = (_to_vector(s, with_c) for s in (state, x1, x2))
        r, v = v1 - v0, v2 - 2 * v1 + v0
        norm_v = float(np.linalg.norm(v))
        alpha = -float(np.linalg.norm(r)) / norm_v if norm_v > 0 else -1.0
        alpha = max(min(alpha, -1.0), -step_max)
        trial = _from_vector(v0 - 2 * alpha * r + alpha**2 * v, state, with_c)
        x3, stats3 = em_map(trial)
        iteration += 1
        target = stats1.log_likelihood + log_prior(est, x1.params) - OBJECTIVE_SLACK
        accepted = stats3.log_likelihood + log_prior(est, trial.params) >= target
        _notify(est, iteration, _change(trial, x3), stats3.log_likelihood)
        new = x3 if accepted else x2
        if accepted and alpha == -step_max:
            step_max *= 4.0
        moved = _change(state, new)
        state = new
        if accepted and moved < est.tol:
            return state, stats3, iteration, True
        if iteration >= est.max_iter:
            return state, stats3, iteration, False
