"""Modified Angoff: cut score, its SE, rounds and impact."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from certwright.psychometrics import standard_setting as ss

# 3 panelists x 4 items x 2 rounds
RATINGS = np.array(
    [
        [[0.6, 0.7], [0.5, 0.5], [0.8, 0.8], [0.4, 0.5]],
        [[0.7, 0.7], [0.6, 0.6], [0.9, 0.8], [0.6, 0.5]],
        [[0.5, 0.6], [0.4, 0.5], [0.7, 0.8], [0.3, 0.4]],
    ]
)


def test_cut_is_the_sum_of_mean_ratings_of_the_last_round():
    result = ss.angoff(RATINGS)
    assert result.cut == pytest.approx(RATINGS[:, :, -1].mean(axis=0).sum())
    cuts = RATINGS[:, :, -1].sum(axis=1)
    assert result.se == pytest.approx(cuts.std(ddof=1) / np.sqrt(3))
    np.testing.assert_allclose(result.panelist_cuts, RATINGS.sum(axis=1))
    assert result.item_means.shape == (4, 2)
    assert result.item_sds.shape == (4, 2)


def test_rounds_are_summarised_and_discussion_narrows_the_spread():
    rounds = ss.angoff(RATINGS).rounds
    assert [r.round for r in rounds] == [1, 2]
    assert rounds[0].cut == pytest.approx(RATINGS[:, :, 0].sum(axis=1).mean())
    assert rounds[1].sd < rounds[0].sd
    assert rounds[0].minimum == pytest.approx(1.9)
    assert rounds[0].maximum == pytest.approx(2.8)


def test_two_dimensional_ratings_are_one_round():
    result = ss.angoff(RATINGS[:, :, 0])
    assert len(result.rounds) == 1
    assert result.cut == pytest.approx(ss.angoff(RATINGS).rounds[0].cut)


@pytest.mark.parametrize(
    ("ratings", "message"),
    [
        (np.ones(3), "must be"),
        (np.ones((1, 4)), "at least two panelists"),
        (np.full((2, 2), 1.2), r"probabilities in \[0, 1\]"),
        (np.array([[0.5, np.nan], [0.5, 0.5]]), "no missing values"),
    ],
)
def test_ratings_validation(ratings, message):
    with pytest.raises(ValueError, match=message):
        ss.angoff(ratings)


def test_pass_rate_counts_scores_at_or_above_the_cut():
    scores = np.array([10, 12, 14, 15, 15, 20])
    assert ss.pass_rate(15, scores) == pytest.approx(3 / 6)
    assert ss.pass_rate(14.2, scores) == pytest.approx(3 / 6)  # effectively rounded up
    assert ss.pass_rate(15, [10, 15, 20], weights=[5, 3, 2]) == pytest.approx(0.5)
    with pytest.raises(ValueError, match="non-empty"):
        ss.pass_rate(1, [])


def test_impact_table_moves_the_cut_by_standard_errors():
    rows = ss.impact_table(15.0, 1.0, np.arange(31))
    assert [r.offset_se for r in rows] == [-2.0, -1.0, 0.0, 1.0, 2.0]
    assert [r.cut for r in rows] == [13.0, 14.0, 15.0, 16.0, 17.0]
    assert all(a.pass_rate > b.pass_rate for a, b in itertools.pairwise(rows))
