"""Agreement with the PyPI package ``mirt`` (Rust-backed MML-EM) on the same data."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

from certwright.psychometrics import IRTModel
from tests.psychometrics.simdata import simulate

mirt = pytest.importorskip("mirt")


def _fit_mirt(resp: np.ndarray, model: str, **kwargs: object):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return mirt.fit_mirt(resp, model=model, n_quadpts=41, **kwargs)


def test_2pl_agrees_with_mirt_on_missing_data():
    sim = simulate(3000, 30, seed=21)
    resp = sim.responses.copy()
    resp[np.random.default_rng(1).random(resp.shape) < 0.2] = np.nan
    theirs = _fit_mirt(resp, "2PL")
    ours = IRTModel("2pl", a_prior=None).fit(resp)  # maximum likelihood, as mirt
    np.testing.assert_allclose(ours.a_, theirs.model.discrimination.ravel(), atol=3e-3)
    np.testing.assert_allclose(ours.b_, theirs.model.difficulty.ravel(), atol=3e-3)
    assert ours.log_likelihood_ == pytest.approx(theirs.log_likelihood, abs=0.05)
    # Our block-diagonal cross-product SEs against mirt's full observed information (Oakes).
    ratio_a = ours.se_.a / np.asarray(theirs.standard_errors["discrimination"]).ravel()
    ratio_b = ours.se_.b / np.asarray(theirs.standard_errors["difficulty"]).ravel()
    assert 0.85 < np.median(ratio_a) < 1.15
    assert 0.85 < np.median(ratio_b) < 1.15


def test_3pl_with_beta_prior_agrees_with_mirt():
    from mirt.estimation.priors import BetaPrior as MirtBeta

    sim = simulate(1500, 12, model="3pl", seed=22)
    theirs = _fit_mirt(sim.responses, "3PL", priors={"guessing": MirtBeta(5, 17)}, compute_standard_errors=False)
    ours = IRTModel("3pl", a_prior=None, standard_errors="none").fit(sim.responses)
    np.testing.assert_allclose(ours.a_, theirs.model.discrimination.ravel(), atol=1e-2)
    np.testing.assert_allclose(ours.b_, theirs.model.difficulty.ravel(), atol=1e-2)
    np.testing.assert_allclose(ours.c_, theirs.model.parameters["guessing"].ravel(), atol=5e-3)
