"""Linking, anchored calibration, IRT true-score equating and raw-to-scale conversion tables.

Scale convention: linking constants ``(A, B)`` put a new calibration on the reference scale,
:math:`\\theta_{ref} = A\\,\\theta_{new} + B`, so item parameters transform as
:math:`a^* = a / A`, :math:`b^* = A b + B`, :math:`c^* = c` (Kolen & Brennan, 2014, eq. 6.3–6.6).

References
----------
Kolen, M. J., & Brennan, R. L. (2014). *Test Equating, Scaling, and Linking* (3rd ed.), ch. 6.
Marco, G. L. (1977). Item characteristic curve solutions to three intractable testing problems.
*JEM*, 14, 139–160.
Stocking, M. L., & Lord, F. M. (1983). Developing a common metric in item response theory.
*Applied Psychological Measurement*, 7, 201–210.
Kim, S. (2006). A comparative study of IRT fixed parameter calibration methods. *JEM*, 43, 355–381.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
from numpy.typing import ArrayLike
from scipy.optimize import minimize

from certwright.psychometrics._arrays import FloatArray
from certwright.psychometrics.irf import ItemParameters, Quadrature, normal_quadrature, test_characteristic_curve
from certwright.psychometrics.irt import FixedItems, IRTModel
from certwright.psychometrics.scoring import raw_to_theta, summed_score_eap


@dataclass(frozen=True, slots=True)
class LinkingConstants:
    """``theta_reference = slope * theta_new + intercept``."""

    slope: float
    intercept: float


IDENTITY = LinkingConstants(1.0, 0.0)


def _check_pair(new: ItemParameters, reference: ItemParameters) -> None:
    if new.n_items != reference.n_items:
        raise ValueError(f"anchor sets differ in length: {new.n_items} new, {reference.n_items} reference")
    if new.n_items < 2:
        raise ValueError("linking needs at least two anchor items")


def mean_sigma(new: ItemParameters, reference: ItemParameters) -> LinkingConstants:
    """Mean/sigma constants from the anchors' difficulties (Marco, 1977; Kolen & Brennan, eq. 6.8–6.9).

    :math:`A = \\sigma(b_{ref}) / \\sigma(b_{new})`, :math:`B = \\mu(b_{ref}) - A\\,\\mu(b_{new})`.
    """
    _check_pair(new, reference)
    sd_new = float(np.std(new.b))
    if sd_new == 0:
        raise ValueError("anchor difficulties on the new form have no spread; mean/sigma is undefined")
    slope = float(np.std(reference.b)) / sd_new
    return LinkingConstants(slope, float(np.mean(reference.b)) - slope * float(np.mean(new.b)))


def transform(params: ItemParameters, constants: LinkingConstants) -> ItemParameters:
    """Item parameters on the reference scale: ``a / A``, ``A b + B``, ``c``."""
    return ItemParameters(params.a / constants.slope, constants.slope * params.b + constants.intercept, params.c.copy())


def transform_theta(theta: ArrayLike, constants: LinkingConstants) -> FloatArray:
    """Abilities on the reference scale: ``A theta + B``."""
    out: FloatArray = constants.slope * np.asarray(theta, dtype=np.float64) + constants.intercept
    return out


def _sl_loss(x: FloatArray, new: ItemParameters, target: FloatArray, quad: Quadrature) -> tuple[float, FloatArray]:
    slope, intercept = float(x[0]), float(x[1])
    theta = quad.points[:, None]
    z = (new.a / slope) * (theta - intercept) - new.a * new.b
    s = 0.5 * (1.0 + np.tanh(0.5 * z))
    p = new.c + (1.0 - new.c) * s
    dp = (1.0 - new.c) * s * (1.0 - s)
    diff = target - p.sum(axis=1)
    d_slope = (dp * (-(new.a / slope**2) * (theta - intercept))).sum(axis=1)
    d_intercept = (dp * (-new.a / slope)).sum(axis=1)
    loss = float(quad.weights @ diff**2)
    grad = np.array([-2 * quad.weights @ (diff * d_slope), -2 * quad.weights @ (diff * d_intercept)])
    return loss, grad


def stocking_lord(
    new: ItemParameters, reference: ItemParameters, *, quadrature: Quadrature | None = None
) -> LinkingConstants:
    """Stocking–Lord constants: match the anchors' test characteristic curves.

    Minimises :math:`F(A, B) = \\sum_q w_q [\\sum_j P_j(\\theta_q; \\text{ref}) -
    \\sum_j P_j(\\theta_q; a_j/A, A b_j + B, c_j)]^2` (Stocking & Lord, 1983; Kolen & Brennan,
    eq. 6.18) with BFGS and the analytic gradient, from the mean/sigma solution. Default weights:
    41 points on [-4, 4], standard normal.
    """
    _check_pair(new, reference)
    quad = quadrature if quadrature is not None else normal_quadrature(41, 4.0)
    target = test_characteristic_curve(quad.points, reference)
    try:
        start = mean_sigma(new, reference)
    except ValueError:
        start = IDENTITY
    x0 = np.array([max(start.slope, 0.05), start.intercept])
    result = minimize(_sl_loss, x0, args=(new, target, quad), jac=True, method="BFGS", options={"gtol": 1e-10})
    return LinkingConstants(float(result.x[0]), float(result.x[1]))


def calibrate_with_anchors(
    responses: ArrayLike,
    anchor_index: ArrayLike,
    anchor_params: ItemParameters,
    *,
    estimator: IRTModel | None = None,
) -> IRTModel:
    """Calibrate new items onto the anchors' scale, holding the anchor parameters fixed.

    Fixed-item parameter calibration with the ability mean and SD estimated (Kim, 2006): the new
    items come out on the scale of ``anchor_params`` with no separate linking step.
    """
    model = estimator if estimator is not None else IRTModel("2pl")
    index = np.asarray(anchor_index, dtype=np.intp).reshape(-1)
    return model.fit(responses, fixed=FixedItems(index, anchor_params))


def true_score_equate(scores: ArrayLike, from_form: ItemParameters, to_form: ItemParameters) -> FloatArray:
    """IRT true-score equating: the score on ``to_form`` equivalent to ``scores`` on ``from_form``.

    :math:`e(x) = \\tau_{to}(\\tau_{from}^{-1}(x))`, both forms' parameters on one scale
    (Lord, 1980; Kolen & Brennan, §6.4). Scores between 0 and :math:`\\sum c` of ``from_form``
    map linearly to 0..:math:`\\sum c` of ``to_form``; the maximum maps to the maximum
    (Kolen & Brennan, eq. 6.26, the ad hoc rule for scores below the guessing level).
    """
    x = np.atleast_1d(np.asarray(scores, dtype=np.float64))
    low_from, low_to = float(from_form.c.sum()), float(to_form.c.sum())
    top_from, top_to = float(from_form.n_items), float(to_form.n_items)
    if np.any((x < 0) | (x > top_from)):
        raise ValueError(f"scores must be within 0..{top_from:g}")
    reach = 40.0 / float(from_form.a.min())  # |a (theta - b)| >= 40 at the bounds: tau is flat there
    bounds = (float(from_form.b.min()) - reach, float(from_form.b.max()) + reach)
    middle = test_characteristic_curve(raw_to_theta(x, from_form, bounds=bounds), to_form)
    below = x * (low_to / low_from) if low_from > 0 else np.zeros_like(x)
    out: FloatArray = np.where(x <= low_from, below, np.where(x >= top_from, top_to, middle))
    return out


@dataclass(frozen=True, slots=True)
class LinearScale:
    """Reported score ``clip(round(slope * theta + intercept, decimals), minimum, maximum)``.

    A linear transformation of theta is the usual choice for IRT-scored certification tests
    (Kolen & Brennan, §9.1): it keeps the interval properties of theta. Build it from two
    anchor points with :meth:`through` (e.g. the cut ability to the passing scale score).
    """

    slope: float
    intercept: float
    minimum: float
    maximum: float
    decimals: int = 0

    @classmethod
    def through(
        cls,
        first: tuple[float, float],
        second: tuple[float, float],
        *,
        minimum: float,
        maximum: float,
        decimals: int = 0,
    ) -> LinearScale:
        """The scale through two ``(theta, scale score)`` points."""
        (t1, s1), (t2, s2) = first, second
        if t1 == t2:
            raise ValueError("the two points need different thetas")
        slope = (s2 - s1) / (t2 - t1)
        return cls(slope, s1 - slope * t1, minimum, maximum, decimals)

    def apply(self, theta: ArrayLike) -> FloatArray:
        """Scale scores for the given abilities."""
        raw = self.slope * np.asarray(theta, dtype=np.float64) + self.intercept
        out: FloatArray = np.clip(np.round(raw, self.decimals), self.minimum, self.maximum)
        return out


@dataclass(frozen=True, slots=True, eq=False)
class ConversionTable:
    """One row per raw score 0..n_items: the ability it stands for and the reported scale score."""

    raw: FloatArray
    theta: FloatArray
    scale: FloatArray


def conversion_table(
    params: ItemParameters, scale: LinearScale, *, method: Literal["tcc", "eap"] = "tcc"
) -> ConversionTable:
    """Raw-to-scale conversion table for a form.

    ``method="tcc"``: theta is the true-score ability :math:`\\tau^{-1}(x)` (scores at or below
    :math:`\\sum c` and the maximum score get the ends of [-6, 6], then the scale's clipping);
    ``"eap"``: the summed-score EAP (Thissen et al., 1995).
    """
    raw = np.arange(params.n_items + 1, dtype=np.float64)
    if method == "tcc":
        theta = raw_to_theta(raw, params)
    elif method == "eap":
        theta = summed_score_eap(params).theta
    else:
        raise ValueError(f"method must be 'tcc' or 'eap'; got {method!r}")
    return ConversionTable(raw, theta, scale.apply(theta))
