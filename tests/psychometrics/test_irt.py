"""IRT calibration: parameter recovery, missing-by-design data, priors, anchors, validation."""

from __future__ import annotations

import numpy as np
import pytest

from certwright.psychometrics import BetaPrior, FixedItems, IRTModel, ItemParameters, NormalPrior
from certwright.psychometrics.irt import IterationInfo
from tests.psychometrics.simdata import rmse, simulate


@pytest.fixture(scope="module")
def twopl_data():
    return simulate(3000, 30, seed=11)


@pytest.fixture(scope="module")
def twopl_fit(twopl_data):
    return IRTModel("2pl").fit(twopl_data.responses)


def test_2pl_recovers_parameters(twopl_data, twopl_fit):
    assert twopl_fit.converged_
    assert rmse(twopl_fit.b_, twopl_data.params.b) < 0.15
    assert rmse(twopl_fit.a_, twopl_data.params.a) < 0.15
    assert np.all(twopl_fit.c_ == 0)


def test_fit_returns_self_and_sets_learned_attributes(twopl_data):
    model = IRTModel("2pl")
    assert model.fit(twopl_data.responses) is model
    for name in ("a_", "b_", "c_", "se_", "n_iter_", "converged_", "log_likelihood_", "params_", "quadrature_"):
        assert hasattr(model, name)
    assert model.n_iter_ >= 1
    assert model.log_likelihood_ < 0
    assert model.quadrature_.points.shape == (41,)


def test_standard_errors_are_positive_and_shrink_with_n(twopl_data, twopl_fit):
    se = twopl_fit.se_
    assert np.all(se.a > 0)
    assert np.all(se.b > 0)
    assert np.all(np.isnan(se.c))
    small = IRTModel("2pl").fit(twopl_data.responses[:750])
    assert np.median(small.se_.b / se.b) == pytest.approx(2.0, rel=0.2)  # sqrt(3000 / 750)


def test_xpd_errors_exceed_mstep_errors(twopl_data, twopl_fit):
    """The M-step information ignores the missing information about theta."""
    mstep = IRTModel("2pl", standard_errors="mstep").fit(twopl_data.responses)
    assert np.median(twopl_fit.se_.a / mstep.se_.a) > 1.0
    none = IRTModel("2pl", standard_errors="none").fit(twopl_data.responses)
    assert np.all(np.isnan(none.se_.a))


def test_2pl_with_missing_by_design():
    sim = simulate(6000, 40, seed=12, answered=15)
    fit = IRTModel("2pl").fit(sim.responses)
    assert fit.converged_
    assert rmse(fit.b_, sim.params.b) < 0.15
    assert rmse(fit.a_, sim.params.a) < 0.15


def test_3pl_with_c_prior_recovers_parameters():
    sim = simulate(5000, 30, model="3pl", seed=13)
    fit = IRTModel("3pl", c_prior=BetaPrior(5, 17)).fit(sim.responses)
    assert fit.converged_
    assert rmse(fit.b_, sim.params.b) < 0.25
    assert rmse(fit.a_, sim.params.a) < 0.25
    assert rmse(fit.c_, sim.params.c) < 0.06
    assert np.all((fit.c_ > 0) & (fit.c_ < 0.5))
    assert np.all(fit.se_.c > 0)


def test_rasch_shares_one_slope():
    sim = simulate(3000, 25, seed=14, params=ItemParameters.of(np.full(25, 1.3), np.linspace(-2, 2, 25)))
    fit = IRTModel("rasch").fit(sim.responses)
    assert np.ptp(fit.a_) == 0
    assert fit.a_[0] == pytest.approx(1.3, abs=0.1)
    assert rmse(fit.b_, sim.params.b) < 0.1
    assert np.all(fit.se_.a == fit.se_.a[0])


def test_accelerated_and_plain_em_agree(twopl_data, twopl_fit):
    plain = IRTModel("2pl", accelerate=False, standard_errors="none").fit(twopl_data.responses)
    assert plain.converged_
    assert np.abs(plain.a_ - twopl_fit.a_).max() < 5e-3
    assert np.abs(plain.b_ - twopl_fit.b_).max() < 5e-3
    assert twopl_fit.n_iter_ < plain.n_iter_


def test_normal_prior_on_b_shrinks_difficulties(twopl_data, twopl_fit):
    shrunk = IRTModel("2pl", b_prior=NormalPrior(0.0, 0.25)).fit(twopl_data.responses)
    assert np.abs(shrunk.b_).mean() < np.abs(twopl_fit.b_).mean()


