"""Linking constants, anchored calibration, true-score equating and conversion tables."""

from __future__ import annotations

import numpy as np
import pytest

from certwright.psychometrics import IRTModel, ItemParameters
from certwright.psychometrics import equating as eq
from certwright.psychometrics.irf import test_characteristic_curve as tcc
from tests.psychometrics.simdata import rmse, simulate

REFERENCE = simulate(1, 20, model="3pl", seed=41).params
K = eq.LinkingConstants(1.25, -0.4)


def _on_new_scale(params: ItemParameters, k: eq.LinkingConstants) -> ItemParameters:
    """The inverse of ``transform``: what a separate calibration of the same items would give."""
    return ItemParameters(params.a * k.slope, (params.b - k.intercept) / k.slope, params.c)


def test_transform_round_trip():
    back = eq.transform(_on_new_scale(REFERENCE, K), K)
    np.testing.assert_allclose(back.a, REFERENCE.a)
    np.testing.assert_allclose(back.b, REFERENCE.b)
    np.testing.assert_allclose(eq.transform_theta([0.0, 1.0], K), [-0.4, 0.85])


@pytest.mark.parametrize("method", [eq.mean_sigma, eq.stocking_lord])
def test_linking_recovers_known_constants(method):
    got = method(_on_new_scale(REFERENCE, K), REFERENCE)
    assert got.slope == pytest.approx(K.slope, abs=1e-6)
    assert got.intercept == pytest.approx(K.intercept, abs=1e-6)


def test_stocking_lord_is_robust_to_one_drifting_anchor():
    """Mean/sigma is pulled by an outlying difficulty; the TCC criterion much less."""
    new = _on_new_scale(REFERENCE, K)
    drifted = ItemParameters(new.a, new.b + np.where(np.arange(20) == 0, 1.5, 0.0), new.c)
    sl, ms = eq.stocking_lord(drifted, REFERENCE), eq.mean_sigma(drifted, REFERENCE)
    assert abs(sl.slope - K.slope) < abs(ms.slope - K.slope)


def test_linking_needs_matching_anchor_sets():
    with pytest.raises(ValueError, match="anchor sets differ in length"):
        eq.mean_sigma(REFERENCE.subset(np.arange(5)), REFERENCE)
    flat = ItemParameters.of(np.ones(3), np.zeros(3))
    with pytest.raises(ValueError, match="no spread"):
        eq.mean_sigma(flat, REFERENCE.subset(np.arange(3)))


def test_true_score_equating_to_the_same_form_is_the_identity():
    scores = np.array([0.0, 2.0, REFERENCE.c.sum(), 7.3, 12.0, 19.5, 20.0])
    np.testing.assert_allclose(eq.true_score_equate(scores, REFERENCE, REFERENCE), scores, atol=1e-9)


def test_true_score_equating_to_an_easier_form_raises_the_cut():
    easier = ItemParameters(REFERENCE.a, REFERENCE.b - 0.5, REFERENCE.c)
    cut = eq.true_score_equate([14.0], REFERENCE, easier)[0]
    assert cut > 14.0
    theta = eq.raw_to_theta([14.0], REFERENCE)
    assert cut == pytest.approx(tcc(theta, easier)[0])
    with pytest.raises(ValueError, match="scores must be within"):
        eq.true_score_equate([21.0], REFERENCE, easier)


def test_calibration_with_fixed_anchors_lands_on_the_reference_scale():
    truth = simulate(1, 30, seed=42).params
    sim = simulate(4000, 30, seed=43, theta_mean=-0.4, theta_sd=0.9, params=truth)
    anchors = np.arange(10)
    fit = eq.calibrate_with_anchors(sim.responses, anchors, truth.subset(anchors))
    assert isinstance(fit, IRTModel)
    assert rmse(fit.b_[10:], truth.b[10:]) < 0.15
    assert fit.population_mean_ == pytest.approx(-0.4, abs=0.1)
    assert fit.population_sd_ == pytest.approx(0.9, abs=0.1)
    # a free calibration of the same data sits on the group's own N(0, 1) scale instead
    free = IRTModel("2pl").fit(sim.responses)
    assert rmse(free.b_[10:], truth.b[10:]) > 0.3


def test_linear_scale_through_two_points():
    scale = eq.LinearScale.through((0.0, 70.0), (1.0, 80.0), minimum=0, maximum=100)
    assert (scale.slope, scale.intercept) == (10.0, 70.0)
    np.testing.assert_array_equal(scale.apply([-10.0, 0.04, 0.06, 10.0]), [0.0, 70.0, 71.0, 100.0])
    with pytest.raises(ValueError, match="different thetas"):
        eq.LinearScale.through((1.0, 1.0), (1.0, 2.0), minimum=0, maximum=1)


@pytest.mark.parametrize("method", ["tcc", "eap"])
def test_conversion_table_is_monotone(method):
    scale = eq.LinearScale(10.0, 70.0, 0.0, 100.0)
    table = eq.conversion_table(REFERENCE, scale, method=method)
    np.testing.assert_array_equal(table.raw, np.arange(21))
    assert np.all(np.diff(table.theta) >= 0)  # scores at or below sum(c) share the lower bound
    assert np.all(np.diff(table.theta[5:-1]) > 0)
    assert np.all(np.diff(table.scale) >= 0)
    assert table.scale.min() >= 0
    assert table.scale.max() <= 100


def test_conversion_table_rejects_unknown_method():
    with pytest.raises(ValueError, match="method must be"):
        eq.conversion_table(REFERENCE, eq.LinearScale(1, 0, 0, 1), method="equipercentile")  # type: ignore[arg-type]
