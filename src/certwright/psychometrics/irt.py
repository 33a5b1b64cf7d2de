"""Rasch, 2PL and 3PL calibration by marginal maximum likelihood (Bock–Aitkin EM).

:class:`IRTModel` follows scikit-learn: hyper-parameters in the constructor, ``fit(X) -> self``,
learned attributes ending in ``_``. ``X`` is ``(n_candidates, n_items)`` with 1 right, 0 wrong
and ``nan`` missing (not presented or not answered; treated as missing at random, as in a
missing-by-design rotation).

Estimation
----------
Ability is integrated out over a fixed equally spaced quadrature (default 41 points on
[-5, 5]) with a standard normal prior, which also fixes the scale. Each EM cycle runs

* an E-step by log-space matrix products over blocks of candidates (``_estep``): posterior
  weights of every candidate at every point, and the expected counts ``n_qj`` (answered) and
  ``r_qj`` (right);
* an M-step of stacked Fisher-scoring solves over all items at once (``_mstep``), with optional
  priors (Bayes modal estimation): log-normal on ``a`` (default for the 3PL
  ``log a ~ N(0, 0.5^2)``, as BILOG-MG; none for Rasch and 2PL), beta on ``c`` (3PL, default
  Beta(5, 17)) and normal on ``b`` (default none).

Cycles are accelerated with SQUAREM (Varadhan & Roland, 2008, scheme S3): two EM maps give a
secant step, the extrapolated point is kept only if the log posterior did not fall, and each
cycle ends with a plain EM map. Iteration stops when an accepted cycle moves no parameter
(``a``, ``b``, ``c``) by more than ``tol`` (or a plain EM map by more than ``tol / 10``);
``n_iter_`` counts E-steps. Standard errors: see ``_se``.

With items held fixed (``fit(X, fixed=...)``), the other items are calibrated onto the fixed
items' scale, and the mean and SD of the normal ability distribution are estimated as well
(fixed-item parameter calibration with multiple weights updating, Kim, 2006).

References
----------
Bock, R. D., & Aitkin, M. (1981). *Psychometrika*, 46, 443–459.
Baker, F. B., & Kim, S.-H. (2004). *Item Response Theory: Parameter Estimation Techniques*, ch. 6–7.
Mislevy, R. J. (1986). Bayes modal estimation in item response models. *Psychometrika*, 51, 177–195.
Varadhan, R., & Roland, C. (2008). Simple and globally convergent methods for accelerating the
convergence of any EM algorithm. *Scandinavian Journal of Statistics*, 35, 335–353.
Kim, S. (2006). A comparative study of IRT fixed parameter calibration methods. *JEM*, 43, 355–381.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal, Self

import numpy as np
from numpy.typing import ArrayLike
from scipy.special import ndtri

from certwright.psychometrics import _se
from certwright.psychometrics._arrays import BoolArray, FloatArray, IntArray, as_responses
from certwright.psychometrics._estep import Encoded, Expected, e_step, encode, make_tables
from certwright.psychometrics._mstep import C_BOUNDS, log_prior, m_step_2pl, m_step_3pl, m_step_rasch
from certwright.psychometrics._squarem import EMState, IterationInfo, accelerated_em, plain_em
from certwright.psychometrics.irf import ItemParameters, Quadrature, normal_quadrature
from certwright.psychometrics.priors import BetaPrior, LogNormalPrior, NormalPrior, Priors

__all__ = [
    "DEFAULT_A_PRIOR",
    "DEFAULT_C_PRIOR",
    "MODELS",
    "FixedItems",
    "IRTModel",
    "IterationInfo",
    "ModelName",
    "StandardErrors",
    "start_values",
]

ModelName = Literal["rasch", "2pl", "3pl"]
SEMethod = Literal["xpd", "mstep", "none"]
MODELS: tuple[ModelName, ...] = ("rasch", "2pl", "3pl")
DEFAULT_A_PRIOR = LogNormalPrior(0.0, 0.5)
DEFAULT_C_PRIOR = BetaPrior(5.0, 17.0)


@dataclass(frozen=True, slots=True, eq=False)
class FixedItems:
    """Items whose parameters are held during calibration: column ``index`` gets ``params``."""

    index: IntArray
    params: ItemParameters

    def __post_init__(self) -> None:
        if self.index.ndim != 1 or self.index.shape[0] != self.params.n_items:
            raise ValueError("fixed index and parameters must have the same length")


@dataclass(frozen=True, slots=True, eq=False)
class StandardErrors:
    """Standard errors of ``a``, ``b``, ``c``; nan where a parameter was not estimated."""

    a: FloatArray
    b: FloatArray
    c: FloatArray


class IRTModel:
    """Marginal maximum likelihood (Bayes modal) calibration of a dichotomous IRT model.

    Parameters
    ----------
    model : {"rasch", "2pl", "3pl"}
        "rasch": one slope shared by all items (the Rasch model with the ability variance
        estimated, expressed on the N(0, 1) metric); "2pl"; "3pl".
    n_quadrature : int
        Quadrature points (at least 41).
    quadrature_bound : float
        Points span ``[-bound, bound]``.
    max_iter : int
        Maximum number of E-steps.
    tol : float
        Convergence: an accelerated cycle moved no ``a``, ``b`` or ``c`` by more than ``tol``, or
        one plain EM map by more than ``tol / 10`` (EM converges linearly, so its own steps
        understate the distance to the optimum several-fold). On the benchmark data the result
        is within about ``2 * tol`` of the fully converged maximum.
    a_prior, b_prior, c_prior : prior or None
        Bayes modal priors (see :mod:`certwright.psychometrics.priors`); None gives maximum
        likelihood for that parameter. ``a_prior="auto"`` (default) is ``log a ~ N(0, 0.5^2)``
        for the 3PL, whose slopes and asymptotes trade off, and None for the Rasch model and
        the 2PL (maximum likelihood, as R's mirt and girth). ``c_prior`` is used by the 3PL only.
    standard_errors : {"xpd", "mstep", "none"}
        How ``se_`` is computed (see ``_se``).
    accelerate : bool
        Use SQUAREM.
    callback : callable or None
        Called with an :class:`IterationInfo` after every E-step (progress bars).

    Attributes
    ----------
    params_ : ItemParameters
    a_, b_, c_ : ndarray (n_items,)
    se_ : StandardErrors
    n_iter_ : int
    converged_ : bool
    log_likelihood_ : float
        Marginal log-likelihood at the last E-step (without the priors).
    population_mean_, population_sd_ : float
        Of the normal ability distribution (0 and 1 unless items were fixed).
    quadrature_ : Quadrature
    n_candidates_ : int
        Candidates used (those with at least one response).
    """

    def __init__(
        self,
        model: ModelName = "2pl",
        *,
        n_quadrature: int = 41,
        quadrature_bound: float = 5.0,
        max_iter: int = 500,
        tol: float = 1e-4,
        a_prior: LogNormalPrior | Literal["auto"] | None = "auto",
        b_prior: NormalPrior | None = None,
        c_prior: BetaPrior | None = DEFAULT_C_PRIOR,
        standard_errors: SEMethod = "xpd",
        accelerate: bool = True,
        callback: Callable[[IterationInfo], None] | None = None,
    ) -> None:
        self.model = model
        self.n_quadrature = n_quadrature
        self.quadrature_bound = quadrature_bound
        self.max_iter = max_iter
        self.tol = tol
        self.a_prior = a_prior
        self.b_prior = b_prior
        self.c_prior = c_prior
        self.standard_errors = standard_errors
        self.accelerate = accelerate
        self.callback = callback

    def _check(self) -> None:
        if self.model not in MODELS:
            raise ValueError(f"model must be one of {MODELS}; got {self.model!r}")
        if self.n_quadrature < 41:
            raise ValueError(f"n_quadrature must be at least 41; got {self.n_quadrature}")
        if self.max_iter < 1 or self.tol <= 0:
            raise ValueError("max_iter must be >= 1 and tol > 0")
        if self.standard_errors not in ("xpd", "mstep", "none"):
            raise ValueError(f"standard_errors must be 'xpd', 'mstep' or 'none'; got {self.standard_errors!r}")

    @property
    def priors(self) -> Priors:
        """The priors in force for this model."""
        a_prior = (DEFAULT_A_PRIOR if self.model == "3pl" else None) if self.a_prior == "auto" else self.a_prior
        return Priors(a=a_prior, b=self.b_prior, c=self.c_prior if self.model == "3pl" else None)

    def fit(
        self,
        X: ArrayLike,  # noqa: N803 - scikit-learn's fit(X) convention
        *,
        fixed: FixedItems | None = None,
        start: ItemParameters | None = None,
        estimate_population: bool | None = None,
    ) -> Self:
        """Calibrate the items of ``X`` (n_candidates, n_items; 1, 0 or nan).

        ``fixed`` holds some items at given parameters (anchors); ``start`` gives starting values;
        ``estimate_population`` (default: only when items are fixed) also estimates the mean and
        SD of ability.
        """
        self._check()
        responses = as_responses(X)
        answered_any = ~np.isnan(responses).all(axis=1)
        if not answered_any.all():
            responses = responses[answered_any]
        if responses.shape[0] == 0:
            raise ValueError("responses: no candidate answered any item")
        data = encode(responses)
        if np.any(data.n_answered == 0):
            empty = np.flatnonzero(data.n_answered == 0).tolist()
            raise ValueError(f"responses: items {empty} have no responses; drop them before calibrating")
        free = np.ones(data.n_items, dtype=bool)
        params = start if start is not None else start_values(data, self.model, self.c_prior)
        if params.n_items != data.n_items:
            raise ValueError(f"start has {params.n_items} items; responses have {data.n_items}")
        if fixed is not None:
            params, free = _apply_fixed(params, fixed, self.model)
        if estimate_population is None:
            estimate_population = fixed is not None
        quad = normal_quadrature(self.n_quadrature, self.quadrature_bound)
        state, stats, n_iter, converged = _run_em(
            self, data, quad, EMState(params, 0.0, 1.0), free, estimate_population
        )
        self._store(data, quad, state, stats, free, n_iter, converged)
        return self

    def _store(
        self,
        data: Encoded,
        quad: Quadrature,
        state: EMState,
        stats: Expected,
        free: BoolArray,
        n_iter: int,
        converged: bool,
    ) -> None:
        params = state.params
        log_w = _log_weights(quad.points, state.mean, state.sd)
        estimated = _estimated_mask(self.model, free)
        if self.standard_errors == "none":
            se = StandardErrors(*(np.full(params.n_items, np.nan) for _ in range(3)))
            log_likelihood = stats.log_likelihood
        elif self.standard_errors == "mstep":
            se = StandardErrors(*_se.mstep_se(stats, quad.points, params, self.priors, estimated, self.model))
            log_likelihood = stats.log_likelihood
        else:
            errors, log_likelihood = _se.xpd_se(data, quad.points, log_w, params, self.priors, estimated, self.model)
            se = StandardErrors(*errors)
        self.params_ = params
        self.a_, self.b_, self.c_ = params.a, params.b, params.c
        self.se_ = se
        self.n_iter_ = n_iter
        self.converged_ = converged
        self.log_likelihood_ = log_likelihood
        self.population_mean_, self.population_sd_ = state.mean, state.sd
        self.quadrature_ = Quadrature(quad.points, np.exp(log_w))
        self.n_candidates_ = data.n_candidates


def _estimated_mask(model: ModelName, free: BoolArray) -> BoolArray:
    """(J, 3) mask of estimated parameters (a, b, c)."""
    mask = np.zeros((free.shape[0], 3), dtype=bool)
    mask[:, 1] = free
    mask[:, 0] = free if model != "rasch" else bool(free.all())
    mask[:, 2] = free & (model == "3pl")
    return mask


def _apply_fixed(params: ItemParameters, fixed: FixedItems, model: ModelName) -> tuple[ItemParameters, BoolArray]:
    n = params.n_items
    index = np.asarray(fixed.index, dtype=np.intp)
    if index.size and (index.min() < 0 or index.max() >= n or np.unique(index).size != index.size):
        raise ValueError(f"fixed item indices must be distinct and in [0, {n}); got {index.tolist()}")
    a, b, c = params.a.copy(), params.b.copy(), params.c.copy()
    a[index], b[index], c[index] = fixed.params.a, fixed.params.b, fixed.params.c
    if model == "rasch" and index.size:
        a[:] = float(np.mean(fixed.params.a))
    free = np.ones(n, dtype=bool)
    free[index] = False
    return ItemParameters(a, b, c), free


def start_values(data: Encoded, model: ModelName, c_prior: BetaPrior | None) -> ItemParameters:
    """Starting values from classical statistics (Baker & Kim, 2004, §7.4; Lord, 1980, eq. 2-12).

    With item-total correlation ``r`` and proportion right ``p``, the biserial is
    ``rho = r sqrt(p q) / phi(Phi^-1(p))``; then ``a = 1.702 rho / sqrt(1 - rho^2)`` and
    ``b = -Phi^-1(p') / rho`` with ``p' = (p - c) / (1 - c)`` (``c`` = the prior mode, 3PL only).
    """
    answered = np.ones_like(data.right) if data.answered is None else data.answered
    counts = answered.sum(axis=1, dtype=np.float64)
    score = data.right.sum(axis=1, dtype=np.float64) / np.maximum(counts, 1.0)
    n = np.maximum(data.n_answered, 1.0)
    p = np.clip(data.n_right / n, 0.02, 0.98)
    mean_s = (answered.T @ score.astype(np.float32)).astype(np.float64) / n
    mean_s2 = (answered.T @ (score * score).astype(np.float32)).astype(np.float64) / n
    mean_xs = (data.right.T @ score.astype(np.float32)).astype(np.float64) / n
    var_s = np.maximum(mean_s2 - mean_s**2, 1e-12)
    r = (mean_xs - p * mean_s) / np.sqrt(p * (1 - p) * var_s)
    z = ndtri(p)
    rho = np.clip(r * np.sqrt(p * (1 - p)) / (np.exp(-0.5 * z * z) / np.sqrt(2 * np.pi)), 0.15, 0.9)
    c = np.zeros_like(p)
    if model == "3pl":
        mode = 0.2 if c_prior is None else (c_prior.alpha - 1) / (c_prior.alpha + c_prior.beta - 2)
        c[:] = np.clip(mode, *C_BOUNDS)
    p_star = np.clip((p - c) / (1 - c), 0.02, 0.98)
    a = np.clip(1.702 * rho / np.sqrt(1 - rho**2), 0.2, 4.0)
    b = np.clip(-ndtri(p_star) / rho, -5.0, 5.0)
    if model == "rasch":
        a[:] = float(np.exp(np.mean(np.log(a))))
    return ItemParameters(a, b, c)


def _log_weights(points: FloatArray, mean: float, sd: float) -> FloatArray:
    z = (points - mean) / sd
    log_w = -0.5 * z * z
    out: FloatArray = log_w - np.log(np.exp(log_w - log_w.max()).sum()) - log_w.max()
    return out


def _em_map(
    est: IRTModel, data: Encoded, points: FloatArray, state: EMState, free: BoolArray, population: bool
) -> tuple[EMState, Expected]:
    """One EM map: E-step at ``state``, M-step; returns the new state and the E-step counts."""
    tables = make_tables(state.params, points, _log_weights(points, state.mean, state.sd))
    stats = e_step(data, tables, points)
    m_step = {"rasch": m_step_rasch, "2pl": m_step_2pl, "3pl": m_step_3pl}[est.model]
    params = m_step(stats, points, state.params, est.priors, free)
    mean, sd = state.mean, state.sd
    if population:
        total = stats.weights.sum()
        mean = float(stats.weights @ points / total)
        sd = float(np.sqrt(stats.weights @ (points - mean) ** 2 / total))
    return EMState(params, mean, sd), stats


def _run_em(
    est: IRTModel, data: Encoded, quad: Quadrature, state: EMState, free: BoolArray, population: bool
) -> tuple[EMState, Expected, int, bool]:
    run = accelerated_em if est.accelerate else plain_em
    return run(lambda s: _em_map(est, data, quad.points, s, free, population), state, est, _log_prior)


def _log_prior(est: IRTModel, params: ItemParameters) -> float:
    """Sum of the log prior densities of the item parameters (the SQUAREM acceptance test)."""
    return float(log_prior(params, est.priors, with_c=est.model == "3pl").sum())
