"""Item response functions of the unidimensional logistic models, and the quadrature grid.

The three-parameter logistic model (Birnbaum, 1968; Lord, 1980) gives the probability that a
candidate of ability ``theta`` answers item ``j`` correctly:

.. math::

    P_j(\\theta) = c_j + (1 - c_j) \\frac{1}{1 + \\exp(-a_j(\\theta - b_j))}

with discrimination ``a > 0``, difficulty ``b`` and lower asymptote (pseudo-guessing) ``c``.
The 2PL is ``c = 0``; the Rasch (1PL) model is ``c = 0`` with one ``a`` shared by all items.
No scaling constant ``D = 1.702`` is used: parameters are on the logistic metric.

References
----------
Lord, F. M. (1980). *Applications of Item Response Theory to Practical Testing Problems*.
Baker, F. B., & Kim, S.-H. (2004). *Item Response Theory: Parameter Estimation Techniques* (2nd ed.).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from certwright.psychometrics._arrays import FloatArray, as_vector


@dataclass(frozen=True, slots=True, eq=False)
class ItemParameters:
    """Parameters of ``n_items`` logistic items: discrimination ``a``, difficulty ``b``, asymptote ``c``."""

    a: FloatArray
    b: FloatArray
    c: FloatArray

    def __post_init__(self) -> None:
        n = self.a.shape[0]
        for name in ("a", "b", "c"):
            value = getattr(self, name)
            if value.ndim != 1 or value.shape[0] != n:
                raise ValueError(f"item parameter {name} must be 1-D of length {n}; got shape {value.shape}")
            if not np.all(np.isfinite(value)):
                raise ValueError(f"item parameter {name} must be finite")
        if np.any(self.a <= 0):
            raise ValueError("discriminations a must be > 0")
        if np.any(self.c < 0) or np.any(self.c >= 1):
            raise ValueError("lower asymptotes c must be in [0, 1)")

    @classmethod
    def of(cls, a: ArrayLike, b: ArrayLike, c: ArrayLike | None = None) -> ItemParameters:
        """Build from array-likes; ``c`` defaults to zeros (2PL)."""
        b_arr = as_vector(b, name="b")
        a_arr = as_vector(np.broadcast_to(np.asarray(a, dtype=np.float64), b_arr.shape), name="a")
        c_arr = np.zeros_like(b_arr) if c is None else as_vector(c, name="c", length=b_arr.shape[0])
        return cls(a_arr.copy(), b_arr.copy(), c_arr.copy())

    @property
    def n_items(self) -> int:
        """Number of items."""
        return int(self.b.shape[0])

    def subset(self, items: ArrayLike) -> ItemParameters:
        """The parameters of the items selected by an index or boolean array."""
        index = np.asarray(items)
        return ItemParameters(self.a[index].copy(), self.b[index].copy(), self.c[index].copy())


@dataclass(frozen=True, slots=True, eq=False)
class Quadrature:
    """Quadrature over ability: ``points`` (Q,) and ``weights`` (Q,) summing to 1."""

    points: FloatArray
    weights: FloatArray


def normal_quadrature(n_points: int = 41, bound: float = 5.0, mean: float = 0.0, sd: float = 1.0) -> Quadrature:
    """Equally spaced quadrature for a normal ability distribution.

    Points are ``mean + sd * linspace(-bound, bound, n_points)`` and weights the normal density at
    the points, normalised to sum to one (Bock & Aitkin, 1981; Baker & Kim, 2004, ch. 6): with a
    smooth integrand this rule converges like the trapezoidal rule, fast, and it keeps the points
    fixed when the population mean and SD are re-estimated (Kim, 2006).

    Parameters
    ----------
    n_points : int
        Number of points, at least 5.
    bound : float
        Half-width of the grid in standard deviations.
    mean, sd : float
        Mean and standard deviation of the normal prior.
    """
    if n_points < 5:
        raise ValueError(f"n_points must be at least 5; got {n_points}")
    if bound <= 0 or sd <= 0:
        raise ValueError("bound and sd must be > 0")
    z = np.linspace(-bound, bound, n_points)
    weights = np.exp(-0.5 * z * z)
    return Quadrature(mean + sd * z, weights / weights.sum())


def _theta(theta: ArrayLike) -> FloatArray:
    return np.atleast_1d(np.asarray(theta, dtype=np.float64)).reshape(-1)


def probability(theta: ArrayLike, params: ItemParameters) -> FloatArray:
    """Probability of a correct response, shape ``(len(theta), n_items)``.

    :math:`P_j(\\theta) = c_j + (1 - c_j) / (1 + e^{-a_j(\\theta - b_j)})` (Lord, 1980, eq. 2-1).
    """
    t = _theta(theta)
    z = params.a * (t[:, None] - params.b)
    star: FloatArray = 0.5 * (1.0 + np.tanh(0.5 * z))  # the logistic function, overflow-free
    return params.c + (1.0 - params.c) * star


def log_probabilities(theta: ArrayLike, params: ItemParameters) -> tuple[FloatArray, FloatArray]:
    """``(log P, log(1 - P))``, each ``(len(theta), n_items)``, computed without overflow.

    With :math:`z = a(\\theta - b)`: :math:`\\log(1-P) = \\log(1-c) - \\log(1+e^{z})` and
    :math:`\\log P = \\operatorname{logaddexp}(\\log c, \\log(1-c) - \\log(1+e^{-z}))`.
    """
    t = _theta(theta)
    z = params.a * (t[:, None] - params.b)
    log1m_c = np.log1p(-params.c)
    log_q: FloatArray = log1m_c - np.logaddexp(0.0, z)
    log_star = -np.logaddexp(0.0, -z)
    if np.any(params.c > 0):
        with np.errstate(divide="ignore"):
            log_c = np.log(params.c)
        log_p: FloatArray = np.logaddexp(log_c, log1m_c + log_star)
    else:
        log_p = log_star
    return log_p, log_q


def item_information(theta: ArrayLike, params: ItemParameters) -> FloatArray:
    """Fisher information of each item at each ability, shape ``(len(theta), n_items)``.

    .. math:: I_j(\\theta) = a_j^2 \\frac{(P_j - c_j)^2}{(1 - c_j)^2} \\frac{1 - P_j}{P_j}

    (Lord, 1980, eq. 5-9; for the 2PL this is :math:`a_j^2 P_j (1 - P_j)`). Always >= 0.
    """
    t = _theta(theta)
    z = params.a * (t[:, None] - params.b)
    star = 0.5 * (1.0 + np.tanh(0.5 * z))
    p = params.c + (1.0 - params.c) * star
    ratio = np.divide(star, p, out=np.ones_like(p), where=p > 0)  # star / P, 1 in the 2PL limit
    info: FloatArray = params.a**2 * (1.0 - params.c) * star * (1.0 - star) * ratio
    return info


def test_information(theta: ArrayLike, params: ItemParameters) -> FloatArray:
    """Test information :math:`I(\\theta) = \\sum_j I_j(\\theta)`, shape ``(len(theta),)``."""
    info: FloatArray = item_information(theta, params).sum(axis=1)
    return info


def test_characteristic_curve(theta: ArrayLike, params: ItemParameters) -> FloatArray:
    """Expected number-correct score :math:`\\tau(\\theta) = \\sum_j P_j(\\theta)` (Lord, 1980, eq. 4-5)."""
    tcc: FloatArray = probability(theta, params).sum(axis=1)
    return tcc