@pytest.mark.parametrize("model", ["2pl", "3pl"])
def test_plain_em_never_lowers_the_log_likelihood(model):
    """EM is monotone: every M-step raises every item's objective (backtracking ensures it)."""
    sim = simulate(1500, 15, model=model, seed=17)
    seen: list[IterationInfo] = []
    IRTModel(model, accelerate=False, a_prior=None, c_prior=None, max_iter=40, callback=seen.append).fit(sim.responses)
    ll = np.array([s.log_likelihood for s in seen])
    assert np.all(np.diff(ll) > -0.01)  # float32 E-step: rounding in the third decimal


def test_start_values_are_used(twopl_data, twopl_fit):
    warm = IRTModel("2pl", standard_errors="none").fit(twopl_data.responses, start=twopl_fit.params_)
    assert warm.n_iter_ <= 2
    np.testing.assert_allclose(warm.b_, twopl_fit.b_, atol=1e-3)
    with pytest.raises(ValueError, match="start has 3 items"):
        IRTModel("2pl").fit(twopl_data.responses, start=ItemParameters.of([1, 1, 1], [0, 0, 0]))


def test_callback_sees_every_e_step(twopl_data):
    seen: list[IterationInfo] = []
    fit = IRTModel("2pl", callback=seen.append).fit(twopl_data.responses)
    assert [s.iteration for s in seen] == list(range(1, fit.n_iter_ + 1))


def test_max_iter_reached_is_reported(twopl_data):
    fit = IRTModel("2pl", max_iter=2, standard_errors="none").fit(twopl_data.responses)
    assert not fit.converged_
    assert fit.n_iter_ == 2


def test_fixed_items_hold_and_population_is_estimated():
    truth = simulate(1, 30, seed=15).params
    sim = simulate(4000, 30, seed=16, theta_mean=0.5, theta_sd=1.2, params=truth)
    anchors = np.arange(12)
    fit = IRTModel("2pl").fit(sim.responses, fixed=FixedItems(anchors, truth.subset(anchors)))
    np.testing.assert_array_equal(fit.a_[anchors], truth.a[anchors])
    np.testing.assert_array_equal(fit.b_[anchors], truth.b[anchors])
    assert np.all(np.isnan(fit.se_.b[anchors]))
    assert fit.population_mean_ == pytest.approx(0.5, abs=0.1)
    assert fit.population_sd_ == pytest.approx(1.2, abs=0.1)
    assert rmse(fit.b_[12:], truth.b[12:]) < 0.15


def test_rows_without_answers_are_dropped(twopl_data):
    resp = np.vstack([twopl_data.responses[:500], np.full((10, 30), np.nan)])
    assert IRTModel("2pl", standard_errors="none").fit(resp).n_candidates_ == 500


@pytest.mark.parametrize(
    ("resp", "message"),
    [
        (np.zeros(5), "2-D array of shape"),
        (np.zeros((0, 3)), "at least one candidate"),
        (np.array([[0, 1, 2]]), "only 0, 1 or nan.*found 2.0 at candidate 0, item 2"),
        (np.array([[0, 0.5]]), "found 0.5"),
        (np.array([["a", "b"]]), "must be numeric"),
        (np.array([[0, np.nan], [1, np.nan]]), r"items \[1\] have no responses"),
        (np.full((2, 2), np.nan), "no candidate answered"),
    ],
)
def test_input_validation(resp, message):
    with pytest.raises(ValueError, match=message):
        IRTModel("2pl").fit(resp)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"model": "4pl"}, "model must be one of"),
        ({"n_quadrature": 21}, "at least 41"),
        ({"tol": 0}, "tol > 0"),
        ({"standard_errors": "bootstrap"}, "standard_errors must be"),
    ],
)
def test_hyperparameter_validation(kwargs, message):
    with pytest.raises(ValueError, match=message):
        IRTModel(**kwargs).fit(np.array([[0, 1], [1, 0]]))


def test_fixed_index_validation(twopl_data):
    bad = FixedItems(np.array([0, 99]), ItemParameters.of([1, 1], [0, 0]))
    with pytest.raises(ValueError, match="fixed item indices"):
        IRTModel("2pl").fit(twopl_data.responses, fixed=bad)


def test_priors_reject_bad_hyperparameters():
    with pytest.raises(ValueError, match="alpha and beta"):
        BetaPrior(0.5, 2)
    with pytest.raises(ValueError, match="sd must be"):
        NormalPrior(0, 0)
