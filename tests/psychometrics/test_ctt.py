"""Classical item analysis: p-values, point-biserials, reliability, distractors, flags."""

from __future__ import annotations

import numpy as np
import pytest

from certwright.psychometrics import ctt
from certwright.psychometrics.ctt import FlagReason, FlagThresholds
from tests.psychometrics.simdata import simulate

SMALL = np.array(
    [
        [1, 1, 1, 0],
        [1, 1, 0, 0],
        [1, 0, 1, 1],
        [0, 0, 0, 1],
        [1, 1, 1, 1],
        [0, 1, 0, 0],
    ],
    dtype=float,
)


def test_p_values_ignore_missing():
    resp = SMALL.copy()
    resp[0, 0] = np.nan
    np.testing.assert_allclose(ctt.p_values(resp), [3 / 5, 4 / 6, 3 / 6, 3 / 6])
    assert np.isnan(ctt.p_values(np.array([[np.nan, 1.0]]))[0])


@pytest.mark.parametrize("corrected", [True, False])
def test_point_biserial_matches_pearson(corrected):
    total = SMALL.sum(axis=1)
    expected = [np.corrcoef(SMALL[:, j], total - SMALL[:, j] if corrected else total)[0, 1] for j in range(4)]
    np.testing.assert_allclose(ctt.point_biserial(SMALL, corrected=corrected), expected)


def test_point_biserial_is_nan_without_variance():
    resp = SMALL.copy()
    resp[:, 0] = 1.0
    assert np.isnan(ctt.point_biserial(resp)[0])


def test_point_biserial_with_missing_uses_the_answering_candidates():
    resp = SMALL.copy()
    resp[5, 3] = np.nan
    answered = ~np.isnan(resp[:, 3])
    total = np.nansum(resp, axis=1)
    expected = np.corrcoef(resp[answered, 3], (total - resp[:, 3])[answered])[0, 1]
    assert ctt.point_biserial(resp)[3] == pytest.approx(expected)


def test_kr20_equals_alpha_and_matches_the_formula():
    resp = simulate(500, 20, seed=51).responses
    k, p, var = 20, resp.mean(axis=0), resp.sum(axis=1).var()
    expected = k / (k - 1) * (1 - np.sum(p * (1 - p)) / var)
    assert ctt.kr20(resp) == pytest.approx(expected)
    assert ctt.cronbach_alpha(resp) == pytest.approx(expected)
    assert 0.6 < expected < 1
    assert ctt.sem(resp) == pytest.approx(np.sqrt(var) * np.sqrt(1 - expected))


def test_reliability_uses_complete_rows_and_needs_two():
    resp = SMALL.copy()
    resp[:5, 0] = np.nan
    with pytest.raises(ValueError, match="at least two candidates who answered every item"):
        ctt.kr20(resp)
    assert np.isnan(ctt.cronbach_alpha(np.ones((3, 3))))


def test_distractor_analysis_with_letters():
    choices = np.array(
        [
            ["A", "B", "C"],
            ["A", "B", "C"],
            ["A", "C", "C"],
            ["B", "C", None],
            ["C", "D", "A"],
            ["B", "D", "A"],
        ],
        dtype=object,
    )
    key = ["A", "B", "C"]
    d = ctt.distractor_analysis(choices, key, group_fraction=1 / 3)
    assert d.options == ("A", "B", "C", "D")
    np.testing.assert_array_equal(d.key, [0, 1, 2])
    np.testing.assert_allclose(d.proportion[0], [3 / 6, 2 / 6, 1 / 6, 0])
    np.testing.assert_allclose(d.proportion[2], [2 / 5, 0, 3 / 5, 0])  # one did not answer item 3
    np.testing.assert_allclose(d.proportion.sum(axis=1), 1.0)
    assert d.by_group.shape == (3, 3, 4)
    # the two strongest candidates chose the key of item 1; the two weakest did not
    assert d.by_group[0, 2, 0] == 1.0
    assert d.by_group[0, 0, 0] == 0.0
    assert d.point_biserial[0, 0] > 0 > d.point_biserial[0, 1]


def test_distractor_analysis_with_integer_options():
    d = ctt.distractor_analysis(np.array([[1, 2], [1, 1], [2, 2], [3, 2]]), [1, 2])
    assert d.options == ("1", "2", "3")


@pytest.mark.parametrize(
    ("choices", "key", "message"),
    [
        (np.array(["A", "B"]), ["A"], "must be 2-D"),
        (np.array([["A", "B"]]), ["A"], "key has 1 entries; choices have 2 items"),
        (np.array([["A", "B"]]), ["A", ""], "every item needs a key"),
    ],
)
def test_distractor_analysis_validation(choices, key, message):
    with pytest.raises(ValueError, match=message):
        ctt.distractor_analysis(choices, key)


# One row per reason code: (p, r_item_rest, distractor option r, upper-group share, expected reasons)
FLAG_ROWS = [
    (0.97, 0.30, -0.2, 0.0, {FlagReason.TOO_EASY}),
    (0.95, 0.30, -0.2, 0.0, set()),  # boundary: not above max_p
    (0.20, 0.30, -0.2, 0.0, {FlagReason.TOO_HARD}),
    (0.25, 0.30, -0.2, 0.0, set()),  # boundary: not below min_p
    (0.60, 0.10, -0.2, 0.0, {FlagReason.NON_DISCRIMINATING}),
    (0.60, 0.15, -0.2, 0.0, set()),  # boundary
    (0.60, np.nan, -0.2, 0.0, {FlagReason.NON_DISCRIMINATING}),  # no variance
    (0.60, 0.30, 0.10, 0.20, {FlagReason.DISTRACTOR_ATTRACTS_STRONG}),
    (0.60, 0.30, 0.10, 0.01, set()),  # too few strong candidates chose it
    (0.60, 0.30, 0.05, 0.20, set()),  # boundary on r
]


@pytest.mark.parametrize(("p", "r", "opt_r", "upper", "reasons"), FLAG_ROWS)
def test_flag_rows(p, r, opt_r, upper, reasons):
    distractors = ctt.DistractorAnalysis(
        options=("A", "B"),
        key=np.array([0]),
        proportion=np.array([[p, 1 - p]]),
        by_group=np.array([[[0.5, 0.5], [0.5, 0.5], [1 - upper, upper]]]),
        point_biserial=np.array([[r, opt_r]]),
    )
    flags = ctt.flag_items([p], [r], distractors, FlagThresholds())
    assert {f.reason for f in flags} == reasons
    for f in flags:
        assert f.item == 0
        if f.reason is FlagReason.DISTRACTOR_ATTRACTS_STRONG:
            assert f.option == "B"


def test_flag_reason_codes_are_stable_strings():
    assert [str(r) for r in FlagReason] == [
        "too_easy",
        "too_hard",
        "non_discriminating",
        "distractor_attracts_strong",
    ]


def test_item_analysis_summary():
    resp = simulate(400, 15, seed=52).responses
    result = ctt.item_analysis(resp, FlagThresholds(min_p=0.5))
    assert result.p.shape == (15,)
    assert result.discrimination.shape == (15,)
    assert np.all(result.n_answered == 400)
    assert 0 < result.alpha < 1
    assert result.sem > 0
    assert {f.item for f in result.flags if f.reason is FlagReason.TOO_HARD} == set(np.flatnonzero(result.p < 0.5))
