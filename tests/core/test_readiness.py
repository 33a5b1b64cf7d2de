"""Readiness: probability of passing with a band, and its calibration on simulated candidates."""

from __future__ import annotations

import pytest

from certwright.core.readiness import AreaEvidence, ReadinessReason, readiness, simulate_calibration

A5 = {"A": 19, "B": 5, "C": 11, "D": 10}


def _evidence(rate: float, per_area: int) -> list[AreaEvidence]:
    return [AreaEvidence(a, n, round(rate * per_area), per_area) for a, n in A5.items()]


class ReadinessTests:
    def test_strong_practice_is_likely_to_pass_and_weak_is_not(self) -> None:
        strong = readiness(_evidence(0.9, 30), cut_fraction=0.7)
        weak = readiness(_evidence(0.5, 30), cut_fraction=0.7)
        assert strong.probability > 0.9
        assert ReadinessReason.LIKELY_PASS in strong.reasons
        assert weak.probability < 0.1
        assert ReadinessReason.NOT_YET in weak.reasons
        assert strong.cut == 32
        assert strong.max_raw == 45

    def test_band_narrows_with_more_practice(self) -> None:
        few = readiness(_evidence(0.75, 4), cut_fraction=0.7)
        many = readiness(_evidence(0.75, 60), cut_fraction=0.7)
        assert ReadinessReason.LITTLE_PRACTICE in few.reasons
        assert (few.high - few.low) > (many.high - many.low)
        assert few.low <= few.probability <= few.high

    def test_no_practice_is_the_prior_and_unpractised_areas_are_named(self) -> None:
        none = readiness(_evidence(0, 0), cut_fraction=0.7)
        assert ReadinessReason.NO_PRACTICE in none.reasons
        assert 0.2 < none.probability < 0.6
        partial = readiness(
            [AreaEvidence("A", 19, 15, 20), AreaEvidence("B", 5, 0, 0)],
            cut_fraction=0.7,
        )
        assert ReadinessReason.AREAS_UNPRACTISED in partial.reasons

    def test_same_seed_same_answer(self) -> None:
        assert readiness(_evidence(0.7, 10), cut_fraction=0.7, seed=5) == readiness(
            _evidence(0.7, 10), cut_fraction=0.7, seed=5
        )

    def test_bad_input_names_the_area(self) -> None:
        with pytest.raises(ValueError, match="area B"):
            AreaEvidence("B", 5, 4, 3)
        with pytest.raises(ValueError, match="cut_fraction"):
            readiness(_evidence(0.7, 3), cut_fraction=1.2)

    def test_calibrated_on_simulated_candidates(self) -> None:
        """Documented in docs/preparation.md: predicted vs observed pass rates by fifth of probability."""
        result = simulate_calibration(A5, cut_fraction=0.7, candidates=800, seed=11)
        assert result.max_gap(min_candidates=60) < 0.1
        assert result.brier < 0.7 * result.brier_base_rate
        assert sum(b.candidates for b in result.bins) == 800
