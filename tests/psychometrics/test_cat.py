"""Adaptive testing: selection, exposure control, content balancing, stopping, classification."""

from __future__ import annotations

import numpy as np
import pytest

from certwright.psychometrics import ItemParameters, cat
from certwright.psychometrics.irf import item_information
from tests.psychometrics.simdata import simulate

BANK = simulate(1, 300, model="3pl", seed=61).params
AREAS = np.array(["brakes", "engine", "electrical"])[np.arange(300) % 3]


def _session(config: cat.CATConfig, seed: int = 0, areas=AREAS) -> cat.CATSession:
    return cat.CATSession(cat.ItemBank(BANK, config, areas), np.random.default_rng(seed))


def test_first_item_is_the_most_informative_at_the_prior_mean():
    for grid in (0.01, None):
        session = _session(cat.CATConfig(information_grid=grid), areas=None)
        assert session.next_item() == int(np.argmax(item_information([0.0], BANK)[0]))


def test_exact_and_grid_information_choose_the_same_items():
    rng = np.random.default_rng(3)
    picks = []
    for grid in (0.01, None):
        session = _session(cat.CATConfig(max_items=20, min_items=20, information_grid=grid), areas=None)
        answers = iter(rng.integers(0, 2, 20).tolist())
        rng = np.random.default_rng(3)
        while (item := session.next_item()) is not None:
            session.record(item, next(answers))
        picks.append(session.administered)
    overlap = len(set(picks[0]) & set(picks[1]))
    assert overlap >= 18


def test_eap_update_matches_a_direct_posterior():
    session = _session(cat.CATConfig(max_items=10, min_items=10), areas=None)
    responses = [1, 0, 1, 1, 0]
    for x in responses:
        session.record(session.next_item(), x)
    bank = session.bank
    idx = [bank.position[i] for i in session.administered]
    p = bank.like[1][idx]  # (5, Q)
    like = np.prod(np.where(np.array(responses)[:, None] == 1, p, 1 - p), axis=0)
    post = like * bank.prior
    post /= post.sum()
    assert session.theta == pytest.approx(post @ bank.points)
    assert session.se == pytest.approx(np.sqrt(post @ bank.points**2 - (post @ bank.points) ** 2))


def test_stops_when_the_standard_error_is_reached():
    session = _session(cat.CATConfig(max_items=60, min_items=5, se_target=0.35), areas=None)
    rng = np.random.default_rng(1)
    while (item := session.next_item()) is not None:
        session.record(item, rng.random() < 0.5)
    assert session.stop_reason is cat.StopReason.SE_REACHED
    assert session.se <= 0.35
    assert len(set(session.administered)) == len(session.administered)


def test_stops_at_max_items():
    session = _session(cat.CATConfig(max_items=7, min_items=0, se_target=None), areas=None)
    while (item := session.next_item()) is not None:
        session.record(item, 1)
    assert session.stop_reason is cat.StopReason.MAX_ITEMS
    assert len(session.administered) == 7
    assert session.next_item() is None
    with pytest.raises(ValueError, match="the session is done"):
        session.record(0, 1)


def test_content_balancing_follows_the_blueprint():
    blueprint = {"brakes": 0.5, "engine": 0.3, "electrical": 0.2}
    session = _session(cat.CATConfig(max_items=20, min_items=20, se_target=None, blueprint=blueprint))
    rng = np.random.default_rng(2)
    while (item := session.next_item()) is not None:
        session.record(item, rng.random() < 0.6)
    counts = {area: int(np.sum(AREAS[session.administered] == area)) for area in blueprint}
    assert counts == {"brakes": 10, "engine": 6, "electrical": 4}


