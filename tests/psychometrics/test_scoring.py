"""Ability scoring: EAP, MLE, information, test characteristic curve, raw-to-theta."""

from __future__ import annotations

import numpy as np
import pytest

from certwright.psychometrics import ItemParameters, normal_quadrature
from certwright.psychometrics import scoring as sc
from certwright.psychometrics.irf import probability
from tests.psychometrics.simdata import rmse, simulate


@pytest.fixture(scope="module")
def sim():
    return simulate(2000, 40, seed=31, model="3pl")


def test_eap_tracks_true_ability(sim):
    est = sc.eap(sim.responses, sim.params)
    assert rmse(est.theta, sim.theta) < 0.45
    assert np.all(est.se > 0)
    assert np.all(est.se < 1)
    # posterior SD is the right size: the standardised errors have unit spread
    assert np.std((est.theta - sim.theta) / est.se) == pytest.approx(1.0, abs=0.1)


def test_eap_of_a_candidate_without_answers_is_the_prior_mean(sim):
    resp = sim.responses[:3].copy()
    resp[1] = np.nan
    est = sc.eap(resp, sim.params)
    assert est.theta[1] == pytest.approx(0.0, abs=1e-6)
    assert est.se[1] == pytest.approx(1.0, abs=1e-3)
    shifted = sc.eap(resp, sim.params, quadrature=normal_quadrature(61, 5.0, mean=0.5, sd=0.8))
    assert shifted.theta[1] == pytest.approx(0.5, abs=1e-6)


def test_eap_matches_a_direct_computation(sim):
    resp = sim.responses[:20].copy()
    resp[np.random.default_rng(0).random(resp.shape) < 0.3] = np.nan
    quad = normal_quadrature(61, 5.0)
    p = probability(quad.points, sim.params)  # (Q, J)
    like = np.ones((20, 61))
    for j in range(40):
        x = resp[:, j : j + 1]
        like *= np.where(np.isnan(x), 1.0, np.where(x == 1, p[:, j], 1 - p[:, j]))
    post = like * quad.weights
    post /= post.sum(axis=1, keepdims=True)
    np.testing.assert_allclose(sc.eap(resp, sim.params).theta, post @ quad.points, atol=1e-5)


def test_mle_is_bounded_and_recovers_ability(sim):
    est = sc.mle(sim.responses, sim.params, bounds=(-4, 4))
    assert np.all((est.theta >= -4) & (est.theta <= 4))
    inside = np.abs(sim.theta) < 2
    assert rmse(est.theta[inside], sim.theta[inside]) < 0.6
    perfect = np.ones((1, 40))
    zero = np.zeros((1, 40))
    assert sc.mle(perfect, sim.params, bounds=(-4, 4)).theta[0] == 4.0
    assert sc.mle(zero, sim.params, bounds=(-4, 4)).theta[0] == -4.0
    assert np.isnan(sc.mle(np.full((1, 40), np.nan), sim.params).theta[0])


def test_mle_score_equation_holds_at_the_estimate():
    params = ItemParameters.of([1.0, 1.5, 0.8, 1.2], [-1.0, 0.0, 0.5, 1.0])
    resp = np.array([[1, 1, 0, 0], [1, 0, 1, 0]], dtype=float)
    est = sc.mle(resp, params)
    p = probability(est.theta, params)
    score = ((resp - p) * params.a).sum(axis=1)  # 2PL score equation
    np.testing.assert_allclose(score, 0.0, atol=1e-6)
    info = sc.test_information(est.theta, params)
    np.testing.assert_allclose(est.se, 1 / np.sqrt(info))


def test_information_and_tcc_shapes():
    params = ItemParameters.of([1.0, 2.0], [0.0, 1.0], [0.0, 0.2])
    theta = np.linspace(-3, 3, 7)
    assert sc.item_information(theta, params).shape == (7, 2)
    np.testing.assert_allclose(sc.test_information(theta, params), sc.item_information(theta, params).sum(axis=1))
    # the 2PL item's information peaks at b with a^2 / 4
    assert sc.item_information([0.0], params)[0, 0] == pytest.approx(0.25)
    tcc = sc.test_characteristic_curve(theta, params)
    assert np.all(np.diff(tcc) > 0)
    assert tcc[0] > 0.2
    assert tcc[-1] < 2


def test_raw_to_theta_inverts_the_tcc():
    params = simulate(1, 30, model="3pl", seed=32).params
    raw = np.array([params.c.sum() + 0.5, 10.0, 15.5, 29.0])
    theta = sc.raw_to_theta(raw, params)
    np.testing.assert_allclose(sc.test_characteristic_curve(theta, params), raw, atol=1e-8)
    ends = sc.raw_to_theta([0.0, 30.0], params, bounds=(-6, 6))
    assert ends[0] == pytest.approx(-6)
    assert ends[1] == pytest.approx(6)


def test_summed_score_eap_matches_pattern_eap_for_rasch_items():
    """Under the Rasch model the raw score is sufficient, so every pattern with the same score
    has the same EAP, equal to the summed-score EAP."""
    params = ItemParameters.of(np.ones(6), np.linspace(-1, 1, 6))
    patterns = np.array([[1, 1, 0, 0, 0, 0], [0, 0, 0, 0, 1, 1], [1, 0, 1, 0, 1, 0]], dtype=float)
    table = sc.summed_score_eap(params)
    est = sc.eap(patterns, params)
    np.testing.assert_allclose(est.theta[:2], table.theta[2], atol=1e-5)
    np.testing.assert_allclose(est.theta[2], table.theta[3], atol=1e-5)
    assert np.all(np.diff(table.theta) > 0)


def test_scoring_rejects_mismatched_items(sim):
    with pytest.raises(ValueError, match="responses have 3 items; the parameters describe 40"):
        sc.eap(np.zeros((2, 3)), sim.params)
    with pytest.raises(ValueError, match="bounds must be increasing"):
        sc.mle(sim.responses[:2], sim.params, bounds=(1, -1))


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"a": [0.0], "b": [0.0]}, "discriminations a must be > 0"),
        ({"a": [1.0], "b": [0.0], "c": [1.0]}, r"lower asymptotes c must be in \[0, 1\)"),
        ({"a": [1.0], "b": [np.inf]}, "b must be finite"),
    ],
)
def test_item_parameters_are_validated(kwargs, message):
    with pytest.raises(ValueError, match=message):
        ItemParameters.of(**kwargs)
