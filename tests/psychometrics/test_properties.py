"""Hypothesis invariants of the psychometric functions."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from certwright.psychometrics import ItemParameters, ctt, equating, normal_quadrature, scoring

FAST = settings(max_examples=60, deadline=None)


@st.composite
def item_parameters(draw, min_items=1, max_items=12):
    n = draw(st.integers(min_items, max_items))
    a = draw(arrays(np.float64, n, elements=st.floats(0.2, 3.0)))
    b = draw(arrays(np.float64, n, elements=st.floats(-3.0, 3.0)))
    c = draw(arrays(np.float64, n, elements=st.floats(0.0, 0.35)))
    return ItemParameters(a, b, c)


@st.composite
def responses(draw, n_items=None, max_candidates=15):
    j = n_items if n_items is not None else draw(st.integers(1, 10))
    n = draw(st.integers(1, max_candidates))
    return draw(arrays(np.float64, (n, j), elements=st.sampled_from([0.0, 1.0, np.nan])))


thetas = arrays(np.float64, st.integers(1, 20), elements=st.floats(-8, 8))


@FAST
@given(item_parameters(), thetas)
def test_information_is_never_negative(params, theta):
    info = scoring.item_information(theta, params)
    assert np.all(np.isfinite(info))
    assert np.all(info >= 0)
    assert np.all(scoring.test_information(theta, params) >= 0)


@FAST
@given(item_parameters(), st.lists(st.floats(-6, 6), min_size=2, max_size=20, unique=True))
def test_icc_and_tcc_are_monotone_in_theta(params, theta):
    from certwright.psychometrics.irf import probability

    t = np.sort(np.array(theta))
    p = probability(t, params)
    assert np.all(np.diff(p, axis=0) >= 0)
    assert np.all((p >= params.c) & (p <= 1))
    assert np.all(np.diff(scoring.test_characteristic_curve(t, params)) >= 0)


@FAST
@given(arrays(np.float64, st.tuples(st.integers(2, 20), st.integers(2, 8)), elements=st.sampled_from([0.0, 1.0])))
def test_alpha_never_exceeds_one(resp):
    alpha = ctt.cronbach_alpha(resp)
    assert np.isnan(alpha) or alpha <= 1.0 + 1e-12
    kr = ctt.kr20(resp)
    assert np.isnan(kr) or abs(kr - alpha) < 1e-9


@FAST
@given(st.data())
def test_eap_stays_within_the_quadrature_range(data):
    params = data.draw(item_parameters())
    resp = data.draw(responses(n_items=params.n_items))
    quad = normal_quadrature(41, data.draw(st.floats(2.0, 6.0)))
    est = scoring.eap(resp, params, quadrature=quad)
    assert np.all(est.theta >= quad.points[0] - 1e-9)
    assert np.all(est.theta <= quad.points[-1] + 1e-9)
    assert np.all(est.se >= 0)
    empty = np.isnan(resp).all(axis=1)
    assert np.allclose(est.theta[empty], 0.0, atol=1e-6)  # no answers: the prior mean


@FAST
@given(item_parameters(min_items=2), st.floats(0.0, 1.0))
def test_equating_a_form_to_itself_is_the_identity(params, fraction):
    score = fraction * params.n_items
    assert np.allclose(equating.true_score_equate([score], params, params), [score], atol=1e-7)
    k = equating.stocking_lord(params, params)
    assert abs(k.slope - 1) < 1e-4
    assert abs(k.intercept) < 1e-4


@FAST
@given(item_parameters(max_items=6), st.integers(1, 10))
def test_mle_stays_within_its_bounds(params, n):
    resp = np.random.default_rng(n).integers(0, 2, (n, params.n_items)).astype(float)
    est = scoring.mle(resp, params, bounds=(-3.5, 3.5))
    assert np.all((est.theta >= -3.5) & (est.theta <= 3.5))
    assert np.all(est.se > 0)