def test_randomesque_spreads_exposure():
    def first_items(config: cat.CATConfig) -> set[int]:
        bank = cat.ItemBank(BANK, config)
        rng = np.random.default_rng(4)
        return {cat.CATSession(bank, rng).next_item() for _ in range(200)}

    assert len(first_items(cat.CATConfig())) == 1
    assert len(first_items(cat.CATConfig(exposure=cat.Randomesque(5)))) == 5
    assert len(first_items(cat.CATConfig(exposure=cat.Randomesque(5), information_grid=None))) == 5


def test_sympson_hetter_sets_aside_failed_items():
    best = int(np.argmax(item_information([0.0], BANK)[0]))
    k = np.ones(300)
    k[best] = 0.0  # never administered
    for grid in (0.01, None):
        session = _session(cat.CATConfig(exposure=cat.SympsonHetter(k), information_grid=grid), areas=None)
        first = session.next_item()
        assert first != best
        session.record(first, 1)
        assert best not in session.administered


def test_sympson_hetter_limits_exposure_in_simulation():
    config = cat.CATConfig(max_items=10, min_items=10, se_target=None)
    bank = cat.ItemBank(BANK, config)
    theta = np.random.default_rng(5).normal(size=150)
    free = cat.simulate(bank, BANK, theta, seed=6)
    k = np.where(free.exposure > 0.5, 0.3, 1.0)
    controlled = cat.simulate(
        cat.ItemBank(BANK, cat.CATConfig(max_items=10, min_items=10, se_target=None, exposure=cat.SympsonHetter(k))),
        BANK,
        theta,
        seed=6,
    )
    assert controlled.exposure.max() < free.exposure.max()
    np.testing.assert_allclose(free.exposure.sum(), 10.0)


@pytest.mark.parametrize("rule", ["posterior", "sprt"])
def test_classification_against_a_cut(rule):
    config = cat.CATConfig(max_items=40, min_items=5, se_target=None, cut=0.0, classification=rule)
    bank = cat.ItemBank(BANK, config)
    theta = np.concatenate([np.full(40, -1.2), np.full(40, 1.2)])
    result = cat.simulate(bank, BANK, theta, seed=7)
    accuracy = np.mean(result.passed == (theta >= 0))
    assert accuracy >= 0.95
    assert result.length.mean() < 40  # the rule stopped tests early


def test_classification_without_a_cut():
    session = _session(cat.CATConfig(), areas=None)
    decision = session.classification()
    assert decision.passed is None
    assert decision.decided_by == "no_cut"


def test_the_pool_can_run_out():
    small = ItemParameters.of([1.0, 1.2, 0.8], [0.0, 0.5, -0.5])
    session = cat.CATSession(cat.ItemBank(small, cat.CATConfig(se_target=None)), np.random.default_rng(0))
    while (item := session.next_item()) is not None:
        session.record(item, 0)
    assert session.stop_reason is cat.StopReason.POOL_EXHAUSTED
    assert sorted(session.administered) == [0, 1, 2]


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: cat.ItemBank(BANK, cat.CATConfig(), ["a"]), "areas has 1 entries"),
        (lambda: cat.ItemBank(BANK, cat.CATConfig(max_items=0)), "max_items must be >= 1"),
        (lambda: cat.ItemBank(BANK, cat.CATConfig(information_grid=2.0)), "information_grid"),
        (lambda: cat.ItemBank(BANK, cat.CATConfig(exposure=cat.SympsonHetter(np.ones(3)))), "Sympson"),
        (lambda: cat.ItemBank(BANK, cat.CATConfig(blueprint={"brakes": -1.0}), AREAS), "proportions"),
        (lambda: cat.Randomesque(0), "k must be >= 1"),
    ],
)
def test_configuration_errors(make, message):
    with pytest.raises(ValueError, match=message):
        make()


def test_record_rejects_unknown_and_repeated_items():
    session = _session(cat.CATConfig(), areas=None)
    with pytest.raises(ValueError, match="not in the bank"):
        session.record(300, 1)
    session.record(5, 1)
    with pytest.raises(ValueError, match="already administered"):
        session.record(5, 0)
