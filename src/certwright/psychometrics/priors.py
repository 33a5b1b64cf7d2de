"""Prior distributions for item parameters (Bayes modal estimation, Mislevy, 1986).

Each prior adds its log density to the M-step objective. Densities are on the natural parameter
(``a``, ``b``, ``c``), as in BILOG-MG and R's mirt, so a log-normal prior on ``a`` has its mode at
``exp(meanlog - sdlog**2)``. The M-step works in ``(log a, b, logit c)``, where every prior below is
concave: the gradient and curvature there are given by :meth:`grad_curv` (curvature is the
*negative* second derivative, always >= 0).

Reference: Mislevy, R. J. (1986). Bayes modal estimation in item response models.
*Psychometrika*, 51, 177–195.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from certwright.psychometrics._arrays import FloatArray


@dataclass(frozen=True, slots=True)
class LogNormalPrior:
    """``log a ~ N(meanlog, sdlog**2)``; log density ``-log a - (log a - meanlog)**2 / (2 sdlog**2)``."""

    meanlog: float = 0.0
    sdlog: float = 0.5

    def __post_init__(self) -> None:
        if self.sdlog <= 0:
            raise ValueError("sdlog must be > 0")

    def grad_curv(self, a: FloatArray) -> tuple[FloatArray, FloatArray]:
        """Gradient and curvature of the log density with respect to ``log a``."""
        var = self.sdlog**2
        return -1.0 - (np.log(a) - self.meanlog) / var, np.full_like(a, 1.0 / var)


@dataclass(frozen=True, slots=True)
class NormalPrior:
    """``b ~ N(mean, sd**2)``."""

    mean: float = 0.0
    sd: float = 2.0

    def __post_init__(self) -> None:
        if self.sd <= 0:
            raise ValueError("sd must be > 0")

    def grad_curv(self, b: FloatArray) -> tuple[FloatArray, FloatArray]:
        """Gradient and curvature of the log density with respect to ``b``."""
        var = self.sd**2
        return -(b - self.mean) / var, np.full_like(b, 1.0 / var)


@dataclass(frozen=True, slots=True)
class BetaPrior:
    """``c ~ Beta(alpha, beta)``; the default Beta(5, 17) has its mode at 0.2 (four options)."""

    alpha: float = 5.0
    beta: float = 17.0

    def __post_init__(self) -> None:
        if self.alpha < 1 or self.beta < 1:
            raise ValueError("alpha and beta must be >= 1 (a unimodal prior)")

    def grad_curv(self, c: FloatArray) -> tuple[FloatArray, FloatArray]:
        """Gradient and curvature of the log density with respect to ``logit c``."""
        grad = (self.alpha - 1.0) * (1.0 - c) - (self.beta - 1.0) * c
        return grad, (self.alpha + self.beta - 2.0) * c * (1.0 - c)

    def information(self, c: FloatArray) -> FloatArray:
        """Negative second derivative of the log density with respect to ``c`` itself."""
        info: FloatArray = (self.alpha - 1.0) / c**2 + (self.beta - 1.0) / (1.0 - c) ** 2
        return info


@dataclass(frozen=True, slots=True)
class Priors:
    """Priors on ``a`` (log-normal), ``b`` (normal) and ``c`` (beta); None means a flat prior."""

    a: LogNormalPrior | None = None
    b: NormalPrior | None = None
    c: BetaPrior | None = None
